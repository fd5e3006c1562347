"""`/healthz` says the process is up; `/readyz` checks the databases and the cache."""

import pytest

from tests.outage import unreachable


def test_healthz_answers_without_touching_the_database(api_client):
    response = api_client.get("/healthz")  # no django_db mark: a query would raise

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_ok_when_the_primary_and_the_cache_answer(api_client):
    response = api_client.get("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"default", "cache"}
    assert {check["status"] for check in body["checks"].values()} == {"ok"}


@pytest.mark.django_db
def test_readyz_is_degraded_but_ready_without_redis(api_client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

    response = api_client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["cache"] == {"status": "down", "error": "ConnectionError"}


@pytest.mark.django_db
def test_readyz_reports_a_disabled_cache_as_such(api_client, settings):
    settings.CACHE_ENABLED = False

    response = api_client.get("/readyz")

    assert response.json()["status"] == "ok"
    assert response.json()["checks"]["cache"] == {"status": "disabled"}


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_readyz_is_degraded_but_ready_without_a_replica(api_client, settings):
    settings.DATABASE_READ_REPLICAS = ["replica"]

    with unreachable("replica"):
        response = api_client.get("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["default"]["status"] == "ok"
    assert body["checks"]["replica"] == {"status": "down", "error": "OperationalError"}


@pytest.mark.django_db(transaction=True)
def test_readyz_is_503_without_the_primary(api_client):
    with unreachable("default"):
        response = api_client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["default"] == {"status": "down", "error": "OperationalError"}
