"""Forgetting the cached list documents an import changed, once it commits.

The rows go in with SQL, not through the services that invalidate the cache one write at a time. A small
import finds every product and question whose list gained a question, an answer or a photo and bumps
their cache generations, as the services do. A big one (a full export touches millions of lists, most
never cached) forgets instead every list that has a cached document at commit; a read already running at
that moment may still store what it built before the commit, which expires after CACHE_TIMEOUT.
"""

import logging
from collections.abc import Iterable, Sequence

import redis
from django.conf import settings
from django.db import transaction
from psycopg import sql

from management.legacy_import.files import ANSWERS, PHOTOS, QUESTIONS, LegacyFile
from management.legacy_import.validation import pending_keys
from questions.cache import ListCache, answer_list_cache, question_list_cache, redis_client

logger = logging.getLogger(__name__)

# Up to this many loaded rows, the changed lists are found and forgotten one by one.
FORGET_EACH_UP_TO_ROWS = 100_000
PIPELINE_BATCH = 10_000


def changed_questions(legacy_file: LegacyFile) -> sql.Composable:
    """SQL: the questions whose lists the file's loaded rows change: their own, their answers', their photos'."""
    if legacy_file is QUESTIONS:
        return sql.SQL("SELECT k.id FROM {}").format(pending_keys(QUESTIONS))
    if legacy_file is ANSWERS:
        return sql.SQL("SELECT k.parent_id FROM {}").format(pending_keys(ANSWERS))
    return sql.SQL("SELECT answer.question_id FROM {} JOIN {} answer ON answer.id = k.parent_id").format(
        pending_keys(PHOTOS), sql.Identifier(ANSWERS.table)
    )


def changed_lists_forget_on_commit(cursor, *, legacy_files: Sequence[LegacyFile], loaded: int) -> None:
    """Once the import commits, forget the cached lists its `loaded` rows changed.

    Call after the rows are moved and before the staging tables are dropped.
    """
    if not settings.CACHE_ENABLED or not loaded:
        return
    if loaded > FORGET_EACH_UP_TO_ROWS:
        transaction.on_commit(lambda: forget_cached(question_list_cache))
        transaction.on_commit(lambda: forget_cached(answer_list_cache))
        return
    cursor.execute(
        sql.SQL("SELECT DISTINCT * FROM ({}) changed").format(
            sql.SQL(" UNION ").join(changed_questions(legacy_file) for legacy_file in legacy_files)
        )
    )
    questions = [question_id for (question_id,) in cursor.fetchall()]
    cursor.execute(
        sql.SQL("SELECT DISTINCT product_id FROM {} WHERE id = ANY(%(questions)s)").format(
            sql.Identifier(QUESTIONS.table)
        ),
        {"questions": questions},
    )
    products = [product_id for (product_id,) in cursor.fetchall()]
    transaction.on_commit(lambda: forget(question_list_cache, products))
    transaction.on_commit(lambda: forget(answer_list_cache, questions))


def forget_cached(cache: ListCache) -> None:
    """Forget every owner (product or question) that has documents in `cache` now."""
    _generation_pattern, documents_pattern = cache.keys("*")
    try:
        keys = redis_client(settings.REDIS_URL).scan_iter(match=documents_pattern, count=PIPELINE_BATCH)
        owners = [key.decode().split(":")[-2] for key in keys]
    except redis.RedisError:
        logger.error("Redis scan failed for %s after the legacy import", cache.name, exc_info=True)
        return
    forget(cache, owners)


def forget(cache: ListCache, owner_ids: Iterable[int | str]) -> None:
    """Bump the owners' generations and delete their documents, as ListCache.invalidate_now does for one."""
    owner_ids = list(owner_ids)
    try:
        for first in range(0, len(owner_ids), PIPELINE_BATCH):
            pipeline = redis_client(settings.REDIS_URL).pipeline(transaction=False)
            for owner_id in owner_ids[first : first + PIPELINE_BATCH]:
                generation_key, documents_key = cache.keys(owner_id)
                pipeline.incr(generation_key).expire(generation_key, 2 * settings.CACHE_TIMEOUT)
                pipeline.delete(documents_key)
            pipeline.execute()
    except redis.RedisError:
        logger.error("Redis invalidation failed for %s after the legacy import", cache.name, exc_info=True)
