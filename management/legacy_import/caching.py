"""Forgetting the cached list documents an import changed, once it commits.

The rows go in with SQL, not through the services that invalidate the cache one write at a time, so the
import finds every product and question whose list gained a question, an answer or a photo, and bumps
their cache generations in pipelined batches after the commit (a full export touches millions).
"""

import logging
from collections.abc import Sequence

import redis
from django.conf import settings
from django.db import transaction
from psycopg import sql

from management.legacy_import.files import ANSWERS, PHOTOS, QUESTIONS, LegacyFile
from management.legacy_import.validation import column, guarded_value, pending_rows
from questions.cache import ListCache, answer_list_cache, question_list_cache, redis_client

logger = logging.getLogger(__name__)

PIPELINE_BATCH = 10_000


def changed_questions(legacy_file: LegacyFile) -> sql.Composable:
    """SQL: the questions whose lists the file's loaded rows change: their own, their answers', their photos'."""
    if legacy_file is PHOTOS:
        return sql.SQL(
            "SELECT answer.question_id FROM {pending} JOIN {answers} answer ON answer.id = {answer_id}"
        ).format(
            pending=pending_rows(PHOTOS),
            answers=sql.Identifier(ANSWERS.table),
            answer_id=guarded_value(column(PHOTOS, "answer_id")),
        )
    question = column(legacy_file, "id" if legacy_file is QUESTIONS else "question_id")
    return sql.SQL("SELECT {} FROM {}").format(guarded_value(question), pending_rows(legacy_file))


def changed_lists_forget_on_commit(cursor, *, legacy_files: Sequence[LegacyFile]) -> None:
    """Once the import commits, drop the cached lists of the products and questions its rows went to.

    Call after the rows are moved and before the staging tables are dropped.
    """
    if not settings.CACHE_ENABLED:
        return
    cursor.execute(
        sql.SQL("CREATE TEMPORARY TABLE legacy_import_changed AS {}").format(
            sql.SQL(" UNION ").join(changed_questions(legacy_file) for legacy_file in legacy_files)
        )
    )
    cursor.execute("SELECT * FROM legacy_import_changed")
    questions = [question_id for (question_id,) in cursor.fetchall()]
    cursor.execute(
        sql.SQL("SELECT DISTINCT product_id FROM {} WHERE id IN (SELECT * FROM legacy_import_changed)").format(
            sql.Identifier(QUESTIONS.table)
        )
    )
    products = [product_id for (product_id,) in cursor.fetchall()]
    cursor.execute("DROP TABLE legacy_import_changed")

    def forget_changed_lists() -> None:
        forget(question_list_cache, products)
        forget(answer_list_cache, questions)

    transaction.on_commit(forget_changed_lists)


def forget(cache: ListCache, owner_ids: Sequence[int]) -> None:
    """Bump the owners' generations and delete their documents, as ListCache.invalidate_now does for one."""
    try:
        for first in range(0, len(owner_ids), PIPELINE_BATCH):
            pipeline = redis_client(settings.REDIS_URL).pipeline(transaction=False)
            for owner_id in owner_ids[first : first + PIPELINE_BATCH]:
                generation_key, documents_key = cache.keys(owner_id)
                pipeline.incr(generation_key).delete(documents_key)
            pipeline.execute()
    except redis.RedisError:
        logger.error("Redis invalidation failed for %s after the legacy import", cache.name, exc_info=True)
