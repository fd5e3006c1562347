from django.core.validators import URLValidator
from rest_framework import serializers

from answers.models import Answer, AnswerPhoto
from questions.api.fields import IsoMillisecondDateTimeField
from questions.api.serializers import PostSerializer

MAX_PHOTOS = 5


class AnswerCreateSerializer(PostSerializer):
    photos = serializers.ListField(
        # Not URLField: its built-in validator also admits ftp:// and would repeat every error.
        child=serializers.CharField(max_length=2048, validators=[URLValidator(schemes=["http", "https"])]),
        max_length=MAX_PHOTOS,
        default=list,
    )


class AnswerPhotoSerializer(serializers.ModelSerializer):
    class Meta:
        model = AnswerPhoto
        fields = ["id", "url"]


class AnswerSerializer(serializers.ModelSerializer):
    """An answer as the answer list shows it."""

    answer_id = serializers.IntegerField(source="id")
    date = IsoMillisecondDateTimeField(source="date_written")
    photos = AnswerPhotoSerializer(many=True)

    class Meta:
        model = Answer
        fields = ["answer_id", "body", "date", "answerer_name", "helpfulness", "photos"]
