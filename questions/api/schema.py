"""The OpenAPI description of the question routes (docs/api.md); their shapes are questions/api/serializers.py's."""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema

from clients.openapi import CALLER_ERRORS, WRITE_PARAMETERS
from posts.api.schema import PAGE_SIZE_RULE, item_action_schema
from qa_project.openapi import POST_ERRORS, READ_ERRORS, RETRY_AFTER
from questions.api.serializers import (
    QuestionCreateSerializer,
    QuestionListParamsSerializer,
    QuestionListSerializer,
    QuestionSerializer,
)

# The ids of docs/api.md's examples; schemathesis sends them too (tests/test_openapi_schemathesis.py makes them).
QUESTION_ID = OpenApiParameter(
    "question_id", int, OpenApiParameter.PATH, examples=[OpenApiExample("A question", value=642674)]
)

question_list_schema = extend_schema(
    summary="A product's questions, most helpful first, with their answers",
    description=f"Reported questions and answers are never listed; {PAGE_SIZE_RULE}",
    parameters=[QuestionListParamsSerializer, RETRY_AFTER],
    responses={200: QuestionListSerializer, **READ_ERRORS, **CALLER_ERRORS},
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
