"""POST /qa/unsubscribe?token=... stops every future email to the address; GET only says what the POST would do;
a missing, forged or stale token is a 400 naming the problem."""

import time
from unittest import mock

import pytest
from django.core import mail, signing

from notifications.models import Notification, NotificationStatus, Unsubscribe
from notifications.tests.support import answer, send_due, time_passes
from notifications.tokens import SALT, address_hash, unsubscribe_token

URL = "/qa/unsubscribe"
ADDRESS = "asker@example.com"


def one_click(api_client, token: str):
    """The POST a mail app sends for its Unsubscribe button (RFC 8058)."""
    return api_client.post(
        f"{URL}?token={token}", "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )


def test_a_one_click_post_stops_every_future_email_to_the_address(api_client, question_factory):
    queued = question_factory(asker_email=ADDRESS)
    answer(api_client, queued.id)

    response = one_click(api_client, unsubscribe_token(ADDRESS))
    answer(api_client, question_factory(asker_email="Asker@Example.com").id)  # the same address, written otherwise
    time_passes()
    send_due()

    assert response.status_code == 200
    assert response.json() == {"unsubscribed": True, "detail": "This address gets no more emails."}
    assert mail.outbox == []
    assert list(Notification.objects.values_list("status", "detail")) == [
        (NotificationStatus.SKIPPED, "The address unsubscribed."),
        (NotificationStatus.SKIPPED, "The address unsubscribed."),
    ]
    assert list(Unsubscribe.objects.values_list("address_hash", flat=True)) == [address_hash(ADDRESS)]


def test_other_addresses_still_get_their_emails(api_client, question_factory):
    one_click(api_client, unsubscribe_token(ADDRESS))
    answer(api_client, question_factory(asker_email="other@example.com").id)

    time_passes()
    send_due()

    assert [email.to for email in mail.outbox] == [["other@example.com"]]


def test_unsubscribing_again_is_harmless(api_client, db):
    responses = [one_click(api_client, unsubscribe_token(ADDRESS)) for _ in range(2)]

    assert [response.status_code for response in responses] == [200, 200]
    assert Unsubscribe.objects.count() == 1


def test_get_only_says_what_the_post_would_do(api_client, db):
    token = unsubscribe_token(ADDRESS)

    before = api_client.get(URL, {"token": token})
    assert not Unsubscribe.objects.exists()
    one_click(api_client, token)
    after = api_client.get(URL, {"token": token})

    assert (before.status_code, after.status_code) == (200, 200)
    assert before.json() == {"unsubscribed": False, "detail": "POST to this URL to stop every email to this address."}
    assert after.json() == {"unsubscribed": True, "detail": "This address gets no more emails; POST changes nothing."}


def test_no_response_holds_the_address(api_client, db):
    token = unsubscribe_token(ADDRESS)

    for response in (api_client.get(URL, {"token": token}), one_click(api_client, token)):
        assert b"asker" not in response.content.lower()


def forged_tokens() -> dict[str, str]:
    genuine = unsubscribe_token(ADDRESS)
    value, _, signature = genuine.rpartition(":")
    return {
        "signature altered": f"{value}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",
        "another address": f"{address_hash('someone@example.com')}{genuine[64:]}",
        "signed for another use": signing.TimestampSigner(salt="another.use").sign(address_hash(ADDRESS)),
        "signed with another key": signing.TimestampSigner(key="not-our-secret", salt=SALT).sign(address_hash(ADDRESS)),
        "not a hash": signing.TimestampSigner(salt=SALT).sign(ADDRESS),
        "garbage": "garbage",
    }


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("forgery", forged_tokens().keys())
def test_a_forged_token_is_a_400_and_changes_nothing(api_client, db, method, forgery):
    token = forged_tokens()[forgery]

    response = getattr(api_client, method)(f"{URL}?token={token}")

    assert response.status_code == 400
    assert response.json() == {"token": ["This unsubscribe link is not valid."]}
    assert not Unsubscribe.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_stale_token_is_a_400_and_changes_nothing(api_client, db, settings, method):
    settings.NOTIFICATION_UNSUBSCRIBE_MAX_AGE_DAYS = 90
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 91 * 24 * 3600):
        stale = unsubscribe_token(ADDRESS)
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 89 * 24 * 3600):
        fresh = unsubscribe_token(ADDRESS)

    response = getattr(api_client, method)(f"{URL}?token={stale}")

    assert response.status_code == 400
    assert response.json() == {"token": ["This unsubscribe link has expired."]}
    assert not Unsubscribe.objects.exists()
    assert api_client.get(URL, {"token": fresh}).status_code == 200


@pytest.mark.parametrize("query", ["", "?token="])
def test_a_missing_token_is_a_400(api_client, db, query):
    response = api_client.post(f"{URL}{query}")

    assert response.status_code == 400
    assert response.json() == {"token": ["This field is required."]}


def test_other_methods_are_405s(api_client, db):
    response = api_client.put(f"{URL}?token={unsubscribe_token(ADDRESS)}")

    assert response.status_code == 405
    assert not Unsubscribe.objects.exists()


def test_a_deployment_that_requires_api_keys_still_takes_one_click_unsubscribes(api_client, db, settings):
    settings.API_KEYS_REQUIRED = True

    unsubscribed = one_click(api_client, unsubscribe_token(ADDRESS))
    listed = api_client.get("/qa/questions", {"product_id": 1})

    assert (unsubscribed.status_code, listed.status_code) == (200, 401)
    assert Unsubscribe.objects.count() == 1
