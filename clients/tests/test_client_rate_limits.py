"""Write limits per client and per shopper: a keyed client's quotas apply to the whole client, the default rates
(THROTTLE_RATE_*) to each of its shoppers when it has them, and to each address without a key. Every write response
says where its caller stands in the RateLimit-* headers; a 429 says when to come back in Retry-After."""

from clients.tests.conftest import QUESTION, bearer

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1
RATE_LIMIT_HEADERS = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")


def ask(api_client, *, address: str = "198.51.100.10", **headers: str):
    return api_client.post("/qa/questions", QUESTION, format="json", headers=headers, REMOTE_ADDR=address)


def statuses(responses) -> list[int]:
    return [response.status_code for response in responses]


def rate_limit(response) -> tuple[int, ...]:
    return tuple(int(response[header]) for header in RATE_LIMIT_HEADERS)


def test_a_clients_quota_is_shared_by_all_its_shoppers(api_client, client_key, rates):
    rates(ask="100/min")
    key = client_key(trusted=True, ask=3)

    asked = [ask(api_client, **bearer(key), x_shopper_id=f"shopper-{n}") for n in range(4)]

    assert statuses(asked) == [201, 201, 201, 429]
    assert rate_limit(asked[2])[:2] == (3, 0)


def test_each_shopper_of_a_trusted_client_has_the_default_rate(api_client, client_key, rates):
    rates(ask="2/min")
    key = client_key(trusted=True, ask=100)

    ann = [ask(api_client, **bearer(key), x_shopper_id="ann") for _ in range(3)]
    bob = ask(api_client, **bearer(key), x_shopper_id="bob")

    assert statuses(ann) == [201, 201, 429]
    assert bob.status_code == 201


def test_a_trusted_client_without_shopper_ids_has_only_its_quota(api_client, client_key, rates):
    rates(ask="2/min")
    key = client_key(trusted=True, ask=4)

    asked = [ask(api_client, **bearer(key)) for _ in range(5)]

    assert statuses(asked) == [201, 201, 201, 201, 429]


def test_the_shoppers_of_an_untrusted_client_are_its_callers_addresses(api_client, client_key, rates):
    rates(ask="1/min")
    key = client_key(trusted=False, ask=100)

    first = ask(api_client, address="203.0.113.7", **bearer(key), x_shopper_id="ann")
    same_address = ask(api_client, address="203.0.113.7", **bearer(key), x_shopper_id="bob")
    other_address = ask(api_client, address="203.0.113.8", **bearer(key))

    assert statuses([first, same_address, other_address]) == [201, 429, 201]


def test_keyless_callers_are_limited_per_address_apart_from_any_client(api_client, client_key, rates):
    rates(ask="1/min")
    key = client_key(trusted=False, ask=100)

    keyless = [ask(api_client, address="203.0.113.7", x_shopper_id="ann") for _ in range(2)]
    other_address = ask(api_client, address="203.0.113.8")
    through_the_key = ask(api_client, address="203.0.113.7", **bearer(key))

    assert statuses(keyless) == [201, 429]
    assert other_address.status_code == 201
    assert through_the_key.status_code == 201


def test_clients_have_their_own_quotas(api_client, client_key, rates):
    rates(ask="100/min")
    eu, us = client_key("storefront-eu", trusted=True, ask=1), client_key("storefront-us", trusted=True, ask=1)

    assert statuses([ask(api_client, **bearer(eu)), ask(api_client, **bearer(us))]) == [201, 201]
    assert statuses([ask(api_client, **bearer(eu)), ask(api_client, **bearer(us))]) == [429, 429]


def test_a_shopper_over_its_rate_does_not_use_up_its_clients_quota(api_client, client_key, rates):
    rates(ask="1/min")
    key = client_key(trusted=True, ask=3)

    hammering = [ask(api_client, **bearer(key), x_shopper_id="ann") for _ in range(5)]
    others = [ask(api_client, **bearer(key), x_shopper_id=shopper) for shopper in ("bob", "cy")]

    assert statuses(hammering) == [201, 429, 429, 429, 429]
    assert statuses(others) == [201, 201]


