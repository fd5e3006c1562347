"""Pieces of the OpenAPI schema (drf-spectacular) that every route shares: error bodies, headers, hooks.

The views describe their own routes with `@extend_schema` (questions/api/schema.py, answers/api/schema.py).
"""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers


class ErrorDetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


MESSAGES = {"type": "array", "items": {"type": "string"}}
# DRF's validation errors name each field: {"product_id": ["..."]}; a list's items by index
# ({"photos": {"0": ["..."]}}); malformed JSON is {"detail": "..."}.
VALIDATION_ERROR = {
    "type": "object",
    "minProperties": 1,
    "additionalProperties": {
        "anyOf": [{"type": "string"}, MESSAGES, {"type": "object", "additionalProperties": MESSAGES}],
    },
}

BAD_INPUT = OpenApiResponse(VALIDATION_ERROR, description="Invalid input, each message under its field's name.")
NOT_FOUND = OpenApiResponse(ErrorDetailSerializer, description="No such item (or it is reported).")
THROTTLED = OpenApiResponse(
    ErrorDetailSerializer, description="Over the client's quota or the shopper's rate for the action."
)
TOO_LARGE = OpenApiResponse(ErrorDetailSerializer, description="The request body is over the size limit.")
UNAVAILABLE = OpenApiResponse(ErrorDetailSerializer, description="The database does not answer; try again later.")

RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    required=True,
    description="Seconds to wait before trying again.",
    response=[429, 503],
)

# Every route can meet a database outage; every write the size limit of bodies and its caller's rate limits. (A
# caller's key, and the 401, are clients/openapi.py's.)
READ_ERRORS = {400: BAD_INPUT, 503: UNAVAILABLE}
ACTION_ERRORS = {404: NOT_FOUND, 413: TOO_LARGE, 429: THROTTLED, 503: UNAVAILABLE}
POST_ERRORS = {400: BAD_INPUT, 413: TOO_LARGE, 429: THROTTLED, 503: UNAVAILABLE}


def close_objects(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Postprocessing hook: the documented response objects have exactly their documented keys, nothing more.

    Request bodies stay open, as DRF ignores keys it doesn't know.
    """
    request_bodies = {
        media["schema"]["$ref"].rsplit("/", 1)[-1]
        for path in result["paths"].values()
        for operation in path.values()
        for media in operation.get("requestBody", {}).get("content", {}).values()
    }
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name not in request_bodies and "properties" in component:
            component["additionalProperties"] = False
    return result


def empty_query_values(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Postprocessing hook: an optional number in a query sent empty (`?page=`) takes its default, as in DRF (and as
    the legacy service did), so the schema admits an empty value for it. The text parameters (`sort`, `answered`,
    `q`, which the legacy service didn't have) are 400s when empty (posts/api/fields.py, EmptyIsGiven)."""
    for path in result["paths"].values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                optional = parameter["in"] == "query" and not parameter.get("required")
                if optional and parameter["schema"].get("type") == "integer":
                    parameter["allowEmptyValue"] = True
    return result


def contract_paths(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Postprocessing hook: paths as the contract writes them, without the optional trailing slash."""
    result["paths"] = {path.rstrip("/"): operations for path, operations in result["paths"].items()}
    return result
