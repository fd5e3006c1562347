"""Per-client rate limits of the writes: 429 with Retry-After over the rate, reads never limited."""

import uuid

import pytest

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1
QUESTION = {"body": "Does it fold?", "name": "asker", "email": "asker@example.com", "product_id": 1}


@pytest.fixture
def rates(settings):
    """Sets the rates of the scopes named (others stay unlimited for the test) and NUM_PROXIES.

    The test counts requests under a cache key prefix of its own, so no earlier test's requests count.
    """
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": f"throttle-test-{uuid.uuid4().hex}"}}

    def set_rates(num_proxies: int = 0, **scope_rates: str) -> None:
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **scope_rates},
            "NUM_PROXIES": num_proxies,
        }

    return set_rates


def ask(api_client, **headers: str):
    return api_client.post("/qa/questions", QUESTION, format="json", headers=headers)


def test_asking_over_the_rate_is_a_429_with_retry_after(api_client, db, rates):
    rates(ask="2/min")

    statuses = [ask(api_client).status_code for _ in range(3)]

    assert statuses == [201, 201, 429]
    response = ask(api_client)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["detail"].startswith("Request was throttled.")


def test_reads_are_never_throttled(api_client, question_factory, rates):
    question = question_factory(product_id=1)
    rates(ask="1/min", answer="1/min")

    for _ in range(5):
        assert api_client.get("/qa/questions?product_id=1").status_code == 200
        assert api_client.get(f"/qa/questions/{question.id}/answers").status_code == 200


def test_each_action_has_its_own_budget(api_client, question_factory, answer_factory, rates):
    answer = answer_factory()
    questions = question_factory.create_batch(3)
    rates(vote="2/min", report="1/min")

    votes = [api_client.put(f"/qa/questions/{question.id}/helpful").status_code for question in questions]
    answer_vote = api_client.put(f"/qa/answers/{answer.id}/helpful")
    report = api_client.put(f"/qa/answers/{answer.id}/report")
    second_report = api_client.put(f"/qa/questions/{questions[0].id}/report")

    assert votes == [204, 204, 429]
    assert answer_vote.status_code == 429  # question and answer votes share the "vote" budget
    assert report.status_code == 204
    assert second_report.status_code == 429


def test_answering_has_its_rate(api_client, question_factory, rates):
    question = question_factory()
    rates(answer="1/min")
    body = {"body": "Yes.", "name": "seller", "email": "seller@example.com"}

    first = api_client.post(f"/qa/questions/{question.id}/answers", body, format="json")
    second = api_client.post(f"/qa/questions/{question.id}/answers", body, format="json")

    assert (first.status_code, second.status_code) == (201, 429)


def test_behind_a_proxy_each_client_address_has_its_own_budget(api_client, db, rates):
    rates(num_proxies=1, ask="1/min")

    first_client = ask(api_client, x_forwarded_for="203.0.113.7")
    second_client = ask(api_client, x_forwarded_for="198.51.100.2")
    first_client_again = ask(api_client, x_forwarded_for="203.0.113.7")

    assert [first_client.status_code, second_client.status_code] == [201, 201]
    assert first_client_again.status_code == 429


def test_a_client_cannot_escape_its_budget_by_forging_x_forwarded_for(api_client, db, rates):
    rates(num_proxies=1, ask="1/min")

    # The proxy appends the address it saw: only that last entry is trusted, what the client wrote is not.
    first = ask(api_client, x_forwarded_for="10.0.0.1, 203.0.113.7")
    forged = ask(api_client, x_forwarded_for="10.9.9.9, 203.0.113.7")

    assert (first.status_code, forged.status_code) == (201, 429)


def test_without_proxies_x_forwarded_for_is_ignored(api_client, db, rates):
    rates(num_proxies=0, ask="1/min")

    first = ask(api_client, x_forwarded_for="203.0.113.7")
    forged = ask(api_client, x_forwarded_for="198.51.100.2")

    assert (first.status_code, forged.status_code) == (201, 429)


def test_writes_are_allowed_when_the_cache_is_down(api_client, db, rates, settings, caplog):
    rates(ask="1/min")
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": DEAD_REDIS}}
    settings.REDIS_URL = DEAD_REDIS

    statuses = [ask(api_client).status_code for _ in range(3)]

    assert statuses == [201, 201, 201]
    assert "Rate limit not checked" in caplog.text
