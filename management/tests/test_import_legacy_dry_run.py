"""A dry run checks everything and writes the report, and loads nothing."""

from management.tests.legacy_import_support import import_fixtures, report_rows
from questions.models import Question


def test_a_dry_run_reports_the_rejects_and_loads_nothing(tmp_path, db):
    output = import_fixtures(tmp_path, "--dry-run", "--verbosity", "0")

    assert not Question.objects.exists()
    assert "questions.csv: 6 would load, 8 rejected, 0 already present" in output
    assert len(report_rows(tmp_path / "rejects.csv")) == 20
