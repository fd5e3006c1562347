"""A key never appears in a log line, an error or a response: every logger's records, and everything written to
stderr (the request log lines, qa_project.observability.RequestLog, which bypass the logging module), are searched."""

import logging

import pytest
from django.db import OperationalError

from clients.tests.conftest import QUESTION, bearer
from qa_project.observability import request_log


def everything_logged(records: list[logging.LogRecord]) -> str:
    """Each record whole: its message, every attribute (the request object included, with its headers), traceback."""
    formatter = logging.Formatter()
    lines = []
    for record in records:
        lines.append(record.getMessage())
        lines.extend(f"{name}={value!r}" for name, value in vars(record).items())
        request = getattr(record, "request", None)
        if request is not None:
            lines.append(repr(request.META))
        if record.exc_info:
            lines.append(formatter.formatException(record.exc_info))
    return "\n".join(lines)


@pytest.fixture
def server_errors_answered(api_client):
    """Errors answered as in production (a 500 or 503 JSON), not raised into the test."""
    api_client.raise_request_exception = False
    return api_client


def test_no_key_is_in_any_log_line_whatever_the_request_meets(
    server_errors_answered, client_key, question_factory, rates, settings, monkeypatch, caplog, capfd
):
    api_client = server_errors_answered
    caplog.set_level(logging.DEBUG)
    settings.SLOW_QUERY_MS = 0  # every query is logged, with its SQL
    rates(ask="1/min")
    key = client_key(trusted=True)
    unknown_key = "aqa_" + "u" * 43
    question = question_factory(product_id=1)
    headers = {**bearer(key), "x_shopper_id": "ann"}

    responses = [
        api_client.get("/qa/questions?product_id=1", headers=headers),
        api_client.post("/qa/questions", QUESTION, format="json", headers=headers),
        api_client.post("/qa/questions", QUESTION, format="json", headers=headers),  # 429
        api_client.put(f"/qa/questions/{question.id}/helpful", headers={"authorization": key}),
        api_client.get("/qa/questions?product_id=1", headers=bearer(unknown_key)),
        api_client.post("/qa/questions", {"body": ""}, format="json", headers={**headers, "x_shopper_id": "bob"}),
    ]

    def fail(**kwargs: object) -> None:
        raise RuntimeError("the service broke")

    monkeypatch.setattr("questions.api.views.question_mark_helpful", fail)
    responses.append(api_client.put(f"/qa/questions/{question.id}/helpful", headers=headers))

    def database_down(**kwargs: object) -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr("questions.api.views.question_report", database_down)
    responses.append(api_client.put(f"/qa/questions/{question.id}/report", headers=headers))
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    responses.append(api_client.post("/qa/questions", QUESTION, format="json", headers=headers))

    assert [response.status_code for response in responses] == [200, 201, 429, 204, 401, 400, 500, 503, 201]
    request_log.flush()
    logged = everything_logged(caplog.records) + capfd.readouterr().err
    assert "GET /qa/questions 401" in logged  # the request lines were captured
    assert "Internal Server Error" in logged
    assert "Rate limit not checked" in logged
    assert "Unauthorized" in logged
    for secret in (key, key[4:], unknown_key):
        assert secret not in logged
        assert not any(secret in response.content.decode() for response in responses)
