"""Reads of API clients."""

from collections.abc import Mapping
from dataclasses import dataclass

from clients.models import ApiClient, ClientStatus


@dataclass(frozen=True, slots=True)
class KnownClient:
    """An active client as a request sees it: a snapshot, shared by the threads of a worker process."""

    id: int
    name: str
    trusted: bool
    # Requests a minute per action (a write view's throttle scope), for the whole client.
    quotas: Mapping[str, int]


def api_client_active_by_digest() -> dict[str, KnownClient]:
    """Every active client, by its key's digest: one query (the table holds one row per integration)."""
    return {
        client.key_digest: KnownClient(id=client.id, name=client.name, trusted=client.trusted, quotas=client.quotas())
        for client in ApiClient.objects.filter(status=ClientStatus.ACTIVE)
    }


def api_client_get(*, name: str) -> ApiClient:
    """The client named `name`, active or revoked; raises ApiClient.DoesNotExist."""
    return ApiClient.objects.get(name=name)
