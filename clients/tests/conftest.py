from collections.abc import Callable

import pytest

from clients.services import api_client_create

QUESTION = {"body": "Does it fold?", "name": "asker", "email": "asker@example.com", "product_id": 1}


@pytest.fixture
def client_key(db: None) -> Callable[..., str]:
    """Makes an API client through its service; returns its key."""

    def make(name: str = "storefront", *, trusted: bool = False, **quotas: int) -> str:
        return api_client_create(name=name, trusted=trusted, quotas=quotas)[1]

    return make


@pytest.fixture
def rates(settings) -> Callable[..., None]:
    """Sets the default per-shopper rates of the scopes named; the others stay unlimited for the test."""

    def set_rates(**scope_rates: str) -> None:
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **scope_rates},
        }

    return set_rates


def bearer(key: str) -> dict[str, str]:
    return {"authorization": f"Bearer {key}"}
