"""Seeded rows go after the existing ones, and rows created afterwards after the seeded ones."""

from django.core.management import call_command
from django.db.models import Max, Min

from answers.models import Answer, AnswerPhoto
from questions.models import Question


def test_seeded_ids_start_after_the_largest_existing_ids(question_factory, answer_factory, photo_factory):
    existing_photo = photo_factory(id=3000, answer=answer_factory(id=2000, question=question_factory(id=1000)))

    call_command("seed", questions=300, seed=3, verbosity=0)

    assert Question.objects.exclude(id=1000).aggregate(first=Min("id"))["first"] == 1001
    assert Answer.objects.exclude(id=2000).aggregate(first=Min("id"))["first"] == 2001
    assert AnswerPhoto.objects.exclude(id=3000).aggregate(first=Min("id"))["first"] == 3001
    assert AnswerPhoto.objects.get(id=3000).url == existing_photo.url


def test_a_second_seed_adds_after_the_first(db):
    call_command("seed", questions=300, seed=3, verbosity=0)
    first_run_last = Question.objects.aggregate(last=Max("id"))["last"]

    call_command("seed", questions=300, seed=3, verbosity=0)

    assert Question.objects.count() == 600
    assert Question.objects.filter(id__gt=first_run_last).count() == 300


def test_questions_asked_after_a_seed_get_ids_after_the_seeded_ones(api_client, db):
    call_command("seed", questions=300, seed=3, verbosity=0)

    response = api_client.post(
        "/qa/questions", {"body": "b", "name": "n", "email": "n@example.com", "product_id": 1}, format="json"
    )

    assert response.json()["question_id"] == 301
