"""Rows reported in the legacy data start with one report, as the moderation backfill and the seed have it."""

from answers.models import Answer
from management.tests.legacy_import_support import import_fixtures
from questions.models import Question


def test_reported_rows_start_with_one_report_and_the_others_with_none(tmp_path, db):
    import_fixtures(tmp_path)

    assert dict(Question.objects.values_list("id", "report_count")) == {1: 0, 2: 0, 3: 0, 4: 0, 5: 1, 40: 0}
    assert Answer.objects.get(pk=8).report_count == 1
    assert set(Answer.objects.exclude(pk=8).values_list("report_count", flat=True)) == {0}
