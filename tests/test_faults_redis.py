"""Redis faults: with Redis not answering, every read and write still works, served by PostgreSQL; with Redis hung,
requests stop waiting for it after a few failures, and use it again once it answers."""

import time
from collections.abc import Iterator

import pytest
import redis

from qa_project import circuit
from qa_project.circuit import CircuitBreaker
from qa_project.redis import redis_breaker
from tests.outage import FaultyServer, faulty_server

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def redis_down(settings) -> None:
    settings.REDIS_URL = DEAD_REDIS
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": DEAD_REDIS}}


def test_reads_and_writes_work_without_redis(api_client, answer_factory, redis_down):
    answer = answer_factory(question__product_id=7)
    question_id = answer.question_id

    asked = api_client.post(
        "/qa/questions", {"body": "Waterproof?", "name": "n", "email": "n@example.com", "product_id": 7}, format="json"
    )
    answered = api_client.post(
        f"/qa/questions/{question_id}/answers", {"body": "Yes.", "name": "s", "email": "s@example.com"}, format="json"
    )
    voted = api_client.put(f"/qa/questions/{question_id}/helpful")
    reported = api_client.put(f"/qa/answers/{answer.id}/report")
    questions = api_client.get("/qa/questions?product_id=7")
    answers = api_client.get(f"/qa/questions/{question_id}/answers")

    assert (asked.status_code, answered.status_code, voted.status_code, reported.status_code) == (201, 201, 204, 204)
    assert questions.status_code == answers.status_code == 200
    listed = {question["question_id"]: question for question in questions.json()["results"]}
    assert set(listed) == {question_id, asked.json()["question_id"]}
    assert listed[question_id]["question_helpfulness"] == 1
    assert list(listed[question_id]["answers"]) == [str(answered.json()["answer_id"])]
    assert [item["answer_id"] for item in answers.json()["results"]] == [answered.json()["answer_id"]]


# A Redis that accepts connections and never answers: each call waits REDIS_SOCKET_TIMEOUT, until the circuit
# breaker (qa_project/redis.py) stops calling it. The tests count the connections the hung server accepted.
QUESTION = {"body": "Does it fold?", "name": "asker", "email": "asker@example.com", "product_id": 7}


@pytest.fixture
def hung_redis(settings) -> Iterator[FaultyServer]:
    """REDIS_URL and Django's cache point at a port that hangs; it forwards to the real Redis once told to."""
    real = redis.connection.parse_url(settings.REDIS_URL)
    with faulty_server(real.get("path") or (real.get("host", "127.0.0.1"), real.get("port", 6379))) as server:
        server.hang()
        url = f"redis://127.0.0.1:{server.port}/{real.get('db', 0)}"
        settings.REDIS_URL = url
        settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": url}}
        yield server


def breaker_of(server: FaultyServer) -> CircuitBreaker:
    return redis_breaker(f"127.0.0.1:{server.port}")


def test_list_reads_stop_calling_a_hung_redis_after_a_few_failures(api_client, answer_factory, hung_redis, settings):
    answer = answer_factory(question__product_id=7)

    statuses = [api_client.get("/qa/questions?product_id=7").status_code for _ in range(4)]
    statuses += [api_client.get(f"/qa/questions/{answer.question_id}/answers").status_code for _ in range(4)]

    assert statuses == [200] * 8
    assert breaker_of(hung_redis).state == "open"
    assert hung_redis.accepted == settings.REDIS_BREAKER_FAILURES


@pytest.mark.django_db(transaction=True)  # writes commit, so their invalidations run
def test_throttled_writes_stop_calling_a_hung_redis_after_a_few_failures(api_client, question_factory, hung_redis):
    question = question_factory(product_id=7)

    statuses = [api_client.post("/qa/questions", QUESTION, format="json").status_code for _ in range(3)]
    statuses += [api_client.put(f"/qa/questions/{question.id}/helpful").status_code for _ in range(3)]

    assert statuses == [201] * 3 + [204] * 3
    assert breaker_of(hung_redis).state == "open"
    # Each ask calls Redis twice (its rate, then the list it changed) until the breaker opens after the third call.
    assert hung_redis.accepted == 3


def test_readyz_stops_calling_a_hung_redis_after_a_few_failures(api_client, db, hung_redis):
    checks = [api_client.get("/readyz").json()["checks"]["cache"] for _ in range(5)]

    assert [check["status"] for check in checks] == ["down"] * 5
    assert [check["error"] for check in checks] == ["TimeoutError"] * 3 + ["CircuitOpenError"] * 2
    assert hung_redis.accepted == 3


def test_redis_is_called_again_once_it_answers(api_client, question_factory, hung_redis, monkeypatch):
    question_factory(product_id=7)
    for _ in range(3):
        api_client.get("/qa/questions?product_id=7")
    assert breaker_of(hung_redis).state == "open"
    hung_redis.forward()

    skipped = api_client.get("/readyz").json()["checks"]["cache"]
    later = time.monotonic() + 60  # past REDIS_BREAKER_SECONDS
    monkeypatch.setattr(circuit, "monotonic", lambda: later)
    checked = api_client.get("/readyz").json()["checks"]["cache"]

    assert skipped == {"status": "down", "error": "CircuitOpenError"}
    assert checked["status"] == "ok"
    assert breaker_of(hung_redis).state == "closed"
    first, cached = (api_client.get("/qa/questions?product_id=7") for _ in range(2))
    assert cached.content == first.content


@pytest.mark.django_db(transaction=True)  # the write commits, so its invalidation runs
def test_a_write_made_while_redis_was_skipped_shows_once_it_answers(api_client, hung_redis, monkeypatch):
    hung_redis.forward()
    cached = api_client.get("/qa/questions?product_id=7").json()["results"]
    hung_redis.hang()
    for _ in range(3):
        api_client.get("/qa/questions?product_id=7")
    asked = api_client.post("/qa/questions", QUESTION, format="json")  # its invalidation is skipped
    hung_redis.forward()
    later = time.monotonic() + 60
    monkeypatch.setattr(circuit, "monotonic", lambda: later)

    listed = api_client.get("/qa/questions?product_id=7").json()["results"]

    assert (cached, asked.status_code) == ([], 201)
    assert [question["question_id"] for question in listed] == [asked.json()["question_id"]]
    assert breaker_of(hung_redis).state == "closed"
