"""Email backends for the tests: one that fails a number of times first, one that waits for another worker, and
one that records each email to a file and then hangs (the worker-crash test kills the process it runs in)."""

import os
import threading
import time
from collections.abc import Sequence

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as MemoryBackend
from django.core.mail.message import EmailMessage


class FailingBackend(MemoryBackend):
    """Raises `error` for the first `failures` emails (of all its instances), then keeps them in mail.outbox."""

    failures = 0
    error: Exception = ConnectionRefusedError(111, "Connection refused")

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        if FailingBackend.failures > 0:
            FailingBackend.failures -= 1
            raise FailingBackend.error
        return super().send_messages(messages)


class MeetingBackend(MemoryBackend):
    """Each thread's first email waits until `parties` threads are sending one at the same time."""

    barrier: threading.Barrier
    met = threading.local()

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        if not getattr(MeetingBackend.met, "done", False):
            MeetingBackend.met.done = True
            MeetingBackend.barrier.wait(timeout=30)
        return super().send_messages(messages)


class RecordThenHangBackend(MemoryBackend):
    """Appends each email to the file NOTIFICATION_TEST_RECORD, then, at the NOTIFICATION_TEST_HANG_AFTER-th, hangs:
    the email has left, and the worker never gets to mark it sent."""

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        record = os.environ["NOTIFICATION_TEST_RECORD"]
        for message in messages:
            with open(record, "ab") as file:
                file.write(message.message().as_bytes() + b"\n\0\n")
                file.flush()
                os.fsync(file.fileno())
        if len(recorded(record)) >= int(os.environ["NOTIFICATION_TEST_HANG_AFTER"]):
            while True:
                time.sleep(60)
        return len(messages)


def recorded(path: str) -> list[bytes]:
    """The emails RecordThenHangBackend has written to `path`."""
    try:
        with open(path, "rb") as file:
            return [email for email in file.read().split(b"\n\0\n") if email]
    except FileNotFoundError:
        return []


def message_ids() -> list[str]:
    """The Message-ID header of each email in mail.outbox, in the order they were sent."""
    return [email.message()["Message-ID"] for email in mail.outbox]
