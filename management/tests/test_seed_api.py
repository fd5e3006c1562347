"""The API serves seeded data in the shape docs/api.md documents."""

import re

import pytest
from django.core.management import call_command

from answers.models import Answer, AnswerPhoto
from posts.models import Status

ISO_8601_MILLISECONDS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
QUESTION_KEYS = {"question_id", "question_body", "question_date", "asker_name", "question_helpfulness", "reported"}
ANSWER_KEYS = {"id", "body", "date", "answerer_name", "helpfulness", "photos"}


def test_a_seeded_product_lists_its_questions_with_answers_and_photos(api_client, db):
    call_command("seed", questions=500, seed=5, verbosity=0)
    photo = AnswerPhoto.objects.filter(
        answer__status=Status.PUBLISHED, answer__question__status=Status.PUBLISHED
    ).first()
    assert photo is not None
    question = photo.answer.question

    document = api_client.get("/qa/questions", {"product_id": question.product_id, "count": 100}).json()

    assert document["product_id"] == str(question.product_id)
    listed = next(item for item in document["results"] if item["question_id"] == question.id)
    assert set(listed) == QUESTION_KEYS | {"answers"}
    assert ISO_8601_MILLISECONDS.match(listed["question_date"])
    assert listed["reported"] is False
    assert list(listed["answers"]) == sorted(listed["answers"], key=int)
    answer = listed["answers"][str(photo.answer_id)]
    assert set(answer) == ANSWER_KEYS
    assert ISO_8601_MILLISECONDS.match(answer["date"])
    assert photo.url in answer["photos"]


def test_a_seeded_question_lists_its_answers_with_photos(api_client, db):
    call_command("seed", questions=500, seed=5, verbosity=0)
    photo = AnswerPhoto.objects.filter(
        answer__status=Status.PUBLISHED, answer__question__status=Status.PUBLISHED
    ).first()
    assert photo is not None
    question = photo.answer.question
    listed_answers = Answer.objects.filter(question=question, status=Status.PUBLISHED).count()

    document = api_client.get(f"/qa/questions/{question.id}/answers", {"count": 100}).json()

    assert (document["question"], document["page"], document["count"]) == (str(question.id), 1, 100)
    assert len(document["results"]) == listed_answers
    answer = next(item for item in document["results"] if item["answer_id"] == photo.answer_id)
    assert {"id": photo.id, "url": photo.url} in answer["photos"]
    assert ISO_8601_MILLISECONDS.match(answer["date"])


@pytest.mark.django_db(transaction=True)
def test_a_cached_list_of_a_seeded_product_is_forgotten(api_client):
    call_command("seed", questions=100, products=10, seed=3, verbosity=0)
    before = api_client.get("/qa/questions", {"product_id": 1, "count": 100}).json()["results"]

    call_command("seed", questions=100, products=10, seed=4, verbosity=0)
    after = api_client.get("/qa/questions", {"product_id": 1, "count": 100}).json()["results"]

    assert len(after) > len(before)
