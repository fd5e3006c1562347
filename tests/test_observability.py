"""Every request has an id, echoed in `X-Request-ID`, and one log line."""

import logging
import re
from collections.abc import Callable

import orjson
import pytest
from pythonjsonlogger.orjson import OrjsonFormatter

from qa_project.observability import RequestIdFilter, request_log


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
def request_lines(capfd) -> Callable[[], list[str]]:
    """A function giving the request log lines written to stderr since the fixture started."""
    request_log.flush()
    capfd.readouterr()

    def lines() -> list[str]:
        request_log.flush()
        return [line for line in capfd.readouterr().err.splitlines() if "qa.request" in line]

    return lines


def test_each_request_is_logged_as_one_json_line_with_its_id(api_client, settings, request_lines):
    settings.LOG_FORMAT = "json"

    api_client.get("/healthz", HTTP_X_REQUEST_ID="abc-123")

    [line] = [orjson.loads(line) for line in request_lines()]
    assert line["request_id"] == "abc-123"
    assert (line["logger"], line["level"], line["message"]) == ("qa.request", "INFO", "GET /healthz 200")
    assert (line["method"], line["path"], line["status"]) == ("GET", "/healthz", 200)
    assert line["duration_ms"] >= 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}", line["time"])


def test_the_json_line_has_the_fields_the_logging_configuration_writes(api_client, settings, request_lines):
    """Log readers see one format: the request line is what the JSON formatter writes, plus the request's fields."""
    settings.LOG_FORMAT = "json"
    config = settings.LOGGING["formatters"]["json"]
    formatter = OrjsonFormatter(**{key: value for key, value in config.items() if key != "()"})
    record = logging.LogRecord("qa.request", logging.INFO, __file__, 1, "GET /healthz 200", None, None)
    RequestIdFilter().filter(record)

    api_client.get("/healthz")

    [line] = [orjson.loads(line) for line in request_lines()]
    assert set(line) == {*orjson.loads(formatter.format(record)), "method", "path", "status", "duration_ms"}


def test_plain_lines_read_like_every_other_plain_line(api_client, settings, request_lines):
    settings.LOG_FORMAT = "plain"

    api_client.get("/healthz", HTTP_X_REQUEST_ID="abc-123")

    [line] = request_lines()
    assert re.fullmatch(r"\S+ \S+ INFO qa\.request \[abc-123\] GET /healthz 200", line)


def test_no_request_lines_above_info(api_client, settings, request_lines):
    logging.getLogger("qa.request").setLevel(logging.WARNING)
    try:
        api_client.get("/healthz")
    finally:
        logging.getLogger("qa.request").setLevel(logging.NOTSET)

    assert request_lines() == []
