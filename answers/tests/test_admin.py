"""The answers' and photos' admin, driven through Django's test client as a moderator and as plain staff."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from answers.models import Answer
from questions.tests.admin_users import logged_in, moderator, plain_staff

CHANGELIST = reverse("admin:answers_answer_changelist")
PHOTOS = reverse("admin:answers_answerphoto_changelist")


def listed_ids(client, url: str = CHANGELIST, **params: str) -> list[int]:
    response = client.get(url, params)
    assert response.status_code == 200
    return [item.id for item in response.context["cl"].result_list]


def act(client, action: str, *answers: Answer, status: str = "all"):
    """Post the changelist's action form as a browser does, from the list at `status`."""
    return client.post(
        f"{CHANGELIST}?status={status}",
        {"action": action, "index": 0, "_selected_action": [answer.id for answer in answers]},
        follow=True,
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def reported(answer_factory) -> Answer:
    return answer_factory(reported=True, report_count=2)


def test_the_changelist_opens_on_reported_answers_with_their_question(reported, answer_factory):
    answer_factory()

    response = logged_in(moderator()).get(CHANGELIST)

    assert [answer.id for answer in response.context["cl"].result_list] == [reported.id]
    assert str(reported.question) in response.content.decode()


def test_the_answers_questions_are_loaded_with_them_not_one_query_each(answer_factory):
    client = logged_in(moderator())
    answer_factory(reported=True)
    with CaptureQueriesContext(connection) as one_answer:
        client.get(CHANGELIST)
    answer_factory.create_batch(5, reported=True)

    with CaptureQueriesContext(connection) as six_answers:
        client.get(CHANGELIST)

    assert len(six_answers) == len(one_answer)


def test_a_number_finds_the_answer_and_the_answers_of_that_question_or_product(answer_factory, question_factory):
    client = logged_in(moderator())
    question = question_factory(product_id=7070)
    of_question = answer_factory(question=question)
    other = answer_factory()

    assert listed_ids(client, q=str(other.id)) == [other.id]
    assert listed_ids(client, q=str(question.id)) == [of_question.id]
    assert listed_ids(client, q="7070") == [of_question.id]


def test_words_search_the_text_of_a_questions_answers(answer_factory, question_factory):
    question = question_factory()
    scam = answer_factory(question=question, body="This is a SCAM, buy elsewhere")
    answer_factory(question=question, body="Fits well.")

    assert listed_ids(logged_in(moderator()), q=f"{question.id} scam") == [scam.id]


def test_restore_and_remove_change_the_answer_say_how_many_and_log_it(reported):
    user = moderator()
    client = logged_in(user)

    removed = act(client, "answer_remove", reported)
    removed_state = Answer.objects.values_list("reported", "removed").get(pk=reported.id)
    restored = act(client, "answer_restore", reported, status="removed")
    restored_answer = Answer.objects.get(pk=reported.id)

    assert messages_of(removed) == ["Removed 1 answer."]
    assert removed_state == (True, True)
    assert messages_of(restored) == ["Restored 1 answer."]
    assert (restored_answer.reported, restored_answer.removed, restored_answer.report_count) == (False, False, 2)
    log = LogEntry.objects.filter(user=user, object_id=str(reported.id)).order_by("id")
    assert [entry.change_message for entry in log] == ["answer_remove", "answer_restore"]


def test_mark_reviewed_takes_the_answer_out_of_the_queue(reported):
    client = logged_in(moderator())

    response = act(client, "answer_mark_reviewed", reported, status="queue")

    assert messages_of(response) == ["Marked 1 answer as reviewed."]
    assert listed_ids(client) == []
    assert Answer.objects.values_list("reported", "removed").get(pk=reported.id) == (True, False)


def test_plain_staff_see_no_action_and_cannot_run_one(reported):
    client = logged_in(plain_staff())

    response = client.get(CHANGELIST)
    act(client, "answer_remove", reported)

    assert response.context["action_form"] is None
    assert not Answer.objects.get(pk=reported.id).removed


def test_the_change_page_shows_the_question_the_photos_and_the_email(reported, photo_factory):
    photo = photo_factory(answer=reported)

    page = logged_in(moderator()).get(reverse("admin:answers_answer_change", args=[reported.id])).content.decode()

    assert reported.question.body in page
    assert str(reported.question.product_id) in page
    assert photo.url in page
    assert reported.answerer_email in page
    assert "Save" not in page


def test_photos_are_found_by_their_answer(photo_factory):
    photo = photo_factory()
    photo_factory()

    assert listed_ids(logged_in(moderator()), PHOTOS, q=str(photo.answer_id)) == [photo.id]
