"""The OpenAPI description of the question routes (docs/api.md); their shapes are questions/api/serializers.py's."""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema

from clients.openapi import CALLER_ERRORS, WRITE_PARAMETERS
from posts.api.schema import HTTP_CACHING, NOT_MODIFIED, PAGE_SIZE_RULE, item_action_schema
from qa_project.openapi import POST_ERRORS, READ_ERRORS, RETRY_AFTER, ErrorDetailSerializer
from questions.api.serializers import (
    ProductSummarySerializer,
    QuestionCreateSerializer,
    QuestionListParamsSerializer,
    QuestionListSerializer,
    QuestionSerializer,
)

# The ids of docs/api.md's examples; schemathesis sends them too (tests/test_openapi_schemathesis.py makes them).
QUESTION_ID = OpenApiParameter(
    "question_id", int, OpenApiParameter.PATH, examples=[OpenApiExample("A question", value=642674)]
)

PRODUCT_ID = OpenApiParameter(
    "product_id", int, OpenApiParameter.PATH, examples=[OpenApiExample("A product", value=40344)]
)

question_list_schema = extend_schema(
    summary="A product's questions, most helpful first unless `sort` or `q` says otherwise, with their answers",
    description=f"Reported questions and answers are never listed, and never match `q`. {PAGE_SIZE_RULE} Ties in "
    "every order are broken by id. Without `sort`, `answered` and `q` the document is the legacy service's.",
    parameters=[QuestionListParamsSerializer, RETRY_AFTER, *HTTP_CACHING],
    responses={200: QuestionListSerializer, 304: NOT_MODIFIED, **READ_ERRORS, **CALLER_ERRORS},
)
product_summary_schema = extend_schema(
    summary="How many questions and answers a product's lists show",
    description="Listed items only: reported and removed questions and answers are not counted, nor the answers of "
    "a hidden question. A product without questions counts zeros.",
    parameters=[PRODUCT_ID, RETRY_AFTER, *HTTP_CACHING],
    responses={
        200: ProductSummarySerializer,
        304: NOT_MODIFIED,
        404: OpenApiResponse(ErrorDetailSerializer, description="The product id is not a positive integer."),
        503: READ_ERRORS[503],
        **CALLER_ERRORS,
    },
    examples=[
        OpenApiExample(
            "A product",
            value={"product_id": "40344", "questions": 42, "answered": 37, "answers": 95},
            response_only=True,
        )
    ],
)
question_create_schema = extend_schema(
    summary="Ask a question",
    description="201 with the new question as the list shows it.",
    request=QuestionCreateSerializer,
    parameters=[RETRY_AFTER, *WRITE_PARAMETERS],
    responses={201: QuestionSerializer, **POST_ERRORS, **CALLER_ERRORS},
)
question_helpful_schema = item_action_schema(
    summary="Mark a question helpful",
    description="Its helpfulness goes up by one, once per shopper (see X-Shopper-Id): a shopper's repeated votes "
    "count once.",
    item_id=QUESTION_ID,
)
question_report_schema = item_action_schema(
    summary="Report a question",
    description="The question is hidden from the lists; reporting it again is harmless.",
    item_id=QUESTION_ID,
)
