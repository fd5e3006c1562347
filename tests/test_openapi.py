"""The OpenAPI 3 schema at /api/schema/ and its Swagger UI at /api/docs/ describe the contract (API.md)."""

import pytest
from drf_spectacular.validation import validate_schema

CONTRACT_OPERATIONS = {
    ("get", "/qa/questions"): {"200", "400", "503"},
    ("post", "/qa/questions"): {"201", "400", "413", "429", "503"},
    ("get", "/qa/questions/{question_id}/answers"): {"200", "400", "404", "503"},
    ("post", "/qa/questions/{question_id}/answers"): {"201", "400", "404", "413", "429", "503"},
    ("put", "/qa/questions/{question_id}/helpful"): {"204", "404", "413", "429", "503"},
    ("put", "/qa/questions/{question_id}/report"): {"204", "404", "413", "429", "503"},
    ("put", "/qa/answers/{answer_id}/helpful"): {"204", "404", "413", "429", "503"},
    ("put", "/qa/answers/{answer_id}/report"): {"204", "404", "413", "429", "503"},
}


@pytest.fixture
def schema(api_client) -> dict:
    response = api_client.get("/api/schema/", headers={"accept": "application/vnd.oai.openapi+json"})
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_valid_openapi_3(schema):
    validate_schema(schema)

    assert schema["openapi"].startswith("3.")


def test_the_schema_has_exactly_the_contract_routes_and_their_status_codes(schema):
    operations = {
        (method, path): set(operation["responses"])
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }

    assert operations == CONTRACT_OPERATIONS


def test_the_question_list_is_described_key_for_key(schema):
    components = schema["components"]["schemas"]
    question = components["Question"]

    assert components["QuestionList"]["properties"]["product_id"] == {
        "type": "string",
        "description": "The product id asked for, as a string.",
    }
    assert question["required"] == sorted(question["properties"])
    assert set(question["properties"]) == {
        "question_id",
        "question_body",
        "question_date",
        "asker_name",
        "question_helpfulness",
        "reported",
        "answers",
    }
    assert question["additionalProperties"] is False
    answers = question["properties"]["answers"]
    assert answers["type"] == "object"
    assert answers["additionalProperties"] == {"$ref": "#/components/schemas/AnswerInQuestion"}
    assert components["AnswerInQuestion"]["properties"]["photos"]["items"] == {"type": "string"}


def test_the_answer_list_is_described_key_for_key(schema):
    components = schema["components"]["schemas"]

    assert set(components["AnswerList"]["required"]) == {"question", "page", "count", "results"}
    assert set(components["Answer"]["required"]) == {
        "answer_id",
        "body",
        "date",
        "answerer_name",
        "helpfulness",
        "photos",
    }
    assert components["Answer"]["properties"]["photos"]["items"] == {"$ref": "#/components/schemas/AnswerPhoto"}
    assert components["AnswerPhoto"]["required"] == ["id", "url"]


def test_throttled_and_unavailable_responses_carry_retry_after(schema):
    responses = schema["paths"]["/qa/questions"]["post"]["responses"]

    for status in ("429", "503"):
        assert responses[status]["headers"]["Retry-After"]["required"] is True
        body = responses[status]["content"]["application/json"]["schema"]
        assert body == {"$ref": "#/components/schemas/ErrorDetail"}


def test_swagger_ui_is_served_at_api_docs(api_client):
    response = api_client.get("/api/docs/")

    assert response.status_code == 200
    assert b"swagger-ui" in response.content
    assert b"/api/schema/" in response.content


def test_swagger_ui_assets_are_served_by_the_service_not_a_cdn(api_client):
    page = api_client.get("/api/docs/").content.decode()

    assert "cdn.jsdelivr.net" not in page
    bundle = api_client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert bundle.status_code == 200
