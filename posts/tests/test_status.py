"""The moderation status is one column the database guards, and existing rows migrated to it keep their state."""

import pytest
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor

from posts.models import Status
from questions.models import Question

BEFORE_STATUS = [("questions", "0006_questionhelpfulvote"), ("answers", "0007_answerhelpfulvote")]


@pytest.mark.parametrize(
    "change",
    [
        {"status": "hidden"},
        {"status": Status.REPORTED, "report_count": 0},
    ],
)
def test_the_database_refuses_a_status_that_is_not_one_of_the_states(question_factory, change):
    question = question_factory()

    with pytest.raises(IntegrityError):
        Question.objects.filter(pk=question.pk).update(**change)


def migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_existing_posts_keep_their_moderation_state_when_migrated():
    """reported/removed/reviewed_at as the admin left them become one status each; nothing is lost."""
    migrate(BEFORE_STATUS)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO questions_question (id, product_id, body, date_written, asker_name, asker_email, helpfulness,
                                            reported, removed, report_count, reviewed_at)
            VALUES (1, 9, 'listed', now(), 'a', 'a@example.com', 3, false, false, 0, NULL),
                   (2, 9, 'restored', now(), 'a', 'a@example.com', 0, false, false, 2, now()),
                   (3, 9, 'in the queue', now(), 'a', 'a@example.com', 0, true, false, 1, NULL),
                   (4, 9, 'marked reviewed, so hidden and out of the queue', now(), 'a', 'a@example.com', 0,
                    true, false, 1, now()),
                   (5, 9, 'removed', now(), 'a', 'a@example.com', 0, true, true, 4, now()),
                   (6, 9, 'removed without a report', now(), 'a', 'a@example.com', 0, false, true, 0, now())
            """
        )
    migrate([("questions", "0007_moderation_status"), ("answers", "0008_moderation_status")])

    assert list(Question.objects.order_by("id").values_list("id", "status", "report_count", "helpfulness")) == [
        (1, Status.PUBLISHED, 0, 3),
        (2, Status.PUBLISHED, 2, 0),
        (3, Status.REPORTED, 1, 0),
        (4, Status.REMOVED, 1, 0),
        (5, Status.REMOVED, 4, 0),
        (6, Status.REMOVED, 0, 0),
    ]
