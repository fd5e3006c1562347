"""Reads of the outbox: what a notification says when it leaves, who unsubscribed, how late the queue is."""

from dataclasses import dataclass

from django.db.models import Min
from django.db.models.functions import Now
from django.utils import timezone

from notifications.models import UNSENT, Notification, Unsubscribe
from posts.models import Status


@dataclass(frozen=True)
class AnswerQuote:
    answerer_name: str
    body: str


@dataclass(frozen=True)
class NotificationContent:
    """What the email of a notification says, read as it leaves: only what the API lists at that moment."""

    notification_id: int
    message_id: str
    recipient: str
    asker_name: str
    product_id: int
    question_body: str
    question_published: bool
    # The notification's answers the API lists now (none while the question is hidden), oldest first.
    answers: tuple[AnswerQuote, ...]
    # Its answers a report or a moderator has hidden since they were queued.
    hidden_answers: int


def notification_content(*, notification: Notification) -> NotificationContent:
    """The content of `notification`, fetched with its question (select_related): one query for its answers."""
    question = notification.question
    answers = list(notification.answers.order_by("id").values_list("answerer_name", "body", "status"))
    published = tuple(AnswerQuote(name, body) for name, body, status in answers if status == Status.PUBLISHED)
    question_published = question.status == Status.PUBLISHED
    return NotificationContent(
        notification_id=notification.pk,
        message_id=notification.message_id,
        recipient=notification.recipient,
        asker_name=question.asker_name,
        product_id=question.product_id,
        question_body=question.body,
        question_published=question_published,
        answers=published if question_published else (),
        hidden_answers=len(answers) - len(published),
    )


def address_hash_unsubscribed(*, address_hash: str) -> bool:
    return Unsubscribe.objects.filter(address_hash=address_hash).exists()


def notification_oldest_due_age() -> float:
    """Seconds since the unsent notification that has waited longest past its due time became due; 0 if none.

    One read of the first entry of notification_due_idx. A queue that workers keep up with stays near 0 (rows
    wait for their window before they are due); one that nobody drains grows by a second a second.
    """
    due = Notification.objects.filter(status__in=UNSENT, next_attempt_at__lte=Now())
    oldest = due.aggregate(oldest=Min("next_attempt_at"))["oldest"]
    return 0.0 if oldest is None else max(0.0, (timezone.now() - oldest).total_seconds())
