"""The outbox of answer notifications, and the addresses that asked for no more of them.

A Notification is one email to send: the asker of a question, told of the answers it covers. It is written in
the same transaction as its first answer (answers/services.py answer_create); the answers to the question that
come before it leaves join it. The worker (notifications/worker.py) sends it; the transitions of its status are
all in notifications/services.py:

    queued ──claim──> sending ──sent─────────────────────> sent
                         ├──nothing left to send──────────> skipped
                         ├──error, attempts left──────────> retrying ──claim──> sending
                         └──error, none left (or refused)─> failed

A worker that dies leaves its claim `sending`: once its lease (next_attempt_at) has run out it is claimed again.
"""

from django.db import models
from django.db.models.functions import Now


class NotificationStatus(models.TextChoices):
    # Waiting for its window to close (next_attempt_at); answers to the question join it meanwhile.
    QUEUED = "queued", "Queued"
    # Claimed by a worker until next_attempt_at: if the worker dies, another claims it once that has passed.
    SENDING = "sending", "Sending"
    # An attempt failed; the next one is at next_attempt_at.
    RETRYING = "retrying", "Retrying"
    SENT = "sent", "Sent"
    # Nothing to send when its turn came (answers or question hidden by moderation, address unsubscribed).
    SKIPPED = "skipped", "Skipped"
    # Given up: NOTIFICATION_MAX_ATTEMPTS attempts failed, or the mail server refused it for good.
    FAILED = "failed", "Failed"


# The statuses of a notification that has not left yet: a worker claims them once next_attempt_at has passed.
UNSENT = (NotificationStatus.QUEUED, NotificationStatus.SENDING, NotificationStatus.RETRYING)


class Notification(models.Model):
    # Lazy references: the question and answer apps call this one (answer_create, the question admin), so it
    # imports neither of them (CONVENTIONS.md 12). The foreign key's index serves the question admin's inline.
    question = models.ForeignKey("questions.Question", on_delete=models.CASCADE, related_name="notifications")
    answers = models.ManyToManyField("answers.Answer", through="NotificationAnswer", related_name="notifications")
    # The asker's address when the notification was queued.
    recipient = models.EmailField()
    status = models.CharField(max_length=8, choices=NotificationStatus, default=NotificationStatus.QUEUED)
    # Attempts started (claims); also the claim's fencing token: a worker acts on its claim only while it is current.
    attempts = models.PositiveSmallIntegerField(default=0)
    # When a worker may claim it next: the end of its window (queued), of its worker's lease (sending), of its
    # backoff (retrying). Meaningless once it is sent, skipped or failed.
    next_attempt_at = models.DateTimeField()
    # The Message-ID of every attempt: a copy sent again after a worker died is recognisable as the same email.
    message_id = models.CharField(max_length=255)
    # Why it was skipped, or the last delivery error.
    detail = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(db_default=Now())
    updated_at = models.DateTimeField(db_default=Now())
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # The worker's claim (services.notifications_claim) and the age of the oldest due one
            # (selectors.notification_oldest_due_age): the unsent ones by the time they are due.
            models.Index(
                fields=["next_attempt_at"], name="notification_due_idx", condition=models.Q(status__in=UNSENT)
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=NotificationStatus.values), name="notification_status_valid"
            ),
            # A question has at most one notification its new answers can join (services.notification_queue).
            models.UniqueConstraint(
                fields=["question"],
                condition=models.Q(status=NotificationStatus.QUEUED),
                name="notification_one_queued_per_question",
            ),
            models.CheckConstraint(
                condition=models.Q(status=NotificationStatus.SENT, sent_at__isnull=False)
                | (~models.Q(status=NotificationStatus.SENT) & models.Q(sent_at__isnull=True)),
                name="notification_sent_at_iff_sent",
            ),
        ]

    def __str__(self) -> str:
        return f"Notification {self.pk} of question {self.question_id} ({self.status})"


class NotificationAnswer(models.Model):
    """An answer a notification tells of (when the API still lists it as the email leaves)."""

    # The unique (notification, answer) index below also serves this foreign key.
    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, db_index=False)
    # Its index finds the rows of an answer being deleted.
    answer = models.ForeignKey("answers.Answer", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["notification", "answer"], name="notification_answer_once"),
        ]

    def __str__(self) -> str:
        return f"Answer {self.answer_id} in notification {self.notification_id}"


class Unsubscribe(models.Model):
    """An address that asked for no more emails (POST /qa/unsubscribe): the SHA-256 of it, never the address.

    An unkeyed hash, so it still matches after DJANGO_SECRET_KEY is rotated: a suppression list must never
    forget anyone. (Whoever already holds an address can check it against the list; that is what it is for.)
    """

    # Looked up by its unique index (a constraint, not unique=True: no second, LIKE-ready index).
    address_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        constraints = [models.UniqueConstraint(fields=["address_hash"], name="unsubscribe_address_once")]

    def __str__(self) -> str:
        return f"Unsubscribed {self.address_hash[:12]}…"
