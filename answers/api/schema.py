"""The OpenAPI description of the answer routes (docs/api.md); their shapes are answers/api/serializers.py's."""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema

from answers.api.serializers import AnswerCreateSerializer, AnswerListSerializer, AnswerSerializer
from clients.openapi import CALLER_ERRORS, WRITE_PARAMETERS
from posts.api.schema import HTTP_CACHING, NOT_MODIFIED, PAGE_SIZE_RULE, item_action_schema
from posts.api.serializers import ListParamsSerializer
from qa_project.openapi import NOT_FOUND, POST_ERRORS, READ_ERRORS, RETRY_AFTER
from questions.api.schema import QUESTION_ID

ANSWER_ID = OpenApiParameter(
    "answer_id", int, OpenApiParameter.PATH, examples=[OpenApiExample("An answer", value=5269402)]
)

answer_list_schema = extend_schema(
    summary="A question's answers, most helpful first unless `sort` says otherwise",
    description=f"Reported answers are never listed; a question that doesn't exist or is reported is a 404. "
    f"{PAGE_SIZE_RULE} Ties in every order are broken by id.",
    parameters=[QUESTION_ID, ListParamsSerializer, RETRY_AFTER, *HTTP_CACHING],
    responses={200: AnswerListSerializer, 304: NOT_MODIFIED, 404: NOT_FOUND, **READ_ERRORS, **CALLER_ERRORS},
)
answer_create_schema = extend_schema(
    summary="Answer a question",
    description="201 with the new answer as the answer list shows it.",
    request=AnswerCreateSerializer,
    parameters=[QUESTION_ID, RETRY_AFTER, *WRITE_PARAMETERS],
    responses={201: AnswerSerializer, 404: NOT_FOUND, **POST_ERRORS, **CALLER_ERRORS},
)
answer_helpful_schema = item_action_schema(
    summary="Mark an answer helpful",
    description="Its helpfulness goes up by one, once per shopper (see X-Shopper-Id): a shopper's repeated votes "
    "count once.",
    item_id=ANSWER_ID,
)
answer_report_schema = item_action_schema(
    summary="Report an answer",
    description="The answer is hidden from the lists; reporting it again is harmless.",
    item_id=ANSWER_ID,
)
