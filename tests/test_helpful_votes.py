"""A helpful vote counts once per client and item; concurrent votes of different clients all count."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from rest_framework.test import APIClient

from answers.models import Answer
from questions.models import Question


@pytest.fixture
def answer(answer_factory) -> Answer:
    return answer_factory(helpfulness=0, question__helpfulness=0)


def vote_urls(answer: Answer) -> list[str]:
    return [f"/qa/questions/{answer.question_id}/helpful", f"/qa/answers/{answer.id}/helpful"]


def helpfulness(answer: Answer) -> tuple[int, int]:
    return (Question.objects.get(pk=answer.question_id).helpfulness, Answer.objects.get(pk=answer.id).helpfulness)


def test_a_clients_repeated_vote_is_counted_once_and_still_a_204(api_client, answer):
    for url in vote_urls(answer):
        responses = [api_client.put(url, REMOTE_ADDR="203.0.113.7") for _ in range(3)]

        assert [response.status_code for response in responses] == [204, 204, 204]
    assert helpfulness(answer) == (1, 1)


def test_votes_of_different_clients_each_count(api_client, answer):
    for address in ["203.0.113.7", "203.0.113.8", "198.51.100.1"]:
        for url in vote_urls(answer):
            api_client.put(url, REMOTE_ADDR=address)

    assert helpfulness(answer) == (3, 3)


def test_behind_a_proxy_the_forwarded_client_address_votes(api_client, answer, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    url = f"/qa/answers/{answer.id}/helpful"

    for client_address in ["203.0.113.7", "203.0.113.8", "203.0.113.7"]:
        api_client.put(url, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=client_address)

    assert helpfulness(answer)[1] == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_votes_of_different_clients_are_all_counted(question_factory, answer_factory):
    answer = answer_factory(helpfulness=0, question=question_factory(helpfulness=0))
    voters = [f"198.51.100.{n}" for n in range(1, 25)]

    def vote_everywhere(address: str) -> list[int]:
        try:
            client = APIClient()
            return [client.put(url, REMOTE_ADDR=address).status_code for url in vote_urls(answer)]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        first_round = list(pool.map(vote_everywhere, voters))
        second_round = list(pool.map(vote_everywhere, voters))

    assert all(statuses == [204, 204] for statuses in first_round + second_round)
    assert helpfulness(answer) == (len(voters), len(voters))


def test_a_client_without_an_address_can_vote(api_client, answer):
    response = api_client.put(f"/qa/answers/{answer.id}/helpful", REMOTE_ADDR=None)

    assert response.status_code == 204
    assert helpfulness(answer)[1] == 1
