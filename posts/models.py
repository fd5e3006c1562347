"""The abstract post that questions and answers both are: a text, its date, its votes and its moderation state."""

from datetime import datetime

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone


def now_to_millisecond() -> datetime:
    """The current time cut to whole milliseconds, the precision the API writes dates in."""
    now = timezone.now()
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


class Status(models.TextChoices):
    """Where a post stands in moderation; the transitions between them are in posts/moderation.py."""

    # Listed by the API.
    PUBLISHED = "published", "Published"
    # Hidden by a report, in the moderators' queue until one of them decides.
    REPORTED = "reported", "Reported"
    # Hidden by a moderator; reports no longer change it, only a moderator's restore does.
    REMOVED = "removed", "Removed"


class Post(models.Model):
    body = models.TextField()
    date_written = models.DateTimeField(default=now_to_millisecond)
    helpfulness = models.IntegerField(default=0)
    # The database supplies these defaults too: the legacy import and the seed insert rows with SQL.
    status = models.CharField(max_length=9, choices=Status, default=Status.PUBLISHED, db_default=Status.PUBLISHED)
    report_count = models.PositiveIntegerField(db_default=0)
    # When a moderator last decided on the post; who and what is in the admin's history (LogEntry).
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # The body's text-search document (posts/search.py): written with the post, built for loaded rows by
    # `manage.py search_documents`; a search builds it where it is missing.
    search_document = SearchVectorField(null=True, editable=False)

    class Meta:
        abstract = True
        indexes = [
            # The admin changelists, newest first (see posts/admin.py, ModerationStatusFilter):
            # the moderation queue, its default view;
            models.Index(
                models.F("date_written").desc(),
                models.F("id").desc(),
                name="%(class)s_queue_idx",
                condition=models.Q(status=Status.REPORTED),
            ),
            # the removed ones;
            models.Index(
                models.F("date_written").desc(),
                models.F("id").desc(),
                name="%(class)s_removed_idx",
                condition=models.Q(status=Status.REMOVED),
            ),
            # every item, and the date filter.
            models.Index(models.F("date_written").desc(), models.F("id").desc(), name="%(class)s_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(helpfulness__gte=0), name="%(class)s_helpfulness_non_negative"),
            models.CheckConstraint(condition=~models.Q(body=""), name="%(class)s_body_not_empty"),
            models.CheckConstraint(condition=models.Q(status__in=Status.values), name="%(class)s_status_valid"),
            # Only a report puts a post in the queue.
            models.CheckConstraint(
                condition=~models.Q(status=Status.REPORTED) | models.Q(report_count__gt=0),
                name="%(class)s_reported_was_reported",
            ),
        ]


def listed_index(owner: str, *, name: str) -> models.Index:
    """The index of a list route: the published posts of an owner (a product, a question), most helpful first,
    in the order the route pages them."""
    return models.Index(
        owner, models.F("helpfulness").desc(), "id", name=name, condition=models.Q(status=Status.PUBLISHED)
    )


def dated_index(owner: str, *, name: str) -> models.Index:
    """The index of a list route's `sort=oldest` (read forwards) and `sort=newest` (read backwards): the published
    posts of an owner by date, then id."""
    return models.Index(owner, "date_written", "id", name=name, condition=models.Q(status=Status.PUBLISHED))


class HelpfulVote(models.Model):
    """One shopper's helpful vote on a post: each app's votes are unique per post and voter, so a shopper's repeated
    votes count once."""

    # A keyed hash of the shopper (clients/identity.py): no address or shopper id is stored.
    voter = models.CharField(max_length=32)

    class Meta:
        abstract = True
