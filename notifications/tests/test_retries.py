"""Failed attempts are retried with exponential backoff, and given up (failed, logged) after the limit."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from prometheus_client import REGISTRY

from notifications.models import Notification, NotificationStatus
from notifications.services import retry_delay
from notifications.tests.backends import FailingBackend
from notifications.tests.support import answer, send_due, time_passes


@pytest.fixture
def failing(settings):
    """The email backend fails as many times as the test says, as a mail server that is down would."""
    settings.EMAIL_BACKEND = "notifications.tests.backends.FailingBackend"
    settings.NOTIFICATION_RETRY_BASE_SECONDS = 60
    settings.NOTIFICATION_RETRY_MAX_SECONDS = 3600
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    yield FailingBackend
    FailingBackend.failures = 0
    FailingBackend.error = ConnectionRefusedError(111, "Connection refused")


def attempt() -> Notification:
    """Let the notification fall due, run the worker once, and return the notification as it left it."""
    time_passes()
    send_due()
    return Notification.objects.get()


def counted(name: str) -> float:
    return REGISTRY.get_sample_value(f"qa_notifications_{name}_total") or 0.0


def test_a_failed_attempt_is_retried_after_a_doubling_backoff_until_it_is_sent(
    api_client, question_factory, failing, django_capture_on_commit_callbacks
):
    failing.failures = 2
    answer(api_client, question_factory().id)
    retried = counted("retried")

    with django_capture_on_commit_callbacks(execute=True):
        first = attempt()
    assert (first.status, first.attempts, first.detail) == (
        NotificationStatus.RETRYING,
        1,
        "ConnectionRefusedError: [Errno 111] Connection refused",
    )
    assert first.next_attempt_at - first.updated_at == timedelta(seconds=60)

    with django_capture_on_commit_callbacks(execute=True):
        second = attempt()
    assert (second.status, second.attempts) == (NotificationStatus.RETRYING, 2)
    assert second.next_attempt_at - second.updated_at == timedelta(seconds=120)
    assert mail.outbox == []

    third = attempt()
    assert (third.status, third.attempts, third.sent_at is not None) == (NotificationStatus.SENT, 3, True)
    assert len(mail.outbox) == 1
    assert counted("retried") - retried == 2


def test_a_retry_waits_for_its_backoff(api_client, question_factory, failing):
    failing.failures = 1
    answer(api_client, question_factory().id)
    attempt()

    send_due()  # the backoff has not passed

    assert (Notification.objects.get().attempts, mail.outbox) == (1, [])


def test_after_the_last_attempt_fails_the_notification_is_given_up_and_logged(
    api_client, question_factory, failing, caplog, django_capture_on_commit_callbacks
):
    failing.failures = 99
    answer(api_client, question_factory().id)
    failed = counted("failed")

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            notification = attempt()

    assert (notification.status, notification.attempts) == (NotificationStatus.FAILED, 3)
    assert notification.detail == "ConnectionRefusedError: [Errno 111] Connection refused"
    assert counted("failed") - failed == 1
    assert [record.getMessage() for record in caplog.records if record.levelname == "ERROR"] == [
        f"notification {notification.id}: attempt 3 failed (ConnectionRefusedError), given up"
    ]
    attempt()  # no more attempts
    assert (Notification.objects.get().attempts, failing.failures) == (3, 96)


def test_an_address_the_mail_server_refuses_for_good_fails_at_once(api_client, question_factory, failing):
    failing.failures = 99
    failing.error = smtplib.SMTPRecipientsRefused({"asker@example.com": (550, b"5.1.1 No such user")})
    answer(api_client, question_factory(asker_email="asker@example.com").id)

    notification = attempt()

    assert (notification.status, notification.attempts) == (NotificationStatus.FAILED, 1)
    assert "No such user" in notification.detail


def test_a_temporary_refusal_is_retried(api_client, question_factory, failing):
    failing.failures = 1
    failing.error = smtplib.SMTPRecipientsRefused({"asker@example.com": (450, b"4.2.0 Mailbox busy")})
    answer(api_client, question_factory(asker_email="asker@example.com").id)

    assert attempt().status == NotificationStatus.RETRYING
    assert attempt().status == NotificationStatus.SENT


def test_a_notification_whose_workers_all_died_is_given_up(api_client, question_factory, failing):
    answer(api_client, question_factory().id)
    # Three workers claimed it and died before marking anything.
    Notification.objects.update(status=NotificationStatus.SENDING, attempts=3)

    notification = attempt()

    assert (notification.status, mail.outbox) == (NotificationStatus.FAILED, [])
    assert notification.detail == "Given up: the workers of its last 3 attempts stopped."


def test_the_backoff_doubles_from_its_base_up_to_its_cap(settings):
    settings.NOTIFICATION_RETRY_BASE_SECONDS = 60
    settings.NOTIFICATION_RETRY_MAX_SECONDS = 3600

    assert [retry_delay(attempt).total_seconds() for attempt in range(1, 10)] == [
        60,
        120,
        240,
        480,
        960,
        1920,
        3600,
        3600,
        3600,
    ]
