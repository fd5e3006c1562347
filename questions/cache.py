"""Redis cache of the two list routes' documents, invalidated by every write that changes them.

For each owner (a product for question lists, a question for answer lists) Redis holds a hash of
rendered JSON documents, one field per `page:count`, and a generation counter. A write bumps the
generation and drops the hash once its transaction commits. A reader stores the document it built
only if the generation it read before querying PostgreSQL is still current (a Lua check-and-set),
so a document built before a write can't be stored after it: the first read after a write sees it.

If Redis doesn't answer, reads are built from PostgreSQL and writes succeed; the error is logged.
Documents also expire after CACHE_TIMEOUT seconds, which bounds staleness should an invalidation
be lost while Redis was unreachable.
"""

import functools
import logging
from collections.abc import Callable

import redis
from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

STORE_IF_CURRENT = """
if (redis.call('GET', KEYS[1]) or '0') == ARGV[1] then
    redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
    redis.call('EXPIRE', KEYS[2], ARGV[4])
end
"""


@functools.cache
def redis_client(url: str) -> redis.Redis:
    timeout = settings.REDIS_SOCKET_TIMEOUT
    return redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)


@functools.cache
def store_if_current_script(url: str) -> redis.commands.core.Script:
    return redis_client(url).register_script(STORE_IF_CURRENT)


class ListCache:
    def __init__(self, name: str) -> None:
        self.name = name

    def keys(self, owner_id: int) -> tuple[str, str]:
        """The owner's generation counter and its hash of documents."""
        base = f"{settings.CACHE_KEY_PREFIX}:{self.name}:{owner_id}"
        return f"{base}:generation", f"{base}:documents"

    def get_or_build(self, owner_id: int, page: int, count: int, build: Callable[[], bytes | None]) -> bytes | None:
        """The cached document, or `build()`'s, stored for the next reader unless it is None."""
        if not settings.CACHE_ENABLED:
            return build()
        generation_key, documents_key = self.keys(owner_id)
        field = f"{page}:{count}"
        try:
            pipeline = redis_client(settings.REDIS_URL).pipeline(transaction=False)
            document, generation = pipeline.hget(documents_key, field).get(generation_key).execute()
        except redis.RedisError:
            logger.warning("Redis read failed; serving %s %s from PostgreSQL", self.name, owner_id, exc_info=True)
            return build()
        if document is not None:
            return document
        document = build()
        if document is not None:
            try:
                store_if_current_script(settings.REDIS_URL)(
                    keys=[generation_key, documents_key],
                    args=[generation or b"0", field, document, settings.CACHE_TIMEOUT],
                )
            except redis.RedisError:
                logger.warning("Redis write failed; %s %s not cached", self.name, owner_id, exc_info=True)
        return document

    def invalidate(self, owner_id: int) -> None:
        """Once the current transaction commits, forget the owner's documents."""
        if settings.CACHE_ENABLED:
            transaction.on_commit(lambda: self.invalidate_now(owner_id))

    def invalidate_now(self, owner_id: int) -> None:
        generation_key, documents_key = self.keys(owner_id)
        try:
            pipeline = redis_client(settings.REDIS_URL).pipeline()
            # The counter outlives every document stored under it, then goes: no key per owner forever.
            pipeline.incr(generation_key).expire(generation_key, 2 * settings.CACHE_TIMEOUT)
            pipeline.delete(documents_key).execute()
        except redis.RedisError:
            logger.error("Redis invalidation failed for %s %s", self.name, owner_id, exc_info=True)


# `GET /qa/questions` documents, per product id; answers are nested in them.
question_list_cache = ListCache("questions-of-product")
# `GET /qa/questions/:id/answers` documents, per question id.
answer_list_cache = ListCache("answers-of-question")
