"""Per-client rate limits of the writes, counted in Django's default cache (Redis).

Each write view names its scope (`throttle_scope`: ask, answer, vote, report); the rates are
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], from the environment. A client is `client_address()`, which helpful votes
use too. Over the rate, DRF answers 429 with `Retry-After`.
"""

import ipaddress
import logging
from typing import TYPE_CHECKING

import redis
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle, ScopedRateThrottle

if TYPE_CHECKING:  # DRF's views import this module while they load their settings.
    from rest_framework.views import APIView

logger = logging.getLogger(__name__)

# An IPv6 subscriber is given a whole /64 (RFC 6177) and may use any of its addresses.
IPV6_CLIENT_PREFIX = 64


def client_address(request: Request) -> str | None:
    """Who the client is, for rate limits and helpful votes: its address as DRF's throttles take it (the peer's, or
    behind REST_FRAMEWORK["NUM_PROXIES"] proxies that many entries from the end of `X-Forwarded-For`), an IPv6
    address widened to its /64 network. IPv4 stays one address (an IPv4-mapped IPv6 address is that IPv4 address);
    what is not an address at all is kept as it came."""
    ident = BaseThrottle().get_ident(request)
    try:
        address = ipaddress.ip_address(ident)
    except ValueError:
        return ident
    if address.version == 4:
        return str(address)
    if address.ipv4_mapped:
        return str(address.ipv4_mapped)
    return str(ipaddress.IPv6Network((address, IPV6_CLIENT_PREFIX), strict=False))


class WriteRateThrottle(ScopedRateThrottle):
    """Throttles the writes of the views that name a scope; reads are never throttled.

    If the cache doesn't answer, the write is allowed and the failure logged: an outage of Redis must not
    take the writes down with it. Django's cache reaches Redis through qa_project.redis's pool, so while Redis's
    circuit breaker is open the throttle doesn't wait for it.
    """

    @property
    def THROTTLE_RATES(self) -> dict[str, str | None]:
        # Read on each request rather than once at import, so a change of settings takes effect.
        return api_settings.DEFAULT_THROTTLE_RATES

    def get_ident(self, request: Request) -> str | None:
        return client_address(request)

    def allow_request(self, request: Request, view: "APIView") -> bool:
        if request.method in SAFE_METHODS:
            return True
        try:
            return super().allow_request(request, view)
        except redis.RedisError as error:
            logger.warning("Rate limit not checked, the cache did not answer: %r", error)
            return True
