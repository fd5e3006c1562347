"""What the OpenAPI schema says of callers (drf-spectacular): the 401, X-Shopper-Id and the rate-limit headers.

The `Authorization` header itself is the `ApiKey` security scheme of SPECTACULAR_SETTINGS, optional on every route
(OpenAPI ignores a header parameter of that name).
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from clients.identity import SHOPPER_ID_HEADER, SHOPPER_ID_MAX_LENGTH
from qa_project.openapi import ErrorDetailSerializer

UNAUTHORIZED = OpenApiResponse(
    ErrorDetailSerializer,
    description="The Authorization header's key is unknown or revoked; or there is none where keys are required.",
)
# Every route.
CALLER_ERRORS = {401: UNAUTHORIZED}
# A write without a body can still have one bad input: its X-Shopper-Id (the posts' 400 covers it in their bodies').
SHOPPER_ID_TOO_LONG = OpenApiResponse(
    ErrorDetailSerializer,
    description=f"A trusted client's {SHOPPER_ID_HEADER} is over {SHOPPER_ID_MAX_LENGTH} characters.",
)

# Any string: who sends it decides whether it is read, so a keyless caller's is never refused.
SHOPPER_ID = OpenApiParameter(
    SHOPPER_ID_HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=f"Who the shopper is, as an opaque id, sent by a trusted client (a server-side integration) only: "
    f"each shopper's helpful vote counts once and each has the default rate limits within the client's quotas. A "
    f"trusted client that sends none has each vote counted. At most {SHOPPER_ID_MAX_LENGTH} characters (a 400 "
    f"otherwise). Ignored from a keyless caller or an untrusted key, who are known by their address.",
)
# The write responses that went through the rate limits (a 401 or a 413 is answered before them); without Redis,
# none.
RATE_LIMITED = [201, 204, 400, 404, 429, 503]
NON_NEGATIVE = {"type": "integer", "minimum": 0}
RATE_LIMIT_HEADERS = [
    OpenApiParameter(
        name,
        NON_NEGATIVE,
        OpenApiParameter.HEADER,
        description=f"{description} Of the caller's bucket with the least left: the client's quota or its shopper's "
        "rate (IETF draft-ietf-httpapi-ratelimit-headers).",
        response=RATE_LIMITED,
    )
    for name, description in [
        ("RateLimit-Limit", "Requests allowed in the window."),
        ("RateLimit-Remaining", "Requests left in the window."),
        ("RateLimit-Reset", "Seconds until the window ends."),
    ]
]
# The parameters and response headers of every write.
WRITE_PARAMETERS = [SHOPPER_ID, *RATE_LIMIT_HEADERS]
