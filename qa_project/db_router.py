"""Where each query goes: writes to the primary (`default`), the reads of GET requests to a streaming replica.

Reads go to a replica only inside a read-only request, marked by `ReadRoutingMiddleware`; everywhere else
(writes, management commands, the shell, any transaction) they go to the primary, so code that reads what it
has just written never meets replication lag.

Read-your-writes: a successful write response sets the `qa_read_primary` cookie for READ_YOUR_WRITES_SECONDS;
while it lasts, that client's reads go to the primary too.

Falling back to the primary: each worker process remembers for DATABASE_REPLICA_RETRY_SECONDS a replica that
failed, and reads from the primary meanwhile; once that time is up, one request tries the replica again while
the others keep using the primary. A replica that fails to connect is noticed before the query runs; one that
drops a connection in the middle of a GET is noticed by the middleware, which serves the request again from
the primary.
"""

import contextvars
import logging
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

from qa_project.exceptions import DATABASE_UNAVAILABLE_ERRORS
from qa_project.metrics import REPLICA_FAILURES

logger = logging.getLogger(__name__)

READ_PRIMARY_COOKIE = "qa_read_primary"
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class ReadRouting:
    """The current request's choice: may it read from a replica, and which one it is reading from."""

    replicas_allowed: bool
    replica: str | None = None


_routing: contextvars.ContextVar[ReadRouting | None] = contextvars.ContextVar("read_routing", default=None)


class RoutedRequest(HttpRequest):
    """A read-only request ReadRoutingMiddleware let read from a replica: a type for the checker, which can't
    follow an attribute set on Django's request."""

    read_routing: ReadRouting


@contextmanager
def replica_reads() -> Iterator[ReadRouting]:
    """Within this block the router may send reads to a replica (outside it, it never does)."""
    routing = ReadRouting(replicas_allowed=True)
    token = _routing.set(routing)
    try:
        yield routing
    finally:
        _routing.reset(token)


class ReplicaHealth:
    """Per worker process: the replicas that failed recently, skipped until their retry time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._retry_at: dict[str, float] = {}

    def mark_down(self, alias: str, error: DatabaseError | InterfaceError) -> None:
        retry_after = settings.DATABASE_REPLICA_RETRY_SECONDS
        with self._lock:
            self._retry_at[alias] = time.monotonic() + retry_after
        REPLICA_FAILURES.labels(alias=alias).inc()
        logger.warning("Replica %s failed (%s); reads go to the primary for %ss", alias, error, retry_after)

    def pick(self, aliases: list[str]) -> str | None:
        """A replica that answers now, or None; a replica due for a retry is tried by one caller only."""
        with self._lock:
            now = time.monotonic()
            candidates = [alias for alias in aliases if self._retry_at.get(alias, 0.0) <= now]
            if not candidates:
                return None
            alias = random.choice(candidates)
            retrying = alias in self._retry_at
            if retrying:
                # Others keep reading from the primary while this caller finds out.
                self._retry_at[alias] = now + settings.DATABASE_REPLICA_RETRY_SECONDS
        try:
            connections[alias].ensure_connection()
        except DatabaseError as error:
            self.mark_down(alias, error)
            return None
        if retrying:
            with self._lock:
                self._retry_at.pop(alias, None)
        return alias


replica_health = ReplicaHealth()


class ReadReplicaRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        routing = _routing.get()
        if routing is None or not routing.replicas_allowed or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        if routing.replica is None:
            routing.replica = replica_health.pick(settings.DATABASE_READ_REPLICAS)
            if routing.replica is None:
                routing.replicas_allowed = False
                return DEFAULT_DB_ALIAS
        return routing.replica

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        return True  # every alias holds the same data

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS  # replicas replay the primary's schema


class ReadRoutingMiddleware:
    """Lets read-only requests read from a replica, and pins a client that just wrote to the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in READ_ONLY_METHODS:
            response = self.get_response(request)
            if response.status_code < 400:
                response.set_cookie(
                    READ_PRIMARY_COOKIE, "1", max_age=settings.READ_YOUR_WRITES_SECONDS, httponly=True, samesite="Lax"
                )
            return response
        if not settings.DATABASE_READ_REPLICAS or READ_PRIMARY_COOKIE in request.COOKIES:
            return self.get_response(request)
        with replica_reads() as routing:
            cast(RoutedRequest, request).read_routing = routing
            return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A replica that broke during a read-only request: forget it for a while and serve from the primary."""
        routing: ReadRouting | None = getattr(request, "read_routing", None)
        if routing is None or routing.replica is None or not isinstance(exception, DATABASE_UNAVAILABLE_ERRORS):
            return None
        replica_health.mark_down(routing.replica, exception)
        connections[routing.replica].close()
        routing.replica, routing.replicas_allowed = None, False
        match = request.resolver_match
        assert match is not None  # Django resolved the URL before calling the view that raised
        return match.func(request, *match.args, **match.kwargs)
