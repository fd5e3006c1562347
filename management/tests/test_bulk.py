from django.db import connection, transaction

from management.bulk import QA_TABLES, indexes_deferred, sequences_advance

SCHEMA_SQL = """
SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid)
FROM pg_index WHERE indrelid = ANY(%(tables)s::regclass[])
UNION ALL
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = ANY(%(tables)s::regclass[])
"""


def schema(cursor) -> set[tuple[str, str]]:
    cursor.execute(SCHEMA_SQL, {"tables": list(QA_TABLES)})
    return set(cursor.fetchall())


def test_indexes_and_keys_are_dropped_then_rebuilt_identical(db):
    with transaction.atomic(), connection.cursor() as cursor:
        before = schema(cursor)
        with indexes_deferred(cursor):
            during = schema(cursor)
        after = schema(cursor)

    assert after == before
    dropped = {name for name, _ in before - during}
    assert {"question_product_list_idx", "answer_question_list_idx", "answer_photo_answer_idx"} <= dropped
    assert {f"{table}_pkey" for table in QA_TABLES} <= dropped
    assert any(definition.startswith("FOREIGN KEY") for _, definition in before - during)
    assert all(definition.startswith("CHECK") for _, definition in during)


def test_new_rows_get_ids_above_rows_loaded_with_explicit_ids(api_client, question_factory):
    question_factory(id=5000)
    with connection.cursor() as cursor:
        sequences_advance(cursor)

    response = api_client.post(
        "/qa/questions", {"body": "b", "name": "n", "email": "n@example.com", "product_id": 1}, format="json"
    )

    assert response.json()["question_id"] == 5001
