"""The worker of `manage.py send_notifications`: claims the due notifications one at a time, sends each through
Django's email backend (EMAIL_URL), and marks what happened; see notifications/services.py for the guarantee.

One notification per claim: a worker that stops (or dies) holds at most the one it is sending, and several
workers share the queue without coordination. A failed attempt is retried after a backoff; a notification the
mail server refuses for good (every recipient refused with a 5xx) fails at once. A database that doesn't answer
stops nothing: the long-running worker tries again each poll.
"""

import logging
import smtplib
import threading
from collections.abc import Callable
from dataclasses import dataclass, fields

from django.core.mail import get_connection
from django.db import close_old_connections, connection

from notifications import metrics
from notifications.emails import notification_email
from notifications.models import NotificationStatus
from notifications.services import Claim, notification_claim, notification_mark_sent, notification_mark_unsent
from qa_project.exceptions import DATABASE_UNAVAILABLE_ERRORS

logger = logging.getLogger("qa.notifications")


@dataclass
class Totals:
    """What happened to the notifications a worker claimed."""

    sent: int = 0
    skipped: int = 0
    retrying: int = 0
    failed: int = 0

    def count(self, status: NotificationStatus | None) -> None:
        if status is not None:
            setattr(self, status.value, getattr(self, status.value) + 1)

    def add(self, other: "Totals") -> None:
        for field in fields(self):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))

    def __str__(self) -> str:
        return ", ".join(f"{field.name} {getattr(self, field.name)}" for field in fields(self))


def refused_for_good(error: Exception) -> bool:
    """The mail server refused every recipient with a permanent (5xx) reply: no attempt would do better.

    Other 5xx replies (authentication, the sender, the data) are retried: they come from a configuration a person
    can fix before the attempts run out, and no email is lost to it meanwhile.
    """
    return isinstance(error, smtplib.SMTPRecipientsRefused) and all(
        code >= 500 for code, _ in error.recipients.values()
    )


def notification_deliver(claim: Claim) -> NotificationStatus | None:
    """Send the claimed notification and mark what happened; the new status (None: the claim was taken over)."""
    try:
        sent = get_connection(fail_silently=False).send_messages([notification_email(claim.content)])
        if not sent:
            raise RuntimeError("the email backend sent nothing")
    except Exception as error:  # any failure to hand the email over is a failed attempt, retried or given up
        permanent = refused_for_good(error)
        status = notification_mark_unsent(claim=claim, error=f"{type(error).__name__}: {error}", permanent=permanent)
        log = logger.error if status == NotificationStatus.FAILED else logger.warning
        log(
            "notification %s: attempt %s failed (%s)%s",
            claim.notification_id,
            claim.attempt,
            type(error).__name__,
            ", given up" if status == NotificationStatus.FAILED else ", to be retried",
            exc_info=not isinstance(error, smtplib.SMTPException | OSError),  # a fault of ours: its traceback
        )
        return status
    metrics.counter("sent").inc()
    if not notification_mark_sent(claim=claim):
        return None
    logger.info("notification %s sent, attempt %s, %s", claim.notification_id, claim.attempt, claim.content.message_id)
    return NotificationStatus.SENT


def notifications_send_due(*, stopping: Callable[[], bool] = lambda: False) -> Totals:
    """Claim and send due notifications one at a time until none is due, or `stopping()` says to stop."""
    totals = Totals()
    while not stopping():
        claimed = notification_claim()
        if claimed is None:
            break
        totals.count(notification_deliver(claimed) if isinstance(claimed, Claim) else claimed)
    return totals


def connections_refresh() -> None:
    """Give back the database connection between rounds, as a request would at its end, so that one a database
    restart broke is replaced. Not inside a transaction (a test's)."""
    if not connection.in_atomic_block:
        close_old_connections()


class NotificationWorker:
    """Sends what is due, then waits `poll_seconds` for more, until stop() (SIGTERM, SIGINT): it finishes the
    notification it is sending first. `report` is told the totals of each round that did something."""

    def __init__(self, *, poll_seconds: float, report: Callable[[Totals], None] | None = None) -> None:
        self.poll_seconds = poll_seconds
        self.report = report
        self._stop = threading.Event()

    def stop(self, *signal_args: object) -> None:
        self._stop.set()

    def run(self, *, once: bool = False) -> Totals:
        """Rounds until stopped; with `once`, one round (what is due now), and a database fault is raised."""
        for event in metrics.WORKER_COUNTERS:
            metrics.counter(event)
        totals = Totals()
        while not self._stop.is_set():
            connections_refresh()
            try:
                sent = notifications_send_due(stopping=self._stop.is_set)
            except DATABASE_UNAVAILABLE_ERRORS as error:
                if once:
                    raise
                logger.warning("notifications: the database did not answer (%r); trying again", error)
            else:
                totals.add(sent)
                if self.report is not None and any(getattr(sent, field.name) for field in fields(sent)):
                    self.report(sent)
            if once:
                break
            self._stop.wait(self.poll_seconds)
        connections_refresh()
        return totals
