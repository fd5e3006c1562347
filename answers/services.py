"""Writes of answers: one function per action, each atomic, each invalidating what it changes.

An answer shows in the lists that show its question: the question's answer list and, nested, its
product's question list; lists_showing_question_invalidate forgets both.
"""

from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F, QuerySet

from answers.models import Answer, AnswerHelpfulVote, AnswerPhoto
from questions.models import Question
from questions.services import (
    MARK_REVIEWED,
    REMOVE,
    RESTORE,
    Moderation,
    items_moderate,
    lists_showing_question_invalidate,
)


def answers_moderate(*, queryset: QuerySet[Answer], moderation: Moderation, user: AbstractBaseUser) -> int:
    changed = items_moderate(
        queryset=queryset, moderation=moderation, user=user, service_name=f"answer_{moderation.verb}"
    )
    lists_showing = list(changed.values_list("question_id", "question__product_id"))
    for question_id, product_id in set(lists_showing):
        lists_showing_question_invalidate(question_id=question_id, product_id=product_id)
    return len(lists_showing)


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
    lists_showing_question_invalidate(question_id=question.id, product_id=question.product_id)
    return answer


def answer_with_product(answer_id: int) -> Answer:
    """The answer with just the ids its lists are cached under; raises Answer.DoesNotExist."""
    return Answer.objects.select_related("question").only("question__product_id").get(pk=answer_id)


@transaction.atomic
def answer_mark_helpful(*, answer_id: int, voter: str) -> None:
    """Add one to the answer's helpfulness, once per voter; raises Answer.DoesNotExist for an unknown id."""
    answer = answer_with_product(answer_id)
    _vote, first_vote = AnswerHelpfulVote.objects.get_or_create(answer_id=answer_id, voter=voter)
    if first_vote:
        Answer.objects.filter(pk=answer_id).update(helpfulness=F("helpfulness") + 1)
        lists_showing_question_invalidate(question_id=answer.question_id, product_id=answer.question.product_id)


@transaction.atomic
def answer_report(*, answer_id: int) -> None:
    """Hide the answer from the lists and put it in the moderation queue; never deletes anything.

    Reporting twice is harmless (it counts twice). Raises Answer.DoesNotExist.
    """
    answer = answer_with_product(answer_id)
    Answer.objects.filter(pk=answer_id).update(reported=True, report_count=F("report_count") + 1, reviewed_at=None)
    lists_showing_question_invalidate(question_id=answer.question_id, product_id=answer.question.product_id)


@transaction.atomic
def answer_restore(*, queryset: QuerySet[Answer], user: AbstractBaseUser) -> int:
    """Show the reported answers of `queryset` again, as reviewed by `user`; returns how many changed."""
    return answers_moderate(queryset=queryset, moderation=RESTORE, user=user)


@transaction.atomic
def answer_remove(*, queryset: QuerySet[Answer], user: AbstractBaseUser) -> int:
    """Hide the answers of `queryset` for good (data kept), as reviewed by `user`; returns how many changed."""
    return answers_moderate(queryset=queryset, moderation=REMOVE, user=user)


@transaction.atomic
def answer_mark_reviewed(*, queryset: QuerySet[Answer], user: AbstractBaseUser) -> int:
    """Take the answers of `queryset` out of the queue as they are; returns how many changed."""
    return answers_moderate(queryset=queryset, moderation=MARK_REVIEWED, user=user)
