"""Liveness and readiness, for the load balancer, systemd and Prometheus.

`/healthz` says the process serves requests; it checks nothing else, so a database outage never gets the
app servers restarted. `/readyz` checks what requests need: it is 503 only when the primary doesn't answer.
A replica or Redis that doesn't answer leaves it 200 with `"status": "degraded"`, since reads then go to the
primary and lists are built without the cache: the service still answers every route. While Redis's circuit
breaker is open (qa_project/redis.py), the cache check is `{"status": "down", "error": "CircuitOpenError"}`
without calling it.
"""

import functools
import time
from collections.abc import Callable

import redis
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from qa_project.redis import redis_client


def check(probe: Callable[[], object]) -> dict[str, object]:
    started = time.perf_counter()
    try:
        probe()
    except (DatabaseError, redis.RedisError) as error:
        return {"status": "down", "error": type(error).__name__}
    return {"status": "ok", "ms": round((time.perf_counter() - started) * 1000, 2)}


def select_one(alias: str) -> None:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1")


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@require_GET
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    aliases = [DEFAULT_DB_ALIAS, *settings.DATABASE_READ_REPLICAS]
    checks = {alias: check(functools.partial(select_one, alias)) for alias in aliases}
    if settings.CACHE_ENABLED:
        checks["cache"] = check(lambda: redis_client(settings.REDIS_URL).ping())
    else:
        checks["cache"] = {"status": "disabled"}
    if checks[DEFAULT_DB_ALIAS]["status"] != "ok":
        status = "unavailable"
    elif any(result["status"] == "down" for result in checks.values()):
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse({"status": status, "checks": checks}, status=503 if status == "unavailable" else 200)
