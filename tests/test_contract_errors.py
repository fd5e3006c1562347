"""Errors every route shares: JSON bodies, never HTML, never a 500 for bad input."""

import pytest


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("put", "/qa/questions"),
        ("delete", "/qa/questions"),
        ("put", "/qa/questions/1/answers"),
        ("get", "/qa/questions/1/helpful"),
        ("post", "/qa/questions/1/report"),
        ("get", "/qa/answers/1/helpful"),
        ("patch", "/qa/answers/1/report"),
    ],
)
def test_wrong_method_is_a_405(api_client, db, method, path):
    response = getattr(api_client, method)(path)

    assert response.status_code == 405
    assert response.json() == {"detail": f'Method "{method.upper()}" not allowed.'}


@pytest.mark.parametrize("path", ["/qa", "/qa/products", "/qa/questions/1", "/qa/answers/x/helpful"])
def test_unknown_path_is_a_json_404(api_client, db, path):
    response = api_client.get(path)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize("path", ["/qa/questions", "/qa/questions/1/answers"])
def test_malformed_json_is_a_400_with_detail(api_client, question_factory, path):
    question_factory(id=1)

    response = api_client.post(path, data='{"body": "unterminated', content_type="application/json")

    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")


def test_a_body_that_is_not_an_object_is_a_400(api_client, db):
    response = api_client.post("/qa/questions", data="[1, 2]", content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}


def test_no_response_ever_contains_an_email(api_client, question_factory, answer_factory, photo_factory):
    question = question_factory(product_id=9, asker_email="asker@secret.example")
    photo_factory(answer=answer_factory(question=question, answerer_email="answerer@secret.example"))
    new_question = api_client.post(
        "/qa/questions",
        {"body": "b", "name": "n", "email": "new-asker@secret.example", "product_id": 9},
        format="json",
    )
    new_answer = api_client.post(
        f"/qa/questions/{question.id}/answers",
        {"body": "b", "name": "n", "email": "new-answerer@secret.example"},
        format="json",
    )
    lists = [
        api_client.get("/qa/questions", {"product_id": 9}),
        api_client.get(f"/qa/questions/{question.id}/answers"),
    ]

    for response in [new_question, new_answer, *lists]:
        assert response.status_code in (200, 201)
        assert b"secret.example" not in response.content
        assert b"email" not in response.content


def test_a_request_for_an_unknown_host_is_a_json_400(api_client, db):
    response = api_client.get("/qa/questions", {"product_id": 1}, HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "Bad Request (400)"}
