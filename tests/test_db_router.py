"""Reads of GET requests go to the replica, writes and the reads of a client that just wrote to the primary."""

import time
from contextlib import ExitStack

import pytest
from django.db import connections, router, transaction
from prometheus_client import REGISTRY

from qa_project import db_router
from qa_project.db_router import READ_PRIMARY_COOKIE, ReplicaHealth, replica_reads
from questions.models import Question
from tests.outage import postgresql_connection, unreachable

# The replica mirrors the primary's test database: data must be committed for it to see it.
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])

PRODUCT_ID = 31


@pytest.fixture(autouse=True)
def replica(settings, monkeypatch) -> None:
    settings.DATABASE_READ_REPLICAS = ["replica"]
    settings.CACHE_ENABLED = False  # every read reaches a database
    settings.DATABASE_REPLICA_RETRY_SECONDS = 60
    monkeypatch.setattr(db_router, "replica_health", ReplicaHealth())


@pytest.fixture
def question(question_factory) -> Question:
    return question_factory(product_id=PRODUCT_ID, body="Does it fold?")


def list_questions(api_client) -> list[str]:
    response = api_client.get("/qa/questions", {"product_id": PRODUCT_ID})
    assert response.status_code == 200
    return [result["question_body"] for result in response.json()["results"]]


def queries_on_each_alias(request) -> dict[str, int]:
    """How many queries each alias ran while `request()` ran (without opening a connection of its own)."""
    counts = dict.fromkeys(["default", "replica"], 0)

    def counter(alias: str):
        def count(execute, sql, params, many, context):
            counts[alias] += 1
            return execute(sql, params, many, context)

        return count

    with ExitStack() as stack:
        for alias in counts:
            stack.enter_context(connections[alias].execute_wrapper(counter(alias)))
        request()
    return counts


def test_a_get_reads_from_the_replica(api_client, question):
    queries = queries_on_each_alias(lambda: list_questions(api_client))

    assert queries == {"default": 0, "replica": 1}
    assert list_questions(api_client) == ["Does it fold?"]


def test_a_write_goes_to_the_primary_and_pins_the_writer_to_it(api_client, question):
    body = {"body": "Is it red?", "name": "asker", "email": "a@example.com", "product_id": PRODUCT_ID}

    queries = queries_on_each_alias(lambda: api_client.post("/qa/questions", body, format="json"))
    assert queries["replica"] == 0
    assert queries["default"] >= 1
    assert api_client.cookies[READ_PRIMARY_COOKIE]["max-age"] == 5

    writer_reads = queries_on_each_alias(lambda: list_questions(api_client))
    assert writer_reads == {"default": 1, "replica": 0}


def test_a_failed_write_does_not_pin_the_client(api_client):
    api_client.post("/qa/questions", {"body": "no product"}, format="json")

    assert READ_PRIMARY_COOKIE not in api_client.cookies


def test_reads_outside_a_read_only_request_or_inside_a_transaction_go_to_the_primary():
    assert router.db_for_read(Question) == "default"
    with replica_reads(), transaction.atomic():
        assert router.db_for_read(Question) == "default"
    with replica_reads():
        assert router.db_for_read(Question) == "replica"


def replica_failures_counted() -> float:
    return REGISTRY.get_sample_value("qa_db_replica_failures_total", {"alias": "replica"}) or 0.0


def test_reads_fall_back_to_the_primary_while_the_replica_does_not_answer(api_client, question):
    failures_before = replica_failures_counted()
    with unreachable("replica"):
        first = queries_on_each_alias(lambda: list_questions(api_client))
        assert list_questions(api_client) == ["Does it fold?"]

    assert first == {"default": 1, "replica": 0}
    assert replica_failures_counted() == failures_before + 1
    # Remembered: the next reads don't try the replica again until DATABASE_REPLICA_RETRY_SECONDS pass.
    assert queries_on_each_alias(lambda: list_questions(api_client)) == {"default": 1, "replica": 0}


def test_a_replica_retried_after_its_pause_serves_reads_again(api_client, question, settings):
    settings.DATABASE_REPLICA_RETRY_SECONDS = 0.1
    with unreachable("replica"):
        list_questions(api_client)
    time.sleep(0.2)

    assert queries_on_each_alias(lambda: list_questions(api_client)) == {"default": 0, "replica": 1}


def test_replica_connections_dropped_while_pooled_are_replaced_by_the_primary(api_client, question):
    replica = postgresql_connection("replica")
    if not replica.pool:
        pytest.skip("dropped connections wait in the pool only with DATABASE_POOL on")
    replica.ensure_connection()
    replica.close()  # back to the pool, where the next request will find it
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE application_name = %s",
            [replica.settings_dict["OPTIONS"]["application_name"]],
        )

    assert list_questions(api_client) == ["Does it fold?"]
    assert queries_on_each_alias(lambda: list_questions(api_client)) == {"default": 1, "replica": 0}
