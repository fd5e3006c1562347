"""An answer or question hidden before its email leaves is left out of it; with nothing left, nothing is sent."""

import pytest
from django.core import mail

from answers.models import Answer
from answers.services import answer_moderate
from management.moderators import moderator_create
from notifications.models import Notification, NotificationStatus
from notifications.tests.support import answer, send_due, time_passes
from posts.moderation import Decision


def remove(answer_id: int) -> None:
    moderator = moderator_create(username="moderator")[0]
    answer_moderate(queryset=Answer.objects.filter(pk=answer_id), decision=Decision.REMOVE, user=moderator)


def test_a_reported_answer_is_left_out_of_its_email(api_client, question_factory):
    question = question_factory()
    kept = answer(api_client, question.id, "A helpful answer.")
    reported = answer(api_client, question.id, "Spam, spam, spam.")

    assert api_client.put(f"/qa/answers/{reported}/report").status_code == 204
    time_passes()
    send_due()

    assert len(mail.outbox) == 1
    assert "A helpful answer." in mail.outbox[0].body
    assert "Spam" not in mail.outbox[0].body
    assert mail.outbox[0].subject.endswith("has a new answer")
    notification = Notification.objects.get()
    assert (notification.status, notification.detail) == (
        NotificationStatus.SENT,
        "1 answer(s) hidden by moderation left out.",
    )
    assert sorted(notification.answers.values_list("id", flat=True)) == [kept, reported]


def test_a_removed_answer_is_left_out_of_its_email(api_client, question_factory):
    question = question_factory()
    answer(api_client, question.id, "A helpful answer.")
    removed = answer(api_client, question.id, "Rude words.")

    remove(removed)
    time_passes()
    send_due()

    assert [("Rude" in email.body, "A helpful answer." in email.body) for email in mail.outbox] == [(False, True)]


@pytest.mark.parametrize("hide", ["report", "remove"])
def test_a_notification_whose_answers_are_all_hidden_is_skipped_not_sent(api_client, question_factory, hide):
    question = question_factory()
    hidden = answer(api_client, question.id, "Spam.")
    if hide == "report":
        api_client.put(f"/qa/answers/{hidden}/report")
    else:
        remove(hidden)

    time_passes()
    send_due()

    assert mail.outbox == []
    notification = Notification.objects.get()
    assert (notification.status, notification.detail, notification.sent_at) == (
        NotificationStatus.SKIPPED,
        "Every answer was reported or removed.",
        None,
    )


def test_a_notification_of_a_reported_question_is_skipped(api_client, question_factory):
    question = question_factory()
    answer(api_client, question.id)

    api_client.put(f"/qa/questions/{question.id}/report")
    time_passes()
    send_due()

    assert mail.outbox == []
    assert Notification.objects.get().detail == "The question was reported or removed."


def test_an_answer_restored_before_the_email_leaves_is_in_it(api_client, question_factory):
    question = question_factory()
    restored = answer(api_client, question.id, "Reported by mistake.")
    api_client.put(f"/qa/answers/{restored}/report")
    moderator = moderator_create(username="moderator")[0]
    answer_moderate(queryset=Answer.objects.filter(pk=restored), decision=Decision.RESTORE, user=moderator)

    time_passes()
    send_due()

    assert ["Reported by mistake." in email.body for email in mail.outbox] == [True]
