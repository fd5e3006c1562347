from datetime import datetime

from django.db import models
from django.utils import timezone


def now_to_millisecond() -> datetime:
    """The current time cut to whole milliseconds, the precision the API writes dates in."""
    now = timezone.now()
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


class Post(models.Model):
    """What questions and answers share: a text, its author's date, its votes and its moderation."""

    body = models.TextField()
    date_written = models.DateTimeField(default=now_to_millisecond)
    reported = models.BooleanField(default=False)
    helpfulness = models.IntegerField(default=0)
    # Moderation. `reported` is what the API hides on; the database supplies the defaults, since the
    # legacy import and the seed insert rows with SQL that doesn't name these columns.
    report_count = models.PositiveIntegerField(db_default=0)
    removed = models.BooleanField(db_default=False)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        indexes = [
            # The admin changelists, newest first (see questions/admin.py, ModerationStatusFilter):
            # the moderation queue, its default view;
            models.Index(
                models.F("date_written").desc(),
                models.F("id").desc(),
                name="%(class)s_queue_idx",
                condition=models.Q(reported=True, reviewed_at__isnull=True),
            ),
            # every reported item;
            models.Index(
                models.F("date_written").desc(),
                models.F("id").desc(),
                name="%(class)s_reported_idx",
                condition=models.Q(reported=True),
            ),
            # the removed ones;
            models.Index(
                models.F("date_written").desc(),
                models.F("id").desc(),
                name="%(class)s_removed_idx",
                condition=models.Q(removed=True),
            ),
            # every item, and the date filter.
            models.Index(models.F("date_written").desc(), models.F("id").desc(), name="%(class)s_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(helpfulness__gte=0), name="%(class)s_helpfulness_non_negative"),
            models.CheckConstraint(condition=~models.Q(body=""), name="%(class)s_body_not_empty"),
        ]


class Question(Post):
    product_id = models.BigIntegerField()
    asker_name = models.CharField(max_length=60)
    asker_email = models.EmailField()

    class Meta(Post.Meta):
        permissions = [("moderate_question", "Can restore, remove and mark reviewed reported questions")]
        indexes = [
            # question_list_for_product: a product's unreported questions, most helpful first.
            models.Index(
                "product_id",
                models.F("helpfulness").desc(),
                "id",
                name="question_product_list_idx",
                condition=models.Q(reported=False),
            ),
            *Post.Meta.indexes,
            # the admin's search by product id, reported questions included.
            models.Index(fields=["product_id"], name="question_product_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(product_id__gt=0), name="question_product_id_positive"),
            *Post.Meta.constraints,
        ]

    def __str__(self) -> str:
        return f"Question {self.pk} on product {self.product_id}"


class QuestionHelpfulVote(models.Model):
    """One voter's helpful vote on a question: a voter's repeated votes count once."""

    # The unique (question, voter) index below also serves the foreign key.
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="helpful_votes", db_index=False)
    # A keyed hash of the voter's address (questions/api/voters.py): no address is stored.
    voter = models.CharField(max_length=32)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "voter"], name="question_helpful_vote_once")]

    def __str__(self) -> str:
        return f"Helpful vote on question {self.question_id}"
