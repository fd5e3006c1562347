"""What the apps' admin pages share (the admin is read-only: its only writes are actions through services)."""

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest


class ReadOnlyTabularInline(admin.TabularInline):
    """Rows shown on their parent's page, which nobody adds, changes or deletes there."""

    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
