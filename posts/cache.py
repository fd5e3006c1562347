"""A Redis cache of a list route's documents, invalidated by every write that changes them: each app has its own
(questions/cache.py, answers/cache.py).

For each owner (a product for question lists, a question for answer lists) Redis holds a hash of
rendered JSON documents, one field per variant (a page, count, order and filters of the list, say), and a
generation counter. A write bumps the
generation and drops the hash once its transaction commits. A reader stores the document it built
only if the generation it read before querying PostgreSQL is still current (a Lua check-and-set),
so a document built before a write can't be stored after it: the first read after a write sees it.
With read replicas, nothing is stored for CACHE_REPLICA_LAG_SECONDS after a write either, since a
replica may not have replayed the write yet when a reader builds its document there.

If Redis doesn't answer, reads are built from PostgreSQL and writes succeed; the error is logged
(with its traceback; a call qa_project.redis's circuit breaker skipped only at debug level, as the
breaker logged why). An invalidation that failed is kept by the process and sent again before its
next read or invalidation of that list cache, so a write made while Redis was away shows as soon as
Redis is back. Past PIPELINE_BATCH owners waiting, more are not kept: documents also expire after
CACHE_TIMEOUT seconds, which bounds staleness should an invalidation be lost.
"""

import functools
import logging
import threading
from collections.abc import Callable, Iterable
from typing import TypeVar, cast

import redis
from django.conf import settings
from django.db import transaction
from prometheus_client import Histogram

from qa_project.metrics import CACHE_SECONDS
from qa_project.redis import CircuitOpenError, redis_client

logger = logging.getLogger(__name__)


@functools.cache
def cache_seconds(operation: str) -> Histogram:
    """The timing of one kind of cache operation, made on first use: not at import, when a management command
    may load this module without the metrics directory of an app server (PROMETHEUS_MULTIPROC_DIR)."""
    return CACHE_SECONDS.labels(operation)


# A list's rendered JSON; for a list that may not exist (the answers of an unknown question), bytes or None.
Document = TypeVar("Document", bytes, bytes | None)

# Owners forgotten per Redis round trip when many are forgotten at once.
PIPELINE_BATCH = 10_000

# Store only if no write bumped the generation since the reader read it, and no write is so recent
# that the reader's replica may not have replayed it yet.
STORE_IF_CURRENT = """
if (redis.call('GET', KEYS[1]) or '0') == ARGV[1] and redis.call('EXISTS', KEYS[3]) == 0 then
    redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
    redis.call('EXPIRE', KEYS[2], ARGV[4])
end
"""


def log_failure(level: int, error: redis.RedisError, message: str, *args: object) -> None:
    """A failed Redis call, with its traceback; a call the circuit breaker skipped, at debug level (it logged why)."""
    if isinstance(error, CircuitOpenError):
        logger.debug(message, *args)
    else:
        logger.log(level, message, *args, exc_info=True)


@functools.cache
def store_if_current_script(url: str) -> redis.commands.core.Script:
    return redis_client(url).register_script(STORE_IF_CURRENT)


class ListCache:
    def __init__(self, name: str) -> None:
        self.name = name
        # Owners whose invalidation failed in this process, to be invalidated before anything else.
        self._unforgotten: set[int | str] = set()
        self._unforgotten_lock = threading.Lock()

    def keys(self, owner_id: int | str) -> tuple[str, str, str]:
        """The owner's generation counter, its hash of documents, and the mark of a recent write."""
        base = f"{settings.CACHE_KEY_PREFIX}:{self.name}:{owner_id}"
        return f"{base}:generation", f"{base}:documents", f"{base}:recent-write"

    def get_or_build(self, owner_id: int, variant: bytes, build: Callable[[], Document]) -> Document:
        """The cached document, or `build()`'s, stored for the next reader unless it is None.

        A hit is one Redis command. On a miss the generation is read before building, so a write
        committed after that read bumps it and the document built from older data is not stored.
        """
        if not settings.CACHE_ENABLED:
            return build()
        if self._unforgotten:
            self.invalidate_now([])
        generation_key, documents_key, recent_write_key = self.keys(owner_id)
        client = redis_client(settings.REDIS_URL)
        try:
            with cache_seconds("read").time():
                document = client.hget(documents_key, variant)
                if document is not None:
                    return cast(bytes, document)  # redis_client doesn't decode responses: not a str
                generation = client.get(generation_key)
        except redis.RedisError as error:
            log_failure(logging.WARNING, error, "Redis read failed; serving %s %s from PostgreSQL", self.name, owner_id)
            return build()
        document = build()
        if document is not None:
            try:
                with cache_seconds("store").time():
                    store_if_current_script(settings.REDIS_URL)(
                        keys=[generation_key, documents_key, recent_write_key],
                        args=[generation or b"0", variant, document, settings.CACHE_TIMEOUT],
                    )
            except redis.RedisError as error:
                log_failure(logging.WARNING, error, "Redis write failed; %s %s not cached", self.name, owner_id)
        return document

    def invalidate(self, owner_id: int) -> None:
        """Once the current transaction commits, forget the owner's documents."""
        if settings.CACHE_ENABLED:
            transaction.on_commit(lambda: self.invalidate_now([owner_id]))

    def invalidate_now(self, owner_ids: Iterable[int | str]) -> None:
        """Forget the owners' documents (and those whose invalidation failed before): bump each generation, mark
        the write recent, drop the hash."""
        with self._unforgotten_lock:
            owner_ids = [*self._unforgotten, *owner_ids]
            self._unforgotten.clear()
        if not owner_ids:
            return
        try:
            with cache_seconds("invalidate").time():
                for first in range(0, len(owner_ids), PIPELINE_BATCH):
                    pipeline = redis_client(settings.REDIS_URL).pipeline(transaction=False)
                    for owner_id in owner_ids[first : first + PIPELINE_BATCH]:
                        generation_key, documents_key, recent_write_key = self.keys(owner_id)
                        # The counter outlives every document stored under it, then goes: no key per owner forever.
                        pipeline.incr(generation_key)
                        pipeline.expire(generation_key, 2 * settings.CACHE_TIMEOUT)
                        if settings.CACHE_REPLICA_LAG_SECONDS:
                            pipeline.set(recent_write_key, 1, px=int(settings.CACHE_REPLICA_LAG_SECONDS * 1000))
                        pipeline.delete(documents_key)
                    pipeline.execute()
        except redis.RedisError as error:
            log_failure(logging.ERROR, error, "Redis invalidation failed for %s %s", self.name, owner_ids[:10])
            with self._unforgotten_lock:
                self._unforgotten.update(owner_ids[: max(0, PIPELINE_BATCH - len(self._unforgotten))])

    def invalidate_all_now(self) -> None:
        """Forget every owner that has documents cached now: after a bulk load changed too many to list."""
        _generation, documents_pattern, _recent_write = self.keys("*")
        try:
            keys = redis_client(settings.REDIS_URL).scan_iter(match=documents_pattern, count=PIPELINE_BATCH)
            owner_ids = [key.decode().rsplit(":", 2)[-2] for key in keys]
        except redis.RedisError as error:
            log_failure(logging.ERROR, error, "Redis scan failed for %s", self.name)
            return
        self.invalidate_now(owner_ids)
