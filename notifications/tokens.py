"""The one-click unsubscribe link (RFC 8058) of every notification, and the hash of an address it carries.

The token is the hash of the recipient's address, signed with a timestamp (django.core.signing, salted for this
use only, so no other signed value of the service is accepted as one): the address itself is in no URL and no
log line. It is good for NOTIFICATION_UNSUBSCRIBE_MAX_AGE_DAYS; each email carries a fresh one.
"""

import hashlib
import re
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.http import urlencode

SALT = "notifications.unsubscribe"
ADDRESS_HASH = re.compile(r"[0-9a-f]{64}")


class TokenInvalid(ValueError):
    """A token that was not made here, was altered, or is too old; the message says which, to the client."""


def address_hash(address: str) -> str:
    """The SHA-256 of the address as mail servers compare it in practice: without spaces, case folded."""
    return hashlib.sha256(address.strip().lower().encode()).hexdigest()


def unsubscribe_token(address: str) -> str:
    """`<address hash>:<timestamp>:<signature>`, every part URL-safe."""
    return signing.TimestampSigner(salt=SALT).sign(address_hash(address))


def unsubscribe_url(address: str) -> str:
    """The absolute URL of the unsubscribe route for `address`, under PUBLIC_BASE_URL."""
    path = reverse("notifications-unsubscribe")
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}?{urlencode({'token': unsubscribe_token(address)})}"


def token_address_hash(token: str) -> str:
    """The address hash a token carries; raises TokenInvalid for a forged, altered or stale one."""
    max_age = timedelta(days=settings.NOTIFICATION_UNSUBSCRIBE_MAX_AGE_DAYS)
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(token, max_age=max_age)
    except signing.SignatureExpired as error:
        raise TokenInvalid("This unsubscribe link has expired.") from error
    except signing.BadSignature as error:
        raise TokenInvalid("This unsubscribe link is not valid.") from error
    if not ADDRESS_HASH.fullmatch(value):
        raise TokenInvalid("This unsubscribe link is not valid.")
    return value
