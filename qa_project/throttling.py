"""Per-client rate limits of the writes, counted in Django's default cache (Redis).

Each write view names its scope (`throttle_scope`: ask, answer, vote, report); the rates are
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], from the environment. A client is its address, taken from
`X-Forwarded-For` behind REST_FRAMEWORK["NUM_PROXIES"] proxies. Over the rate, DRF answers 429 with
`Retry-After`.
"""

import logging
from typing import TYPE_CHECKING

import redis
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle

if TYPE_CHECKING:  # DRF's views import this module while they load their settings.
    from rest_framework.views import APIView

logger = logging.getLogger(__name__)


class WriteRateThrottle(ScopedRateThrottle):
    """Throttles the writes of the views that name a scope; reads are never throttled.

    If the cache doesn't answer, the write is allowed and the failure logged: an outage of Redis must not
    take the writes down with it.
    """

    @property
    def THROTTLE_RATES(self) -> dict[str, str | None]:
        # Read on each request rather than once at import, so a change of settings takes effect.
        return api_settings.DEFAULT_THROTTLE_RATES

    def allow_request(self, request: Request, view: "APIView") -> bool:
        if request.method in SAFE_METHODS:
            return True
        try:
            return super().allow_request(request, view)
        except redis.RedisError as error:
            logger.warning("Rate limit not checked, the cache did not answer: %r", error)
            return True
