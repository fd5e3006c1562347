"""Forgetting the cached list documents an import changed, once it commits.

The rows go in with SQL, not through the services that invalidate the cache one write at a time. A small
import finds every product and question whose list gained a question, an answer or a photo and bumps
their cache generations, as the services do. A big one (a full export touches millions of lists, most
never cached) forgets instead every list that has a cached document at commit; a read already running at
that moment may still store what it built before the commit, which expires after CACHE_TIMEOUT.
"""

from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from psycopg import sql

from answers.cache import answer_list_cache
from management.legacy_import.files import ANSWERS, PHOTOS, QUESTIONS, LegacyFile
from management.legacy_import.validation import pending_keys
from questions.cache import question_list_cache

# Up to this many loaded rows, the changed lists are found and forgotten one by one.
FORGET_EACH_UP_TO_ROWS = 100_000


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
        transaction.on_commit(question_list_cache.invalidate_all_now)
        transaction.on_commit(answer_list_cache.invalidate_all_now)
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
    transaction.on_commit(lambda: question_list_cache.invalidate_now(products))
    transaction.on_commit(lambda: answer_list_cache.invalidate_now(questions))
