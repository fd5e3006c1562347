"""What moderation does to the API: a report only hides, a removal hides for good, a restore shows again.

The lists are read before each step, so a stale cached document would show: writes must commit for the
cache invalidation to run.
"""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.urls import reverse

from answers.models import Answer
from questions.models import Question
from questions.tests.admin_users import logged_in, moderator

pytestmark = pytest.mark.django_db(transaction=True)

PRODUCT_ID = 88


def question_list(api_client) -> list[dict]:
    return api_client.get("/qa/questions", {"product_id": PRODUCT_ID}).json()["results"]


def answer_ids(api_client, question: Question) -> list[int]:
    return [answer["answer_id"] for answer in api_client.get(f"/qa/questions/{question.id}/answers").json()["results"]]


def act(client, model: str, action: str, item_id: int) -> list[str]:
    """Run an admin action on one item as a browser does; the messages it shows."""
    response = client.post(
        f"{reverse(f'admin:{model}_changelist')}?status=all",
        {"action": action, "index": 0, "_selected_action": [item_id]},
        follow=True,
    )
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def answer(question_factory, answer_factory) -> Answer:
    return answer_factory(question=question_factory(product_id=PRODUCT_ID))


def test_reporting_counts_requeues_and_never_deletes(api_client, answer):
    Answer.objects.filter(pk=answer.id).update(reported=True, report_count=1, reviewed_at=answer.date_written)

    responses = [api_client.put(f"/qa/answers/{answer.id}/report") for _ in range(2)]
    api_client.put(f"/qa/questions/{answer.question_id}/report")

    assert [response.status_code for response in responses] == [204, 204]
    reported_answer = Answer.objects.get(pk=answer.id)
    assert (reported_answer.reported, reported_answer.report_count, reported_answer.reviewed_at) == (True, 3, None)
    question = Question.objects.get(pk=answer.question_id)
    assert (question.reported, question.report_count, question.reviewed_at) == (True, 1, None)


def test_a_moderator_finds_a_reported_answer_removes_it_then_restores_it(api_client, answer):
    """The issue's "done when": each step seen through the admin and through the API."""
    client = logged_in(moderator())
    question = answer.question
    api_client.put(f"/qa/answers/{answer.id}/report")
    queue = client.get(reverse("admin:answers_answer_changelist"))
    assert [listed.id for listed in queue.context["cl"].result_list] == [answer.id]
    assert answer_ids(api_client, question) == []  # read, and cached, while hidden

    assert act(client, "answers_answer", "answer_restore", answer.id) == ["Restored 1 answer."]
    assert answer_ids(api_client, question) == [answer.id]
    assert str(answer.id) in question_list(api_client)[0]["answers"]

    assert act(client, "answers_answer", "answer_remove", answer.id) == ["Removed 1 answer."]
    assert answer_ids(api_client, question) == []
    assert question_list(api_client)[0]["answers"] == {}
    assert Answer.objects.filter(pk=answer.id).exists()

    assert act(client, "answers_answer", "answer_restore", answer.id) == ["Restored 1 answer."]
    assert answer_ids(api_client, question) == [answer.id]
    assert LogEntry.objects.filter(object_id=str(answer.id)).count() == 3


def test_marking_an_answer_reviewed_leaves_it_hidden(api_client, answer):
    client = logged_in(moderator())
    api_client.put(f"/qa/answers/{answer.id}/report")
    answer_ids(api_client, answer.question)

    assert act(client, "answers_answer", "answer_mark_reviewed", answer.id) == ["Marked 1 answer as reviewed."]
    assert answer_ids(api_client, answer.question) == []


def test_removing_a_question_hides_it_and_its_answers_and_restoring_brings_them_back(api_client, answer):
    client = logged_in(moderator())
    question = answer.question
    assert [listed["question_id"] for listed in question_list(api_client)] == [question.id]
    assert answer_ids(api_client, question) == [answer.id]

    assert act(client, "questions_question", "question_remove", question.id) == ["Removed 1 question."]
    assert question_list(api_client) == []
    assert api_client.get(f"/qa/questions/{question.id}/answers").status_code == 404

    assert act(client, "questions_question", "question_restore", question.id) == ["Restored 1 question."]
    assert [listed["question_id"] for listed in question_list(api_client)] == [question.id]
    assert answer_ids(api_client, question) == [answer.id]


def test_marking_a_question_reviewed_leaves_it_hidden(api_client, answer):
    client = logged_in(moderator())
    api_client.put(f"/qa/questions/{answer.question_id}/report")
    question_list(api_client)

    assert act(client, "questions_question", "question_mark_reviewed", answer.question_id) == [
        "Marked 1 question as reviewed."
    ]
    assert question_list(api_client) == []
