"""Prometheus timings of the database queries per alias and of the list cache, the log of slow queries,
replica failures.

The request rate, latency histogram and errors come from django-prometheus's middleware; `/metrics` is its
view, which adds up the metrics of every gunicorn worker when PROMETHEUS_MULTIPROC_DIR is set.
"""

import logging
import time
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse
from prometheus_client import Counter, Histogram

QUERY_SECONDS = Histogram(
    "qa_db_query_duration_seconds",
    "Time of each database query, by database alias (default is the primary).",
    ["alias"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)
CACHE_SECONDS = Histogram(
    "qa_cache_operation_duration_seconds",
    "Time of each Redis operation of the list cache: read, store or invalidate.",
    ["operation"],
    buckets=(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25),
)
REPLICA_FAILURES = Counter(
    "qa_db_replica_failures",
    "Times a worker found a replica not answering and sent its reads to the primary for a while.",
    ["alias"],
)
slow_query_logger = logging.getLogger("qa.slow_query")


class QueryTimer:
    """A Django execute wrapper: observes each query's time and logs the slow ones."""

    def __init__(self, alias: str) -> None:
        self.alias = alias
        self.histogram = QUERY_SECONDS.labels(alias=alias)

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            seconds = time.perf_counter() - started
            self.histogram.observe(seconds)
            if seconds * 1000 >= settings.SLOW_QUERY_MS:
                slow_query_logger.warning(
                    "slow query on %s: %.1f ms",
                    self.alias,
                    seconds * 1000,
                    extra={"alias": self.alias, "duration_ms": round(seconds * 1000, 2), "sql": sql[:2000]},
                )


class QueryMetricsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.timers = [QueryTimer(alias) for alias in connections]

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with ExitStack() as stack:
            for timer in self.timers:
                stack.enter_context(connections[timer.alias].execute_wrapper(timer))
            return self.get_response(request)
