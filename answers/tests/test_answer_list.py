from datetime import UTC, datetime

import orjson
import pytest

from posts.tests.json_text import AWKWARD_TEXT


def url(question_id: int | str) -> str:
    return f"/qa/questions/{question_id}/answers"


def test_lists_an_answer_with_its_photos_exactly(api_client, question_factory, answer_factory, photo_factory):
    question = question_factory()
    answer = answer_factory(
        question=question,
        body="Yes, order your usual size.",
        date_written=datetime(2020, 7, 5, 9, 12, 44, 999999, tzinfo=UTC),
        answerer_name="Seller",
        answerer_email="null",
        helpfulness=3,
    )
    second_photo, first_photo = sorted(
        [photo_factory(answer=answer, url="https://images.example.com/b.jpg"), photo_factory(answer=answer)],
        key=lambda photo: -photo.id,
    )

    response = api_client.get(url(question.id))

    assert response.status_code == 200
    assert response.json() == {
        "question": str(question.id),
        "page": 1,
        "count": 5,
        "results": [
            {
                "answer_id": answer.id,
                "body": "Yes, order your usual size.",
                "date": "2020-07-05T09:12:44.999Z",
                "answerer_name": "Seller",
                "helpfulness": 3,
                "photos": [
                    {"id": first_photo.id, "url": first_photo.url},
                    {"id": second_photo.id, "url": second_photo.url},
                ],
            }
        ],
    }
    assert list(response.json()) == ["question", "page", "count", "results"]
    assert list(response.json()["results"][0]) == [
        "answer_id",
        "body",
        "date",
        "answerer_name",
        "helpfulness",
        "photos",
    ]


def test_question_without_answers_has_empty_results(api_client, question_factory):
    question = question_factory()

    assert api_client.get(url(question.id)).json()["results"] == []


def test_answers_are_ordered_by_helpfulness_then_id_and_reported_ones_hidden(
    api_client, question_factory, answer_factory
):
    question = question_factory()
    low = answer_factory(question=question, helpfulness=0)
    tie_first = answer_factory(question=question, helpfulness=2)
    answer_factory(question=question, helpfulness=99, reported=True)
    tie_second = answer_factory(question=question, helpfulness=2)
    answer_factory(question=question_factory(), helpfulness=50)

    results = api_client.get(url(question.id)).json()["results"]

    assert [a["answer_id"] for a in results] == [tie_first.id, tie_second.id, low.id]


def test_pages_split_the_ordered_list_and_echo_page_and_count(api_client, question_factory, answer_factory):
    question = question_factory()
    answers = [answer_factory(question=question, helpfulness=10 - n) for n in range(5)]

    second = api_client.get(url(question.id), {"page": 2, "count": 2}).json()
    last = api_client.get(url(question.id), {"page": 3, "count": 2}).json()
    beyond = api_client.get(url(question.id), {"page": 4, "count": 2}).json()

    assert (second["page"], second["count"]) == (2, 2)
    assert [a["answer_id"] for a in second["results"]] == [answers[2].id, answers[3].id]
    assert [a["answer_id"] for a in last["results"]] == [answers[4].id]
    assert beyond["results"] == []


def test_count_up_to_the_cap_is_served_whole(api_client, question_factory, answer_factory):
    question = question_factory()
    answer_factory.create_batch(150, question=question)

    document = api_client.get(url(question.id), {"count": 99999}).json()

    assert (document["count"], len(document["results"])) == (1000, 150)


def test_count_above_the_cap_is_served_and_echoed_as_the_cap(api_client, question_factory, answer_factory, settings):
    settings.MAX_PAGE_SIZE = 7
    question = question_factory()
    answer_factory.create_batch(8, question=question)

    document = api_client.get(url(question.id), {"count": 1000}).json()

    assert document["count"] == 7
    assert len(document["results"]) == 7


def test_listing_costs_one_query(
    api_client, question_factory, answer_factory, photo_factory, django_assert_num_queries
):
    question = question_factory()
    for answer in answer_factory.create_batch(5, question=question):
        photo_factory.create_batch(3, answer=answer)

    with django_assert_num_queries(1):
        response = api_client.get(url(question.id) + "/")

    assert len(response.json()["results"]) == 5


@pytest.mark.parametrize("question_id", ["999999", "abc", "99999999999999999999999"])
def test_unknown_question_is_a_404(api_client, db, question_id):
    response = api_client.get(url(question_id))

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_reported_question_is_a_404(api_client, question_factory, answer_factory):
    question = answer_factory(question=question_factory(reported=True)).question

    response = api_client.get(url(question.id))

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({"page": "0"}, {"page": ["Ensure this value is greater than or equal to 1."]}),
        ({"count": "-1"}, {"count": ["Ensure this value is greater than or equal to 1."]}),
        ({"count": "1.5"}, {"count": ["A valid integer is required."]}),
    ],
)
def test_invalid_parameters_are_a_400_naming_the_field(api_client, question_factory, params, errors):
    response = api_client.get(url(question_factory().id), params)

    assert response.status_code == 400
    assert response.json() == errors


def test_the_document_is_compact_json_written_as_the_legacy_service_wrote_it(api_client, answer_factory, photo_factory):
    answer = answer_factory(body=AWKWARD_TEXT, answerer_name='q"uote')
    photo = photo_factory(answer=answer, url="https://images.example.com/ü.jpg")

    response = api_client.get(f"/qa/questions/{answer.question_id}/answers", {"count": 3})

    assert response.content == orjson.dumps(
        {
            "question": str(answer.question_id),
            "page": 1,
            "count": 3,
            "results": [
                {
                    "answer_id": answer.id,
                    "body": AWKWARD_TEXT,
                    "date": "2020-07-05T09:12:44.123Z",
                    "answerer_name": 'q"uote',
                    "helpfulness": 0,
                    "photos": [{"id": photo.id, "url": photo.url}],
                }
            ],
        }
    )


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("helpful", ["most_helpful", "tied_a", "tied_b", "newest"]),
        ("newest", ["newest", "tied_b", "tied_a", "most_helpful"]),
        ("oldest", ["most_helpful", "tied_a", "tied_b", "newest"]),
    ],
)
def test_sort_orders_answers_breaking_ties_by_id(api_client, question_factory, answer_factory, sort, expected):
    question = question_factory()
    answers = {
        "most_helpful": answer_factory(question=question, date_written=datetime(2024, 1, 1, tzinfo=UTC), helpfulness=9),
        "tied_a": answer_factory(question=question, date_written=datetime(2024, 1, 2, tzinfo=UTC), helpfulness=3),
        "tied_b": answer_factory(question=question, date_written=datetime(2024, 1, 2, tzinfo=UTC), helpfulness=3),
        "newest": answer_factory(question=question, date_written=datetime(2024, 1, 3, tzinfo=UTC), helpfulness=0),
    }
    answer_factory(question=question, date_written=datetime(2024, 1, 4, tzinfo=UTC), reported=True)

    response = api_client.get(url(question.id), {"sort": sort, "count": 3, "page": 1})
    second_page = api_client.get(url(question.id), {"sort": sort, "count": 3, "page": 2})

    listed = [answer["answer_id"] for page in (response, second_page) for answer in page.json()["results"]]
    assert listed == [answers[name].id for name in expected]


@pytest.mark.parametrize("sort", ["best", "", "NEWEST"])
def test_an_unknown_sort_is_a_400_naming_it(api_client, question_factory, sort):
    response = api_client.get(url(question_factory().id), {"sort": sort})

    assert (response.status_code, response.json()) == (400, {"sort": [f'"{sort}" is not a valid choice.']})
