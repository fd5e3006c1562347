"""HTTP caching of the list routes and the product summary: a strong ETag, 304 for a client holding the document,
Cache-Control from the settings, and an ETag that changes with every write that changes the document."""

import re

import pytest

from answers.models import Answer

pytestmark = pytest.mark.django_db(transaction=True)  # writes must commit for the cached documents to go

PRODUCT_ID = 40344
STRONG_ETAG = re.compile(r'^"[0-9a-f]{32}"$')


@pytest.fixture
def answer(answer_factory) -> Answer:
    return answer_factory(question__product_id=PRODUCT_ID)


@pytest.fixture
def urls(answer) -> list[str]:
    return [
        f"/qa/questions?product_id={PRODUCT_ID}",
        f"/qa/questions?product_id={PRODUCT_ID}&sort=newest&q=size",
        f"/qa/questions/{answer.question_id}/answers",
        f"/qa/products/{PRODUCT_ID}/summary",
    ]


def test_each_document_has_a_strong_etag_and_no_cache_by_default(api_client, urls):
    for url in urls:
        response = api_client.get(url)

        assert response.status_code == 200
        assert STRONG_ETAG.match(response["ETag"]), url
        assert response["Cache-Control"] == "no-cache"


def test_a_client_holding_the_document_gets_a_304_without_a_body(api_client, urls):
    for url in urls:
        etag = api_client.get(url)["ETag"]

        response = api_client.get(url, headers={"If-None-Match": etag})

        assert (response.status_code, response.content) == (304, b""), url
        assert (response["ETag"], response["Cache-Control"]) == (etag, "no-cache")
        assert "Content-Length" not in response


@pytest.mark.parametrize("held", ["W/{etag}", '"other", {etag}', "*"])
def test_weak_listed_and_any_etags_match_as_rfc_9110_says(api_client, urls, held):
    """nginx's gzip turns the ETag weak (W/"..."); If-None-Match compares weakly, so that still matches."""
    etag = api_client.get(urls[0])["ETag"]

    response = api_client.get(urls[0], headers={"If-None-Match": held.format(etag=etag)})

    assert response.status_code == 304


def test_another_etag_gets_the_document(api_client, urls):
    response = api_client.get(urls[0], headers={"If-None-Match": '"0123456789abcdef0123456789abcdef"'})

    assert response.status_code == 200
    assert response.json()["results"]


def test_a_write_that_changes_the_document_changes_its_etag(api_client, urls, answer):
    held = {url: api_client.get(url)["ETag"] for url in urls}

    api_client.post(
        f"/qa/questions/{answer.question_id}/answers",
        {"body": "Order a size up.", "name": "n", "email": "n@example.com", "photos": []},
        format="json",
    )

    after = {url: api_client.get(url, headers={"If-None-Match": etag}) for url, etag in held.items()}
    assert {url: response.status_code for url, response in after.items()} == dict.fromkeys(urls, 200)
    assert all(response["ETag"] != held[url] for url, response in after.items())


def test_a_write_elsewhere_leaves_the_etag(api_client, urls):
    held = api_client.get(urls[0])["ETag"]

    api_client.post(
        "/qa/questions",
        {"product_id": PRODUCT_ID + 1, "body": "New?", "name": "n", "email": "n@example.com"},
        format="json",
    )

    assert api_client.get(urls[0], headers={"If-None-Match": held}).status_code == 304


def test_cache_control_is_a_setting(api_client, urls, settings):
    settings.API_CACHE_CONTROL = "public, max-age=30"

    assert {api_client.get(url)["Cache-Control"] for url in urls} == {"public, max-age=30"}


def test_an_unlisted_question_has_no_etag(api_client, db):
    response = api_client.get("/qa/questions/999999/answers")

    assert response.status_code == 404
    assert "ETag" not in response
