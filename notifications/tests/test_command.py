"""`manage.py send_notifications`: --once drains what is due; the long-running worker polls until stopped."""

import threading
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models.functions import Now

from answers.services import answer_create
from notifications.models import Notification
from notifications.tests.support import answer, time_passes
from notifications.worker import NotificationWorker
from tests.outage import unreachable


def test_once_sends_what_is_due_and_says_what_it_did(api_client, question_factory, capsys):
    for _ in range(3):
        answer(api_client, question_factory().id)
    answer(api_client, question_factory(asker_email="later@example.com").id)
    Notification.objects.exclude(recipient="later@example.com").update(next_attempt_at=Now())

    call_command("send_notifications", "--once")

    assert capsys.readouterr().out == "Notifications: sent 3, skipped 0, retrying 0, failed 0\n"
    assert len(mail.outbox) == 3


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_notifications_as_they_fall_due_until_it_is_stopped(question_factory):
    worker = NotificationWorker(poll_seconds=0.05)
    thread = threading.Thread(target=worker.run)
    thread.start()
    try:
        question = question_factory()
        answer_create(question=question, body="Yes.", answerer_name="s", answerer_email="s@example.com")
        time.sleep(0.2)
        assert mail.outbox == []  # its window is open
        time_passes()
        deadline = time.monotonic() + 10
        while not mail.outbox and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        worker.stop()
        thread.join(timeout=10)

    assert not thread.is_alive()
    assert [email.to for email in mail.outbox] == [[question.asker_email]]


@pytest.mark.django_db(transaction=True)
def test_once_without_the_database_fails_with_a_one_line_reason():
    with unreachable("default"), pytest.raises(CommandError, match=r"^The database did not answer: ") as raised:
        call_command("send_notifications", "--once")

    assert "\n" not in str(raised.value)


def test_the_poll_interval_must_be_positive(db):
    with pytest.raises(CommandError, match="--poll-seconds must be positive"):
        call_command("send_notifications", "--poll-seconds", "0")
