"""The OpenAPI 3 schema at /api/schema/ and its Swagger UI at /api/docs/ describe the contract (docs/api.md)."""

import pytest
from drf_spectacular.validation import validate_schema

CONTRACT_OPERATIONS = {
    ("get", "/qa/questions"): {"200", "304", "400", "401", "503"},
    ("post", "/qa/questions"): {"201", "400", "401", "413", "429", "503"},
    ("get", "/qa/questions/{question_id}/answers"): {"200", "304", "400", "401", "404", "503"},
    ("post", "/qa/questions/{question_id}/answers"): {"201", "400", "401", "404", "413", "429", "503"},
    ("put", "/qa/questions/{question_id}/helpful"): {"204", "400", "401", "404", "413", "429", "503"},
    ("put", "/qa/questions/{question_id}/report"): {"204", "400", "401", "404", "413", "429", "503"},
    ("put", "/qa/answers/{answer_id}/helpful"): {"204", "400", "401", "404", "413", "429", "503"},
    ("put", "/qa/answers/{answer_id}/report"): {"204", "400", "401", "404", "413", "429", "503"},
    ("get", "/qa/products/{product_id}/summary"): {"200", "304", "401", "404", "503"},
}
WRITES = [(method, path) for method, path in CONTRACT_OPERATIONS if method != "get"]
RATE_LIMIT_HEADERS = {"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"}


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
    assert components["AnswerInQuestion"]["properties"]["photos"]["items"] == {"type": "string", "maxLength": 2048}


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


def test_the_schema_carries_the_length_rules_of_the_posts(schema):
    components = schema["components"]["schemas"]
    question, answer = components["QuestionCreate"]["properties"], components["AnswerCreate"]["properties"]

    for post in (question, answer):
        assert (post["body"]["type"], post["body"]["minLength"], post["body"]["maxLength"]) == ("string", 1, 1000)
        assert (post["name"]["type"], post["name"]["minLength"], post["name"]["maxLength"]) == ("string", 1, 60)
        assert (post["email"]["type"], post["email"]["maxLength"]) == ("string", 60)
        # Not blank once trimmed, and no NUL character: the rule DRF applies, as a pattern.
        assert post["body"]["pattern"] == post["name"]["pattern"] == "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"
        assert post["email"]["pattern"].endswith("$")
    assert (answer["photos"]["type"], answer["photos"]["maxItems"]) == ("array", 5)
    assert answer["photos"]["items"]["maxLength"] == 2048
    assert answer["photos"]["items"]["pattern"].startswith("^https?://")
    assert question["product_id"]["anyOf"][0] == {
        "type": "integer",
        "format": "int64",
        "minimum": 1,
        "maximum": 2**63 - 1,
    }


def test_the_responses_carry_the_length_rules_every_stored_row_meets(schema):
    components = schema["components"]["schemas"]

    for name, body, author in [("Question", "question_body", "asker_name"), ("Answer", "body", "answerer_name")]:
        assert components[name]["properties"][body] == {"type": "string", "minLength": 1}
        assert components[name]["properties"][author] == {"type": "string", "maxLength": 60}
    assert components["AnswerPhoto"]["properties"]["url"] == {"type": "string", "maxLength": 2048}


def test_an_empty_optional_query_parameter_is_allowed_as_its_default(schema):
    parameters = {parameter["name"]: parameter for parameter in schema["paths"]["/qa/questions"]["get"]["parameters"]}

    assert parameters["page"]["allowEmptyValue"] is True
    assert parameters["count"]["allowEmptyValue"] is True
    assert "allowEmptyValue" not in parameters["product_id"]
    assert not {"sort", "answered", "q"} & {
        name for name, parameter in parameters.items() if "allowEmptyValue" in parameter
    }


def test_every_route_takes_an_optional_api_key_in_the_authorization_header(schema):
    assert schema["components"]["securitySchemes"]["ApiKey"] | {"description": ""} == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "",
    }
    for methods in schema["paths"].values():
        for operation in methods.values():
            assert operation["security"] == [{"ApiKey": []}, {}]
            assert operation["responses"]["401"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/ErrorDetail"
            }


def test_writes_take_x_shopper_id_and_answer_with_the_rate_limit_headers(schema):
    for method, path in WRITES:
        operation = schema["paths"][path][method]
        shopper_id = [parameter for parameter in operation["parameters"] if parameter["name"] == "X-Shopper-Id"]
        responses = operation["responses"]

        assert [(parameter["in"], parameter["schema"], parameter.get("required")) for parameter in shopper_id] == [
            ("header", {"type": "string"}, None)
        ]
        for status in {"201", "204", "400", "404", "429", "503"} & set(responses):
            assert set(responses[status]["headers"]) >= RATE_LIMIT_HEADERS
        for status in ("401", "413"):  # answered before the rate limits
            assert not RATE_LIMIT_HEADERS & set(responses[status].get("headers", {}))


def test_the_lists_say_their_page_size_cap(schema, settings):
    for path in ("/qa/questions", "/qa/questions/{question_id}/answers"):
        assert (
            f"`count` above {settings.MAX_PAGE_SIZE:,} (MAX_PAGE_SIZE)" in schema["paths"][path]["get"]["description"]
        )
