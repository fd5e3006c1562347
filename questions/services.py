"""Writes of questions: one function per action, each atomic, each invalidating what it changes."""

from django.db import transaction
from django.db.models import F

from questions.cache import answer_list_cache, question_list_cache
from questions.models import Question


@transaction.atomic
def question_create(*, product_id: int, body: str, asker_name: str, asker_email: str) -> Question:
    question = Question(product_id=product_id, body=body, asker_name=asker_name, asker_email=asker_email)
    question.full_clean()
    question.save()
    question_list_cache.invalidate(product_id)
    return question


@transaction.atomic
def question_mark_helpful(*, question_id: int) -> None:
    """Add one to the question's helpfulness; raises Question.DoesNotExist for an unknown id."""
    question = Question.objects.only("product_id").get(pk=question_id)
    Question.objects.filter(pk=question_id).update(helpfulness=F("helpfulness") + 1)
    question_list_cache.invalidate(question.product_id)


@transaction.atomic
def question_report(*, question_id: int) -> None:
    """Hide the question from the lists; reporting twice is harmless. Raises Question.DoesNotExist."""
    question = Question.objects.only("product_id").get(pk=question_id)
    Question.objects.filter(pk=question_id).update(reported=True)
    question_list_cache.invalidate(question.product_id)
    answer_list_cache.invalidate(question_id)
