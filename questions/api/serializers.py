"""The question routes' shapes: each serializer serves the validation or output of the route and its OpenAPI schema.

The list's documents themselves are written by PostgreSQL (questions/selectors.py); tests hold them to these shapes
byte for byte (tests/test_load_baseline.py serializes the same rows with them).
"""

from typing import Any

from django.db.models import Manager
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from posts.api.fields import (
    MAX_BIGINT,
    IsoMillisecondDateTimeField,
    PositiveIdField,
    QueryBooleanField,
    QueryChoiceField,
    QueryStringField,
)
from posts.api.serializers import ListParamsSerializer, PostSerializer, stored_body, stored_name, stored_photo_url
from posts.models import Status
from posts.sorting import Sort
from questions.models import Question

# The longest search: a few words, not a document.
SEARCH_MAX_LENGTH = 200


class QuestionListParamsSerializer(ListParamsSerializer):
    product_id = serializers.IntegerField(min_value=1, max_value=MAX_BIGINT)
    sort = QueryChoiceField(
        choices=Sort.choices,
        required=False,
        help_text="`helpful` (the default), `newest` or `oldest`; with `q`, best match first unless `sort` is given.",
    )
    answered = QueryBooleanField(
        required=False, help_text="`true`: only questions with an answer listed; `false`: only those without."
    )
    q = QueryStringField(
        max_length=SEARCH_MAX_LENGTH,
        required=False,
        help_text="Words to find in the question's text or its listed answers' (PostgreSQL full-text search, with "
        'stemming: `waterproof jackets`, `"exact phrase"`, `-excluded`, `this or that`).',
    )


class ProductSummarySerializer(serializers.Serializer):
    """The document of `GET /qa/products/:product_id/summary`: what the lists show of a product, counted."""

    product_id = serializers.CharField(help_text="The product id asked for, as a string.")
    questions = serializers.IntegerField(min_value=0, help_text="Listed questions.")
    answered = serializers.IntegerField(min_value=0, help_text="Listed questions with at least one listed answer.")
    answers = serializers.IntegerField(min_value=0, help_text="Listed answers to listed questions.")


class QuestionCreateSerializer(PostSerializer):
    product_id = PositiveIdField()


class PhotoUrlsField(serializers.ListField):
    """An answer's photos as their URLs, in the order they were fetched (ascending ids)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(child=stored_photo_url(), **kwargs)

    # DRF hands the field the answer's photos manager; the stubs say a ListField's value is a list.
    def to_representation(self, photos: Manager) -> list[str]:  # type: ignore[override]
        return [photo.url for photo in photos.all()]


# Declared field by field, not from the answers' model: the question list knows an answer's shape, not its model.
class AnswerInQuestionSerializer(serializers.Serializer):
    """An answer as the question list nests it, under its id."""

    id = serializers.IntegerField()
    body = stored_body()
    date = IsoMillisecondDateTimeField(source="date_written")
    answerer_name = stored_name()
    helpfulness = serializers.IntegerField(min_value=0)
    photos = PhotoUrlsField(help_text="Photo URLs, in ascending photo id order.")


class QuestionSerializer(serializers.ModelSerializer):
    """A question as the list shows it, and as `POST /qa/questions` answers it (a new question has no answers)."""

    question_id = serializers.IntegerField(source="id")
    question_body = stored_body(source="body")
    question_date = IsoMillisecondDateTimeField(source="date_written")
    asker_name = stored_name()
    question_helpfulness = serializers.IntegerField(source="helpfulness", min_value=0)
    reported = serializers.SerializerMethodField()
    answers = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = [
            "question_id",
            "question_body",
            "question_date",
            "asker_name",
            "question_helpfulness",
            "reported",
            "answers",
        ]

    def get_reported(self, question: Question) -> bool:
        return question.status != Status.PUBLISHED

    @extend_schema_field(
        serializers.DictField(
            child=AnswerInQuestionSerializer(),
            help_text="The question's answers that are not reported, keyed by answer id (a string), ids ascending.",
        )
    )
    def get_answers(self, question: Question) -> dict[str, dict]:
        return {}


class QuestionListSerializer(serializers.Serializer):
    """The document of `GET /qa/questions`."""

    product_id = serializers.CharField(help_text="The product id asked for, as a string.")
    results = QuestionSerializer(many=True)
