"""Moderation: every transition between a post's statuses (posts.models.Status), and who may take it.

    published --report--> reported --restore--> published
        |                     |
        +------remove---------+----remove----> removed --restore--> published

Anonymous clients can only report: a published or reported post becomes (or stays) reported and counts
one more report, which puts it in the moderators' queue; a removed post stays removed and nothing changes.
Moderators decide: restore shows the post again (a restored post reported again goes back to the queue),
remove hides it for good. Each decision is kept in the post's history in the admin (LogEntry: who, when,
from which status to which). Callers invalidate the cached lists showing the posts that changed.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import groupby
from operator import attrgetter
from typing import TypeVar

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import F, QuerySet
from django.utils import timezone

from posts.models import Post, Status

PostT = TypeVar("PostT", bound=Post)

# The statuses a report acts on: it never brings back what a moderator removed.
REPORTABLE = (Status.PUBLISHED, Status.REPORTED)


class Decision(StrEnum):
    RESTORE = "restore"
    REMOVE = "remove"


@dataclass(frozen=True)
class Transition:
    sources: tuple[Status, ...]
    target: Status


DECISIONS: dict[Decision, Transition] = {
    Decision.RESTORE: Transition(sources=(Status.REPORTED, Status.REMOVED), target=Status.PUBLISHED),
    Decision.REMOVE: Transition(sources=(Status.PUBLISHED, Status.REPORTED), target=Status.REMOVED),
}


def post_report(model: type[Post], post_id: int) -> bool:
    """An anonymous report of the post: whether it changed anything (it doesn't change a removed post)."""
    reported = model._default_manager.filter(pk=post_id, status__in=REPORTABLE)
    return reported.update(status=Status.REPORTED, report_count=F("report_count") + 1) == 1


def posts_decide(*, queryset: QuerySet[PostT], decision: Decision, user: AbstractBaseUser) -> Sequence[PostT]:
    """Apply a moderator's decision to the posts of `queryset` it applies to, and record it in their history.

    Returns those posts, as they were before; they stay locked until the caller's transaction commits.
    The lock (FOR NO KEY UPDATE) doesn't wait for a legacy import adding answers or photos to them.
    """
    transition = DECISIONS[decision]
    changed = list(
        queryset.filter(status__in=transition.sources)
        .select_for_update(of=("self",), no_key=True)
        .order_by("status", "pk")
    )
    queryset.model._default_manager.filter(pk__in=[post.pk for post in changed]).update(
        status=transition.target, reviewed_at=timezone.now()
    )
    for source, posts in groupby(changed, key=attrgetter("status")):
        LogEntry.objects.log_actions(
            user_id=user.pk,
            queryset=list(posts),
            action_flag=CHANGE,
            change_message=f"{decision}: {source} → {transition.target}",
        )
    return changed
