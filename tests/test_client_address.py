"""An IPv6 client is its /64 network for votes and rate limits: a subscriber gets a whole /64 and can use any address
in it. An IPv4 client stays one address. Behind NUM_PROXIES proxies, the forwarded address counts the same way."""

import uuid

import pytest

from answers.models import Answer

QUESTION = {"body": "Does it fold?", "name": "asker", "email": "asker@example.com", "product_id": 1}


@pytest.fixture
def answer(answer_factory) -> Answer:
    return answer_factory(helpfulness=0)


def votes_counted(api_client, answer: Answer, addresses: list[str], **headers: str) -> int:
    for address in addresses:
        api_client.put(f"/qa/answers/{answer.id}/helpful", REMOTE_ADDR=address, **headers)
    answer.refresh_from_db()
    return answer.helpfulness


def test_addresses_of_one_ipv6_64_vote_once(api_client, answer):
    same_network = ["2001:db8:1:2::1", "2001:db8:1:2:a:b:c:d", "2001:db8:1:2:ffff:ffff:ffff:ffff"]

    assert votes_counted(api_client, answer, same_network) == 1


def test_ipv6_clients_in_different_64s_each_vote(api_client, answer):
    assert votes_counted(api_client, answer, ["2001:db8:1:2::1", "2001:db8:1:3::1", "2001:db8:2:2::1"]) == 3


def test_ipv4_clients_are_each_their_own_address(api_client, answer):
    assert votes_counted(api_client, answer, ["203.0.113.7", "203.0.113.8", "203.0.113.7"]) == 2


def test_an_ipv4_address_mapped_into_ipv6_is_that_ipv4_client(api_client, answer):
    assert votes_counted(api_client, answer, ["::ffff:203.0.113.7", "203.0.113.7", "::ffff:203.0.113.8"]) == 2


def test_behind_a_proxy_the_forwarded_ipv6_address_counts_by_its_64(api_client, answer, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}

    for address in ["2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:9:9::1"]:
        api_client.put(f"/qa/answers/{answer.id}/helpful", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=address)

    answer.refresh_from_db()
    assert answer.helpfulness == 2


@pytest.fixture
def ask_rate(settings) -> None:
    """One question a minute per client, NUM_PROXIES=1, counted under a key prefix of this test's own."""
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": f"client-test-{uuid.uuid4().hex}"}}
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "ask": "1/min"},
        "NUM_PROXIES": 1,
    }


def ask(api_client, address: str) -> int:
    return api_client.post("/qa/questions", QUESTION, format="json", HTTP_X_FORWARDED_FOR=address).status_code


def test_addresses_of_one_ipv6_64_share_a_rate_limit(api_client, db, ask_rate):
    statuses = [ask(api_client, address) for address in ["2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:3::1"]]

    assert statuses == [201, 429, 201]


def test_ipv4_addresses_each_have_their_own_rate_limit(api_client, db, ask_rate):
    statuses = [ask(api_client, address) for address in ["203.0.113.7", "203.0.113.8", "203.0.113.7"]]

    assert statuses == [201, 201, 429]
