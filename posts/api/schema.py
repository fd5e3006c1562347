"""The OpenAPI pieces both apps' routes use: the item actions' description, the page-size rule, HTTP caching."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema

from clients.openapi import CALLER_ERRORS, SHOPPER_ID_TOO_LONG, WRITE_PARAMETERS
from qa_project.openapi import ACTION_ERRORS, RETRY_AFTER

# What `count` is, in both list routes.
PAGE_SIZE_RULE = f"`count` above {settings.MAX_PAGE_SIZE:,} (MAX_PAGE_SIZE) is served as {settings.MAX_PAGE_SIZE:,}."


# The lists' and the product summary's HTTP caching (posts/api/views.py, cacheable_json_response).
HTTP_CACHING = [
    OpenApiParameter(
        "If-None-Match",
        str,
        OpenApiParameter.HEADER,
        description="The ETag of the document the client holds: a 304 with no body if it is still current.",
    ),
    OpenApiParameter(
        "ETag",
        str,
        OpenApiParameter.HEADER,
        required=True,
        response=[200, 304],
        description="A strong validator of the document: it changes whenever a write changes the document.",
    ),
    OpenApiParameter(
        "Cache-Control",
        str,
        OpenApiParameter.HEADER,
        required=True,
        response=[200, 304],
        description="The deployment's API_CACHE_CONTROL: `no-cache` by default (clients revalidate every time).",
    ),
]
NOT_MODIFIED = OpenApiResponse(description="The document the client holds (If-None-Match) is current: no body.")


def item_action_schema(*, summary: str, description: str, item_id: OpenApiParameter) -> Callable[[Any], Any]:
    """A `PUT .../helpful` or `.../report` route: no body, 204 or one of the action errors."""
    return extend_schema(
        summary=summary,
        description=description,
        request=None,
        parameters=[item_id, RETRY_AFTER, *WRITE_PARAMETERS],
        responses={204: None, 400: SHOPPER_ID_TOO_LONG, **ACTION_ERRORS, **CALLER_ERRORS},
    )
