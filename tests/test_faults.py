"""PostgreSQL faults: every route answers 503 JSON with Retry-After (no traceback, no HTML), and serves again
as soon as the database answers. Against the real PostgreSQL, reached through a port where none listens.

benchmarks/faults.py proves the same against a PostgreSQL server that is really stopped and restarted.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from django.db import OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.test import Client

from tests.outage import forget_connections, unreachable

QUESTION = {"body": "Does it fold?", "name": "asker", "email": "asker@example.com", "product_id": 1}
ANSWER = {"body": "Yes.", "name": "seller", "email": "seller@example.com", "photos": []}
# Each route, with the status it answers when the database does.
ROUTES = [
    ("get", "/qa/questions?product_id=1", None, 200),
    ("post", "/qa/questions", QUESTION, 201),
    ("get", "/qa/questions/{question}/answers", None, 200),
    ("post", "/qa/questions/{question}/answers", ANSWER, 201),
    ("put", "/qa/questions/{question}/helpful", None, 204),
    ("put", "/qa/answers/{answer}/helpful", None, 204),
    ("put", "/qa/answers/{answer}/report", None, 204),
    ("put", "/qa/questions/{question}/report", None, 204),
]


@pytest.fixture
def items(answer_factory) -> dict[str, int]:
    answer = answer_factory(question__product_id=1)
    return {"question": answer.question_id, "answer": answer.id}


def call(api_client, method: str, path: str, body: dict | None, items: dict[str, int]):
    return getattr(api_client, method)(path.format(**items), body, format="json")


def assert_unavailable(response) -> None:
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Service temporarily unavailable, try again later."}
    assert response["Retry-After"] == "5"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("method", "path", "body", "status"), ROUTES)
def test_every_route_is_a_503_with_retry_after_without_the_database(api_client, items, method, path, body, status):
    with unreachable("default"):
        response = call(api_client, method, path, body, items)

    assert_unavailable(response)


@pytest.mark.django_db(transaction=True)
def test_the_admin_is_a_503_too_without_the_database(api_client, settings):
    api_client.cookies["sessionid"] = "a-session-the-admin-must-look-up"

    with unreachable("default"):
        response = api_client.get(f"/{settings.ADMIN_URL}")

    assert_unavailable(response)


@pytest.mark.django_db(transaction=True)
def test_every_route_serves_again_once_the_database_answers(api_client, items):
    with unreachable("default"):
        outage = [call(api_client, method, path, body, items).status_code for method, path, body, _ in ROUTES]

    statuses = [call(api_client, method, path, body, items).status_code for method, path, body, _ in ROUTES]

    assert set(outage) == {503}
    assert statuses == [status for *_, status in ROUTES]


class RaiseInMiddleware:
    """A middleware that fails before any view runs, with the exception its class names."""

    exception: type[Exception]

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raise self.exception("raised outside any view")


class DatabaseFaultMiddleware(RaiseInMiddleware):
    exception = OperationalError


class BugMiddleware(RaiseInMiddleware):
    exception = RuntimeError


def test_a_database_fault_outside_the_views_is_a_503_too(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.DatabaseFaultMiddleware"]

    response = Client(raise_request_exception=False).get("/qa/questions?product_id=1")

    assert_unavailable(response)


def test_any_other_error_is_a_json_500_without_a_traceback(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.BugMiddleware"]

    response = Client(raise_request_exception=False).get("/qa/questions?product_id=1")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Server error."}


@contextmanager
def statement_timeout(milliseconds: int) -> Iterator[None]:
    """The app's connections run with this statement_timeout, set as DATABASE_STATEMENT_TIMEOUT_MS sets it."""
    options = connections["default"].settings_dict["OPTIONS"]
    previous = options.get("options")
    forget_connections("default")
    options["options"] = f"-c statement_timeout={milliseconds}"
    try:
        yield
    finally:
        forget_connections("default")
        options.pop("options")
        if previous is not None:
            options["options"] = previous


@contextmanager
def table_locked(table: str) -> Iterator[None]:
    """Another session holds an exclusive lock on the table, so every statement on it waits."""
    settings_dict = connections["default"].settings_dict
    with psycopg.connect(
        dbname=settings_dict["NAME"], host=settings_dict["HOST"], port=settings_dict["PORT"], user=settings_dict["USER"]
    ) as locker:
        locker.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
        yield


@pytest.mark.django_db(transaction=True)
def test_a_statement_over_the_statement_timeout_is_cancelled_and_answered_503(api_client, items):
    with statement_timeout(200), table_locked("questions_question"):
        response = api_client.get("/qa/questions?product_id=1")

    assert_unavailable(response)
    assert api_client.get("/qa/questions?product_id=1").status_code == 200
