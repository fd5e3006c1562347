"""A seed gives the same rows whatever the batch size; another seed gives other rows."""

from django.core.management import call_command
from django.db import connection

from management.bulk import QA_TABLES
from questions.models import Question


def seeded_rows(*, seed: int, batch_size: int) -> dict[str, list[tuple]]:
    """Every row the seed makes in an empty database, table by table, in id order."""
    Question.objects.all().delete()
    call_command("seed", questions=500, seed=seed, batch_size=batch_size, verbosity=0)
    rows = {}
    with connection.cursor() as cursor:
        for table in QA_TABLES:
            cursor.execute(f"SELECT * FROM {table} ORDER BY id")
            rows[table] = cursor.fetchall()
    return rows


def test_the_same_seed_gives_the_same_rows_whatever_the_batch_size(db):
    in_one_batch = seeded_rows(seed=11, batch_size=500)
    in_small_batches = seeded_rows(seed=11, batch_size=37)

    assert all(in_one_batch.values())
    assert in_small_batches == in_one_batch


def test_another_seed_gives_other_rows(db):
    first = seeded_rows(seed=11, batch_size=500)
    second = seeded_rows(seed=12, batch_size=500)

    for table in QA_TABLES:
        different = sum(a != b for a, b in zip(first[table], second[table], strict=False))
        assert different > 0.9 * min(len(first[table]), len(second[table]))
