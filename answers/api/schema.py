"""The OpenAPI description of the answer routes (API.md): serializers that only describe, never serialize."""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers

from answers.api.serializers import AnswerCreateSerializer
from clients.openapi import CALLER_ERRORS, WRITE_PARAMETERS
from qa_project.openapi import NOT_FOUND, POST_ERRORS, READ_ERRORS, RETRY_AFTER
from questions.api.schema import (
    PAGE_SIZE_RULE,
    QUESTION_ID,
    author_name,
    iso_date,
    item_action_schema,
    photo_url,
    post_body,
)
from questions.api.serializers import PageParamsSerializer


class AnswerPhotoSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = photo_url()


class AnswerSerializer(serializers.Serializer):
    answer_id = serializers.IntegerField()
    body = post_body()
    date = iso_date()
    answerer_name = author_name()
    helpfulness = serializers.IntegerField(min_value=0)
    photos = AnswerPhotoSerializer(many=True, help_text="In ascending photo id order.")


class AnswerListSerializer(serializers.Serializer):
    question = serializers.CharField(help_text="The question id asked for, as a string.")
    page = serializers.IntegerField()
    count = serializers.IntegerField()
    results = AnswerSerializer(many=True)


ANSWER_ID = OpenApiParameter(
    "answer_id", int, OpenApiParameter.PATH, examples=[OpenApiExample("An answer", value=5269402)]
)

answer_list_schema = extend_schema(
    summary="A question's answers, most helpful first",
    description=f"Reported answers are never listed; a question that doesn't exist or is reported is a 404. "
    f"{PAGE_SIZE_RULE}",
    parameters=[QUESTION_ID, PageParamsSerializer, RETRY_AFTER],
    responses={200: AnswerListSerializer, 404: NOT_FOUND, **READ_ERRORS, **CALLER_ERRORS},
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
