"""Writes of API clients, and every transition of their status: one function per action, each atomic.

    active --rotate--> active (a new key; the old one stops working)
    active --revoke--> revoked (for good: an integration that needs access again gets a new client)

A key is returned once, by the function that made it, and only its digest is stored. Each worker process keeps the
active clients in memory and reloads them every API_CLIENTS_RELOAD_SECONDS (clients/registry.py), so a new, rotated
or revoked key takes effect within that time.
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clients.keys import key_digest, key_new
from clients.models import DEFAULT_QUOTAS, ApiClient, ClientStatus


def quota_fields(quotas: Mapping[str, int]) -> dict[str, int]:
    unknown = set(quotas) - set(DEFAULT_QUOTAS)
    if unknown:
        raise ValidationError(f"No such action: {', '.join(sorted(unknown))}.")
    return {f"{action}_per_minute": quota for action, quota in quotas.items()}


@transaction.atomic
def api_client_create(
    *, name: str, trusted: bool = False, quotas: Mapping[str, int] | None = None
) -> tuple[ApiClient, str]:
    """A new active client and its key (returned only here); quotas not given take their defaults.

    Raises ValidationError (a name taken or reserved, say)."""
    key = key_new()
    now = timezone.now()
    client = ApiClient(
        name=name,
        trusted=trusted,
        key_digest=key_digest(key),
        created_at=now,
        key_created_at=now,
        **quota_fields(quotas or {}),
    )
    client.full_clean()
    client.save()
    return client, key


@transaction.atomic
def api_client_update(*, client: ApiClient, trusted: bool, quotas: Mapping[str, int]) -> None:
    """Change what a client may do: whether it is trusted, and its quotas. Its name, key and status stay."""
    fields = quota_fields(quotas)
    client.trusted = trusted
    for field, quota in fields.items():
        setattr(client, field, quota)
    client.full_clean()
    client.save(update_fields=["trusted", *fields])


@transaction.atomic
def api_client_rotate(*, client: ApiClient) -> str:
    """A new key for an active client, returned only here; its old key stops working. Raises ValidationError if the
    client is revoked."""
    key = key_new()
    now = timezone.now()
    rotated = ApiClient.objects.filter(pk=client.pk, status=ClientStatus.ACTIVE).update(
        key_digest=key_digest(key), key_created_at=now
    )
    if not rotated:
        raise ValidationError(f"{client.name} is revoked: its key can't be rotated, create a new client instead.")
    client.key_digest, client.key_created_at = key_digest(key), now
    return key


@transaction.atomic
def api_client_revoke(*, client: ApiClient) -> bool:
    """Revoke an active client's key for good; whether it changed anything (revoking again is harmless)."""
    now = timezone.now()
    revoked = ApiClient.objects.filter(pk=client.pk, status=ClientStatus.ACTIVE).update(
        status=ClientStatus.REVOKED, revoked_at=now
    )
    if revoked:
        client.status, client.revoked_at = ClientStatus.REVOKED, now
    return bool(revoked)
