"""/metrics counts the notifications queued, sent, failed and skipped, and says how late the oldest due one is."""

import re
from datetime import timedelta

import pytest
from django.db.models.functions import Now
from prometheus_client import REGISTRY

from notifications.models import Notification
from notifications.tests.support import answer, send_due, time_passes
from tests.outage import unreachable

OLDEST_DUE_AGE = re.compile(r"^qa_notifications_oldest_due_age_seconds (\S+)$", re.MULTILINE)


def counted(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(f"qa_notifications_{name}_total", labels) or 0.0


def oldest_due_age(client) -> float | None:
    response = client.get("/metrics")
    assert response.status_code == 200
    found = OLDEST_DUE_AGE.findall(response.content.decode())
    return float(found[0]) if found else None


def test_the_counters_count_notifications_once_their_transaction_has_committed(
    api_client, question_factory, django_capture_on_commit_callbacks
):
    before = {name: counted(name) for name in ("queued", "sent")}
    skipped = counted("skipped", reason="answers_hidden")
    question = question_factory()
    hidden = question_factory()

    with django_capture_on_commit_callbacks(execute=True):
        answer(api_client, question.id)
        answer(api_client, question.id)  # joins the queued one
        api_client.put(f"/qa/answers/{answer(api_client, hidden.id)}/report")
    queued = counted("queued") - before["queued"]
    with django_capture_on_commit_callbacks(execute=True):
        time_passes()
        send_due()

    assert (queued, counted("sent") - before["sent"]) == (2, 1)
    assert counted("skipped", reason="answers_hidden") - skipped == 1
    text = api_client.get("/metrics").content.decode()
    for name in ("queued", "sent", "retried", "failed"):
        assert f"# TYPE qa_notifications_{name}_total counter" in text


def test_the_oldest_due_age_is_how_long_the_most_overdue_notification_has_waited(api_client, question_factory):
    assert oldest_due_age(api_client) == 0.0
    answer(api_client, question_factory().id)
    assert oldest_due_age(api_client) == 0.0  # queued, but its window is open

    time_passes(seconds=120)
    answer(api_client, question_factory().id)
    Notification.objects.filter(pk=Notification.objects.latest("id").pk).update(
        next_attempt_at=Now() - timedelta(seconds=30)
    )

    age = oldest_due_age(api_client)
    assert age is not None
    assert 120 <= age < 180
    send_due()
    assert oldest_due_age(api_client) == 0.0


@pytest.mark.django_db(transaction=True)
def test_without_the_database_metrics_still_answer_without_the_age(api_client):
    with unreachable("default"):
        assert oldest_due_age(api_client) is None
    assert oldest_due_age(api_client) == 0.0
