from datetime import UTC, datetime

import orjson
import pytest

from posts.tests.json_text import AWKWARD_TEXT

URL = "/qa/questions"


def test_lists_a_question_with_its_answers_and_photos_exactly(
    api_client, question_factory, answer_factory, photo_factory
):
    question = question_factory(
        product_id=40344,
        body="Does this run true to size?",
        date_written=datetime(2020, 7, 4, 14, 3, 21, tzinfo=UTC),
        asker_name="jbilas",
        helpfulness=8,
    )
    answer = answer_factory(
        question=question,
        body="Yes, order your usual size.",
        date_written=datetime(2020, 7, 5, 9, 12, 44, 7000, tzinfo=UTC),
        answerer_name="Seller",
        answerer_email="null",
        helpfulness=3,
    )
    photo = photo_factory(answer=answer, url="https://images.example.com/a.jpg")

    response = api_client.get(URL, {"product_id": 40344})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "product_id": "40344",
        "results": [
            {
                "question_id": question.id,
                "question_body": "Does this run true to size?",
                "question_date": "2020-07-04T14:03:21.000Z",
                "asker_name": "jbilas",
                "question_helpfulness": 8,
                "reported": False,
                "answers": {
                    str(answer.id): {
                        "id": answer.id,
                        "body": "Yes, order your usual size.",
                        "date": "2020-07-05T09:12:44.007Z",
                        "answerer_name": "Seller",
                        "helpfulness": 3,
                        "photos": [photo.url],
                    }
                },
            }
        ],
    }


def test_keys_come_in_the_documented_order(api_client, question_factory, answer_factory):
    answer = answer_factory(question=question_factory(product_id=7))

    document = api_client.get(URL, {"product_id": 7}).json()

    assert list(document) == ["product_id", "results"]
    question = document["results"][0]
    assert list(question) == [
        "question_id",
        "question_body",
        "question_date",
        "asker_name",
        "question_helpfulness",
        "reported",
        "answers",
    ]
    assert list(question["answers"][str(answer.id)]) == ["id", "body", "date", "answerer_name", "helpfulness", "photos"]


def test_product_without_questions_has_empty_results(api_client, db):
    response = api_client.get(URL, {"product_id": 123})

    assert response.status_code == 200
    assert response.json() == {"product_id": "123", "results": []}


def test_question_without_answers_has_empty_answers_object(api_client, question_factory):
    question_factory(product_id=5)

    [question] = api_client.get(URL, {"product_id": 5}).json()["results"]

    assert question["answers"] == {}


def test_questions_are_ordered_by_helpfulness_then_id(api_client, question_factory):
    low = question_factory(product_id=5, helpfulness=1)
    tie_first = question_factory(product_id=5, helpfulness=4)
    tie_second = question_factory(product_id=5, helpfulness=4)
    top = question_factory(product_id=5, helpfulness=9)

    results = api_client.get(URL, {"product_id": 5, "count": 10}).json()["results"]

    assert [q["question_id"] for q in results] == [top.id, tie_first.id, tie_second.id, low.id]


def test_only_the_products_questions_are_listed(api_client, question_factory):
    mine = question_factory(product_id=5)
    question_factory(product_id=6)

    results = api_client.get(URL, {"product_id": 5}).json()["results"]

    assert [q["question_id"] for q in results] == [mine.id]


def test_reported_questions_are_hidden(api_client, question_factory):
    shown = question_factory(product_id=5)
    question_factory(product_id=5, reported=True, helpfulness=100)

    results = api_client.get(URL, {"product_id": 5}).json()["results"]

    assert [q["question_id"] for q in results] == [shown.id]


def test_reported_answers_are_hidden_and_answers_are_keyed_in_id_order(api_client, question_factory, answer_factory):
    question = question_factory(product_id=5)
    first = answer_factory(question=question, helpfulness=0)
    answer_factory(question=question, reported=True)
    last = answer_factory(question=question, helpfulness=50)

    [listed] = api_client.get(URL, {"product_id": 5}).json()["results"]

    assert list(listed["answers"]) == [str(first.id), str(last.id)]


def test_photos_are_listed_in_id_order(api_client, question_factory, answer_factory, photo_factory):
    answer = answer_factory(question=question_factory(product_id=5))
    photos = [photo_factory(answer=answer, url=f"https://images.example.com/{name}.jpg") for name in "zya"]

    [listed] = api_client.get(URL, {"product_id": 5}).json()["results"]

    assert listed["answers"][str(answer.id)]["photos"] == [photo.url for photo in photos]


