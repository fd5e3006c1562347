"""POST /qa/unsubscribe?token=...: the one-click unsubscribe of RFC 8058; GET only says what the POST would do.

Mail apps POST to the List-Unsubscribe URL of an email (body `List-Unsubscribe=One-Click`, no cookies), and link
scanners GET every URL of an email: only the POST changes anything. No rate limit: the POSTs come from the mail
providers' servers, one address for a great many people, and a forged token costs no query.
The route is no part of the storefront's API and not in its OpenAPI schema: no schema can say which tokens are
signed, so schemathesis could only send forged ones.
"""

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from notifications.selectors import address_hash_unsubscribed
from notifications.services import unsubscribe_create
from notifications.tokens import TokenInvalid, token_address_hash


def request_address_hash(request: Request) -> str:
    """The address hash of the request's token; a 400 naming the problem for a missing, forged or stale one."""
    token = request.query_params.get("token")
    if not token:
        raise ValidationError({"token": ["This field is required."]})
    try:
        return token_address_hash(token)
    except TokenInvalid as invalid:
        raise ValidationError({"token": [str(invalid)]}) from invalid


@extend_schema(exclude=True)
class UnsubscribeView(APIView):
    throttle_classes = ()

    def get(self, request: Request) -> Response:
        if address_hash_unsubscribed(address_hash=request_address_hash(request)):
            return Response({"unsubscribed": True, "detail": "This address gets no more emails; POST changes nothing."})
        return Response({"unsubscribed": False, "detail": "POST to this URL to stop every email to this address."})

    def post(self, request: Request) -> Response:
        unsubscribe_create(address_hash=request_address_hash(request))
        return Response({"unsubscribed": True, "detail": "This address gets no more emails."})
