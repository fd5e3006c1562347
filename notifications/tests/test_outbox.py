"""The outbox: a notification is written in its answer's transaction, batches the answers of a window, and leaves
only when it is due."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction

from answers.models import Answer
from answers.services import answer_create
from notifications.models import Notification, NotificationAnswer, NotificationStatus
from notifications.tests.backends import message_ids
from notifications.tests.support import answer, send_due, time_passes


def test_an_answer_queues_a_notification_to_the_asker_due_when_its_window_closes(
    api_client, question_factory, settings
):
    settings.NOTIFICATION_WINDOW_SECONDS = 600
    question = question_factory(asker_email="asker@example.com")

    answer_id = answer(api_client, question.id)

    notification = Notification.objects.get()
    assert (notification.question_id, notification.recipient, notification.status, notification.attempts) == (
        question.id,
        "asker@example.com",
        NotificationStatus.QUEUED,
        0,
    )
    assert list(notification.answers.values_list("id", flat=True)) == [answer_id]
    assert notification.next_attempt_at - notification.created_at == timedelta(seconds=600)
    assert notification.message_id.startswith("<")
    assert notification.message_id.endswith("@localhost>")


def test_an_answer_rolled_back_leaves_no_notification_and_no_email(question_factory, monkeypatch):
    question = question_factory()

    def invalidation_fails(**ids: int) -> None:
        raise RuntimeError("the last step of answer_create fails")

    # The answer's own transaction fails after the notification was written: both are rolled back.
    monkeypatch.setattr("answers.services.lists_showing_answer_invalidate", invalidation_fails)
    with pytest.raises(RuntimeError):
        answer_create(question=question, body="Yes.", answerer_name="s", answerer_email="s@example.com")
    time_passes()
    send_due()

    assert not Answer.objects.exists()
    assert not Notification.objects.exists()
    assert not NotificationAnswer.objects.exists()
    assert mail.outbox == []


def test_a_notification_rolled_back_with_an_enclosing_transaction_is_not_sent(question_factory):
    question = question_factory()

    def answer_then_fail() -> None:
        with transaction.atomic():
            answer_create(question=question, body="Yes.", answerer_name="s", answerer_email="s@example.com")
            raise RuntimeError("the caller's transaction fails after the answer")

    with pytest.raises(RuntimeError):
        answer_then_fail()
    time_passes()
    send_due()

    assert (Notification.objects.count(), mail.outbox) == (0, [])


def test_nothing_is_sent_before_the_window_closes(api_client, question_factory):
    answer(api_client, question_factory().id)

    send_due()

    assert mail.outbox == []
    assert Notification.objects.get().status == NotificationStatus.QUEUED


def test_answers_within_the_window_go_out_as_one_email_and_a_later_one_as_another(api_client, question_factory):
    question = question_factory(asker_email="asker@example.com")
    first = answer(api_client, question.id, "First answer.")
    second = answer(api_client, question.id, "Second answer.")

    time_passes()
    send_due()

    first_email = Notification.objects.get()
    assert list(first_email.answers.order_by("id").values_list("id", flat=True)) == [first, second]
    assert len(mail.outbox) == 1
    assert "First answer." in mail.outbox[0].body
    assert "Second answer." in mail.outbox[0].body
    assert mail.outbox[0].subject == f"Your question about product {question.product_id} has 2 new answers"

    third = answer(api_client, question.id, "Third answer.")
    time_passes()
    send_due()

    later = Notification.objects.exclude(pk=first_email.pk).get()
    assert list(later.answers.values_list("id", flat=True)) == [third]
    assert len(mail.outbox) == 2
    assert "Third answer." in mail.outbox[1].body
    assert "First answer." not in mail.outbox[1].body
    assert message_ids() == [first_email.message_id, later.message_id]
    assert set(Notification.objects.values_list("status", flat=True)) == {NotificationStatus.SENT}


def test_answers_to_different_questions_are_different_emails(api_client, question_factory):
    answer(api_client, question_factory(asker_email="one@example.com").id)
    answer(api_client, question_factory(asker_email="two@example.com").id)

    time_passes()
    send_due()

    assert sorted(email.to[0] for email in mail.outbox) == ["one@example.com", "two@example.com"]


@pytest.mark.parametrize("placeholder", ["null", "NULL", "not an address"])
def test_the_legacy_null_placeholder_and_invalid_addresses_queue_nothing(api_client, question_factory, placeholder):
    answer(api_client, question_factory(asker_email=placeholder).id)

    time_passes()
    send_due()

    assert (Notification.objects.count(), mail.outbox) == (0, [])


def test_an_answer_joining_a_notification_being_sent_starts_a_new_one(api_client, question_factory):
    question = question_factory()
    answer(api_client, question.id)
    claimed = Notification.objects.get()
    Notification.objects.filter(pk=claimed.pk).update(status=NotificationStatus.SENDING)

    answer(api_client, question.id)

    assert Notification.objects.count() == 2
    assert Notification.objects.exclude(pk=claimed.pk).get().status == NotificationStatus.QUEUED
