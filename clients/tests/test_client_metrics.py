"""/metrics counts requests and 429s per client name; requests without a key are `keyless`, those with a key no
active client has `unknown`: one label each, however many keys are tried."""

import pytest
from prometheus_client import REGISTRY

from clients.tests.conftest import QUESTION, bearer


def counted(metric: str, client: str) -> float:
    return REGISTRY.get_sample_value(f"{metric}_total", {"client": client}) or 0.0


@pytest.fixture
def counts():
    """The counters' values now; the counters are the process's, shared by every test."""
    metrics = ("qa_client_requests", "qa_client_throttled")
    clients = ("storefront", "keyless", "unknown")
    before = {(metric, client): counted(metric, client) for metric in metrics for client in clients}
    return lambda: {key: counted(*key) - value for key, value in before.items()}


def test_requests_and_429s_are_counted_per_client_name(api_client, client_key, rates, counts):
    rates(ask="1/min")
    key = client_key("storefront", trusted=True)

    api_client.get("/qa/questions?product_id=1", headers=bearer(key))
    for _ in range(3):
        api_client.post("/qa/questions", QUESTION, format="json", headers={**bearer(key), "x_shopper_id": "ann"})
    api_client.get("/qa/questions?product_id=1")
    for guess in range(5):
        api_client.get("/qa/questions?product_id=1", headers=bearer(f"aqa_guess{guess}"))

    assert counts() == {
        ("qa_client_requests", "storefront"): 4,
        ("qa_client_throttled", "storefront"): 2,
        ("qa_client_requests", "keyless"): 1,
        ("qa_client_throttled", "keyless"): 0,
        ("qa_client_requests", "unknown"): 5,
        ("qa_client_throttled", "unknown"): 0,
    }
    page = api_client.get("/metrics").content.decode()
    assert 'qa_client_requests_total{client="storefront"}' in page
    assert 'qa_client_throttled_total{client="storefront"}' in page
    assert "aqa_guess" not in page
