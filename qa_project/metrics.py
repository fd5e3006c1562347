"""Prometheus timings of the database queries per alias and of the list cache, the log of slow queries,
replica failures, and the `/metrics` page.

The requests' count and latency are qa_project/observability.py's. `/metrics` adds up the metrics of every
worker process of the app server when PROMETHEUS_MULTIPROC_DIR is set.
"""

import functools
import logging
import os
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

from qa_project.observability import in_request

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
# Metrics computed when /metrics is scraped (a database read, say), which the apps register (AppConfig.ready): the
# scraped process's own reading, never added up over processes as the multiprocess files are.
SCRAPE_TIME_REGISTRY = CollectorRegistry()
slow_query_logger = logging.getLogger("qa.slow_query")


class QueryTimer:
    """A Django execute wrapper: observes each query's time and logs the slow ones."""

    def __init__(self, alias: str) -> None:
        self.alias = alias

    @functools.cached_property
    def histogram(self) -> Histogram:
        # Made on first use, in a request: a management command has no metrics directory to make it in.
        return QUERY_SECONDS.labels(alias=self.alias)

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        if not in_request():  # a management command's long statements are neither metrics nor slow queries
            return execute(sql, params, many, context)
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
                    extra={"alias": self.alias, "duration_ms": round(seconds * 1000, 2), "sql": str(sql)[:2000]},
                )


def query_timer_install(sender: type, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """`connection_created` receiver: time every query of the connection, from its first one on.

    Installed once per connection rather than around each request: a request that never queries (a
    cache hit) pays nothing.
    """
    if not any(isinstance(wrapper, QueryTimer) for wrapper in connection.execute_wrappers):
        connection.execute_wrappers.append(QueryTimer(connection.alias))


def metrics_page(request: HttpRequest) -> HttpResponse:
    registry = REGISTRY
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    return HttpResponse(
        generate_latest(registry) + generate_latest(SCRAPE_TIME_REGISTRY), content_type=CONTENT_TYPE_LATEST
    )
