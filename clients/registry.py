"""Each worker process's copy of the active clients, so that looking up a request's key costs no query.

The table (key digest -> KnownClient) is reloaded, in one query, by the first request with a key that finds it older
than API_CLIENTS_RELOAD_SECONDS (5 s): a new, rotated or revoked key takes effect within that time. A key no client
has costs a hash and a dictionary lookup, never a query, however many are tried. While one thread reloads, the
others keep using the table it replaces. If PostgreSQL doesn't answer, the table in hand is kept for another period
(so keys keep working through an outage); a process that never loaded it can't tell a key from another, and raises.

Hashing a key (parsing the header, SHA-256) costs about 5 µs inside a request, more than the rest of the
middleware: so the table also remembers, until it is reloaded, the `Authorization` values that matched a client,
and a client's next requests cost a dictionary lookup (docs/performance.md). Only values that matched are
remembered (at most HEADERS_REMEMBERED), so unknown keys can't fill the memory.
"""

import logging
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings

from clients.keys import key_digest, key_from_authorization
from clients.selectors import KnownClient, api_client_active_by_digest
from qa_project.exceptions import DATABASE_UNAVAILABLE_ERRORS

logger = logging.getLogger(__name__)

# Distinct Authorization values remembered per table: each client's key, in the forms it sends it, is a few.
HEADERS_REMEMBERED = 1024


@dataclass
class ClientTable:
    by_digest: dict[str, KnownClient]
    loaded_at: float
    # Authorization values that matched a client since the table was loaded.
    by_header: dict[str, KnownClient] = field(default_factory=dict)


class ActiveClients:
    def __init__(self) -> None:
        self._table: ClientTable | None = None
        self._lock = threading.Lock()

    def find(self, authorization: str) -> KnownClient | None:
        """The active client whose key an `Authorization` header carries, or None."""
        table = self._table
        if table is None or time.monotonic() - table.loaded_at >= settings.API_CLIENTS_RELOAD_SECONDS:
            table = self._reload(table)
        client = table.by_header.get(authorization)
        if client is None:
            client = table.by_digest.get(key_digest(key_from_authorization(authorization)))
            if client is not None and len(table.by_header) < HEADERS_REMEMBERED:
                table.by_header[authorization] = client
        return client

    def _reload(self, stale: ClientTable | None) -> ClientTable:
        # With a table in hand, don't wait for another thread's reload: use the table it is replacing.
        if not self._lock.acquire(blocking=stale is None):
            assert stale is not None  # only a non-blocking acquire fails
            return stale
        try:
            if self._table is not None and self._table is not stale:  # another thread reloaded it meanwhile
                return self._table
            try:
                by_digest = api_client_active_by_digest()
            except DATABASE_UNAVAILABLE_ERRORS as error:
                if stale is None:
                    raise
                logger.warning("API clients not reloaded, the database did not answer: %r", error)
                by_digest = stale.by_digest
            self._table = ClientTable(by_digest=by_digest, loaded_at=time.monotonic())
            return self._table
        finally:
            self._lock.release()

    def forget(self) -> None:
        """Drop the table: the next request with a key loads it (for the tests, as in a new process)."""
        with self._lock:
            self._table = None


active_clients = ActiveClients()
