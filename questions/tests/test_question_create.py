import re

import pytest

from posts.models import Status
from questions.models import Question

URL = "/qa/questions"
VALID = {"body": "Is it waterproof?", "name": "hiker", "email": "hiker@example.com", "product_id": 40344}
ISO_MILLISECONDS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def test_created_question_is_returned_as_the_list_shows_it(api_client, db):
    response = api_client.post(URL, VALID, format="json")

    assert response.status_code == 201
    question = Question.objects.get()
    created = response.json()
    assert ISO_MILLISECONDS.match(created.pop("question_date"))
    assert created == {
        "question_id": question.id,
        "question_body": "Is it waterproof?",
        "asker_name": "hiker",
        "question_helpfulness": 0,
        "reported": False,
        "answers": {},
    }
    assert (question.product_id, question.asker_email, question.helpfulness, question.status) == (
        40344,
        "hiker@example.com",
        0,
        Status.PUBLISHED,
    )


def test_created_question_is_listed_exactly_as_it_was_returned(api_client, db):
    created = api_client.post(URL, VALID, format="json").json()

    listed = api_client.get(URL, {"product_id": 40344}).json()["results"]

    assert listed == [created]


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"body": ""}, {"body": ["This field may not be blank."]}),
        ({"body": "   "}, {"body": ["This field may not be blank."]}),
        ({"body": "x" * 1001}, {"body": ["Ensure this field has no more than 1000 characters."]}),
        ({"body": None}, {"body": ["This field may not be null."]}),
        ({"body": "nul\x00byte"}, {"body": ["Null characters are not allowed."]}),
        ({"name": ""}, {"name": ["This field may not be blank."]}),
        ({"name": "n" * 61}, {"name": ["Ensure this field has no more than 60 characters."]}),
        ({"email": "not-an-email"}, {"email": ["Enter a valid email address."]}),
        ({"email": "a" * 50 + "@example.com"}, {"email": ["Ensure this field has no more than 60 characters."]}),
        ({"product_id": "abc"}, {"product_id": ["A valid integer is required."]}),
        ({"product_id": 0}, {"product_id": ["Ensure this value is greater than or equal to 1."]}),
        ({"product_id": 2**63}, {"product_id": ["Ensure this value is less than or equal to 9223372036854775807."]}),
    ],
)
def test_invalid_field_is_a_400_naming_it_and_saves_nothing(api_client, db, change, errors):
    response = api_client.post(URL, {**VALID, **change}, format="json")

    assert response.status_code == 400
    assert response.json() == errors
    assert not Question.objects.exists()


@pytest.mark.parametrize("field", ["body", "name", "email"])
@pytest.mark.parametrize(
    "value", [0, 1.5, True, ["text"], {"text": "text"}], ids=["int", "float", "bool", "list", "object"]
)
def test_a_string_field_given_another_json_type_is_a_400_naming_it(api_client, db, field, value):
    response = api_client.post(URL, {**VALID, field: value}, format="json")

    assert response.status_code == 400
    assert response.json() == {field: ["Not a valid string."]}
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        # Lengths count the characters sent, as the schema's maxLength does, before DRF trims the whitespace.
        ({"body": " " + "x" * 1000}, {"body": ["Ensure this field has no more than 1000 characters."]}),
        ({"name": "n" * 60 + "\n"}, {"name": ["Ensure this field has no more than 60 characters."]}),
        # An address is not trimmed: the schema's pattern admits no whitespace around it.
        ({"email": " hiker@example.com"}, {"email": ["Enter a valid email address."]}),
        ({"email": "hiker@example.c"}, {"email": ["Enter a valid email address."]}),
        ({"product_id": " 40344"}, {"product_id": ["A valid integer is required."]}),
        ({"product_id": "40344.0"}, {"product_id": ["A valid integer is required."]}),
        ({"product_id": "+40344"}, {"product_id": ["A valid integer is required."]}),
        ({"product_id": True}, {"product_id": ["A valid integer is required."]}),
        ({"product_id": [40344]}, {"product_id": ["A valid integer is required."]}),
    ],
)
def test_input_the_schema_refuses_is_refused(api_client, db, change, errors):
    response = api_client.post(URL, {**VALID, **change}, format="json")

    assert response.status_code == 400
    assert response.json() == errors


def test_surrounding_whitespace_is_trimmed_from_the_text(api_client, db):
    response = api_client.post(URL, {**VALID, "body": "  Waterproof?\n", "name": " hiker "}, format="json")

    assert response.status_code == 201
    assert (response.json()["question_body"], response.json()["asker_name"]) == ("Waterproof?", "hiker")


def test_a_product_id_may_be_sent_as_the_string_the_list_echoes(api_client, db):
    response = api_client.post(URL, {**VALID, "product_id": "40344"}, format="json")

    assert response.status_code == 201
    assert Question.objects.get().product_id == 40344


def test_missing_fields_are_each_named(api_client, db):
    response = api_client.post(URL, {}, format="json")

    assert response.status_code == 400
    assert response.json() == {field: ["This field is required."] for field in ["body", "name", "email", "product_id"]}


def test_body_of_exactly_one_thousand_characters_is_accepted(api_client, db):
    response = api_client.post(URL, {**VALID, "body": "x" * 1000}, format="json")

    assert response.status_code == 201
