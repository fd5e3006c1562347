"""The API serves imported rows exactly: every quirk of the sample files comes out as the legacy service had it."""

from answers.models import Answer
from management.tests.legacy_import_support import import_fixtures


def test_imported_questions_are_listed_with_their_answers_and_photos(api_client, tmp_path, db):
    import_fixtures(tmp_path)

    document = api_client.get("/qa/questions", {"product_id": 1}).json()

    assert document == {
        "product_id": "1",
        "results": [
            {
                "question_id": 3,
                "question_body": "Does this run big, small, or true to size?",
                "question_date": "2020-12-21T07:31:47.083Z",
                "asker_name": "jbilas",
                "question_helpfulness": 8,
                "reported": False,
                "answers": {
                    "3": {
                        "id": 3,
                        "body": 'It runs small; I\'d say "order up"',
                        "date": "2020-09-13T00:53:05.989Z",
                        "answerer_name": "sizequeen",
                        "helpfulness": 2,
                        "photos": ["https://images.example.com/with,comma.jpg"],
                    },
                    "7": {
                        "id": 7,
                        "body": "First line\nsecond line",
                        "date": "2020-09-13T00:00:00.000Z",
                        "answerer_name": "multi",
                        "helpfulness": 2,
                        "photos": ["https://images.example.com/c.jpg"],
                    },
                },
            },
            {
                "question_id": 2,
                "question_body": 'Is the "Heather Grey" as pictured?',
                "question_date": "2019-01-04T00:00:00.000Z",
                "asker_name": "funnygirl",
                "question_helpfulness": 2,
                "reported": False,
                "answers": {},
            },
            {
                "question_id": 1,
                "question_body": "What fabric is the top made of?",
                "question_date": "2020-07-27T21:18:34.409Z",
                "asker_name": "yankeelover",
                "question_helpfulness": 1,
                "reported": False,
                "answers": {
                    "5": {
                        "id": 5,
                        "body": "Cotton, mostly",
                        "date": "2020-09-13T00:53:05.988Z",
                        "answerer_name": "Seller",
                        "helpfulness": 4,
                        "photos": ["https://images.example.com/a.jpg", "https://images.example.com/b.jpg"],
                    },
                    "60": {
                        "id": 60,
                        "body": "The largest answer id",
                        "date": "2020-09-13T00:53:05.998Z",
                        "answerer_name": "a",
                        "helpfulness": 1,
                        "photos": [],
                    },
                },
            },
        ],
    }


def test_imported_answers_are_listed_with_photo_ids(api_client, tmp_path, db):
    import_fixtures(tmp_path)

    document = api_client.get("/qa/questions/3/answers").json()

    assert document == {
        "question": "3",
        "page": 1,
        "count": 5,
        "results": [
            {
                "answer_id": 3,
                "body": 'It runs small; I\'d say "order up"',
                "date": "2020-09-13T00:53:05.989Z",
                "answerer_name": "sizequeen",
                "helpfulness": 2,
                "photos": [{"id": 7, "url": "https://images.example.com/with,comma.jpg"}],
            },
            {
                "answer_id": 7,
                "body": "First line\nsecond line",
                "date": "2020-09-13T00:00:00.000Z",
                "answerer_name": "multi",
                "helpfulness": 2,
                "photos": [{"id": 4, "url": "https://images.example.com/c.jpg"}],
            },
        ],
    }


def test_a_question_spanning_lines_is_served_whole_and_reported_ones_are_hidden(api_client, tmp_path, db):
    import_fixtures(tmp_path)

    document = api_client.get("/qa/questions", {"product_id": 2}).json()

    assert [(question["question_id"], question["question_body"]) for question in document["results"]] == [
        (4, "Line one of the question\nline two, with a comma\nline three")
    ]
    assert document["results"][0]["answers"]["14"]["answerer_name"] == "Seller"


def test_seller_answers_keep_the_literal_null_email(tmp_path, db):
    import_fixtures(tmp_path)

    assert Answer.objects.get(pk=5).answerer_email == "null"
