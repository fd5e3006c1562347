"""Store the text-search documents (posts/search.py) of the questions and answers that have none: the rows the
legacy import and the seed insert, which leave them out to load at full speed.

The rows are updated by id range in batches of BATCH_IDS, each its own transaction of a fraction of a second
(documents are stored at 4,000 to 10,000 rows a second on 2 cores), so a database serving traffic goes on serving
it: an API write to a row of the batch waits no longer than that, and reads wait for none (a search builds the
documents still missing as it goes).
"""

from django.conf import settings
from django.db import connection, transaction
from psycopg import sql

from answers.models import Answer
from management.progress import Progress
from posts.models import Post
from questions.cache import question_list_cache
from questions.models import Question

BATCH_IDS = 2_000

BUILD_SQL = (
    "UPDATE {table} SET search_document = to_tsvector(%(language)s::regconfig, body) "
    "WHERE id BETWEEN %(low)s AND %(high)s"
)
MISSING_ONLY = " AND search_document IS NULL"


def search_documents_build(*, rebuild: bool, progress: Progress) -> dict[str, int]:
    """Store the missing documents (every document, with `rebuild`: after SEARCH_LANGUAGE changed); how many were
    stored, per table. A rebuild may change what searches find: the cached question lists are forgotten."""
    built = {
        model._meta.db_table: table_documents_build(model, rebuild=rebuild, progress=progress)
        for model in (Question, Answer)
    }
    if rebuild:
        question_list_cache.invalidate_all_now()
    return built


def table_documents_build(model: type[Post], *, rebuild: bool, progress: Progress) -> int:
    table = sql.Identifier(model._meta.db_table)
    statement = sql.SQL(BUILD_SQL + ("" if rebuild else MISSING_ONLY)).format(table=table)
    progress.step(f"storing the search documents of {model._meta.verbose_name_plural}")
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("SELECT min(id), max(id) FROM {table}").format(table=table))
        first, last = cursor.fetchone()
    built = 0
    if first is None:
        return built
    for low in range(first, last + 1, BATCH_IDS):
        high = min(low + BATCH_IDS - 1, last)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, {"language": settings.SEARCH_LANGUAGE, "low": low, "high": high})
            built += cursor.rowcount
        progress.advanced(done=high - first + 1, total=last - first + 1, unit="ids", detail=f"{built:,} stored")
    return built
