"""`GET /qa/products/:id/summary`: the listed questions and answers of a product, counted, right after every write.

The summary is cached with the product's lists, so each write is committed (transaction=True) and the summary is
read once before it, to be sure the write, not a cold cache, is what the second read shows.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from answers.models import Answer
from management.tests.legacy_import_support import import_fixtures
from questions.models import Question
from tests.admin_users import logged_in, moderator

pytestmark = pytest.mark.django_db(transaction=True)

PRODUCT_ID = 40344


def summary(api_client, product_id: int = PRODUCT_ID) -> dict:
    response = api_client.get(f"/qa/products/{product_id}/summary")
    assert response.status_code == 200, response.content
    return response.json()


def counts(api_client, product_id: int = PRODUCT_ID) -> tuple[int, int, int]:
    document = summary(api_client, product_id)
    assert document["product_id"] == str(product_id)
    return document["questions"], document["answered"], document["answers"]


def counted_from_the_list(api_client, product_id: int) -> tuple[int, int, int]:
    """What the question list shows of the product, counted: the summary must agree with it."""
    results = api_client.get("/qa/questions", {"product_id": product_id, "count": 1000}).json()["results"]
    return len(results), sum(1 for q in results if q["answers"]), sum(len(q["answers"]) for q in results)


@pytest.fixture
def product(question_factory, answer_factory) -> dict[str, Question | Answer]:
    """Two listed questions, one answered twice; a hidden question and a hidden answer, which don't count."""
    answered = question_factory()
    unanswered = question_factory()
    hidden_question = question_factory(reported=True)
    answer_factory(question=hidden_question)
    first_answer = answer_factory(question=answered)
    answer_factory(question=answered)
    answer_factory(question=answered, removed=True)
    question_factory(product_id=PRODUCT_ID + 1)
    return {"answered": answered, "unanswered": unanswered, "first_answer": first_answer}


def test_counts_the_listed_questions_and_answers_exactly(api_client, product):
    assert summary(api_client) == {"product_id": str(PRODUCT_ID), "questions": 2, "answered": 1, "answers": 2}


def test_a_product_without_questions_counts_zeros(api_client):
    assert summary(api_client, 7) == {"product_id": "7", "questions": 0, "answered": 0, "answers": 0}


@pytest.mark.parametrize("path", ["/qa/products/0/summary", "/qa/products/x/summary", "/qa/products/-1/summary"])
def test_a_product_id_that_is_not_positive_is_a_404(api_client, path):
    response = api_client.get(path)

    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})


def test_asking_counts(api_client, product):
    counts(api_client)

    api_client.post(
        "/qa/questions",
        {"product_id": PRODUCT_ID, "body": "New?", "name": "n", "email": "n@example.com"},
        format="json",
    )

    assert counts(api_client) == (3, 1, 2)


def test_answering_counts(api_client, product):
    counts(api_client)

    api_client.post(
        f"/qa/questions/{product['unanswered'].id}/answers",
        {"body": "Yes.", "name": "n", "email": "n@example.com", "photos": []},
        format="json",
    )

    assert counts(api_client) == (2, 2, 3)


def test_reporting_a_question_uncounts_it_and_its_answers(api_client, product):
    counts(api_client)

    api_client.put(f"/qa/questions/{product['answered'].id}/report")

    assert counts(api_client) == (1, 0, 0)


def test_reporting_an_answer_uncounts_it(api_client, product):
    counts(api_client)

    api_client.put(f"/qa/answers/{product['first_answer'].id}/report")

    assert counts(api_client) == (2, 1, 1)


def moderate(model: str, action: str, item: Question | Answer) -> None:
    response = logged_in(moderator()).post(
        reverse(f"admin:{model}_changelist") + "?status=all",
        {"action": action, "index": 0, "_selected_action": [item.id]},
        follow=True,
    )
    assert response.status_code == 200


def test_a_moderators_decisions_count(api_client, product):
    api_client.put(f"/qa/answers/{product['first_answer'].id}/report")
    api_client.put(f"/qa/questions/{product['unanswered'].id}/report")
    assert counts(api_client) == (1, 1, 1)

    moderate("answers_answer", "restore", product["first_answer"])
    assert counts(api_client) == (1, 1, 2)

    moderate("questions_question", "restore", product["unanswered"])
    assert counts(api_client) == (2, 1, 2)

    moderate("questions_question", "remove", product["answered"])
    assert counts(api_client) == (1, 0, 0)


def test_a_helpful_vote_leaves_the_counts_and_the_etag(api_client, product):
    before = api_client.get(f"/qa/products/{PRODUCT_ID}/summary")

    api_client.put(f"/qa/questions/{product['answered'].id}/helpful")
    after = api_client.get(f"/qa/products/{PRODUCT_ID}/summary")

    assert (after.json(), after["ETag"]) == (before.json(), before["ETag"])


@pytest.mark.parametrize("into", ["an empty database", "a live database"])
def test_an_import_counts(api_client, question_factory, tmp_path, into):
    if into == "a live database":
        question_factory(product_id=PRODUCT_ID)
    assert counts(api_client, 1) == (0, 0, 0)

    import_fixtures(tmp_path)

    # Product 1 of fixtures/legacy: questions 1, 2 and 3; answers 5 and 60 to question 1, 3 and 7 to question 3
    # (answer 8 is reported, the other answers to them are rejected rows).
    assert counts(api_client, 1) == (3, 2, 4)


def test_a_seed_counts(api_client):
    assert counts(api_client, 1) == (0, 0, 0)

    call_command("seed", questions=60, products=3, seed=3, stdout=StringIO())

    seeded = counts(api_client, 1)
    assert seeded[0] > 0
    assert seeded == counted_from_the_list(api_client, 1)
