from collections.abc import Iterator

import pytest
from django.db import connection


@pytest.fixture
def lock_waits_fail() -> Iterator[None]:
    """The test's own session (a bulk load's) gives up any lock wait after 5 s, with an error, rather than
    hang the test (see live_support.py)."""
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '5s'")
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET lock_timeout")
