"""The OpenAPI pieces both apps' routes use: the item actions' description and the page-size rule."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, extend_schema

from clients.openapi import CALLER_ERRORS, SHOPPER_ID_TOO_LONG, WRITE_PARAMETERS
from qa_project.openapi import ACTION_ERRORS, RETRY_AFTER

# What `count` is, in both list routes.
PAGE_SIZE_RULE = f"`count` above {settings.MAX_PAGE_SIZE:,} (MAX_PAGE_SIZE) is served as {settings.MAX_PAGE_SIZE:,}."


def item_action_schema(*, summary: str, description: str, item_id: OpenApiParameter) -> Callable[[Any], Any]:
    """A `PUT .../helpful` or `.../report` route: no body, 204 or one of the action errors."""
    return extend_schema(
        summary=summary,
        description=description,
        request=None,
        parameters=[item_id, RETRY_AFTER, *WRITE_PARAMETERS],
        responses={204: None, 400: SHOPPER_ID_TOO_LONG, **ACTION_ERRORS, **CALLER_ERRORS},
    )
