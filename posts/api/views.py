"""What the question and answer routes share: reads without DRF, HTTP-cacheable documents, and the item actions."""

import hashlib
from collections.abc import Callable
from http import HTTPStatus
from typing import Any, cast

import orjson
from django.conf import settings
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

READ_METHODS = frozenset({"GET", "HEAD"})


def json_response(document: bytes, status: int = 200) -> HttpResponse:
    return HttpResponse(document, status=status, content_type="application/json")


def errors_response(errors: dict[str, Any], status: int = 400) -> HttpResponse:
    """An error body as DRF renders it (drf-orjson-renderer): the same bytes as every other route's errors."""
    return json_response(orjson.dumps(errors, option=orjson.OPT_NON_STR_KEYS), status)


def cacheable_json_response(request: HttpRequest, document: bytes) -> HttpResponse:
    """A list's or a summary's document with its Cache-Control (API_CACHE_CONTROL) and a strong ETag, a hash of its
    bytes: every write that changes the document changes it. A client holding that document (If-None-Match) gets a
    304 with no body."""
    response = json_response(document)
    response["ETag"] = f'"{hashlib.blake2b(document, digest_size=16).hexdigest()}"'
    response["Cache-Control"] = settings.API_CACHE_CONTROL
    conditional = get_conditional_response(request, etag=response["ETag"], response=response)
    return cast(HttpResponse, conditional)  # given a response, Django returns one


def variant_key(params: dict[str, Any]) -> bytes:
    """The name of a route's document for these parameters, among its owner's cached documents (posts/cache.py)."""
    return orjson.dumps(params, option=orjson.OPT_SORT_KEYS)


class LeanReadView(APIView):
    """A route whose reads skip DRF (no request wrapping, content negotiation or throttles: they are the hot path,
    docs/performance.md); writes and OPTIONS go through it. `get` gets Django's request."""

    get: Callable[..., HttpResponse]  # each route's read

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method in READ_METHODS:
            return self.get(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)


class ItemActionView(APIView):
    """`PUT` acts on the item named in the path: 204, or 404 if there is no such item."""

    model: type[models.Model]

    def act(self, request: Request, item_id: int) -> None:
        raise NotImplementedError

    def put(self, request: Request, **path: str) -> Response:
        [item_id] = path.values()
        try:
            self.act(request, int(item_id))
        # ModelBase gives each concrete model its DoesNotExist; the stubs can't tell type[Model] is one.
        except self.model.DoesNotExist:  # type: ignore[attr-defined]
            raise NotFound from None
        return Response(status=HTTPStatus.NO_CONTENT)
