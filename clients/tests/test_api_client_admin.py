"""Staff create, change, rotate and revoke API clients in the admin; a new key is shown once, on the page that
answers the creation or rotation, and nowhere after (nor carried by the messages framework's cookie)."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from clients.keys import key_digest
from clients.models import ApiClient, ClientStatus
from clients.tests.conftest import bearer

CHANGELIST = reverse("admin:clients_apiclient_changelist")
ADD = reverse("admin:clients_apiclient_add")
KEY = re.compile(r"aqa_[A-Za-z0-9_-]{43}")
NEW_CLIENT = {
    "name": "storefront-eu",
    "trusted": "on",
    "ask_per_minute": 500,
    "answer_per_minute": 600,
    "vote_per_minute": 700,
    "report_per_minute": 800,
}


@pytest.fixture
def staff(db) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.create_superuser(username="ops", email="ops@example.com"))
    return client


def keys_shown(response) -> list[str]:
    return KEY.findall(response.content.decode())


def everything_shown_later(staff: Client, client: ApiClient) -> str:
    """The pages staff can open about the client afterwards."""
    pages = [CHANGELIST, reverse("admin:clients_apiclient_change", args=[client.pk])]
    pages.append(reverse("admin:clients_apiclient_history", args=[client.pk]))
    return "".join(staff.get(page).content.decode() for page in pages)


def test_creating_a_client_shows_its_key_once(staff):
    response = staff.post(ADD, NEW_CLIENT)

    [key] = keys_shown(response)
    client = ApiClient.objects.get()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert (client.name, client.trusted, client.quotas()) == (
        "storefront-eu",
        True,
        {"ask": 500, "answer": 600, "vote": 700, "report": 800},
    )
    assert client.key_digest == key_digest(key)
    assert not any(key in morsel.value for morsel in response.cookies.values())
    later = everything_shown_later(staff, client)
    assert "storefront-eu" in later
    assert key not in later
    assert client.key_digest not in later
    assert LogEntry.objects.filter(object_id=str(client.pk)).count() == 1


def test_the_new_key_works_at_once_in_a_new_worker(staff, api_client):
    [key] = keys_shown(staff.post(ADD, NEW_CLIENT))

    assert api_client.get("/qa/questions?product_id=1", headers=bearer(key)).status_code == 200


def test_a_taken_name_is_refused_on_the_form(staff):
    staff.post(ADD, NEW_CLIENT)

    response = staff.post(ADD, NEW_CLIENT)

    assert response.status_code == 200
    assert keys_shown(response) == []
    assert "API client with this Name already exists." in response.content.decode()
    assert ApiClient.objects.count() == 1


def test_rotating_shows_the_new_keys_once_and_the_old_ones_stop_working(staff, api_client, settings):
    settings.API_CLIENTS_RELOAD_SECONDS = 0
    [old_key] = keys_shown(staff.post(ADD, NEW_CLIENT))
    client = ApiClient.objects.get()

    response = staff.post(CHANGELIST, {"action": "rotate", "_selected_action": [client.pk]})

    [new_key] = keys_shown(response)
    client.refresh_from_db()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert new_key != old_key
    assert client.key_digest == key_digest(new_key)
    assert new_key not in everything_shown_later(staff, client)
    assert api_client.get("/qa/questions?product_id=1", headers=bearer(old_key)).status_code == 401
    assert api_client.get("/qa/questions?product_id=1", headers=bearer(new_key)).status_code == 200
    assert LogEntry.objects.filter(object_id=str(client.pk), change_message="Rotated the key.").count() == 1


def test_revoking_stops_the_key_and_keeps_the_client_as_it_was(staff, api_client, settings):
    settings.API_CLIENTS_RELOAD_SECONDS = 0
    [key] = keys_shown(staff.post(ADD, NEW_CLIENT))
    client = ApiClient.objects.get()

    response = staff.post(CHANGELIST, {"action": "revoke", "_selected_action": [client.pk]}, follow=True)
    rotated = staff.post(CHANGELIST, {"action": "rotate", "_selected_action": [client.pk]}, follow=True)

    client.refresh_from_db()
    assert "Revoked 1 API client: their keys stop working within seconds." in response.content.decode()
    assert keys_shown(rotated) == []
    assert "No active client selected: no key was rotated." in rotated.content.decode()
    assert client.status == ClientStatus.REVOKED
    assert api_client.get("/qa/questions?product_id=1", headers=bearer(key)).status_code == 401
    change_page = staff.get(reverse("admin:clients_apiclient_change", args=[client.pk]))
    assert 'name="vote_per_minute"' not in change_page.content.decode()  # read-only once revoked


def test_staff_change_the_quotas_and_trust_of_a_client(staff):
    staff.post(ADD, NEW_CLIENT)
    client = ApiClient.objects.get()

    response = staff.post(
        reverse("admin:clients_apiclient_change", args=[client.pk]),
        {**NEW_CLIENT, "trusted": "", "vote_per_minute": 9000, "name": "renamed"},
    )

    client.refresh_from_db()
    assert response.status_code == 302
    assert (client.name, client.trusted, client.vote_per_minute) == ("storefront-eu", False, 9000)
