"""Re-running an import is safe: rows already there are counted as already present, nothing is duplicated."""

from answers.models import Answer, AnswerPhoto
from management.tests.legacy_import_support import LEGACY_FIXTURES, import_fixtures, import_legacy, report_rows
from posts.models import Status
from questions.models import Question


def row_counts() -> tuple[int, int, int]:
    return Question.objects.count(), Answer.objects.count(), AnswerPhoto.objects.count()


def test_a_second_run_loads_nothing_and_rejects_the_same_rows(tmp_path, db):
    import_fixtures(tmp_path)
    first_report = report_rows(tmp_path / "rejects.csv")
    counts = row_counts()

    output = import_fixtures(tmp_path, "--verbosity", "0")

    assert row_counts() == counts
    assert output.splitlines()[:3] == [
        f"{LEGACY_FIXTURES / 'questions.csv'}: 0 loaded, 8 rejected, 6 already present",
        f"{LEGACY_FIXTURES / 'answers.csv'}: 0 loaded, 6 rejected, 6 already present",
        f"{LEGACY_FIXTURES / 'answers_photos.csv'}: 0 loaded, 6 rejected, 4 already present",
    ]
    assert report_rows(tmp_path / "rejects.csv") == first_report


def test_votes_and_reports_made_since_the_import_survive_a_rerun(api_client, tmp_path, db):
    import_fixtures(tmp_path)
    api_client.put("/qa/questions/1/helpful")
    api_client.put("/qa/answers/5/report")

    import_fixtures(tmp_path)

    assert Question.objects.get(pk=1).helpfulness == 2
    assert Answer.objects.get(pk=5).status == Status.REPORTED


def test_an_id_holding_a_different_row_is_rejected_and_the_existing_row_kept(tmp_path, question_factory):
    question_factory(id=2, product_id=9, body="Asked through the API")

    import_fixtures(tmp_path)

    assert Question.objects.get(pk=2).body == "Asked through the API"
    assert {
        "file": str(LEGACY_FIXTURES / "questions.csv"),
        "line": "4",
        "reason": "id 2 already holds a different row",
        "raw_row": '2,1,"Is the ""Heather Grey"" as pictured?",2019-01-04,funnygirl,funny@example.com,0,2',
    } in report_rows(tmp_path / "rejects.csv")


def test_answers_to_questions_imported_earlier_load_in_a_later_run(tmp_path, db):
    import_legacy("--questions", str(LEGACY_FIXTURES / "questions.csv"), rejects=tmp_path / "first.csv")

    output = import_legacy("--answers", str(LEGACY_FIXTURES / "answers.csv"), rejects=tmp_path / "second.csv")

    assert f"{LEGACY_FIXTURES / 'answers.csv'}: 6 loaded, 6 rejected, 0 already present" in output
