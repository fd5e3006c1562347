"""The list routes read their query parameters without DRF, with exactly the serializers' results."""

from collections.abc import Mapping

import pytest
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st
from rest_framework import serializers

from posts.api.fields import MAX_BIGINT, QueryBooleanField, QueryStringField
from posts.api.params import ListParams, ParamsInvalid
from posts.api.serializers import ListParamsSerializer


class ProductPageParamsSerializer(ListParamsSerializer):
    """A list route's parameters with an id and optional filters, like the question list's."""

    product_id = serializers.IntegerField(min_value=1, max_value=MAX_BIGINT)
    answered = QueryBooleanField(required=False)
    q = QueryStringField(max_length=10, required=False)


PARAMS = ListParams(ProductPageParamsSerializer)

# What clients send: plain numbers mostly, and every way of writing one that DRF's IntegerField has a view on.
raw_values = st.one_of(
    st.integers(min_value=-5, max_value=2**64).map(str),
    st.sampled_from(["", " ", "0", "007", "+5", "-0", "5.0", "5.5", " 5 ", "1_000", "٣", "1e3", "abc", "9" * 19]),
    st.sampled_from(["true", "false", "True", "newest", "oldest", "helpful", "Newest"]),
    st.text(max_size=6),
)
queries = st.dictionaries(
    st.sampled_from(["product_id", "page", "count", "sort", "answered", "q", "other"]), raw_values
)


def by_serializer(query: QueryDict) -> Mapping[str, object]:
    serializer = ProductPageParamsSerializer(data=query)
    # The optional parameters a query doesn't give are read as None.
    return {"answered": None, "q": None} | serializer.validated_data if serializer.is_valid() else serializer.errors


def by_params(query: QueryDict) -> Mapping[str, object]:
    try:
        return PARAMS.read(query)
    except ParamsInvalid as invalid:
        return invalid.errors


@given(queries)
def test_any_query_reads_as_the_serializer_reads_it(params):
    query = QueryDict(mutable=True)
    query.update(params)

    assert by_params(query) == by_serializer(query)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("product_id=7", {"product_id": 7, "page": 1, "count": 5, "sort": "helpful", "answered": None, "q": None}),
        (
            "product_id=7&page=3&count=99999",
            {"product_id": 7, "page": 3, "count": 1000, "sort": "helpful", "answered": None, "q": None},
        ),
        (
            "product_id=7&sort=newest&answered=false&q=dry",
            {"product_id": 7, "page": 1, "count": 5, "sort": "newest", "answered": False, "q": "dry"},
        ),
        ("product_id=7&sort=best", {"sort": ['"best" is not a valid choice.']}),
        ("product_id=7&answered=yes", {"answered": ['"yes" is not a valid choice.']}),
        ("product_id=7&q=", {"q": ["This field may not be blank."]}),
        ("product_id=7&count=0", {"count": ["Ensure this value is greater than or equal to 1."]}),
        ("product_id=x", {"product_id": ["A valid integer is required."]}),
        ("page=2", {"product_id": ["This field is required."]}),
    ],
)
def test_plain_queries(query, expected):
    assert by_params(QueryDict(query)) == expected
