"""The guarantee when a worker dies between sending an email and marking it sent: at least once. A real worker
process is killed with SIGKILL in the middle of its run, after its mail server took an email and before it could
mark it; the next worker sends that email again, with the same Message-ID, and every other one exactly once."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.db.models.functions import Now

from answers.services import answer_create
from notifications.models import Notification, NotificationStatus
from notifications.tests.backends import message_ids, recorded
from notifications.tests.support import send_due, time_passes

# The worker as `manage.py send_notifications --once` runs it, but with the recording backend.
WORKER = """
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
settings.EMAIL_BACKEND = "notifications.tests.backends.RecordThenHangBackend"
call_command("send_notifications", "--once")
"""


def database_url() -> str:
    """The test database's URL, for a process of its own."""
    config = connection.settings_dict
    credentials = quote(config["USER"] or "") + (f":{quote(config['PASSWORD'])}" if config["PASSWORD"] else "")
    host = config["HOST"] or ""
    if host.startswith("/"):  # a Unix socket's directory (make test's embedded PostgreSQL)
        return f"postgres://{credentials}@/{config['NAME']}?host={host}"
    return f"postgres://{credentials}@{host or 'localhost'}:{config['PORT'] or 5432}/{config['NAME']}"


def parsed(email: bytes) -> EmailMessage:
    """The email as a mail client reads it (headers unfolded)."""
    return message_from_bytes(email, policy=policy.default)


def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"no {what} within {seconds} s"
        time.sleep(0.05)


@pytest.fixture
def three_due(question_factory) -> list[Notification]:
    """Three notifications, committed, due one after the other (the first for longest)."""
    for number in range(3):
        question = question_factory(asker_email=f"asker{number}@example.com")
        answer_create(question=question, body=f"Answer {number}.", answerer_name="s", answerer_email="s@example.com")
    notifications = list(Notification.objects.order_by("id"))
    for number, notification in enumerate(notifications):
        Notification.objects.filter(pk=notification.pk).update(next_attempt_at=Now() - timedelta(minutes=3 - number))
    return notifications


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_after_sending_leaves_its_email_to_be_sent_again_with_the_same_message_id(
    three_due, tmp_path: Path
):
    first, second, third = (notification.message_id for notification in three_due)
    record = tmp_path / "sent.eml"
    errors = tmp_path / "worker.err"
    environment = os.environ | {
        "DJANGO_SETTINGS_MODULE": "qa_project.settings.test",
        "DATABASE_URL": database_url(),
        "NOTIFICATION_TEST_RECORD": str(record),
        "NOTIFICATION_TEST_HANG_AFTER": "2",
    }
    with errors.open("wb") as error_log:
        worker = subprocess.Popen(
            [sys.executable, "-c", WORKER],
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=error_log,
        )
        try:
            # Its second email has left; it hangs before marking it sent.
            wait_for(lambda: len(recorded(str(record))) == 2 or worker.poll() is not None, 60, "second email")
            assert worker.poll() is None, errors.read_text()
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)

    killed_sent = [str(parsed(email)["Message-ID"]).strip() for email in recorded(str(record))]
    assert killed_sent == [first, second]
    statuses = dict(Notification.objects.values_list("message_id", "status"))
    assert statuses == {first: NotificationStatus.SENT, second: NotificationStatus.SENDING, third: "queued"}

    # The next worker sends what the dead one never claimed, but not what it holds while its lease lasts...
    send_due()
    assert message_ids() == [third]
    # ...and once the lease has run out (NOTIFICATION_CLAIM_SECONDS), it takes that over too.
    time_passes()
    send_due()

    assert message_ids() == [third, second]  # the email the dead worker sent, again, under the same Message-ID
    again, first_copy = mail.outbox[1].message(), parsed(recorded(str(record))[1])
    assert (again["To"], again["Subject"]) == (first_copy["To"], first_copy["Subject"])
    assert set(Notification.objects.values_list("status", flat=True)) == {NotificationStatus.SENT}
    assert dict(Notification.objects.values_list("message_id", "attempts")) == {first: 1, second: 2, third: 1}
