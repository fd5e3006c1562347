"""The answers' and photos' admin, driven through Django's test client as a moderator and as plain staff."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from answers.models import Answer
from posts.models import Status
from tests.admin_users import logged_in, moderator, plain_staff

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
    assert reported.question.body in response.content.decode()


def test_the_queue_shows_what_a_decision_needs_in_columns_a_1366_px_screen_holds(answer_factory, question_factory):
    """The answer, its question and product, its reports, status and date; texts cut short, emails left out."""
    question = question_factory(product_id=4242, body="Q" * 300)
    answer_factory(question=question, reported=True, report_count=7, body="A" * 1000)

    response = logged_in(moderator()).get(CHANGELIST)

    changelist = response.context["cl"]
    assert list(changelist.list_display) == [
        "action_checkbox",
        "id",
        "body_excerpt",
        "question_excerpt",
        "product_id",
        "report_count",
        "status",
        "date",
    ]
    page = response.content.decode()
    assert "A" * 60 not in page
    assert "Q" * 60 not in page
    assert '<td class="field-product_id">4242</td>' in page
    assert '<td class="field-report_count">7</td>' in page
    assert '<td class="field-date">2020-07-05 09:12</td>' in page
    assert question.asker_email not in page


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
    # Ids far apart, so no number names two things by chance.
    question = question_factory(id=910_001, product_id=7070)
    of_question = answer_factory(id=920_001, question=question)
    other = answer_factory(id=920_002, question=question_factory(id=910_002))

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

    removed = act(client, "remove", reported)
    removed_status = Answer.objects.get(pk=reported.id).status
    restored = act(client, "restore", reported, status="removed")
    restored_answer = Answer.objects.get(pk=reported.id)

    assert messages_of(removed) == ["Removed 1 answer."]
    assert removed_status == Status.REMOVED
    assert messages_of(restored) == ["Restored 1 answer."]
    assert (restored_answer.status, restored_answer.report_count) == (Status.PUBLISHED, 2)
    assert restored_answer.reviewed_at is not None
    log = LogEntry.objects.filter(user=user, object_id=str(reported.id)).order_by("id")
    assert [entry.change_message for entry in log] == [
        "remove: reported → removed",
        "restore: removed → published",
    ]


def test_plain_staff_see_no_action_and_cannot_run_one(reported):
    client = logged_in(plain_staff())

    response = client.get(CHANGELIST)
    act(client, "remove", reported)

    assert response.context["action_form"] is None
    assert Answer.objects.get(pk=reported.id).status == Status.REPORTED


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
