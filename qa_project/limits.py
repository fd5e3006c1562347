"""What a request must be before a view sees it: for a host the service answers, with a bounded body.

Django checks the Host header against ALLOWED_HOSTS only when something asks for it (CommonMiddleware,
CSRF, security): the API's lean handler asks here, so an unknown host is a 400 on every route.

A body larger than DATA_UPLOAD_MAX_MEMORY_SIZE is refused before it is read. DRF's parsers read the
request stream themselves, so Django's own check of that setting (in `request.body`) never runs for the
API; RequestBodyLimitMiddleware applies it to every route.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse


def declared_length(request: HttpRequest) -> int:
    """The body's length as the client declared it; a missing or malformed one reads as no body, as in Django."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class AllowedHostMiddleware:
    """Raises DisallowedHost (answered 400 by handler400) for a Host header not in ALLOWED_HOSTS."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.get_host()
        return self.get_response(request)


class RequestBodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if declared_length(request) > limit:
            return JsonResponse({"detail": f"Request body too large: at most {limit} bytes."}, status=413)
        return self.get_response(request)