def test_pages_split_the_ordered_list(api_client, question_factory):
    questions = [question_factory(product_id=5, helpfulness=10 - n) for n in range(7)]
    ids = [q.id for q in questions]

    def page(number: int) -> list[int]:
        results = api_client.get(URL, {"product_id": 5, "page": number, "count": 3}).json()["results"]
        return [q["question_id"] for q in results]

    assert page(1) == ids[0:3]
    assert page(2) == ids[3:6]
    assert page(3) == ids[6:7]
    assert page(4) == []


def test_page_and_count_default_to_one_and_five(api_client, question_factory):
    questions = [question_factory(product_id=5) for _ in range(6)]

    results = api_client.get(URL, {"product_id": 5}).json()["results"]

    assert [q["question_id"] for q in results] == [q.id for q in questions[:5]]


def test_show_all_gets_every_question_of_the_product(api_client, question_factory):
    """A storefront's "show all" asks count=99999: a product's 150 questions all come (the cap was 100)."""
    question_factory.create_batch(150, product_id=5)

    results = api_client.get(URL, {"product_id": 5, "count": 99999}).json()["results"]

    assert len(results) == 150


def test_count_above_the_cap_is_served_as_the_cap(api_client, question_factory, settings):
    settings.MAX_PAGE_SIZE = 7
    question_factory.create_batch(8, product_id=5)

    up_to = len(api_client.get(URL, {"product_id": 5, "count": 7}).json()["results"])
    above = len(api_client.get(URL, {"product_id": 5, "count": 500}).json()["results"])

    assert (up_to, above) == (7, 7)


def test_trailing_slash_is_accepted(api_client, question_factory):
    question_factory(product_id=5)

    response = api_client.get(URL + "/", {"product_id": 5})

    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


def test_listing_costs_one_query_whatever_the_page_holds(
    api_client, question_factory, answer_factory, photo_factory, django_assert_num_queries
):
    for question in question_factory.create_batch(5, product_id=5):
        for answer in answer_factory.create_batch(3, question=question):
            photo_factory.create_batch(2, answer=answer)

    with django_assert_num_queries(1):
        response = api_client.get(URL, {"product_id": 5})

    assert len(response.json()["results"]) == 5


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({}, {"product_id": ["This field is required."]}),
        ({"product_id": "abc"}, {"product_id": ["A valid integer is required."]}),
        ({"product_id": ""}, {"product_id": ["A valid integer is required."]}),
        ({"product_id": "0"}, {"product_id": ["Ensure this value is greater than or equal to 1."]}),
        ({"product_id": "-4"}, {"product_id": ["Ensure this value is greater than or equal to 1."]}),
        (
            {"product_id": str(2**63)},
            {"product_id": ["Ensure this value is less than or equal to 9223372036854775807."]},
        ),
        ({"product_id": "1", "page": "0"}, {"page": ["Ensure this value is greater than or equal to 1."]}),
        ({"product_id": "1", "page": "x"}, {"page": ["A valid integer is required."]}),
        ({"product_id": "1", "page": "99999999999"}, {"page": ["Ensure this value is less than or equal to 1000000."]}),
        ({"product_id": "1", "count": "0"}, {"count": ["Ensure this value is greater than or equal to 1."]}),
        ({"product_id": "1", "count": "many"}, {"count": ["A valid integer is required."]}),
    ],
)
def test_invalid_parameters_are_a_400_naming_the_field(api_client, db, params, errors):
    response = api_client.get(URL, params)

    assert response.status_code == 400
    assert response.json() == errors


def test_the_document_is_compact_json_written_as_the_legacy_service_wrote_it(
    api_client, question_factory, answer_factory, photo_factory
):
    question = question_factory(product_id=11, body=AWKWARD_TEXT, asker_name='q"uote')
    answer = answer_factory(question=question, body=AWKWARD_TEXT, answerer_name="back\\slash")
    photo = photo_factory(answer=answer, url='https://images.example.com/a.jpg?q="x"')

    response = api_client.get(URL, {"product_id": 11})

    # orjson writes what JSON.stringify writes: no spaces, non-ASCII as UTF-8, only what JSON requires escaped.
    assert response.content == orjson.dumps(
        {
            "product_id": "11",
            "results": [
                {
                    "question_id": question.id,
                    "question_body": AWKWARD_TEXT,
                    "question_date": "2020-07-04T14:03:21.000Z",
                    "asker_name": 'q"uote',
                    "question_helpfulness": 0,
                    "reported": False,
                    "answers": {
                        str(answer.id): {
                            "id": answer.id,
                            "body": AWKWARD_TEXT,
                            "date": "2020-07-05T09:12:44.123Z",
                            "answerer_name": "back\\slash",
                            "helpfulness": 0,
                            "photos": [photo.url],
                        }
                    },
                }
            ],
        }
    )
