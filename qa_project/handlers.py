"""Two Django handlers over one settings module, chosen by path in the WSGI entry point (qa_project/wsgi.py).

The public API (`/qa/...`) is an anonymous JSON API: its handler runs only API_MIDDLEWARE (request id and
log line, metrics, body limit, fault mapping, read routing, API keys). The admin, the API docs and the
health and metrics pages keep Django's full stack, MIDDLEWARE: sessions, CSRF, auth, messages, static files.
docs/performance.md measures what the split saves.
"""

from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpRequest, HttpResponse

API_PATH_PREFIX = "/qa/"

WSGIApplication = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class ApiMiddlewareMixin(BaseHandler):
    """A handler whose middleware chain is settings.API_MIDDLEWARE instead of settings.MIDDLEWARE."""

    def load_middleware(self, is_async: bool = False) -> None:
        # Django builds the chain from settings.MIDDLEWARE; point it at the API's list while it does, once.
        site_middleware = settings.MIDDLEWARE
        settings.MIDDLEWARE = settings.API_MIDDLEWARE
        try:
            super().load_middleware(is_async)
        finally:
            settings.MIDDLEWARE = site_middleware


class ApiHandler(ApiMiddlewareMixin, WSGIHandler):
    pass


class ContentLengthMiddleware:
    """The one thing of CommonMiddleware's the API needs: a Content-Length, so no response is sent chunked."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # A 304 has no body, and no Content-Length but the one its 200 would have had (RFC 9110, 8.6).
        if not (response.streaming or response.status_code == HTTPStatus.NOT_MODIFIED or "Content-Length" in response):
            response["Content-Length"] = str(len(response.content))
        return response


def is_api_request(environ: dict[str, Any]) -> bool:
    return environ.get("PATH_INFO", "").startswith(API_PATH_PREFIX)


def path_dispatcher(*, api: WSGIApplication, site: WSGIApplication) -> WSGIApplication:
    """A WSGI application sending API requests to `api` and every other request to `site`."""

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        return (api if is_api_request(environ) else site)(environ, start_response)

    return application
