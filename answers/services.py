"""Writes of answers: one function per action, each atomic, each invalidating what it changes.

An answer shows in its question's answer list and, nested, in its product's question list.
"""

from collections.abc import Sequence

from django.db import transaction
from django.db.models import F

from answers.models import Answer, AnswerPhoto
from questions.cache import answer_list_cache, question_list_cache
from questions.models import Question


def lists_showing_answers_invalidate(*, question_id: int, product_id: int) -> None:
    answer_list_cache.invalidate(question_id)
    question_list_cache.invalidate(product_id)


@transaction.atomic
def answer_create(
    *, question: Question, body: str, answerer_name: str, answerer_email: str, photo_urls: Sequence[str] = ()
) -> Answer:
    answer = Answer(question=question, body=body, answerer_name=answerer_name, answerer_email=answerer_email)
    answer.full_clean()
    answer.save()
    photos = [AnswerPhoto(answer=answer, url=url) for url in photo_urls]
    for photo in photos:
        photo.full_clean(exclude=["answer"])
    AnswerPhoto.objects.bulk_create(photos)
    lists_showing_answers_invalidate(question_id=question.id, product_id=question.product_id)
    return answer


def answer_with_product(answer_id: int) -> Answer:
    """The answer with just the ids its lists are cached under; raises Answer.DoesNotExist."""
    return Answer.objects.select_related("question").only("question__product_id").get(pk=answer_id)


@transaction.atomic
def answer_mark_helpful(*, answer_id: int) -> None:
    """Add one to the answer's helpfulness; raises Answer.DoesNotExist for an unknown id."""
    answer = answer_with_product(answer_id)
    Answer.objects.filter(pk=answer_id).update(helpfulness=F("helpfulness") + 1)
    lists_showing_answers_invalidate(question_id=answer.question_id, product_id=answer.question.product_id)


@transaction.atomic
def answer_report(*, answer_id: int) -> None:
    """Hide the answer from the lists; reporting twice is harmless. Raises Answer.DoesNotExist."""
    answer = answer_with_product(answer_id)
    Answer.objects.filter(pk=answer_id).update(reported=True)
    lists_showing_answers_invalidate(question_id=answer.question_id, product_id=answer.question.product_id)
