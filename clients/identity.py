"""Who the shopper behind a request is, for helpful votes and rate limits: the one place that decides.

- A trusted client (a server-side integration: its key never reaches a browser) may say who its shopper is in
  `X-Shopper-Id`, an opaque id of at most SHOPPER_ID_MAX_LENGTH characters: the shopper is that id within that
  client. If it doesn't say, the shopper is unknown: each of its votes counts, as with the legacy service, and only
  its client-wide quotas apply.
- Anyone else, a browser calling without a key or through an untrusted (public) key, is known by its address
  (`client_address`: behind NUM_PROXIES proxies, an IPv6 client by its /64), as before; `X-Shopper-Id` is ignored.

A shopper is stored nowhere as such: votes and rate-limit counters hold a keyed hash of it (`shopper_digest`).
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.request import Request

from clients.selectors import KnownClient
from qa_project.throttling import client_address

SHOPPER_ID_HEADER = "X-Shopper-Id"
SHOPPER_ID_MAX_LENGTH = 128


@dataclass(frozen=True, slots=True)
class Caller:
    # None without a key.
    client: KnownClient | None
    # The shopper, as an opaque string (a digest's input); None: a trusted client that didn't say.
    shopper: str | None


def caller_of(request: Request) -> Caller:
    """The request's client and shopper. Raises ParseError (a 400) for a trusted client's over-long X-Shopper-Id."""
    client: KnownClient | None = getattr(request, "api_client", None)
    if client is None or not client.trusted:
        # None when the server gave no address (never under gunicorn): all such callers are one shopper.
        return Caller(client, client_address(request) or "")
    shopper_id = request.META.get("HTTP_X_SHOPPER_ID", "").strip()
    if not shopper_id:
        return Caller(client, None)
    if len(shopper_id) > SHOPPER_ID_MAX_LENGTH:
        raise ParseError(f"{SHOPPER_ID_HEADER} is at most {SHOPPER_ID_MAX_LENGTH} characters long.")
    # NUL never occurs in an address: a client's shopper is never taken for an address, nor for another client's.
    return Caller(client, f"client\0{client.id}\0{shopper_id}")


def shopper_digest(shopper: str) -> str:
    """A keyed hash of a shopper (BLAKE2b with the secret key): tells shoppers apart without storing who they are.

    An address hashes as it did before API keys, so the votes recorded then still count once."""
    key = settings.SECRET_KEY.encode()[:64]  # BLAKE2b takes a key of at most 64 bytes
    return hashlib.blake2b(shopper.encode(), key=key, digest_size=16).hexdigest()


def voter_key(request: Request) -> str | None:
    """Who votes: the shopper's digest, or None when the shopper is unknown (each such vote counts)."""
    shopper = caller_of(request).shopper
    return None if shopper is None else shopper_digest(shopper)
