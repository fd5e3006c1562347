"""What moderation does to the API: a report only hides, a removal hides for good, a restore shows again.

The lists are read before each step, so a stale cached document would show: writes must commit for the
cache invalidation to run.
"""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.urls import reverse

from answers.models import Answer
from posts.models import Status
from questions.models import Question
from tests.admin_users import logged_in, moderator

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


def test_reporting_counts_and_never_deletes(api_client, answer):
    responses = [api_client.put(f"/qa/answers/{answer.id}/report") for _ in range(2)]
    api_client.put(f"/qa/questions/{answer.question_id}/report")

    assert [response.status_code for response in responses] == [204, 204]
    reported_answer = Answer.objects.get(pk=answer.id)
    assert (reported_answer.status, reported_answer.report_count) == (Status.REPORTED, 2)
    question = Question.objects.get(pk=answer.question_id)
    assert (question.status, question.report_count) == (Status.REPORTED, 1)


@pytest.mark.parametrize(("model", "kind"), [(Question, "questions"), (Answer, "answers")])
def test_reporting_a_removed_post_again_changes_nothing_and_keeps_it_out_of_the_queue(api_client, answer, model, kind):
    client = logged_in(moderator())
    post = answer.question if model is Question else answer
    api_client.put(f"/qa/{kind}/{post.id}/report")
    act(client, model._meta.label_lower.replace(".", "_"), "remove", post.id)

    responses = [api_client.put(f"/qa/{kind}/{post.id}/report") for _ in range(2)]

    assert [response.status_code for response in responses] == [204, 204]
    removed = model.objects.get(pk=post.id)
    assert (removed.status, removed.report_count) == (Status.REMOVED, 1)
    queue = client.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
    assert list(queue.context["cl"].result_list) == []


def test_a_restored_answer_reported_again_goes_back_to_the_queue(api_client, answer):
    client = logged_in(moderator())
    api_client.put(f"/qa/answers/{answer.id}/report")
    act(client, "answers_answer", "restore", answer.id)

    api_client.put(f"/qa/answers/{answer.id}/report")

    queue = client.get(reverse("admin:answers_answer_changelist"))
    assert [queued.id for queued in queue.context["cl"].result_list] == [answer.id]
    assert answer_ids(api_client, answer.question) == []
    assert Answer.objects.get(pk=answer.id).report_count == 2


@pytest.mark.parametrize("status", [Status.REPORTED, Status.REMOVED])
def test_helpful_votes_on_hidden_posts_are_404s_and_count_nothing(api_client, answer, status):
    question = answer.question
    hidden_question = Question.objects.create(
        product_id=PRODUCT_ID,
        body="hidden?",
        asker_name="a",
        asker_email="a@example.com",
        status=status,
        report_count=1,
    )
    Answer.objects.filter(pk=answer.id).update(status=status, report_count=1)
    answer_of_hidden_question = Answer.objects.create(
        question=hidden_question, body="shown?", answerer_name="b", answerer_email="b@example.com"
    )

    responses = [
        api_client.put(f"/qa/answers/{answer.id}/helpful"),
        api_client.put(f"/qa/questions/{hidden_question.id}/helpful"),
        api_client.put(f"/qa/answers/{answer_of_hidden_question.id}/helpful"),
    ]

    assert [(response.status_code, response.json()) for response in responses] == [(404, {"detail": "Not found."})] * 3
    assert Answer.objects.get(pk=answer.id).helpfulness == 0
    assert Question.objects.get(pk=hidden_question.id).helpfulness == 0
    assert Answer.objects.get(pk=answer_of_hidden_question.id).helpfulness == 0
    assert api_client.put(f"/qa/questions/{question.id}/helpful").status_code == 204


def test_a_moderator_finds_a_reported_answer_removes_it_then_restores_it(api_client, answer):
    """The issue's "done when": each step seen through the admin and through the API."""
    client = logged_in(moderator())
    question = answer.question
    api_client.put(f"/qa/answers/{answer.id}/report")
    queue = client.get(reverse("admin:answers_answer_changelist"))
    assert [listed.id for listed in queue.context["cl"].result_list] == [answer.id]
    assert answer_ids(api_client, question) == []  # read, and cached, while hidden

    assert act(client, "answers_answer", "restore", answer.id) == ["Restored 1 answer."]
    assert answer_ids(api_client, question) == [answer.id]
    assert str(answer.id) in question_list(api_client)[0]["answers"]

    assert act(client, "answers_answer", "remove", answer.id) == ["Removed 1 answer."]
    assert answer_ids(api_client, question) == []
    assert question_list(api_client)[0]["answers"] == {}
    assert Answer.objects.filter(pk=answer.id).exists()

    assert act(client, "answers_answer", "restore", answer.id) == ["Restored 1 answer."]
    assert answer_ids(api_client, question) == [answer.id]
    assert LogEntry.objects.filter(object_id=str(answer.id)).count() == 3


def test_removing_a_question_hides_it_and_its_answers_and_restoring_brings_them_back(api_client, answer):
    client = logged_in(moderator())
    question = answer.question
    assert [listed["question_id"] for listed in question_list(api_client)] == [question.id]
    assert answer_ids(api_client, question) == [answer.id]

    assert act(client, "questions_question", "remove", question.id) == ["Removed 1 question."]
    assert question_list(api_client) == []
    assert api_client.get(f"/qa/questions/{question.id}/answers").status_code == 404

    assert act(client, "questions_question", "restore", question.id) == ["Restored 1 question."]
    assert [listed["question_id"] for listed in question_list(api_client)] == [question.id]
    assert answer_ids(api_client, question) == [answer.id]
