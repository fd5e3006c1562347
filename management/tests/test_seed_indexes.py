"""A seed leaves the tables with the indexes and foreign keys they had, whether it deferred them or not."""

import pytest
from django.core.management import call_command
from django.db import connection

from management.tests.test_bulk import schema
from management.tests.test_import_legacy_indexes import definitions
from management.tests.test_import_legacy_indexes import schema as schema_objects


@pytest.mark.parametrize(
    ("existing", "seeded"),
    [pytest.param(0, 200, id="large seed, indexes rebuilt"), pytest.param(50, 10, id="small seed, indexes kept")],
)
def test_indexes_and_foreign_keys_are_the_same_after_a_seed(question_factory, existing, seeded):
    question_factory.create_batch(existing)
    with connection.cursor() as cursor:
        before = schema(cursor)

    call_command("seed", questions=seeded, seed=2, verbosity=0)

    with connection.cursor() as cursor:
        assert schema(cursor) == before


def test_a_seed_into_tables_with_rows_keeps_the_very_indexes_it_found(question_factory):
    question_factory.create_batch(5)
    before = schema_objects()

    call_command("seed", questions=200, seed=2, verbosity=0)

    assert schema_objects() == before


def test_an_offline_seed_rebuilds_the_indexes_of_tables_with_rows(question_factory):
    question_factory.create_batch(5)
    before = schema_objects()

    call_command("seed", "--offline", questions=10, seed=2, verbosity=0)

    after = schema_objects()
    assert definitions(after) == definitions(before)
    assert after != before
