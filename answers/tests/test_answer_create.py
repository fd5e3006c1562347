import re

import pytest

from answers.models import Answer, AnswerPhoto
from posts.models import Status

VALID = {"body": "Fits perfectly.", "name": "shopper", "email": "shopper@example.com"}
ISO_MILLISECONDS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def url(question_id: int | str) -> str:
    return f"/qa/questions/{question_id}/answers"


def test_created_answer_is_returned_as_the_list_shows_it(api_client, question_factory):
    question = question_factory()
    photo_urls = ["https://images.example.com/2.jpg", "http://images.example.com/1.jpg"]

    response = api_client.post(url(question.id), {**VALID, "photos": photo_urls}, format="json")

    assert response.status_code == 201
    answer = Answer.objects.get()
    photos = list(answer.photos.order_by("id"))
    created = response.json()
    assert ISO_MILLISECONDS.match(created.pop("date"))
    assert created == {
        "answer_id": answer.id,
        "body": "Fits perfectly.",
        "answerer_name": "shopper",
        "helpfulness": 0,
        "photos": [{"id": photo.id, "url": photo.url} for photo in photos],
    }
    assert [photo.url for photo in photos] == photo_urls
    assert (answer.question_id, answer.answerer_email, answer.status) == (
        question.id,
        "shopper@example.com",
        Status.PUBLISHED,
    )


def test_created_answer_is_listed_exactly_as_it_was_returned(api_client, question_factory):
    question = question_factory()
    created = api_client.post(url(question.id), {**VALID, "photos": ["https://a.example/x.png"]}, format="json").json()

    assert api_client.get(url(question.id)).json()["results"] == [created]


def test_photos_are_optional(api_client, question_factory):
    response = api_client.post(url(question_factory().id), VALID, format="json")

    assert response.status_code == 201
    assert response.json()["photos"] == []


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"body": ""}, {"body": ["This field may not be blank."]}),
        ({"body": "x" * 1001}, {"body": ["Ensure this field has no more than 1000 characters."]}),
        ({"name": "n" * 61}, {"name": ["Ensure this field has no more than 60 characters."]}),
        ({"email": "shopper"}, {"email": ["Enter a valid email address."]}),
        ({"photos": "https://a.example/x.png"}, {"photos": ['Expected a list of items but got type "str".']}),
        ({"photos": ["not a url"]}, {"photos": {"0": ["Enter a valid URL."]}}),
        ({"photos": ["ftp://a.example/x.png"]}, {"photos": {"0": ["Enter a valid URL."]}}),
        ({"photos": ["javascript:alert(1)"]}, {"photos": {"0": ["Enter a valid URL."]}}),
        (
            {"photos": ["https://a.example/" + "x" * 2040]},
            {"photos": {"0": ["Ensure this field has no more than 2048 characters."]}},
        ),
        ({"photos": [0]}, {"photos": {"0": ["Not a valid string."]}}),
        ({"photos": [None]}, {"photos": {"0": ["This field may not be null."]}}),
        (
            {"photos": [f"https://a.example/{n}.png" for n in range(6)]},
            {"photos": ["Ensure this field has no more than 5 elements."]},
        ),
    ],
)
def test_invalid_field_is_a_400_naming_it_and_saves_nothing(api_client, question_factory, change, errors):
    response = api_client.post(url(question_factory().id), {**VALID, **change}, format="json")

    assert response.status_code == 400
    assert response.json() == errors
    assert not Answer.objects.exists()
    assert not AnswerPhoto.objects.exists()


@pytest.mark.parametrize(
    "photo",
    [
        'https://a.example/x.png"onerror="alert(1)',
        "https://a.example/it's.png",
        "https://a.example/<script>.png",
        "https://a.example/a b.png",
        " https://a.example/x.png",
        "https://a.example/x.png ",
        "https://a.example/a\\b.png",
        "https://a.example\\@evil.example/x.png",
        "https://a.example/x.png\n",
        "https://a.example/x\t.png",
        "https://a.example/x\x7f.png",
        "https://a.example/x\x85.png",
        "https://a.example/x`.png",
        "https://a.example/{x}.png",
        "https://user:pass@a.example/x.png",
        "https://localhost/x.png",
        "https://a.example/caf\u00e9.png",
    ],
)
def test_a_photo_url_with_characters_no_url_holds_is_a_400_naming_photos(api_client, question_factory, photo):
    response = api_client.post(url(question_factory().id), {**VALID, "photos": [photo]}, format="json")

    assert response.status_code == 400
    assert response.json() == {"photos": {"0": ["Enter a valid URL."]}}
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    "photo",
    [
        "http://images.example.com/a.jpg",
        "https://cdn.shop.example.co.uk:8443/p/12/a%20b.jpg?w=640&h=480#main",
        "https://xn--bcher-kva.example/x.png",
        "https://a.example/(1).png",
    ],
)
def test_photo_urls_as_rfc_3986_writes_them_are_accepted(api_client, question_factory, photo):
    response = api_client.post(url(question_factory().id), {**VALID, "photos": [photo]}, format="json")

    assert response.status_code == 201
    assert [item["url"] for item in response.json()["photos"]] == [photo]


def test_answering_an_unknown_question_is_a_404(api_client, db):
    response = api_client.post(url(424242), VALID, format="json")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_answering_a_reported_question_is_a_404(api_client, question_factory):
    response = api_client.post(url(question_factory(reported=True).id), VALID, format="json")

    assert response.status_code == 404
    assert not Answer.objects.exists()
