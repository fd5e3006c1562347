"""A question's page in the admin shows its notifications, read-only."""

from django.urls import reverse

from notifications.models import Notification, NotificationStatus
from notifications.tests.support import answer


def test_a_questions_page_shows_its_notifications_read_only(admin_client, api_client, question_factory):
    question = question_factory()
    answer(api_client, question.id)
    answer(api_client, question.id)
    Notification.objects.update(status=NotificationStatus.FAILED, detail="ConnectionRefusedError: refused")
    answer(api_client, question.id)
    other_question = question_factory()
    answer(api_client, other_question.id)

    response = admin_client.get(reverse("admin:questions_question_change", args=[question.id]))

    assert response.status_code == 200
    [inline] = response.context["inline_admin_formsets"]
    assert inline.opts.model is Notification
    assert (
        inline.has_add_permission,
        inline.has_change_permission,
        inline.has_delete_permission,
        inline.has_view_permission,
    ) == (False, False, False, True)
    shown = [(form.original.status, form.original.answer_count) for form in inline]
    assert shown == [(NotificationStatus.QUEUED, 1), (NotificationStatus.FAILED, 2)]
    page = response.content.decode()
    assert "ConnectionRefusedError: refused" in page
    assert 'name="notifications-0-status"' not in page  # no form field: nothing to edit


def test_posting_the_questions_page_changes_no_notification(admin_client, api_client, question_factory):
    question = question_factory()
    answer(api_client, question.id)
    notification = Notification.objects.get()

    response = admin_client.post(
        reverse("admin:questions_question_change", args=[question.id]),
        {
            "notifications-TOTAL_FORMS": "1",
            "notifications-INITIAL_FORMS": "1",
            "notifications-0-id": str(notification.id),
            "notifications-0-status": NotificationStatus.SENT,
            "notifications-0-DELETE": "on",
        },
    )

    assert response.status_code == 403
    assert Notification.objects.get().status == NotificationStatus.QUEUED
