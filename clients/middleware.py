"""Who calls the API: the client whose key the `Authorization` header carries, or a keyless caller.

In API_MIDDLEWARE (qa_project/handlers.py), so it runs on every API request, reads included, and costs a few
microseconds (docs/performance.md): a keyless request one dictionary lookup, a request with a key a lookup in the
worker's table of active clients (clients/registry.py), no query. It

- sets `request.api_client`: the KnownClient, or None without a key;
- answers 401 `{"detail": ...}` for a key no active client has, and for no key when API_KEYS_REQUIRED (except
  on API_KEYLESS_PATHS);
- removes the header from the request, so that no log line, error report or view downstream can see the key;
- counts each client's requests and 429s by name (`keyless`, `unknown`: a bounded label set);
- puts the rate-limit headers the write throttle left on the request (clients/throttling.py) on the response.
"""

import functools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

import orjson
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from prometheus_client import Counter

from clients.models import RESERVED_NAMES
from clients.registry import active_clients
from clients.selectors import KnownClient
from qa_project.exceptions import DATABASE_UNAVAILABLE_ERRORS, database_unavailable_response

if TYPE_CHECKING:  # only its type: the middleware runs without loading the throttle
    from clients.throttling import RateLimit

logger = logging.getLogger(__name__)

KEYLESS, UNKNOWN = RESERVED_NAMES
KEY_REQUIRED = "An API key is required: send it in the Authorization header."
KEY_UNKNOWN = "Unknown or revoked API key."

CLIENT_REQUESTS = Counter(
    "qa_client_requests",
    "API requests by client: its name, `keyless` without a key, `unknown` with a key no active client has (401s).",
    ["client"],
)
CLIENT_THROTTLED = Counter(
    "qa_client_throttled", "API requests answered 429 (over a rate limit), by client, labelled as above.", ["client"]
)


class ClientRequest(HttpRequest):
    """An API request as this middleware hands it on: a type for the checker, which can't follow the attributes
    set on Django's request."""

    api_client: KnownClient | None
    # Set by the write throttle (clients/throttling.py) when it counted the request.
    rate_limit: "RateLimit | None"


def unauthorized(detail: str) -> HttpResponse:
    response = HttpResponse(orjson.dumps({"detail": detail}), status=401, content_type="application/json")
    response["WWW-Authenticate"] = "Bearer"
    return response


class ApiClientMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        # Each client's metric children, looked up once: a request only increments. Made on first use, in a
        # worker (not when an app server that preloads the app builds the handler, before it forks its workers).
        self.metrics: dict[str, tuple[Counter, Counter]] = {}

    @functools.cached_property
    def keyless(self) -> tuple[Counter, Counter]:
        return self.client_metrics(KEYLESS)

    @functools.cached_property
    def unknown(self) -> tuple[Counter, Counter]:
        return self.client_metrics(UNKNOWN)

    def client_metrics(self, name: str) -> tuple[Counter, Counter]:
        metrics = self.metrics.get(name)
        if metrics is None:
            metrics = self.metrics[name] = (CLIENT_REQUESTS.labels(client=name), CLIENT_THROTTLED.labels(client=name))
        return metrics

    def __call__(self, request: HttpRequest) -> HttpResponse:
        authorization = request.META.pop("HTTP_AUTHORIZATION", "")
        if not authorization:
            if settings.API_KEYS_REQUIRED and request.path_info.rstrip("/") not in settings.API_KEYLESS_PATHS:
                self.keyless[0].inc()
                return unauthorized(KEY_REQUIRED)
            client, metrics = None, self.keyless
        else:
            try:
                client = active_clients.find(authorization)
            except DATABASE_UNAVAILABLE_ERRORS as error:
                logger.warning("API clients not loaded, %s %s answered 503: %r", request.method, request.path, error)
                return database_unavailable_response()
            if client is None:
                self.unknown[0].inc()
                return unauthorized(KEY_UNKNOWN)
            metrics = self.client_metrics(client.name)
        client_request = cast(ClientRequest, request)  # which the next two lines make it
        client_request.api_client = client
        client_request.rate_limit = None
        response = self.get_response(request)
        requests, throttled = metrics
        requests.inc()
        if response.status_code == 429:
            throttled.inc()
        if client_request.rate_limit is not None:
            client_request.rate_limit.put_headers(response)
        return response
