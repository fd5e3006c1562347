"""Writes of answers: one function per action, each atomic, each invalidating what it changes.

An answer shows in its question's answer list and, nested, in its product's question list:
lists_showing_answer_invalidate forgets both.
"""

from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F, QuerySet

from answers.cache import answer_list_cache
from answers.models import Answer, AnswerHelpfulVote, AnswerPhoto
from notifications.services import notification_queue
from posts.models import Status
from posts.moderation import Decision, post_report, posts_decide
from posts.search import search_document
from questions.cache import question_list_cache
from questions.models import Question


def lists_showing_answer_invalidate(*, question_id: int, product_id: int) -> None:
    """Once the transaction commits, forget the question's answer lists and its product's question lists."""
    answer_list_cache.invalidate(question_id)
    question_list_cache.invalidate(product_id)


@transaction.atomic
def answer_create(
    *, question: Question, body: str, answerer_name: str, answerer_email: str, photo_urls: Sequence[str] = ()
) -> Answer:
    answer = Answer(question=question, body=body, answerer_name=answerer_name, answerer_email=answerer_email)
    answer.full_clean()
    answer.search_document = search_document(body)
    answer.save()
    photos = [AnswerPhoto(answer=answer, url=url) for url in photo_urls]
    for photo in photos:
        photo.full_clean(exclude=["answer"])
    AnswerPhoto.objects.bulk_create(photos)
    # The asker's email, in this transaction (the outbox): no answer without it, no email without the answer.
    notification_queue(question_id=question.id, answer_id=answer.id, recipient=question.asker_email)
    lists_showing_answer_invalidate(question_id=question.id, product_id=question.product_id)
    return answer


def answer_with_product(answer_id: int, **conditions: object) -> Answer:
    """The answer with just the ids its lists are cached under; raises Answer.DoesNotExist."""
    answers = Answer.objects.select_related("question").only("question__product_id")
    return answers.get(pk=answer_id, **conditions)


@transaction.atomic
def answer_mark_helpful(*, answer_id: int, voter: str | None) -> None:
    """Add one to the answer's helpfulness, once per voter (clients/identity.py); a voter of None (a shopper
    nobody named) counts each time, as the legacy service counted every vote.

    Raises Answer.DoesNotExist for an unknown id or an answer the lists don't show.
    """
    answer = answer_with_product(answer_id, status=Status.PUBLISHED, question__status=Status.PUBLISHED)
    counts = voter is None or AnswerHelpfulVote.objects.get_or_create(answer_id=answer_id, voter=voter)[1]
    if counts:
        Answer.objects.filter(pk=answer_id).update(helpfulness=F("helpfulness") + 1)
        lists_showing_answer_invalidate(question_id=answer.question_id, product_id=answer.question.product_id)


@transaction.atomic
def answer_report(*, answer_id: int) -> None:
    """Hide the answer from the lists and put it in the moderation queue; never deletes anything.

    Reporting again counts again; an answer a moderator removed stays as it is. Raises Answer.DoesNotExist.
    """
    answer = answer_with_product(answer_id)
    if post_report(Answer, answer_id):
        lists_showing_answer_invalidate(question_id=answer.question_id, product_id=answer.question.product_id)


@transaction.atomic
def answer_moderate(*, queryset: QuerySet[Answer], decision: Decision, user: AbstractBaseUser) -> int:
    """Take a moderator's decision on the answers of `queryset` it applies to; returns how many changed."""
    changed = posts_decide(queryset=queryset.select_related("question"), decision=decision, user=user)
    for question_id, product_id in {(answer.question_id, answer.question.product_id) for answer in changed}:
        lists_showing_answer_invalidate(question_id=question_id, product_id=product_id)
    return len(changed)
