"""What the question and answer routes share: list routes read without DRF, and the item actions."""

from collections.abc import Callable
from http import HTTPStatus
from typing import Any

import orjson
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseBase
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


class ListCreateView(APIView):
    """A list route: reads skip DRF (no request wrapping, content negotiation or throttles: they are the
    hot path, docs/performance.md), writes and OPTIONS go through it. `get` gets Django's request."""

    get: Callable[..., HttpResponse]  # each list route's read

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
