"""PostgreSQL faults: every route answers 503 JSON with Retry-After (no traceback, no HTML) as soon as the pool's
timeout is up, and serves again as soon as the database answers. Against the real PostgreSQL, reached through a port
where none listens, or through a port in front of it that stops and starts forwarding.

benchmarks/faults.py proves the same against a PostgreSQL server that is really stopped and restarted.
"""

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import OperationalError, close_old_connections, connections
from django.http import HttpRequest, HttpResponse
from django.test import Client

from qa_project import circuit
from qa_project.postgresql.base import database_breaker
from tests.outage import forget_connections, postgres_behind_faulty_server, postgresql_connection, unreachable

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


def database_settings_by_default() -> dict:
    """The primary's settings and the breaker's as base settings build them from an environment without the knobs."""
    environment = {name: value for name, value in os.environ.items() if not name.startswith("DATABASE_")}
    script = (
        "from qa_project.settings import base; "
        "print(json.dumps({**base.DATABASES['default'], "
        "'BREAKER': [base.DATABASE_BREAKER_FAILURES, base.DATABASE_BREAKER_SECONDS]}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import json; {script}"],
        cwd=Path(settings.BASE_DIR),
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_by_default_a_request_waits_at_most_a_second_for_the_database_and_the_pool_retries_soon():
    database = database_settings_by_default()
    options = database["OPTIONS"]

    assert options["pool"]["timeout"] == 1.0  # DATABASE_POOL_TIMEOUT: the wait for a connection, then a 503
    assert options["pool"]["reconnect_timeout"] == 2.0  # DATABASE_POOL_RECONNECT_TIMEOUT: no backoff for minutes
    assert options["connect_timeout"] == 2  # DATABASE_CONNECT_TIMEOUT: a host that drops packets
    # After the first request that got no connection, the others fail at once for a second, then one tries again.
    assert database["ENGINE"] == "qa_project.postgresql"
    assert database["BREAKER"] == [1, 1.0]  # DATABASE_BREAKER_FAILURES, DATABASE_BREAKER_SECONDS


@pytest.mark.django_db(transaction=True)
def test_without_the_database_a_request_waits_only_the_pools_timeout(api_client, items, caplog):
    timeout = settings.DATABASES["default"]["OPTIONS"]["pool"]["timeout"]

    with unreachable("default"):
        response = api_client.get("/qa/questions?product_id=1")
        pool_timeout = postgresql_connection("default").pool.timeout

    assert_unavailable(response)
    assert pool_timeout == timeout
    # psycopg_pool's PoolTimeout says how long the request waited, as the pool's timeout.
    assert f"couldn't get a connection after {timeout:.2f} sec" in caplog.text


def list_questions(api_client) -> HttpResponse:
    """GET a list, then hand the connection back to the pool as the WSGI handler does after every request (the test
    client skips that, keeping one connection, broken or not, for the whole test)."""
    response = api_client.get("/qa/questions?product_id=1")
    close_old_connections()
    return response


@pytest.mark.django_db(transaction=True)
def test_once_a_request_got_no_connection_the_next_ones_are_503s_without_waiting(api_client, items, caplog):
    with unreachable("default"):
        responses = [api_client.get(f"/qa/questions?product_id={n}") for n in range(1, 6)]
        pool_requests = postgresql_connection("default").pool.get_stats().get("requests_num", 0)
        state = database_breaker("default").state

    for response in responses:
        assert_unavailable(response)
    assert state == "open"
    # Only the first request asked the pool for a connection (and waited its timeout); the breaker answered the rest.
    assert pool_requests == 1
    assert caplog.text.count("couldn't get a connection after") == 1
    assert caplog.text.count("PostgreSQL default not called") == 4


@pytest.mark.django_db(transaction=True)
def test_after_its_pause_the_breaker_lets_a_request_try_and_serves_again(api_client, items, settings, monkeypatch):
    settings.CACHE_ENABLED = False  # every request needs the database
    with postgres_behind_faulty_server("default") as server:
        server.refuse()
        outage = [list_questions(api_client) for _ in range(3)]
        opened = database_breaker("default").state
        server.forward()
        skipped = list_questions(api_client)  # within the pause: not tried
        served_again = []
        for pause in range(1, 21):  # each request comes a pause later than the last, so it may try
            later = time.monotonic() + pause * settings.DATABASE_BREAKER_SECONDS
            monkeypatch.setattr(circuit, "monotonic", lambda later=later: later)
            served_again.append(list_questions(api_client).status_code)
            if served_again[-1] == 200:
                break
        closed = database_breaker("default").state

    for response in [*outage, skipped]:
        assert_unavailable(response)
    assert (opened, served_again[-1], closed) == ("open", 200, "closed")


@pytest.mark.django_db(transaction=True)
def test_the_same_pool_serves_again_once_the_database_is_back(api_client, items, settings):
    """No pool is made anew here: the pool that lost its connections reconnects by itself."""
    settings.CACHE_ENABLED = False  # every request needs the database
    settings.DATABASE_BREAKER_SECONDS = 0  # every request may try: this is about the pool, not the breaker
    with postgres_behind_faulty_server("default") as server:
        before = list_questions(api_client)
        pool = postgresql_connection("default").pool
        server.refuse()  # PostgreSQL goes away: its connections are cut and new ones refused
        outage = [list_questions(api_client) for _ in range(2)]
        server.forward()  # and comes back
        # Each request waits at most the pool's timeout, and the pool's next attempt to connect comes within
        # DATABASE_POOL_RECONNECT_TIMEOUT: 20 requests give it several times as long as it needs.
        after = [list_questions(api_client).status_code for _ in range(20)]
        same_pool = postgresql_connection("default").pool is pool

    assert before.status_code == 200
    for response in outage:
        assert_unavailable(response)
    served_again = after.index(200)
    assert after[served_again:] == [200] * (len(after) - served_again)
    assert same_pool


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
