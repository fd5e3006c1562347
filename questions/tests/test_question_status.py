"""The moderation status is one column the database guards."""

import pytest
from django.db import IntegrityError

from posts.models import Status
from questions.models import Question


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
