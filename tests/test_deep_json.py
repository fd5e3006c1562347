"""Deeply nested JSON on the two POST routes: a 400, never a RecursionError, a 500 or a logged traceback.

orjson parses with a fixed depth limit (1024): deeper is a parse error, and anything shallower is data the
serializers refuse like any other wrong type.
"""

import logging

import pytest

DEPTH = 1000
OPEN = "[" * DEPTH
NESTED = "[" * DEPTH + "]" * DEPTH
TOO_DEEP = "[" * 2000 + "]" * 2000
POST = '{"body": "b", "name": "n", "email": "n@example.com", "product_id": 1'


@pytest.fixture
def paths(question_factory) -> dict[str, str]:
    question = question_factory(product_id=1)
    return {"questions": "/qa/questions", "answers": f"/qa/questions/{question.id}/answers"}


def post(api_client, path: str, body: str):
    return api_client.post(path, data=body, content_type="application/json")


@pytest.mark.parametrize("route", ["questions", "answers"])
@pytest.mark.parametrize(
    "body", [OPEN, TOO_DEEP, POST + ', "body": ' + OPEN], ids=["unclosed", "too-deep", "in-object"]
)
def test_json_too_deep_to_parse_is_a_400_with_detail(api_client, paths, caplog, route, body):
    response = post(api_client, paths[route], body)

    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR or record.exc_info]


@pytest.mark.parametrize("route", ["questions", "answers"])
def test_a_deeply_nested_array_as_the_body_is_a_400(api_client, paths, caplog, route):
    response = post(api_client, paths[route], NESTED)

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR or record.exc_info]


@pytest.mark.parametrize(
    ("route", "field", "message"),
    [
        ("questions", "body", "Not a valid string."),
        ("questions", "name", "Not a valid string."),
        ("questions", "email", "Not a valid string."),
        ("questions", "product_id", "A valid integer is required."),
        ("answers", "body", "Not a valid string."),
    ],
)
def test_a_deeply_nested_array_as_a_field_is_a_400_naming_it(api_client, paths, route, field, message):
    body = POST + f', "{field}": {NESTED}}}'

    response = post(api_client, paths[route], body)

    assert response.status_code == 400
    assert response.json() == {field: [message]}


def test_deeply_nested_photos_are_a_400_naming_photos(api_client, paths):
    body = POST + f', "photos": [{NESTED}]}}'

    response = post(api_client, paths["answers"], body)

    assert response.status_code == 400
    assert response.json() == {"photos": {"0": ["Not a valid string."]}}


def test_a_charset_that_is_not_a_text_encoding_is_a_400(api_client, db):
    # Django ignores a charset it doesn't know; one it knows that decompresses instead of decoding is refused.
    response = api_client.post("/qa/questions", data=POST + "}", content_type="application/json; charset=bz2_codec")

    assert response.status_code == 400
    assert response.json()["detail"].startswith("Unsupported charset")
