"""A seed into tables with rows (a live database) takes no table lock: the API's reads and writes go on.

It reserves a block of ids for the rows it counted beforehand, so what the API creates meanwhile gets
ids after the block. The API's session gives up any lock wait after a second (a 503), the seed's after
five seconds (an error): a wait fails the test rather than hanging it.
"""

import pytest
from django.core.management import call_command

from answers.models import Answer, AnswerPhoto
from answers.tests.factories import AnswerFactory
from management.seeding import service
from management.tests.live_support import shoppers_meanwhile
from questions.models import Question
from questions.tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db(transaction=True)

SEEDED = 300


def test_api_reads_and_writes_go_on_while_a_seed_holds_its_rows_uncommitted(monkeypatch, lock_waits_fail):
    AnswerFactory(id=2000, question=QuestionFactory(id=1000, product_id=1))
    during: dict[str, object] = {}
    analyze = service.statistics_refresh

    def analyze_then_serve(cursor, *args) -> None:
        # Every row inserted, the tables analyzed, the transaction still open.
        analyze(cursor, *args)
        during.update(shoppers_meanwhile(question=1000, answer=2000))

    monkeypatch.setattr(service, "statistics_refresh", analyze_then_serve)

    call_command("seed", questions=SEEDED, seed=3, verbosity=0)

    seeded_answers = Answer.objects.filter(question_id__gt=1000, question_id__lte=1000 + SEEDED)
    seeded_photos = AnswerPhoto.objects.filter(answer__in=seeded_answers)
    assert during == {
        "questions listed": [1000],
        "answers listed": [2000],
        "votes": [204, 204],
        "asked": 1000 + SEEDED + 1,
        "answered": 2000 + seeded_answers.count() + 1,
        "photo": seeded_photos.count() + 1,
    }
    assert sorted(seeded_answers.values_list("id", flat=True)) == list(range(2001, 2001 + seeded_answers.count()))
    assert Question.objects.count() == 1 + SEEDED + 1
