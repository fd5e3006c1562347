"""The questions' admin, driven through Django's test client as a moderator and as plain staff."""

from datetime import UTC, datetime

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from posts.models import Status
from questions.models import Question
from tests.admin_users import logged_in, moderator, plain_staff

CHANGELIST = reverse("admin:questions_question_changelist")


def listed_ids(client, **params: str) -> list[int]:
    response = client.get(CHANGELIST, params)
    assert response.status_code == 200
    return [question.id for question in response.context["cl"].result_list]


def act(client, action: str, *questions: Question, status: str = "all"):
    """Post the changelist's action form as a browser does, from the list at `status`."""
    return client.post(
        f"{CHANGELIST}?status={status}",
        {"action": action, "index": 0, "_selected_action": [question.id for question in questions]},
        follow=True,
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def on(day: int) -> datetime:
    return datetime(2024, 5, day, 12, tzinfo=UTC)


@pytest.fixture
def questions(question_factory) -> dict[str, Question]:
    return {
        "old_report": question_factory(date_written=on(1), reported=True, report_count=3),
        "new_report": question_factory(date_written=on(3), reported=True, report_count=1),
        "restored": question_factory(date_written=on(4), report_count=1, reviewed_at=on(5)),
        "removed": question_factory(date_written=on(2), removed=True, report_count=1, reviewed_at=on(5)),
        "fine": question_factory(date_written=on(6), product_id=555),
    }


def test_the_changelist_opens_on_the_queue_newest_first_with_report_counts(questions):
    response = logged_in(moderator()).get(CHANGELIST)

    assert [question.id for question in response.context["cl"].result_list] == [
        questions["new_report"].id,
        questions["old_report"].id,
    ]
    assert "report_count" in response.context["cl"].list_display
    assert '<td class="field-report_count">3</td>' in response.content.decode()


def test_each_status_lists_its_questions_newest_first(questions):
    client = logged_in(moderator())

    assert listed_ids(client, status="queue") == [questions[name].id for name in ["new_report", "old_report"]]
    assert listed_ids(client, status="removed") == [questions["removed"].id]
    assert listed_ids(client, status="published") == [questions[name].id for name in ["fine", "restored"]]
    assert listed_ids(client, status="all") == [
        questions[name].id for name in ["fine", "restored", "new_report", "removed", "old_report"]
    ]


def test_the_date_filter_narrows_the_list(questions):
    ids = listed_ids(
        logged_in(moderator()),
        status="all",
        date_written__gte="2024-05-03 00:00:00+00:00",
        date_written__lt="2024-05-05 00:00:00+00:00",
    )

    assert ids == [questions["restored"].id, questions["new_report"].id]


def test_a_number_finds_the_question_with_that_id_or_of_that_product_reported_or_not(questions, question_factory):
    client = logged_in(moderator())
    numbered = question_factory(product_id=questions["fine"].id)

    assert listed_ids(client, q=str(questions["removed"].id)) == [questions["removed"].id]
    assert listed_ids(client, q="555") == [questions["fine"].id]
    assert listed_ids(client, q=str(questions["fine"].id)) == [questions["fine"].id, numbered.id]


def test_words_search_the_text_of_a_products_questions(question_factory):
    client = logged_in(moderator())
    waterproof = question_factory(product_id=9, body="Is it WATERPROOF in heavy rain?")
    question_factory(product_id=9, body="Does it run small?")
    question_factory(product_id=10, body="Is it waterproof?")

    assert listed_ids(client, q="9 waterproof rain") == [waterproof.id]


def test_words_alone_find_nothing_and_say_why(questions):
    response = logged_in(moderator()).get(CHANGELIST, {"q": "waterproof"})

    assert list(response.context["cl"].result_list) == []
    [message] = messages_of(response)
    assert message.startswith("Text is searched among the items of an id")


def test_no_page_counts_the_whole_table(questions):
    client = logged_in(moderator())

    with CaptureQueriesContext(connection) as queries:
        client.get(CHANGELIST, {"status": "all"})

    counts = [query["sql"] for query in queries if "COUNT(" in query["sql"].upper()]
    assert counts
    assert all("LIMIT" in sql for sql in counts)


def test_restore_shows_the_question_again_and_logs_who_did_it(questions):
    user = moderator()

    response = act(logged_in(user), "restore", questions["old_report"], questions["removed"], questions["fine"])

    assert messages_of(response) == ["Restored 2 questions."]
    for name in ["old_report", "removed"]:
        question = Question.objects.get(pk=questions[name].id)
        assert (question.status, question.reviewed_at is not None) == (Status.PUBLISHED, True)
    entries = LogEntry.objects.filter(user=user, action_flag=CHANGE).order_by("object_id")
    assert [(int(entry.object_id or 0), entry.change_message) for entry in entries] == [
        (questions["old_report"].id, "restore: reported → published"),
        (questions["removed"].id, "restore: removed → published"),
    ]


def test_remove_hides_the_question_for_good_and_keeps_it(questions):
    user = moderator()

    response = act(logged_in(user), "remove", questions["new_report"], questions["removed"])

    assert messages_of(response) == ["Removed 1 question."]
    question = Question.objects.get(pk=questions["new_report"].id)
    assert (question.status, question.report_count, question.reviewed_at is not None) == (Status.REMOVED, 1, True)
    [entry] = LogEntry.objects.filter(user=user)
    assert (entry.object_id, entry.change_message) == (str(question.id), "remove: reported → removed")


def test_an_action_on_too_many_questions_changes_nothing(questions, monkeypatch):
    monkeypatch.setattr("posts.admin.ACTION_ITEMS_MAX", 1)

    response = act(logged_in(moderator()), "remove", questions["old_report"], questions["new_report"])

    assert messages_of(response) == ["Select at most 1 items for one action; nothing was changed."]
    assert not Question.objects.filter(status=Status.REMOVED).exclude(pk=questions["removed"].id).exists()


def test_plain_staff_see_the_queue_but_no_action_and_cannot_run_one(questions):
    client = logged_in(plain_staff())

    response = client.get(CHANGELIST)
    acted = act(client, "remove", questions["new_report"])

    assert len(response.context["cl"].result_list) == 2
    assert response.context["action_form"] is None
    assert messages_of(acted) == []
    assert Question.objects.get(pk=questions["new_report"].id).status == Status.REPORTED
    assert not LogEntry.objects.exists()


def test_nobody_adds_edits_or_deletes_questions_here(questions, admin_user):
    question = questions["fine"]
    client = logged_in(admin_user)

    change_page = client.get(reverse("admin:questions_question_change", args=[question.id]))
    edit = client.post(reverse("admin:questions_question_change", args=[question.id]), {"body": "edited"})
    add = client.get(reverse("admin:questions_question_add"))
    delete = client.post(reverse("admin:questions_question_delete", args=[question.id]), {"post": "yes"})

    assert change_page.status_code == 200
    assert "Save" not in change_page.content.decode()
    assert (edit.status_code, add.status_code, delete.status_code) == (403, 403, 403)
    assert Question.objects.get(pk=question.id).body == question.body


def test_the_change_page_shows_the_email_and_links_the_answers(questions):
    question = questions["fine"]

    page = logged_in(moderator()).get(reverse("admin:questions_question_change", args=[question.id])).content.decode()

    assert question.asker_email in page
    assert f"/admin/answers/answer/?question__exact={question.id}&amp;status=all" in page
