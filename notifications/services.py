"""Writes of the outbox: queueing a notification with its answer, every transition of its status, unsubscribing.

The transitions (notifications/models.py draws them) and who takes them:
- answer_create queues (notification_queue), in the answer's own transaction;
- a worker claims (notification_claim), then marks what happened (notification_mark_sent, notification_mark_unsent);
- a request from outside takes none of them: POST /qa/unsubscribe only adds its address to Unsubscribe, which a
  claim reads.

Delivery is at least once. A claim holds a notification for NOTIFICATION_CLAIM_SECONDS (its lease, in
next_attempt_at) and counts an attempt; a worker that dies before marking what happened leaves it `sending`, and
once the lease has run out another worker claims it and sends it again, with the same Message-ID. The attempt
number fences the marks: a worker whose lease ran out and whose notification was claimed again changes nothing.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.db.models.functions import Now

from notifications import metrics
from notifications.models import UNSENT, Notification, NotificationAnswer, NotificationStatus, Unsubscribe
from notifications.selectors import NotificationContent, address_hash_unsubscribed, notification_content
from notifications.tokens import address_hash

logger = logging.getLogger("qa.notifications")

# What the legacy data holds where the asker gave no address.
LEGACY_NO_ADDRESS = "null"
# The longest error kept in a notification's detail.
DETAIL_CHARACTERS = 1000


class SkipReason:
    """Why a claimed notification is not sent: the metric's label, and the detail the admin shows."""

    UNSUBSCRIBED = ("unsubscribed", "The address unsubscribed.")
    QUESTION_HIDDEN = ("question_hidden", "The question was reported or removed.")
    ANSWERS_HIDDEN = ("answers_hidden", "Every answer was reported or removed.")


def address_deliverable(address: str) -> bool:
    """Whether mail can go to `address` at all: not the legacy placeholder, and a valid address."""
    if address.strip().lower() == LEGACY_NO_ADDRESS:
        return False
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


def message_id_new() -> str:
    """A Message-ID for a new notification: random, in the domain of DEFAULT_FROM_EMAIL (no DNS lookup), short
    enough that its header fits a line."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<{uuid.uuid4().hex}.qa@{domain}>"


# Joins the question's queued notification, or starts one due at the end of the window; either way the row stays
# locked until the answer's transaction ends, so no worker claims it in between. The conflict target names the
# partial unique index notification_one_queued_per_question, which the ORM's upsert can't: a notification already
# claimed (no longer queued) makes a new one. RETURNING the message id tells a new row (ours) from a joined one.
# statement_timestamp() is the clock of Django's Now(), which the other transitions use.
QUEUE_SQL = f"""
    INSERT INTO {Notification._meta.db_table}
        (question_id, recipient, status, attempts, next_attempt_at, message_id, detail)
    VALUES (%s, %s, '{NotificationStatus.QUEUED}', 0, statement_timestamp() + %s * interval '1 second', %s, '')
    ON CONFLICT (question_id) WHERE status = '{NotificationStatus.QUEUED}'
    DO UPDATE SET updated_at = statement_timestamp()
    RETURNING id, message_id
"""


@transaction.atomic(savepoint=False)
def notification_queue(*, question_id: int, answer_id: int, recipient: str) -> None:
    """Tell the asker of the question (at `recipient`) about the answer, in the caller's transaction.

    Answers to one question within NOTIFICATION_WINDOW_SECONDS of its first go out as one email: the first queues
    a notification due at the end of the window, the next join it until a worker claims it. The legacy `null`
    placeholder and invalid addresses queue nothing. Rolled back with the caller's transaction.
    """
    if not address_deliverable(recipient):
        return
    message_id = message_id_new()
    with connection.cursor() as cursor:
        cursor.execute(QUEUE_SQL, [question_id, recipient, settings.NOTIFICATION_WINDOW_SECONDS, message_id])
        notification_id, queued_message_id = cursor.fetchone()
    NotificationAnswer.objects.create(notification_id=notification_id, answer_id=answer_id)
    if queued_message_id == message_id:
        transaction.on_commit(metrics.counter("queued").inc)


@dataclass(frozen=True)
class Claim:
    """A worker's hold on a notification, `sending`, for its attempt number `attempt`: send `content`."""

    notification_id: int
    attempt: int
    content: NotificationContent


def skip_reason(content: NotificationContent) -> tuple[str, str] | None:
    if address_hash_unsubscribed(address_hash=address_hash(content.recipient)):
        return SkipReason.UNSUBSCRIBED
    if not content.question_published:
        return SkipReason.QUESTION_HIDDEN
    if not content.answers:
        return SkipReason.ANSWERS_HIDDEN
    return None


