"""Each worker process's copy of the active clients, so that looking up a request's key costs no query.

The table (key digest -> KnownClient) is reloaded, in one query, by the first request with a key that finds it older
than API_CLIENTS_RELOAD_SECONDS (5 s): a new, rotated or revoked key takes effect within that time. A key no client
has costs a dictionary lookup, never a query, however many are tried. While one thread reloads, the others keep
using the table it replaces. If PostgreSQL doesn't answer, the table in hand is kept for another period (so keys
keep working through an outage); a process that never loaded it can't tell a key from another, and raises.
"""

import logging
import threading
import time

from django.conf import settings

from clients.selectors import KnownClient, api_client_active_by_digest
from qa_project.exceptions import DATABASE_UNAVAILABLE_ERRORS

logger = logging.getLogger(__name__)


class ActiveClients:
    def __init__(self) -> None:
        self._by_digest: dict[str, KnownClient] | None = None
        self._loaded_at = 0.0
        self._lock = threading.Lock()

    def find(self, digest: str) -> KnownClient | None:
        """The active client whose key has this digest, or None."""
        table = self._by_digest
        if table is None or time.monotonic() - self._loaded_at >= settings.API_CLIENTS_RELOAD_SECONDS:
            table = self._reload(table)
        return table.get(digest)

    def _reload(self, stale: dict[str, KnownClient] | None) -> dict[str, KnownClient]:
        # With a table in hand, don't wait for another thread's reload: use the table it is replacing.
        if not self._lock.acquire(blocking=stale is None):
            return stale  # type: ignore[return-value]  # only None blocks
        try:
            if self._by_digest is not stale:  # another thread reloaded it meanwhile
                return self._by_digest  # type: ignore[return-value]
            try:
                table = api_client_active_by_digest()
            except DATABASE_UNAVAILABLE_ERRORS as error:
                if stale is None:
                    raise
                logger.warning("API clients not reloaded, the database did not answer: %r", error)
                table = stale
            self._by_digest, self._loaded_at = table, time.monotonic()
            return table
        finally:
            self._lock.release()

    def forget(self) -> None:
        """Drop the table: the next request with a key loads it (for the tests, as in a new process)."""
        with self._lock:
            self._by_digest = None


active_clients = ActiveClients()
