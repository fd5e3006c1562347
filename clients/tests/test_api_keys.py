"""A key in the Authorization header names the API client; an unknown or revoked one is a 401; no key is allowed
unless API_KEYS_REQUIRED. Looking a key up costs no query."""

import io
import time

import pytest
from django.core.management import call_command
from django.db import OperationalError

from clients.models import ApiClient
from clients.registry import active_clients
from clients.tests.conftest import QUESTION, bearer

LIST = "/qa/questions?product_id=1"
UNKNOWN_KEY = {"detail": "Unknown or revoked API key."}


@pytest.mark.parametrize("scheme", ["", "Bearer ", "Token ", "bearer ", "TOKEN "])
def test_a_key_is_taken_bare_or_after_bearer_or_token(api_client, client_key, scheme):
    key = client_key()

    response = api_client.get(LIST, headers={"authorization": f"{scheme}{key}"})

    assert response.status_code == 200


def test_without_a_key_a_request_is_allowed(api_client, db):
    assert api_client.get(LIST).status_code == 200
    assert api_client.post("/qa/questions", QUESTION, format="json").status_code == 201


@pytest.mark.parametrize("authorization", ["aqa_not-a-key", "Bearer aqa_not-a-key", "Basic dXNlcjpwYXNz", "Bearer"])
def test_an_unknown_key_is_a_401_on_reads_and_writes(api_client, client_key, authorization):
    client_key()

    read = api_client.get(LIST, headers={"authorization": authorization})
    write = api_client.post("/qa/questions", QUESTION, format="json", headers={"authorization": authorization})

    for response in (read, write):
        assert response.status_code == 401
        assert response["Content-Type"] == "application/json"
        assert response.json() == UNKNOWN_KEY


def test_the_stored_digest_is_not_a_key(api_client, client_key):
    client_key()
    digest = ApiClient.objects.get().key_digest

    assert api_client.get(LIST, headers=bearer(digest)).status_code == 401


def test_a_revoked_key_is_a_401_once_the_workers_reload_their_clients(api_client, client_key, settings):
    settings.API_CLIENTS_RELOAD_SECONDS = 0.2
    key = client_key("storefront")
    assert api_client.get(LIST, headers=bearer(key)).status_code == 200

    call_command("api_client", "revoke", "storefront", stdout=io.StringIO())
    within_the_interval = api_client.get(LIST, headers=bearer(key)).status_code
    time.sleep(0.25)
    after_it = api_client.get(LIST, headers=bearer(key))

    assert within_the_interval == 200  # this worker still has the client: no query per request
    assert (after_it.status_code, after_it.json()) == (401, UNKNOWN_KEY)


def test_a_rotated_key_replaces_the_old_one(api_client, client_key, settings):
    settings.API_CLIENTS_RELOAD_SECONDS = 0
    old_key = client_key("storefront")
    api_client.get(LIST, headers=bearer(old_key))

    output = io.StringIO()
    call_command("api_client", "rotate", "storefront", stdout=output)
    new_key = output.getvalue().splitlines()[-1]

    assert api_client.get(LIST, headers=bearer(old_key)).status_code == 401
    assert api_client.get(LIST, headers=bearer(new_key)).status_code == 200


def test_with_api_keys_required_a_request_without_a_key_is_a_401(api_client, client_key, settings):
    settings.API_KEYS_REQUIRED = True
    key = client_key()

    keyless_read = api_client.get(LIST)
    keyless_write = api_client.post("/qa/questions", QUESTION, format="json")
    with_key = api_client.get(LIST, headers=bearer(key))

    for response in (keyless_read, keyless_write):
        assert response.status_code == 401
        assert response.json() == {"detail": "An API key is required: send it in the Authorization header."}
    assert with_key.status_code == 200


def test_looking_up_a_key_costs_no_query_once_the_clients_are_loaded(
    api_client, client_key, question_factory, django_assert_num_queries
):
    question_factory(product_id=1)
    key = client_key()
    api_client.get(LIST, headers=bearer(key))  # loads the clients, and caches the list

    with django_assert_num_queries(0):
        known = api_client.get(LIST, headers=bearer(key))
        unknown = [api_client.get(LIST, headers=bearer(f"aqa_guess{n}")) for n in range(20)]

    assert known.status_code == 200
    assert {response.status_code for response in unknown} == {401}


def test_loading_the_clients_is_one_query_for_them_all(
    api_client, client_key, question_factory, django_assert_num_queries
):
    question_factory(product_id=1)
    keys = [client_key(f"storefront-{n}") for n in range(3)]
    api_client.get(LIST)  # cached by a keyless request, which loads no client

    with django_assert_num_queries(1):
        statuses = {api_client.get(LIST, headers=bearer(key)).status_code for key in keys}

    assert statuses == {200}


def database_away(**kwargs: object) -> None:
    raise OperationalError("connection refused")


def test_while_the_database_is_away_a_worker_keeps_the_clients_it_has(
    api_client, client_key, question_factory, settings, monkeypatch
):
    settings.API_CLIENTS_RELOAD_SECONDS = 0  # due for a reload at every request
    question_factory(product_id=1)
    key = client_key()
    api_client.get(LIST, headers=bearer(key))  # loads the clients, and caches the list in Redis

    monkeypatch.setattr("clients.registry.api_client_active_by_digest", database_away)
    known = api_client.get(LIST, headers=bearer(key))
    unknown = api_client.get(LIST, headers=bearer("aqa_unknown"))

    assert (known.status_code, unknown.status_code) == (200, 401)


def test_a_worker_that_could_never_load_the_clients_answers_a_key_503(api_client, client_key, monkeypatch):
    key = client_key()
    monkeypatch.setattr("clients.registry.api_client_active_by_digest", database_away)

    keyed = api_client.get(LIST, headers=bearer(key))

    assert keyed.status_code == 503
    assert keyed.json() == {"detail": "Service temporarily unavailable, try again later."}
    assert keyed["Retry-After"] == "5"


def test_a_worker_remembers_only_the_authorization_values_that_matched_a_client(api_client, client_key):
    key = client_key()

    for guess in range(20):
        api_client.get(LIST, headers=bearer(f"aqa_guess{guess}"))
    for _ in range(2):
        api_client.get(LIST, headers=bearer(key))

    table = active_clients._table
    assert table is not None
    assert list(table.by_header) == [f"Bearer {key}"]
