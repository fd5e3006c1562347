"""The OpenAPI description of the question routes (API.md): serializers that only describe, never serialize."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers

from qa_project.openapi import POST_ERRORS, READ_ERRORS, RETRY_AFTER, item_action_schema
from questions.api.serializers import QuestionCreateSerializer, QuestionListParamsSerializer


def iso_date() -> serializers.RegexField:
    """A date as JavaScript's toISOString() writes it: UTC, milliseconds, Z."""
    return serializers.RegexField(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


class AnswerInQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    body = serializers.CharField()
    date = iso_date()
    answerer_name = serializers.CharField()
    helpfulness = serializers.IntegerField(min_value=0)
    photos = serializers.ListField(child=serializers.CharField(), help_text="Photo URLs, in ascending photo id order.")


class QuestionSerializer(serializers.Serializer):
    question_id = serializers.IntegerField()
    question_body = serializers.CharField()
    question_date = iso_date()
    asker_name = serializers.CharField()
    question_helpfulness = serializers.IntegerField(min_value=0)
    reported = serializers.BooleanField()
    answers = serializers.DictField(
        child=AnswerInQuestionSerializer(),
        help_text="The question's answers that are not reported, keyed by answer id (a string), ids ascending.",
    )


class QuestionListSerializer(serializers.Serializer):
    product_id = serializers.CharField(help_text="The product id asked for, as a string.")
    results = QuestionSerializer(many=True)


QUESTION_ID = OpenApiParameter("question_id", int, OpenApiParameter.PATH)

question_list_schema = extend_schema(
    summary="A product's questions, most helpful first, with their answers",
    description="Reported questions and answers are never listed; `count` above 100 is served as 100.",
    parameters=[QuestionListParamsSerializer, RETRY_AFTER],
    responses={200: QuestionListSerializer, **READ_ERRORS},
)
question_create_schema = extend_schema(
    summary="Ask a question",
    description="201 with the new question as the list shows it.",
    request=QuestionCreateSerializer,
    parameters=[RETRY_AFTER],
    responses={201: QuestionSerializer, **POST_ERRORS},
)
question_helpful_schema = item_action_schema(
    summary="Mark a question helpful",
    description="Its helpfulness goes up by one, once per client: a client's repeated votes count once.",
    item_id=QUESTION_ID,
)
question_report_schema = item_action_schema(
    summary="Report a question",
    description="The question is hidden from the lists; reporting it again is harmless.",
    item_id=QUESTION_ID,
)
