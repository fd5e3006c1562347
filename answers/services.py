"""Writes of answers: one function per action, each atomic."""

from collections.abc import Sequence

from django.db import transaction
from django.db.models import F

from answers.models import Answer, AnswerPhoto
from questions.models import Question


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
    return answer


@transaction.atomic
def answer_mark_helpful(*, answer_id: int) -> None:
    """Add one to the answer's helpfulness; raises Answer.DoesNotExist for an unknown id."""
    if not Answer.objects.filter(pk=answer_id).update(helpfulness=F("helpfulness") + 1):
        raise Answer.DoesNotExist(answer_id)


@transaction.atomic
def answer_report(*, answer_id: int) -> None:
    """Hide the answer from the lists; reporting twice is harmless. Raises Answer.DoesNotExist."""
    if not Answer.objects.filter(pk=answer_id).update(reported=True):
        raise Answer.DoesNotExist(answer_id)
