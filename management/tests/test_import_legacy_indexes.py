"""Indexes and keys are dropped and rebuilt only for loads into empty tables or with --offline, identical.

Rebuilt indexes and constraints are new objects: comparing their oids tells whether a run dropped them.
"""

from pathlib import Path

from django.db import connection

from management.bulk import QA_TABLES
from management.tests.legacy_import_support import import_fixtures, import_legacy

INDEXES_SQL = """
SELECT indexrelid, pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = ANY(%(tables)s::regclass[])
UNION ALL
SELECT oid, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = ANY(%(tables)s::regclass[])
"""
QUESTIONS_HEADER = "id,product_id,body,date_written,asker_name,asker_email,reported,helpful\n"
# As many rows as the old rule needed (100,000, and as many as the tables held) to drop the indexes.
MANY_ROWS = 100_000


def schema() -> set[tuple[int, str]]:
    with connection.cursor() as cursor:
        cursor.execute(INDEXES_SQL, {"tables": list(QA_TABLES)})
        return set(cursor.fetchall())


def definitions(objects: set[tuple[int, str]]) -> set[str]:
    return {definition for _oid, definition in objects}


def many_questions(path: Path) -> Path:
    with path.open("w") as output:
        output.write(QUESTIONS_HEADER)
        output.writelines(
            f"{n},{n % 1000 + 1},Question {n}?,1595884714409,asker,asker@example.com,0,0\n"
            for n in range(1, MANY_ROWS + 1)
        )
    return path


def test_an_import_into_empty_tables_rebuilds_the_indexes_identical_and_the_data_is_served(api_client, tmp_path, db):
    before = schema()

    output = import_fixtures(tmp_path)

    after = schema()
    assert definitions(after) == definitions(before)
    assert after != before
    assert "indexes rebuilt" in output.splitlines()[-1]
    assert [q["question_id"] for q in api_client.get("/qa/questions", {"product_id": 1}).json()["results"]] == [3, 2, 1]


def test_an_import_into_tables_with_rows_leaves_the_indexes_alone(tmp_path, question_factory):
    question_factory.create_batch(3)
    before = schema()

    output = import_fixtures(tmp_path)

    assert schema() == before
    assert "indexes rebuilt" not in output


def test_an_offline_import_rebuilds_the_indexes_of_tables_with_rows(api_client, tmp_path, question_factory):
    question_factory.create_batch(3)
    before = schema()

    output = import_fixtures(tmp_path, "--offline")

    after = schema()
    assert definitions(after) == definitions(before)
    assert after != before
    assert "indexes rebuilt" in output.splitlines()[-1]
    assert [q["question_id"] for q in api_client.get("/qa/questions", {"product_id": 1}).json()["results"]] == [3, 2, 1]


def test_a_big_rerun_that_finds_every_row_present_drops_nothing(tmp_path, db):
    questions = many_questions(tmp_path / "questions.csv")
    import_legacy("--questions", str(questions), rejects=tmp_path / "first.csv")
    before = schema()

    output = import_legacy("--questions", str(questions), "--verbosity", "0", rejects=tmp_path / "again.csv")

    assert schema() == before
    assert output.splitlines()[0] == f"{questions}: 0 loaded, 0 rejected, {MANY_ROWS} already present"
