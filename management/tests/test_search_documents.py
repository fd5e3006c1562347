"""`manage.py search_documents`: the stored text-search documents of loaded rows, and searches before and after."""

from io import StringIO

import pytest
from django.core.management import call_command

from answers.models import Answer
from management.tests.legacy_import_support import import_fixtures
from questions.models import Question

pytestmark = pytest.mark.django_db(transaction=True)  # the command commits batch by batch


def found(api_client, product_id: int, words: str) -> list[int]:
    response = api_client.get("/qa/questions", {"product_id": product_id, "q": words})
    assert response.status_code == 200, response.content
    return [question["question_id"] for question in response.json()["results"]]


def documents_missing() -> int:
    return sum(model.objects.filter(search_document=None).count() for model in (Question, Answer))


def search_documents(*arguments: str) -> str:
    output = StringIO()
    call_command("search_documents", *arguments, stdout=output)
    return output.getvalue()


def test_posts_written_through_the_api_store_their_documents(api_client):
    asked = api_client.post(
        "/qa/questions",
        {"product_id": 7, "body": "Does it fit over a jacket?", "name": "n", "email": "n@example.com"},
        format="json",
    ).json()["question_id"]
    api_client.post(
        f"/qa/questions/{asked}/answers",
        {"body": "Yes, even a thick one.", "name": "n", "email": "n@example.com", "photos": []},
        format="json",
    )

    assert documents_missing() == 0
    assert found(api_client, 7, "jackets") == [asked]


def test_loaded_rows_are_found_before_and_after_their_documents_are_stored(api_client, tmp_path):
    import_fixtures(tmp_path)
    # Product 1 of fixtures/legacy: question 1 asks "What fabric is the top made of?", its answer 5 says "Cotton,
    # mostly"; question 3's answer says it "runs small".
    searches = {"fabric": [1], "cotton": [1], "running small": [3]}
    before = {words: found(api_client, 1, words) for words in searches}
    assert documents_missing() > 0

    output = search_documents()

    assert documents_missing() == 0
    assert "Search documents stored: 6 in questions_question, 6 in answers_answer" in output
    after = {words: found(api_client, 1, words) for words in searches}
    assert before == after == searches


def test_a_second_run_stores_nothing(tmp_path):
    import_fixtures(tmp_path)
    search_documents()

    assert "Search documents stored: 0 in questions_question, 0 in answers_answer" in search_documents()


def test_rebuild_stores_every_document_again_in_a_new_language(api_client, settings):
    asked = api_client.post(
        "/qa/questions",
        {"product_id": 7, "body": "Does it fit over jackets?", "name": "n", "email": "n@example.com"},
        format="json",
    ).json()["question_id"]
    settings.SEARCH_LANGUAGE = "simple"  # no stemming: "jackets" is "jackets"
    assert found(api_client, 7, "jackets") == []  # the stored English document holds "jacket"

    search_documents("--rebuild")

    assert found(api_client, 7, "jackets") == [asked]
