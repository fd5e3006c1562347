"""A seed leaves the tables with the indexes and foreign keys they had, whether it deferred them or not."""

import pytest
from django.core.management import call_command
from django.db import connection

from management.tests.test_bulk import schema


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
