"""What the question and answer routes' serializers share: the list routes' paging and order, a new post's fields,
and the fields of a post as the responses show it.

A response's fields carry, for the OpenAPI schema, the rules every stored row meets, imported ones included: a body
is never empty, a name holds at most 60 characters, a photo URL at most 2048. A body's 1000 characters and a name's
first one are rules of new posts (PostSerializer), not of the legacy rows the import loads.
"""

from typing import Any

from django.conf import settings
from rest_framework import serializers

from posts.api.fields import QueryChoiceField, StringField, email_field
from posts.sorting import Sort

# Deep enough for any real catalogue, small enough that OFFSET stays a bigint.
MAX_PAGE = 1_000_000
# A new post's text: the legacy rows the import loads may be longer (the responses' schema says so).
BODY_MAX_LENGTH = 1000


class ListParamsSerializer(serializers.Serializer):
    """`page`, `count` and `sort` of a list route; a `count` above the cap (MAX_PAGE_SIZE) is served as the cap."""

    page = serializers.IntegerField(min_value=1, max_value=MAX_PAGE, default=1)
    count = serializers.IntegerField(min_value=1, default=5)
    sort = QueryChoiceField(choices=Sort.choices, default=Sort.HELPFUL)

    def validate_count(self, value: int) -> int:
        return min(value, settings.MAX_PAGE_SIZE)


class PostSerializer(serializers.Serializer):
    """What every new post carries: its text and who wrote it."""

    body = StringField(min_length=1, max_length=BODY_MAX_LENGTH)
    name = StringField(min_length=1, max_length=60)
    email = email_field(max_length=60)


def stored_body(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(min_length=1, **kwargs)


def stored_name(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(max_length=60, **kwargs)


def stored_photo_url(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(max_length=2048, **kwargs)
