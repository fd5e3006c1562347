"""The caller's address, as the write rate limits and helpful votes know a caller without a (trusted) key.

The rate limits themselves, per client and per shopper, are clients/throttling.py's; who the shopper is,
clients/identity.py's.
"""

import ipaddress

from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

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
