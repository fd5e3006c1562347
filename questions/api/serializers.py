from django.conf import settings
from rest_framework import serializers

from posts.models import Status
from questions.api.fields import MAX_BIGINT, IsoMillisecondDateTimeField, PositiveIdField, StringField, email_field
from questions.models import Question

# Deep enough for any real catalogue, small enough that OFFSET stays a bigint.
MAX_PAGE = 1_000_000


class PageParamsSerializer(serializers.Serializer):
    """`page` and `count` of a list route; a `count` above the cap (MAX_PAGE_SIZE) is served as the cap."""

    page = serializers.IntegerField(min_value=1, max_value=MAX_PAGE, default=1)
    count = serializers.IntegerField(min_value=1, default=5)

    def validate_count(self, value: int) -> int:
        return min(value, settings.MAX_PAGE_SIZE)


class QuestionListParamsSerializer(PageParamsSerializer):
    product_id = serializers.IntegerField(min_value=1, max_value=MAX_BIGINT)


class PostSerializer(serializers.Serializer):
    """What every post carries: its text and who wrote it."""

    body = StringField(min_length=1, max_length=1000)
    name = StringField(min_length=1, max_length=60)
    email = email_field(max_length=60)


class QuestionCreateSerializer(PostSerializer):
    product_id = PositiveIdField()


class QuestionSerializer(serializers.ModelSerializer):
    """A question as the list shows it; only used for a new question, which has no answers yet."""

    question_id = serializers.IntegerField(source="id")
    question_body = serializers.CharField(source="body")
    question_date = IsoMillisecondDateTimeField(source="date_written")
    question_helpfulness = serializers.IntegerField(source="helpfulness")
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

    def get_answers(self, question: Question) -> dict:
        return {}
