"""API keys: how they are made, stored and sent.

A key is `aqa_` and 43 URL-safe characters of `secrets` randomness (256 bits): recognizable in a config file or a
secret scanner, and far too long to guess, so it is stored as its plain SHA-256 digest (a slow salted hash is for
passwords people choose) and looked up by that digest.
"""

import hashlib
import secrets

KEY_PREFIX = "aqa_"
KEY_RANDOM_BYTES = 32
# The schemes legacy clients put before the key, compared case-insensitively; a key may also come bare.
AUTHORIZATION_SCHEMES = frozenset({"bearer", "token"})


def key_new() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(KEY_RANDOM_BYTES)


def key_digest(key: str) -> str:
    """What is stored of a key, and what a request's key is looked up by: SHA-256, hex."""
    return hashlib.sha256(key.encode()).hexdigest()


def key_from_authorization(header: str) -> str:
    """The key in an `Authorization` header: `<key>`, `Bearer <key>` or `Token <key>`.

    Any other scheme is taken as part of the key, which then matches no client.
    """
    scheme, _, key = header.strip().partition(" ")
    if key and scheme.lower() in AUTHORIZATION_SCHEMES:
        return key.strip()
    return header.strip()
