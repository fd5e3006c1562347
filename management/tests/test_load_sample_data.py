from django.core.management import call_command

from questions.models import Question


def test_sample_data_serves_product_one(api_client, db):
    call_command("load_sample_data", verbosity=0)

    document = api_client.get("/qa/questions", {"product_id": 1}).json()

    assert document["product_id"] == "1"
    assert document["results"]
    assert any(question["answers"] for question in document["results"])


def test_sample_data_is_not_loaded_over_existing_questions(question_factory):
    question = question_factory(product_id=1, body="Mine")

    call_command("load_sample_data", verbosity=0)

    assert list(Question.objects.values_list("id", "body")) == [(question.id, "Mine")]


def test_new_questions_get_ids_above_the_sample(api_client, db):
    call_command("load_sample_data", verbosity=0)
    largest = Question.objects.order_by("-id").values_list("id", flat=True).first()

    response = api_client.post(
        "/qa/questions", {"body": "b", "name": "n", "email": "n@example.com", "product_id": 1}, format="json"
    )

    assert response.json()["question_id"] > largest
