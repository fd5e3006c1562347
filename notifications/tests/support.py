"""What the notification tests share: answering through the API, and time passing."""

from datetime import timedelta

from django.core.management import call_command
from django.db.models.functions import Now
from rest_framework.test import APIClient

from notifications.models import UNSENT, Notification

ANSWER = {"name": "seller", "email": "seller@example.com"}


def answer(api_client: APIClient, question_id: int, body: str = "Yes, order your usual size.") -> int:
    """Answer the question through the API; the new answer's id."""
    response = api_client.post(f"/qa/questions/{question_id}/answers", {**ANSWER, "body": body}, format="json")
    assert response.status_code == 201, response.content
    return response.json()["answer_id"]


def time_passes(seconds: float = 0) -> None:
    """Every unsent notification falls due (its window, backoff or lease is over), `seconds` ago."""
    Notification.objects.filter(status__in=UNSENT).update(next_attempt_at=Now() - timedelta(seconds=seconds))


def send_due() -> None:
    """What a worker does with `manage.py send_notifications --once`: send what is due now."""
    call_command("send_notifications", "--once", verbosity=0)
