import hashlib

from django.conf import settings
from rest_framework.request import Request

from qa_project.throttling import client_address


def voter_key(request: Request) -> str:
    """Who votes: the client as the rate limits know it (`client_address`: an IPv6 client by its /64),
    hashed with the secret key so that votes can be told apart without storing any address."""
    # None when the server gave no address (never under gunicorn): all such clients are one voter.
    address = client_address(request) or ""
    key = settings.SECRET_KEY.encode()[:64]  # BLAKE2b takes a key of at most 64 bytes
    return hashlib.blake2b(address.encode(), key=key, digest_size=16).hexdigest()
