"""Several workers at once: each notification is claimed by one of them, none waits for another, none is sent
twice; a worker whose claim was taken over changes nothing."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models.functions import Now

from answers.services import answer_create
from management.tests.live_support import other_session
from notifications.models import Notification, NotificationStatus
from notifications.services import Claim, notification_claim, notification_mark_sent, notification_mark_unsent
from notifications.tests.backends import MeetingBackend, message_ids
from notifications.tests.support import answer, time_passes
from notifications.worker import Totals, notifications_send_due


def queue_due(question_factory, count: int) -> list[Notification]:
    for number in range(count):
        question = question_factory(asker_email=f"asker{number}@example.com")
        answer_create(question=question, body="Yes.", answerer_name="s", answerer_email="s@example.com")
    for number, notification in enumerate(Notification.objects.order_by("id")):
        Notification.objects.filter(pk=notification.pk).update(next_attempt_at=Now() - timedelta(minutes=60 - number))
    return list(Notification.objects.order_by("id"))


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_every_notification_exactly_once(question_factory, settings):
    notifications = queue_due(question_factory, 6)
    settings.EMAIL_BACKEND = "notifications.tests.backends.MeetingBackend"
    # Each worker's first email waits for the other's: they are sending at the same time.
    MeetingBackend.barrier = threading.Barrier(2)
    totals: list[Totals] = []

    def worker() -> None:
        try:
            totals.append(notifications_send_due())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not MeetingBackend.barrier.broken
    assert sorted(message_ids()) == sorted(notification.message_id for notification in notifications)
    assert sorted(total.sent for total in totals) != [0, 6]  # both sent
    assert sum(total.sent for total in totals) == 6
    assert set(Notification.objects.values_list("status", "attempts")) == {(NotificationStatus.SENT, 1)}


@pytest.mark.django_db(transaction=True)
def test_a_claim_skips_a_notification_another_transaction_holds_without_waiting(question_factory):
    held, other = queue_due(question_factory, 2)
    with other_session() as session:
        # Another worker's claim (or an answer joining it) holds the most overdue notification.
        session.execute(f"SELECT 1 FROM {Notification._meta.db_table} WHERE id = %s FOR UPDATE", [held.pk])
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")  # waiting would fail the test rather than hang it
        try:
            claim = notification_claim()
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET lock_timeout")

    assert isinstance(claim, Claim)
    assert claim.notification_id == other.pk
    assert Notification.objects.get(pk=held.pk).status == NotificationStatus.QUEUED


def test_a_worker_whose_lease_ran_out_cannot_mark_the_notification_another_has_claimed_since(
    api_client, question_factory
):
    answer(api_client, question_factory().id)
    time_passes()
    stalled = notification_claim()
    time_passes()  # its lease runs out: another worker claims the notification again
    current = notification_claim()
    assert isinstance(stalled, Claim)
    assert isinstance(current, Claim)

    assert (stalled.notification_id, stalled.attempt, current.attempt) == (current.notification_id, 1, 2)
    assert notification_mark_sent(claim=stalled) is False
    assert notification_mark_unsent(claim=stalled, error="late failure") is None
    assert Notification.objects.values_list("status", "attempts").get() == (NotificationStatus.SENDING, 2)
    assert notification_mark_sent(claim=current) is True
    assert Notification.objects.get().status == NotificationStatus.SENT
