"""Rate limits of the writes, per client and per shopper, counted in fixed windows in Redis.

Each write view names its scope (`throttle_scope`: ask, answer, vote, report). A request counts in the buckets
its caller has (clients/identity.py):

| caller | buckets |
|---|---|
| no key | its address, at the default rate (THROTTLE_RATE_*) |
| an untrusted key | the client, at its quota a minute; the address within the client, at the default rate |
| a trusted key with X-Shopper-Id | the client, at its quota; the shopper within the client, at the default rate |
| a trusted key without | the client, at its quota |

A bucket is a Redis counter whose window starts with its first request and lasts the rate's period: INCR, then
EXPIRE NX (Redis 7) so only the first request sets the window's end, and PTTL for how long is left, for every
bucket of the request in one pipelined round trip. (DRF's throttles keep a list of timestamps per client, rewritten
on every request: unusable for a quota of thousands a minute.) Over any of its buckets' limits, a request is a 429
with `Retry-After`; the buckets that had room are given their count back, so a shopper over its rate doesn't use up
its client's quota. Every write response carries the `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`
headers (the IETF draft's) of the bucket with the least room left (clients/middleware.py puts them on).

If Redis doesn't answer (or its circuit breaker skips it, qa_project/redis.py) the write is allowed, without
headers, and a warning logged: an outage of Redis must not take the writes down. With CACHE_ENABLED=false nothing
is counted.
"""

import functools
import logging
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import redis
from django.conf import settings
from django.http import HttpResponse
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from clients.identity import Caller, caller_of, shopper_digest
from qa_project.redis import redis_client

if TYPE_CHECKING:  # DRF's views import this module while they load their settings.
    from rest_framework.views import APIView

    from clients.middleware import ClientRequest

logger = logging.getLogger(__name__)

# A client's quotas are per minute.
QUOTA_PERIOD_SECONDS = 60
PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True, slots=True)
class Bucket:
    key: str
    limit: int
    period: int


@dataclass(frozen=True, slots=True)
class RateLimit:
    """A bucket's state after a request, as the IETF draft's headers say it."""

    limit: int
    remaining: int
    # Seconds until the window ends.
    reset: int

    def put_headers(self, response: HttpResponse) -> None:
        response["RateLimit-Limit"] = str(self.limit)
        response["RateLimit-Remaining"] = str(self.remaining)
        response["RateLimit-Reset"] = str(self.reset)


@functools.lru_cache(maxsize=64)
def parse_rate(rate: str) -> tuple[int, int]:
    """`N/s`, `N/min`, `N/hour`, `N/day` (as DRF reads them: by the period's first letter) -> (N, seconds)."""
    number, period = rate.split("/")
    return int(number), PERIOD_SECONDS[period[0]]


def buckets_of(caller: Caller, scope: str) -> list[Bucket]:
    """The buckets a request of `caller` in `scope` counts in (the table above)."""
    prefix = f"{settings.CACHE_KEY_PREFIX}:rate:{scope}"
    buckets = []
    client = caller.client
    if client is not None:
        buckets.append(Bucket(f"{prefix}:c{client.id}", client.quotas[scope], QUOTA_PERIOD_SECONDS))
    rate = api_settings.DEFAULT_THROTTLE_RATES.get(scope)
    if caller.shopper is not None and rate is not None:
        within = f"c{client.id}" if client is not None else "a"
        buckets.append(Bucket(f"{prefix}:{within}:{shopper_digest(caller.shopper)}", *parse_rate(rate)))
    return buckets


def buckets_count(buckets: list[Bucket]) -> list[RateLimit]:
    """Count one request in each bucket, in one round trip; each bucket's state after it. Raises redis.RedisError."""
    pipeline = redis_client(settings.REDIS_URL).pipeline(transaction=False)
    for bucket in buckets:
        pipeline.incr(bucket.key)
        pipeline.expire(bucket.key, bucket.period, nx=True)
        pipeline.pttl(bucket.key)
    replies = pipeline.execute()
    states = []
    for bucket, count, milliseconds_left in zip(buckets, replies[0::3], replies[2::3], strict=True):
        reset = math.ceil(milliseconds_left / 1000) if milliseconds_left > 0 else bucket.period
        states.append(RateLimit(limit=bucket.limit, remaining=bucket.limit - count, reset=reset))
    return states


def buckets_give_back(buckets: list[Bucket]) -> None:
    pipeline = redis_client(settings.REDIS_URL).pipeline(transaction=False)
    for bucket in buckets:
        pipeline.decr(bucket.key)
    pipeline.execute()


class ClientRateThrottle(BaseThrottle):
    """DRF's throttle of the write views (REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]); reads are never throttled."""

    def __init__(self) -> None:
        self.retry_after: int | None = None

    def allow_request(self, request: Request, view: "APIView") -> bool:
        scope = getattr(view, "throttle_scope", None)
        if scope is None or request.method in SAFE_METHODS or not settings.CACHE_ENABLED:
            return True
        buckets = buckets_of(caller_of(request), scope)
        if not buckets:
            return True
        try:
            states = buckets_count(buckets)
        except redis.RedisError as error:
            logger.warning("Rate limit not checked, Redis did not answer: %r", error)
            return True
        over = [state for state in states if state.remaining < 0]
        least = min(states, key=lambda state: (state.remaining, -state.reset))
        # For ApiClientMiddleware, which puts its headers on the response (the checker can't follow the attribute).
        client_request = cast("ClientRequest", request._request)
        client_request.rate_limit = RateLimit(limit=least.limit, remaining=max(least.remaining, 0), reset=least.reset)
        if not over:
            return True
        self.retry_after = max(state.reset for state in over)
        with_room = [bucket for bucket, state in zip(buckets, states, strict=True) if state.remaining >= 0]
        if with_room:
            try:
                buckets_give_back(with_room)
            except redis.RedisError as error:
                logger.warning("Rate limit counts not given back, Redis did not answer: %r", error)
        return False

    def wait(self) -> int | None:
        return self.retry_after
