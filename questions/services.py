"""Writes of questions: one function per action, each atomic, each invalidating what it changes.

Also the staff's moderation decisions, shared with answers: see `Moderation` and `items_moderate`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from questions.cache import answer_list_cache, question_list_cache
from questions.models import Question, QuestionHelpfulVote


@dataclass(frozen=True)
class Moderation:
    """A staff decision on questions or answers: which items it changes, and to what."""

    verb: str
    pending: Q
    changes: Callable[[datetime], dict[str, Any]]


# Shown in the API again, and out of the queue.
RESTORE = Moderation(
    "restore", pending=Q(reported=True), changes=lambda now: {"reported": False, "removed": False, "reviewed_at": now}
)
# Gone from the API, its data kept: a later restore brings it back.
REMOVE = Moderation(
    "remove", pending=Q(removed=False), changes=lambda now: {"reported": True, "removed": True, "reviewed_at": now}
)
# Out of the queue, nothing else changed.
MARK_REVIEWED = Moderation(
    "mark_reviewed", pending=Q(reviewed_at__isnull=True), changes=lambda now: {"reviewed_at": now}
)


Item = TypeVar("Item", bound=models.Model)


def items_moderate(
    *, queryset: QuerySet[Item], moderation: Moderation, user: AbstractBaseUser, service_name: str
) -> QuerySet[Item]:
    """Apply `moderation` to the items of `queryset` it changes, and log each for `user`.

    Returns the changed items; the caller invalidates the lists showing them. Call it in a transaction:
    the items are locked until it commits.
    """
    model = queryset.model
    pending = queryset.filter(moderation.pending).select_for_update(of=("self",))
    changed = model.objects.filter(pk__in=list(pending.values_list("pk", flat=True)))
    changed.update(**moderation.changes(timezone.now()))
    LogEntry.objects.log_actions(user_id=user.pk, queryset=changed, action_flag=CHANGE, change_message=service_name)
    return changed


def lists_showing_question_invalidate(*, question_id: int, product_id: int) -> None:
    """Once the transaction commits, forget the product's question lists and the question's answer
    lists: every list that shows the question or one of its answers."""
    question_list_cache.invalidate(product_id)
    answer_list_cache.invalidate(question_id)


def questions_moderate(*, queryset: QuerySet[Question], moderation: Moderation, user: AbstractBaseUser) -> int:
    changed = items_moderate(
        queryset=queryset, moderation=moderation, user=user, service_name=f"question_{moderation.verb}"
    )
    lists_showing = list(changed.values_list("id", "product_id"))
    for question_id, product_id in lists_showing:
        lists_showing_question_invalidate(question_id=question_id, product_id=product_id)
    return len(lists_showing)


@transaction.atomic
def question_create(*, product_id: int, body: str, asker_name: str, asker_email: str) -> Question:
    question = Question(product_id=product_id, body=body, asker_name=asker_name, asker_email=asker_email)
    question.full_clean()
    question.save()
    question_list_cache.invalidate(product_id)
    return question


@transaction.atomic
def question_mark_helpful(*, question_id: int, voter: str) -> None:
    """Add one to the question's helpfulness, once per voter; raises Question.DoesNotExist for an unknown id."""
    question = Question.objects.only("product_id").get(pk=question_id)
    _vote, first_vote = QuestionHelpfulVote.objects.get_or_create(question_id=question_id, voter=voter)
    if first_vote:
        Question.objects.filter(pk=question_id).update(helpfulness=F("helpfulness") + 1)
        question_list_cache.invalidate(question.product_id)


@transaction.atomic
def question_report(*, question_id: int) -> None:
    """Hide the question from the lists and put it in the moderation queue; never deletes anything.

    Reporting twice is harmless (it counts twice). Raises Question.DoesNotExist.
    """
    question = Question.objects.only("product_id").get(pk=question_id)
    Question.objects.filter(pk=question_id).update(reported=True, report_count=F("report_count") + 1, reviewed_at=None)
    lists_showing_question_invalidate(question_id=question_id, product_id=question.product_id)


@transaction.atomic
def question_restore(*, queryset: QuerySet[Question], user: AbstractBaseUser) -> int:
    """Show the reported questions of `queryset` again, as reviewed by `user`; returns how many changed."""
    return questions_moderate(queryset=queryset, moderation=RESTORE, user=user)


@transaction.atomic
def question_remove(*, queryset: QuerySet[Question], user: AbstractBaseUser) -> int:
    """Hide the questions of `queryset` for good (data kept), as reviewed by `user`; returns how many changed."""
    return questions_moderate(queryset=queryset, moderation=REMOVE, user=user)


@transaction.atomic
def question_mark_reviewed(*, queryset: QuerySet[Question], user: AbstractBaseUser) -> int:
    """Take the questions of `queryset` out of the queue as they are; returns how many changed."""
    return questions_moderate(queryset=queryset, moderation=MARK_REVIEWED, user=user)
