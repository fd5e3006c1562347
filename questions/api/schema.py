"""The OpenAPI description of the question routes (API.md): serializers that only describe, never serialize.

The responses carry the length rules the database guarantees for every stored row, imported ones included: a body
is never empty, a name holds at most 60 characters, a photo URL at most 2048. A body's 1000 characters and a
name's first one are rules of new posts (the request components), not of the legacy rows the import loads.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers

from clients.openapi import CALLER_ERRORS, SHOPPER_ID_TOO_LONG, WRITE_PARAMETERS
from qa_project.openapi import ACTION_ERRORS, POST_ERRORS, READ_ERRORS, RETRY_AFTER
from questions.api.serializers import QuestionCreateSerializer, QuestionListParamsSerializer


def iso_date() -> serializers.RegexField:
    """A date as JavaScript's toISOString() writes it: UTC, milliseconds, Z."""
    return serializers.RegexField(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


def post_body() -> serializers.CharField:
    return serializers.CharField(min_length=1)


def author_name() -> serializers.CharField:
    return serializers.CharField(max_length=60)


def photo_url() -> serializers.CharField:
    return serializers.CharField(max_length=2048)


class AnswerInQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    body = post_body()
    date = iso_date()
    answerer_name = author_name()
    helpfulness = serializers.IntegerField(min_value=0)
    photos = serializers.ListField(child=photo_url(), help_text="Photo URLs, in ascending photo id order.")


class QuestionSerializer(serializers.Serializer):
    question_id = serializers.IntegerField()
    question_body = post_body()
    question_date = iso_date()
    asker_name = author_name()
    question_helpfulness = serializers.IntegerField(min_value=0)
    reported = serializers.BooleanField()
    answers = serializers.DictField(
        child=AnswerInQuestionSerializer(),
        help_text="The question's answers that are not reported, keyed by answer id (a string), ids ascending.",
    )


class QuestionListSerializer(serializers.Serializer):
    product_id = serializers.CharField(help_text="The product id asked for, as a string.")
    results = QuestionSerializer(many=True)


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


# The ids of API.md's examples; schemathesis sends them too (tests/test_openapi_schemathesis.py creates those items).
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
