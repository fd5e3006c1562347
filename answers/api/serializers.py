from django.core.validators import RegexValidator
from rest_framework import serializers

from answers.models import MAX_PHOTOS_PER_ANSWER, Answer, AnswerPhoto
from posts.api.fields import DNS_HOST, IsoMillisecondDateTimeField, StringField
from posts.api.serializers import PostSerializer, stored_body, stored_name, stored_photo_url

# A photo URL: absolute http or https, a DNS host name, then RFC 3986's path, query and fragment characters, all
# ASCII (%-escape the rest), without user info and without the quote `'` RFC 3986 allows: nothing that could end an
# HTML attribute or a CSS url() (quotes, angle brackets, spaces, backslashes, control characters). Every URL it
# admits passes Django's URLValidator too, but for host names over 253 characters; the schema carries it as the
# items' `pattern` (drf-spectacular writes `\Z` as `$`). Each part is one character class, not RFC 3986's grammar
# (which would check that `%` starts an escape): schemathesis builds its cases from the pattern, and the grammar's
# nested alternatives took it 30 s of the test run where one class a part takes 1.
PATH_CHARACTERS = r"[A-Za-z0-9._~!$&()*+,;=:@%/-]"
QUERY_CHARACTERS = r"[A-Za-z0-9._~!$&()*+,;=:@%/?-]"
PHOTO_URL = (
    rf"^https?://{DNS_HOST}(?::[0-9]{{1,5}})?(?:/{PATH_CHARACTERS}*)?"
    rf"(?:\?{QUERY_CHARACTERS}*)?(?:#{QUERY_CHARACTERS}*)?\Z"
)


class AnswerCreateSerializer(PostSerializer):
    photos = serializers.ListField(
        child=StringField(
            max_length=2048, trim_whitespace=False, validators=[RegexValidator(PHOTO_URL, message="Enter a valid URL.")]
        ),
        max_length=MAX_PHOTOS_PER_ANSWER,
        default=list,
    )


class AnswerPhotoSerializer(serializers.ModelSerializer):
    url = stored_photo_url()

    class Meta:
        model = AnswerPhoto
        fields = ["id", "url"]


class AnswerSerializer(serializers.ModelSerializer):
    """An answer as the answer list shows it, and as `POST /qa/questions/:id/answers` answers it."""

    answer_id = serializers.IntegerField(source="id")
    body = stored_body()
    date = IsoMillisecondDateTimeField(source="date_written")
    answerer_name = stored_name()
    helpfulness = serializers.IntegerField(min_value=0)
    photos = AnswerPhotoSerializer(many=True, help_text="In ascending photo id order.")

    class Meta:
        model = Answer
        fields = ["answer_id", "body", "date", "answerer_name", "helpfulness", "photos"]


class AnswerListSerializer(serializers.Serializer):
    """The document of `GET /qa/questions/:id/answers`."""

    question = serializers.CharField(help_text="The question id asked for, as a string.")
    page = serializers.IntegerField()
    count = serializers.IntegerField()
    results = AnswerSerializer(many=True)