@transaction.atomic
def notification_claim() -> Claim | NotificationStatus | None:
    """Claim the unsent notification that has been due longest: a Claim to send it; SKIPPED or FAILED when there
    is nothing to send (it is marked so); None when none is due.

    `FOR UPDATE SKIP LOCKED`: workers claiming at the same time each get a different one, and none waits for a
    notification another worker or an answer's transaction holds. What it says is read now, as it leaves: answers
    and questions hidden since are left out, and a notification with nothing left, or to an address that has
    unsubscribed, is skipped. One whose workers died NOTIFICATION_MAX_ATTEMPTS times is given up.
    """
    due = Notification.objects.filter(status__in=UNSENT, next_attempt_at__lte=Now()).order_by("next_attempt_at")
    notification = due.select_related("question").select_for_update(skip_locked=True, of=("self",)).first()
    if notification is None:
        return None
    attempt = notification.attempts + 1
    claimed = Notification.objects.filter(pk=notification.pk)
    if attempt > settings.NOTIFICATION_MAX_ATTEMPTS:
        detail = f"Given up: the workers of its last {settings.NOTIFICATION_MAX_ATTEMPTS} attempts stopped."
        claimed.update(status=NotificationStatus.FAILED, detail=detail, updated_at=Now())
        transaction.on_commit(metrics.counter("failed").inc)
        logger.error("notification %s: %s", notification.pk, detail)
        return NotificationStatus.FAILED
    content = notification_content(notification=notification)
    reason = skip_reason(content)
    if reason is not None:
        label, detail = reason
        claimed.update(status=NotificationStatus.SKIPPED, detail=detail, updated_at=Now())
        transaction.on_commit(metrics.SKIPPED.labels(reason=label).inc)
        logger.info("notification %s skipped: %s", notification.pk, detail)
        return NotificationStatus.SKIPPED
    lease = timedelta(seconds=settings.NOTIFICATION_CLAIM_SECONDS)
    claimed.update(
        status=NotificationStatus.SENDING, attempts=F("attempts") + 1, next_attempt_at=Now() + lease, updated_at=Now()
    )
    return Claim(notification.pk, attempt, content)


def claim_current(claim: Claim) -> QuerySet[Notification]:
    """The claimed notification, while `claim` is its current claim: its lease may have run out, but no other
    worker has claimed it since."""
    return Notification.objects.filter(
        pk=claim.notification_id, status=NotificationStatus.SENDING, attempts=claim.attempt
    )


@transaction.atomic
def notification_mark_sent(*, claim: Claim) -> bool:
    """The mail server took the email. False if another worker had claimed it meanwhile (both may have sent it)."""
    hidden = claim.content.hidden_answers
    detail = f"{hidden} answer(s) hidden by moderation left out." if hidden else ""
    marked = claim_current(claim).update(status=NotificationStatus.SENT, sent_at=Now(), updated_at=Now(), detail=detail)
    if not marked:
        logger.warning("notification %s was sent after its claim was taken over: sent twice", claim.notification_id)
    return bool(marked)


def retry_delay(attempt: int) -> timedelta:
    """Exponential backoff after failed attempt number `attempt`: the base, doubling, capped."""
    seconds = settings.NOTIFICATION_RETRY_BASE_SECONDS * 2 ** (attempt - 1)
    return timedelta(seconds=min(seconds, settings.NOTIFICATION_RETRY_MAX_SECONDS))


@transaction.atomic
def notification_mark_unsent(*, claim: Claim, error: str, permanent: bool = False) -> NotificationStatus | None:
    """Sending failed: try again after the backoff, or give up (failed) after NOTIFICATION_MAX_ATTEMPTS attempts or
    when the failure is `permanent`. Returns the new status; None if the claim had been taken over."""
    detail = error[:DETAIL_CHARACTERS]
    if permanent or claim.attempt >= settings.NOTIFICATION_MAX_ATTEMPTS:
        changed = claim_current(claim).update(status=NotificationStatus.FAILED, detail=detail, updated_at=Now())
        status = NotificationStatus.FAILED
    else:
        changed = claim_current(claim).update(
            status=NotificationStatus.RETRYING,
            next_attempt_at=Now() + retry_delay(claim.attempt),
            detail=detail,
            updated_at=Now(),
        )
        status = NotificationStatus.RETRYING
    if not changed:
        return None
    transaction.on_commit(metrics.counter("failed" if status == NotificationStatus.FAILED else "retried").inc)
    return status


@transaction.atomic
def unsubscribe_create(*, address_hash: str) -> bool:
    """No more notifications to the address of `address_hash`, from now on; whether it is new (repeating is harmless).

    Notifications already queued to it are skipped when their turn comes (notification_claim)."""
    _unsubscribe, created = Unsubscribe.objects.get_or_create(address_hash=address_hash)
    return created
