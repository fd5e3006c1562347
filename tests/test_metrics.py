"""`/metrics` exposes, in Prometheus' text format, the request counter, latency and query-time histograms."""

import os
import subprocess
import sys

import pytest
from django.conf import settings


@pytest.mark.django_db
def test_metrics_count_requests_and_time_them_and_their_queries(api_client, question_factory):
    question_factory(product_id=5)
    api_client.get("/qa/questions", {"product_id": 5})

    response = api_client.get("/metrics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert 'qa_http_requests_total{method="GET",route="qa/questions/?$",status="200"}' in text
    assert 'qa_http_request_duration_seconds_bucket{le="0.01",route="qa/questions/?$"}' in text
    assert 'qa_db_query_duration_seconds_count{alias="default"}' in text
    assert 'qa_cache_operation_duration_seconds_count{operation="read"}' in text
    assert 'qa_cache_operation_duration_seconds_count{operation="store"}' in text


@pytest.mark.django_db
def test_slow_queries_are_logged_with_their_request_id(api_client, question_factory, settings, caplog):
    settings.SLOW_QUERY_MS = 0  # every query is slow
    question_factory(product_id=5)
    caplog.clear()

    response = api_client.get("/qa/questions", {"product_id": 5}, HTTP_X_REQUEST_ID="drill-42")

    slow = [record for record in caplog.records if record.name == "qa.slow_query"]
    assert response["X-Request-ID"] == "drill-42"
    assert [record.alias for record in slow] == ["default"]
    assert slow[0].request_id == "drill-42"
    assert "FROM questions_question" in slow[0].sql


def test_a_management_command_runs_beside_an_app_server_without_its_metrics_directory(tmp_path):
    """The app servers' PROMETHEUS_MULTIPROC_DIR is theirs: a command run with the same environment (a release's
    `migrate`) makes no metric, so it needs no such directory."""
    environment = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "not-made-yet")}

    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
