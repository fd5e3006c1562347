"""What every request leaves behind: an id, one log line, and its count and latency in Prometheus.

The id comes from `X-Request-ID` when it looks safe (nginx sends its `$request_id`, deploy/nginx/), else a
new random one (a log key, not a secret: no system call for it); it is echoed in the response and carried
by every log line written while serving the request.
Metrics are per route (the URL pattern, a bounded set), method and status. Each costs a few microseconds
per request, measured in docs/performance.md: the metric children are looked up once per label set.
"""

import contextvars
import logging
import random
import re
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from prometheus_client import Counter, Histogram

REQUEST_ID_HEADER = "X-Request-ID"
# What is taken from a client as a request id: short, and harmless in a log line.
ACCEPTED_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
# The route label of a request no URL pattern matched (404s of unknown paths).
UNMATCHED_ROUTE = "unmatched"
# Methods are labels as they are; any other a client sends is one label, so the label set stays bounded.
LABELLED_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

REQUESTS = Counter(
    "qa_http_requests",
    "HTTP requests answered, by route (URL pattern), method and status; errors are the 5xx statuses.",
    ["route", "method", "status"],
)
REQUEST_SECONDS = Histogram(
    "qa_http_request_duration_seconds",
    "Time to answer each HTTP request, in the application, by route (URL pattern).",
    ["route"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)

# The request id outside any request.
NO_REQUEST = "-"
request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default=NO_REQUEST)
logger = logging.getLogger("qa.request")


def in_request() -> bool:
    """Whether the current code serves a request (rather than a management command, say)."""
    return request_id.get() is not NO_REQUEST


class RequestIdFilter(logging.Filter):
    """Adds the current request's id to every log record, as `request_id`."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


def route_of(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return match.route if match is not None else UNMATCHED_ROUTE


class RequestObservabilityMiddleware:
    """The first middleware of both handlers: it times everything the others and the view do."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.metrics: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}  # label children, looked up once

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        token = request_id.set(given if ACCEPTED_REQUEST_ID.fullmatch(given) else f"{random.getrandbits(128):032x}")
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            seconds = time.perf_counter() - started
            response[REQUEST_ID_HEADER] = request_id.get()
            self.observe(request, response.status_code, seconds)
            if logger.isEnabledFor(logging.INFO):
                logger.info(
                    "%s %s %s",
                    request.method,
                    request.path,
                    response.status_code,
                    extra={
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": round(seconds * 1000, 2),
                    },
                )
            return response
        finally:
            request_id.reset(token)

    def observe(self, request: HttpRequest, status: int, seconds: float) -> None:
        method = request.method if request.method in LABELLED_METHODS else "other"
        key = (route_of(request), method, status)
        metrics = self.metrics.get(key)
        if metrics is None:
            route, method, _ = key
            metrics = self.metrics[key] = (
                REQUESTS.labels(route=route, method=method, status=str(status)),
                REQUEST_SECONDS.labels(route=route),
            )
        requests, request_seconds = metrics
        requests.inc()
        request_seconds.observe(seconds)
