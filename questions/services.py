"""Writes of questions: one function per action, each atomic, each invalidating what it changes."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F, QuerySet

from posts.models import Status
from posts.moderation import Decision, post_report, posts_decide
from posts.search import search_document
from questions.cache import question_list_cache
from questions.models import Question, QuestionHelpfulVote
from questions.signals import question_visibility_changed


def question_visibility_changed_announce(*, question_id: int, product_id: int) -> None:
    """Once the transaction commits, forget the product's question lists; and tell the apps listing things under
    the question (its answers) that it was hidden or shown again."""
    question_list_cache.invalidate(product_id)
    question_visibility_changed.send(sender=Question, question_id=question_id)


@transaction.atomic
def question_create(*, product_id: int, body: str, asker_name: str, asker_email: str) -> Question:
    question = Question(product_id=product_id, body=body, asker_name=asker_name, asker_email=asker_email)
    question.full_clean()
    question.search_document = search_document(body)
    question.save()
    question_list_cache.invalidate(product_id)
    return question


@transaction.atomic
def question_mark_helpful(*, question_id: int, voter: str | None) -> None:
    """Add one to the question's helpfulness, once per voter (clients/identity.py); a voter of None (a shopper
    nobody named) counts each time, as the legacy service counted every vote.

    Raises Question.DoesNotExist for an unknown id or a question the lists don't show.
    """
    question = Question.objects.only("product_id").get(pk=question_id, status=Status.PUBLISHED)
    counts = voter is None or QuestionHelpfulVote.objects.get_or_create(question_id=question_id, voter=voter)[1]
    if counts:
        Question.objects.filter(pk=question_id).update(helpfulness=F("helpfulness") + 1)
        question_list_cache.invalidate(question.product_id)


@transaction.atomic
def question_report(*, question_id: int) -> None:
    """Hide the question from the lists and put it in the moderation queue; never deletes anything.

    Reporting again counts again; a question a moderator removed stays as it is. Raises Question.DoesNotExist.
    """
    question = Question.objects.only("product_id").get(pk=question_id)
    if post_report(Question, question_id):
        question_visibility_changed_announce(question_id=question_id, product_id=question.product_id)


@transaction.atomic
def question_moderate(*, queryset: QuerySet[Question], decision: Decision, user: AbstractBaseUser) -> int:
    """Take a moderator's decision on the questions of `queryset` it applies to; returns how many changed."""
    changed = posts_decide(queryset=queryset, decision=decision, user=user)
    for question in changed:
        question_visibility_changed_announce(question_id=question.id, product_id=question.product_id)
    return len(changed)
