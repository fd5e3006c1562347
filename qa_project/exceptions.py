"""Database faults as 503s: while PostgreSQL is away every route answers `{"detail": ...}` with `Retry-After`.

psycopg's errors reach the code as Django's `OperationalError` or `InterfaceError`: a refused connection, a
connection a restart dropped, a statement cancelled by `statement_timeout`, the pool's `PoolTimeout` when no
connection came within DATABASE_POOL_TIMEOUT (Django wraps it as an `OperationalError`), and the one the circuit
breaker raises at once while it is open (qa_project/postgresql/base.py). Nothing needs resetting afterwards: the
pool throws broken connections away and opens new ones once PostgreSQL answers again, and the breaker lets a
request try each DATABASE_BREAKER_SECONDS.
"""

import logging
import sys
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger(__name__)

DATABASE_UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)


def database_unavailable_response() -> JsonResponse:
    response = JsonResponse({"detail": "Service temporarily unavailable, try again later."}, status=503)
    response["Retry-After"] = str(settings.DATABASE_RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database fault raised by any view, DRF's or Django's, into a 503."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DATABASE_UNAVAILABLE_ERRORS):
            return None
        logger.warning("Database unavailable, %s %s answered 503: %r", request.method, request.path, exception)
        return database_unavailable_response()


def server_error(request: HttpRequest) -> JsonResponse:
    """`handler500`: JSON, never HTML; a database fault raised outside the views (in a middleware) is a 503 too.

    Django calls it while handling the exception, so `sys.exc_info()` names it.
    """
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE_ERRORS):
        return database_unavailable_response()
    return JsonResponse({"detail": "Server error."}, status=500)
