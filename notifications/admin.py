"""A question's notifications, read-only, on its page in the admin (questions/admin.py shows this inline)."""

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from notifications.models import Notification
from posts.admin import ReadOnlyTabularInline


class NotificationInline(ReadOnlyTabularInline):
    """What was sent about the question, when, and why not; nobody adds, changes or deletes one here."""

    model = Notification
    fields = ("id", "status", "answer_count", "attempts", "created_at", "next_attempt_at", "sent_at", "detail")
    readonly_fields = fields
    ordering = ("-id",)
    show_change_link = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Notification]:
        return super().get_queryset(request).annotate(answer_count=Count("answers"))

    @admin.display(description="answers")
    def answer_count(self, notification: Notification) -> int:
        return notification.answer_count  # type: ignore[attr-defined]  # annotated by get_queryset