def test_each_action_of_a_client_has_its_own_quota(api_client, client_key, answer_factory, rates):
    answer = answer_factory()
    key = client_key(trusted=True, vote=1, report=1)

    votes = [api_client.put(f"/qa/answers/{answer.id}/helpful", headers=bearer(key)) for _ in range(2)]
    report = api_client.put(f"/qa/answers/{answer.id}/report", headers=bearer(key))

    assert statuses(votes) == [204, 429]
    assert report.status_code == 204


def test_every_write_response_carries_the_rate_limit_headers(api_client, client_key, question_factory, rates):
    rates(vote="5/min", answer="5/min", ask="5/min")
    question = question_factory()
    key = client_key(trusted=True, vote=10, answer=10, ask=10)
    headers = {**bearer(key), "x_shopper_id": "ann"}

    created = ask(api_client, **headers)
    invalid = api_client.post("/qa/questions", {"body": ""}, format="json", headers=headers)
    voted = api_client.put(f"/qa/questions/{question.id}/helpful", headers=headers)
    missing = api_client.put("/qa/questions/999999/helpful", headers=headers)
    answered = api_client.post(
        f"/qa/questions/{question.id}/answers",
        {"body": "Yes.", "name": "seller", "email": "seller@example.com"},
        format="json",
        headers=headers,
    )

    assert statuses([created, invalid, voted, missing, answered]) == [201, 400, 204, 404, 201]
    # The shopper's bucket (5 a minute) has less left than the client's (10): it is the one reported.
    assert [rate_limit(response)[:2] for response in (created, invalid)] == [(5, 4), (5, 3)]
    assert [rate_limit(response)[:2] for response in (voted, missing)] == [(5, 4), (5, 3)]
    assert rate_limit(answered)[:2] == (5, 4)
    assert all(0 < rate_limit(response)[2] <= 60 for response in (created, invalid, voted, missing, answered))


def test_a_429_says_when_to_come_back(api_client, client_key, rates):
    rates(ask="100/hour")
    key = client_key(trusted=True, ask=1)

    ask(api_client, **bearer(key), x_shopper_id="ann")
    throttled = ask(api_client, **bearer(key), x_shopper_id="bob")

    assert throttled.status_code == 429
    assert throttled.json()["detail"].startswith("Request was throttled. Expected available in")
    # The client's quota (a minute) is what was exceeded: its window, not the shopper's hour.
    assert 0 < int(throttled["Retry-After"]) <= 60
    assert rate_limit(throttled) == (1, 0, int(throttled["Retry-After"]))


def test_keyless_writes_carry_the_rate_limit_headers_of_their_address(api_client, db, rates):
    rates(ask="3/min")

    asked = [ask(api_client, address="203.0.113.7") for _ in range(4)]

    assert [rate_limit(response)[:2] for response in asked] == [(3, 2), (3, 1), (3, 0), (3, 0)]
    assert 0 < int(asked[-1]["Retry-After"]) <= 60


def test_reads_carry_no_rate_limit_headers(api_client, client_key):
    key = client_key(trusted=True)

    response = api_client.get("/qa/questions?product_id=1", headers=bearer(key))

    assert not set(RATE_LIMIT_HEADERS) & set(response.headers)


def test_without_redis_writes_are_allowed_without_rate_limit_headers(api_client, client_key, rates, settings, caplog):
    rates(ask="1/min")
    key = client_key(trusted=True, ask=1)
    settings.REDIS_URL = DEAD_REDIS

    asked = [ask(api_client, **bearer(key), x_shopper_id="ann") for _ in range(3)]

    assert statuses(asked) == [201, 201, 201]
    assert not any(set(RATE_LIMIT_HEADERS) & set(response.headers) for response in asked)
    assert "Rate limit not checked, Redis did not answer" in caplog.text
