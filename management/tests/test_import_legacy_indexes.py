"""Indexes and foreign keys are rebuilt for big loads only, and come back identical."""

from django.db import connection

from management.bulk import QA_TABLES
from management.tests.legacy_import_support import import_fixtures

INDEXES_SQL = """
SELECT indexrelid, pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = ANY(%(tables)s::regclass[])
UNION ALL
SELECT oid, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = ANY(%(tables)s::regclass[])
"""


def schema() -> set[tuple[int, str]]:
    with connection.cursor() as cursor:
        cursor.execute(INDEXES_SQL, {"tables": list(QA_TABLES)})
        return set(cursor.fetchall())


def definitions(objects: set[tuple[int, str]]) -> set[str]:
    return {definition for _oid, definition in objects}


def test_deferred_indexes_come_back_identical_and_the_data_is_served(api_client, tmp_path, db):
    before = schema()

    import_fixtures(tmp_path, "--defer-indexes", "always")

    after = schema()
    assert definitions(after) == definitions(before)
    assert after != before  # rebuilt: the indexes and constraints are new objects
    assert [q["question_id"] for q in api_client.get("/qa/questions", {"product_id": 1}).json()["results"]] == [3, 2, 1]


def test_a_small_import_leaves_the_indexes_alone(tmp_path, question_factory):
    question_factory.create_batch(3)
    before = schema()

    import_fixtures(tmp_path)

    assert schema() == before
