"""A helpful vote counts once per shopper and item. The shopper is the id a trusted client forwards in X-Shopper-Id;
for anyone else, the address. A trusted client that names no shopper has each vote counted, as the legacy service."""

import pytest

from answers.models import Answer
from clients.tests.conftest import bearer
from questions.models import Question

# Every request of a storefront's server comes from the server's address.
STOREFRONT_SERVER = "198.51.100.10"


@pytest.fixture
def answer(answer_factory) -> Answer:
    return answer_factory(helpfulness=0, question__helpfulness=0)


def vote(api_client, answer: Answer, *, address: str = STOREFRONT_SERVER, **headers: str) -> tuple[int, int]:
    """Votes for the answer and its question; the two statuses."""
    return (
        api_client.put(f"/qa/questions/{answer.question_id}/helpful", headers=headers, REMOTE_ADDR=address).status_code,
        api_client.put(f"/qa/answers/{answer.id}/helpful", headers=headers, REMOTE_ADDR=address).status_code,
    )


def helpfulness(answer: Answer) -> tuple[int, int]:
    return (Question.objects.get(pk=answer.question_id).helpfulness, Answer.objects.get(pk=answer.id).helpfulness)


def test_two_shoppers_through_one_trusted_client_both_count(api_client, client_key, answer):
    key = client_key(trusted=True)

    statuses = [vote(api_client, answer, **bearer(key), x_shopper_id=shopper) for shopper in ("ann", "bob")]

    assert statuses == [(204, 204), (204, 204)]
    assert helpfulness(answer) == (2, 2)


def test_the_same_shopper_voting_twice_counts_once(api_client, client_key, answer):
    key = client_key(trusted=True)

    statuses = [vote(api_client, answer, **bearer(key), x_shopper_id="ann") for _ in range(2)]

    assert statuses == [(204, 204), (204, 204)]
    assert helpfulness(answer) == (1, 1)


def test_a_shopper_is_the_same_from_any_address_of_the_client(api_client, client_key, answer):
    key = client_key(trusted=True)

    vote(api_client, answer, address="198.51.100.10", **bearer(key), x_shopper_id="ann")
    vote(api_client, answer, address="198.51.100.11", **bearer(key), x_shopper_id="ann")

    assert helpfulness(answer) == (1, 1)


def test_shoppers_of_two_trusted_clients_are_different_shoppers(api_client, client_key, answer):
    first, second = client_key("storefront-eu", trusted=True), client_key("storefront-us", trusted=True)

    vote(api_client, answer, **bearer(first), x_shopper_id="42")
    vote(api_client, answer, **bearer(second), x_shopper_id="42")

    assert helpfulness(answer) == (2, 2)


def test_a_trusted_client_without_a_shopper_id_has_each_vote_counted(api_client, client_key, answer):
    key = client_key(trusted=True)

    statuses = [vote(api_client, answer, **bearer(key)) for _ in range(3)]

    assert statuses == [(204, 204)] * 3
    assert helpfulness(answer) == (3, 3)


def test_x_shopper_id_from_an_untrusted_key_is_ignored_its_shoppers_are_addresses(api_client, client_key, answer):
    key = client_key(trusted=False)

    vote(api_client, answer, **bearer(key), x_shopper_id="ann")
    vote(api_client, answer, **bearer(key), x_shopper_id="bob")  # same address: the same shopper
    from_one_address = helpfulness(answer)
    vote(api_client, answer, address="203.0.113.7", **bearer(key), x_shopper_id="bob")

    assert from_one_address == (1, 1)
    assert helpfulness(answer) == (2, 2)


def test_x_shopper_id_from_a_keyless_caller_is_ignored_it_is_its_address(api_client, answer):
    vote(api_client, answer, address="203.0.113.7", x_shopper_id="ann")
    vote(api_client, answer, address="203.0.113.7", x_shopper_id="bob")
    from_one_address = helpfulness(answer)
    vote(api_client, answer, address="203.0.113.8", x_shopper_id="bob")

    assert from_one_address == (1, 1)
    assert helpfulness(answer) == (2, 2)


def test_a_shopper_id_is_opaque_and_bounded(api_client, client_key, answer):
    key = client_key(trusted=True)

    opaque = vote(api_client, answer, **bearer(key), x_shopper_id="user 7; ça va? " + "x" * 113)
    too_long = api_client.put(f"/qa/answers/{answer.id}/helpful", headers={**bearer(key), "x_shopper_id": "x" * 129})

    assert opaque == (204, 204)
    assert too_long.status_code == 400
    assert too_long.json() == {"detail": "X-Shopper-Id is at most 128 characters long."}
    assert helpfulness(answer) == (1, 1)


def test_an_empty_shopper_id_is_no_shopper_id(api_client, client_key, answer):
    key = client_key(trusted=True)

    for _ in range(2):
        vote(api_client, answer, **bearer(key), x_shopper_id="  ")

    assert helpfulness(answer) == (2, 2)
