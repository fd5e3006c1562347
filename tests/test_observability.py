"""Every request has an id, echoed in `X-Request-ID`, and one log line."""

import io
import logging
from collections.abc import Iterator

import orjson
import pytest
from pythonjsonlogger.orjson import OrjsonFormatter

from qa_project.observability import RequestIdFilter


@pytest.mark.django_db
def test_a_request_without_an_id_gets_one(api_client):
    first = api_client.get("/healthz")["X-Request-ID"]
    second = api_client.get("/healthz")["X-Request-ID"]

    assert len(first) == 32
    assert first != second


@pytest.mark.parametrize("given", ["x" * 65, "bad id", "a\nb"])
def test_an_unsafe_request_id_is_replaced(api_client, given):
    assert api_client.get("/healthz", HTTP_X_REQUEST_ID=given)["X-Request-ID"] != given


@pytest.fixture
def json_log(settings) -> Iterator[io.StringIO]:
    """What the `qa.request` logger writes through the JSON formatter and request id filter of the settings."""
    config = settings.LOGGING["formatters"]["json"]
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(OrjsonFormatter(**{key: value for key, value in config.items() if key != "()"}))
    logger = logging.getLogger("qa.request")
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)


def test_each_request_is_logged_as_one_json_line_with_its_id(api_client, json_log):
    api_client.get("/healthz", HTTP_X_REQUEST_ID="abc-123")

    [line] = [orjson.loads(line) for line in json_log.getvalue().splitlines()]
    assert line["request_id"] == "abc-123"
    assert (line["logger"], line["level"], line["message"]) == ("qa.request", "INFO", "GET /healthz 200")
    assert (line["method"], line["path"], line["status"]) == ("GET", "/healthz", 200)
    assert line["duration_ms"] >= 0
