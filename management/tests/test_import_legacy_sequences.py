"""After an import, rows created through the API get ids above every imported id."""

from management.tests.legacy_import_support import import_fixtures


def test_new_questions_and_answers_get_ids_above_the_imported_ones(api_client, tmp_path, db):
    import_fixtures(tmp_path)

    question = api_client.post(
        "/qa/questions", {"body": "New?", "name": "n", "email": "n@example.com", "product_id": 1}, format="json"
    ).json()
    answer = api_client.post(
        "/qa/questions/1/answers",
        {"body": "Yes.", "name": "n", "email": "n@example.com", "photos": ["https://images.example.com/n.jpg"]},
        format="json",
    ).json()

    assert question["question_id"] == 41
    assert answer["answer_id"] == 61
    assert answer["photos"][0]["id"] == 8
