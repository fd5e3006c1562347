"""API clients in the Django admin: list them, create one, change its quotas, rotate or revoke keys.

A new key is shown once, on the page that answers the creation or the rotation (never through the messages
framework, whose cookie would carry it), with no-store caching; no page shows it, or its digest, again. Every write is
a service (clients/services.py), and each rotation and revocation is kept in the client's history (who, when).
"""

from typing import cast

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from clients.models import DEFAULT_QUOTAS, ApiClient, ClientStatus
from clients.services import api_client_create, api_client_revoke, api_client_rotate, api_client_update

QUOTA_FIELDS = tuple(f"{action}_per_minute" for action in DEFAULT_QUOTAS)
DATES = ("created_at", "key_created_at", "revoked_at")


class NewKeyRequest(HttpRequest):
    """The admin's request once save_model created a client, for response_add to show its key: a type for the
    checker, which can't follow an attribute set on Django's request."""

    api_client_new_keys: list[tuple[ApiClient, str]]


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ("name", "status", "trusted", *QUOTA_FIELDS, "key_created_at", "created_at")
    list_filter = ("status", "trusted")
    search_fields = ("name",)
    ordering = ("name",)
    actions = ["rotate", "revoke"]

    def get_fields(self, request: HttpRequest, obj: ApiClient | None = None) -> tuple[str, ...]:
        if obj is None:
            return ("name", "trusted", *QUOTA_FIELDS)
        return ("name", "status", "trusted", *QUOTA_FIELDS, *DATES)

    def get_readonly_fields(self, request: HttpRequest, obj: ApiClient | None = None) -> tuple[str, ...]:
        return () if obj is None else ("name", "status", *DATES)

    def has_change_permission(self, request: HttpRequest, obj: ApiClient | None = None) -> bool:
        # A revoked client is kept as it was, for its history and its metrics' name.
        revoked = obj is not None and obj.status == ClientStatus.REVOKED
        return not revoked and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: ApiClient | None = None) -> bool:
        return False  # revoke instead

    def save_model(self, request: HttpRequest, obj: ApiClient, form: object, change: bool) -> None:
        if change:
            api_client_update(client=obj, trusted=obj.trusted, quotas=obj.quotas())
            return
        client, key = api_client_create(name=obj.name, trusted=obj.trusted, quotas=obj.quotas())
        vars(obj).update(vars(client))  # the form's instance is now the client made, for the admin's history
        cast(NewKeyRequest, request).api_client_new_keys = [(client, key)]

    def response_add(self, request: HttpRequest, obj: ApiClient, post_url_continue: str | None = None) -> HttpResponse:
        new_keys = cast(NewKeyRequest, request).api_client_new_keys  # set by save_model, just before
        return self.new_keys_page(request, new_keys, title=f"API client {obj.name} created")

    @admin.action(description="Rotate the keys of the selected clients", permissions=["change"])
    def rotate(self, request: HttpRequest, queryset: QuerySet[ApiClient]) -> HttpResponse | None:
        rotated = []
        for client in queryset.filter(status=ClientStatus.ACTIVE).order_by("name"):
            rotated.append((client, api_client_rotate(client=client)))
            self.log_change(request, client, "Rotated the key.")
        if not rotated:
            self.message_user(request, "No active client selected: no key was rotated.", messages.WARNING)
            return None
        return self.new_keys_page(request, rotated, title="API keys rotated")

    @admin.action(description="Revoke the selected clients", permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiClient]) -> None:
        revoked = 0
        for client in queryset.order_by("name"):
            if api_client_revoke(client=client):
                self.log_change(request, client, "Revoked.")
                revoked += 1
        self.message_user(
            request,
            f"Revoked {revoked} API client{'' if revoked == 1 else 's'}: their keys stop working within seconds.",
            messages.SUCCESS,
        )

    def new_keys_page(self, request: HttpRequest, keys: list[tuple[ApiClient, str]], *, title: str) -> HttpResponse:
        """The one page that shows new keys: not cached anywhere, nothing carried to the next page."""
        context = {**self.admin_site.each_context(request), "opts": self.opts, "title": title, "keys": keys}
        response = TemplateResponse(request, "admin/clients/apiclient/new_keys.html", context)
        add_never_cache_headers(response)
        return response
