"""`manage.py check --deploy` warns of a production without a mail server or with plain-http unsubscribe links."""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import Warning, register

# Django's backends that deliver nothing: they print, keep in memory, write files or drop the emails.
UNDELIVERING_BACKENDS = {
    f"django.core.mail.backends.{name}.EmailBackend" for name in ("console", "locmem", "filebased", "dummy")
}


@register("notifications", deploy=True)
def notification_delivery_check(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[Warning]:
    warnings = []
    if settings.EMAIL_BACKEND in UNDELIVERING_BACKENDS:
        warnings.append(
            Warning(
                f"EMAIL_BACKEND is {settings.EMAIL_BACKEND}: notifications would not reach anyone.",
                hint="Set EMAIL_URL to the mail server, e.g. smtp://mail.example.com:25.",
                id="notifications.W001",
            )
        )
    if not settings.PUBLIC_BASE_URL.startswith("https://"):
        warnings.append(
            Warning(
                f"PUBLIC_BASE_URL is {settings.PUBLIC_BASE_URL}: one-click unsubscribe links must be https (RFC 8058).",
                hint="Set PUBLIC_BASE_URL to the https address shoppers reach this service at.",
                id="notifications.W002",
            )
        )
    return warnings
