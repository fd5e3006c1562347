"""What every request leaves behind: an id, one log line, and its count and latency in Prometheus.

The id comes from `X-Request-ID` when it looks safe (nginx sends its `$request_id`, deploy/nginx/), else a
new random one (a log key, not a secret: no system call for it); it is echoed in the response and carried
by every log line written while serving the request.
Metrics are per route (the URL pattern, a bounded set), method and status; the metric children are looked
up once per label set. The request's log line is written by RequestLog, not the logging module, which took
10 to 35 µs a line. Each piece costs a microsecond or two per request (docs/performance.md).
"""

import atexit
import contextvars
import io
import logging
import os
import random
import re
import threading
import time
from collections.abc import Callable

import orjson
from django.conf import settings
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


class RequestLog:
    """The `qa.request` logger's line for each request, written straight to stderr in LOG_FORMAT.

    The same fields, in the same formats, as the logging configuration writes for every other logger
    (qa_project/settings/base.py), through a buffer of each process flushed every FLUSH_SECONDS (and at exit),
    not one write a line: a line may reach the log up to a second late, or be lost with a process killed hard.
    """

    FLUSH_SECONDS = 1.0
    BUFFER_BYTES = 64 * 1024

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._stream: io.BufferedWriter | None = None

    def enabled(self) -> bool:
        return logger.isEnabledFor(logging.INFO)

    def write(self, *, method: str, path: str, status: int, seconds: float) -> None:
        now = time.time()
        stamp = f"{time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(now))},{int(now % 1 * 1000):03d}"
        message = f"{method} {path} {status}"
        if settings.LOG_FORMAT == "json":
            line = orjson.dumps(
                {
                    "time": stamp,
                    "level": "INFO",
                    "logger": logger.name,
                    "request_id": request_id.get(),
                    "message": message,
                    "method": method,
                    "path": path,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 2),
                },
                option=orjson.OPT_APPEND_NEWLINE,
            )
        else:
            line = f"{stamp} INFO {logger.name} [{request_id.get()}] {message}\n".encode()
        self.stream().write(line)

    def stream(self) -> io.BufferedWriter:
        """This process's buffered stderr, with its flushing thread (an app server's workers are new processes)."""
        if self._pid != os.getpid():
            with self._lock:
                if self._pid != os.getpid():
                    self._stream = io.BufferedWriter(io.FileIO(2, "wb", closefd=False), self.BUFFER_BYTES)
                    self._pid = os.getpid()
                    threading.Thread(target=self._flush_every_second, name="request-log", daemon=True).start()
                    atexit.register(self.flush)
        assert self._stream is not None  # opened above for this process, before its pid was recorded
        return self._stream

    def flush(self) -> None:
        if self._stream is not None and self._pid == os.getpid():
            self._stream.flush()

    def _flush_every_second(self) -> None:
        while True:
            time.sleep(self.FLUSH_SECONDS)
            self.flush()


request_log = RequestLog()


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
            if request_log.enabled():
                request_log.write(
                    method=request.method or "", path=request.path, status=response.status_code, seconds=seconds
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
