"""An import that cannot run exits non-zero with one line, and leaves the database as it was."""

import pytest
from django.core.management.base import CommandError

from management.tests.legacy_import_support import LEGACY_FIXTURES, import_legacy
from questions.models import Question

ANSWERS_HEADER = "id,question_id,body,date_written,answerer_name,answerer_email,reported,helpful\n"


def test_a_wrong_header_stops_the_import_and_nothing_is_loaded(tmp_path, db):
    answers = tmp_path / "answers.csv"
    answers.write_text("id,question,body\n1,1,Hello\n")

    with pytest.raises(CommandError, match=r"Nothing imported: .*answers.csv: the header is 'id,question,body'"):
        import_legacy(
            "--questions", str(LEGACY_FIXTURES / "questions.csv"), "--answers", str(answers), rejects=tmp_path / "r.csv"
        )

    assert not Question.objects.exists()


def test_a_missing_file_stops_the_import(tmp_path, db):
    with pytest.raises(CommandError, match=r"Nothing imported: .*nowhere.csv: No such file or directory"):
        import_legacy("--questions", str(tmp_path / "nowhere.csv"), rejects=tmp_path / "r.csv")


def test_a_file_that_is_not_utf8_stops_the_import(tmp_path, db):
    answers = tmp_path / "answers.csv"
    answers.write_bytes(ANSWERS_HEADER.encode() + b"1,1,Caf\xe9,1599958385988,Seller,null,0,4\n")

    with pytest.raises(CommandError, match=r"Nothing imported: .*answers.csv.*utf-8"):
        import_legacy("--answers", str(answers), rejects=tmp_path / "r.csv")


def test_no_file_to_import_is_an_error(tmp_path, db):
    with pytest.raises(CommandError, match="give --questions, --answers, --photos, or a --dir"):
        import_legacy("--dir", str(tmp_path), rejects=tmp_path / "r.csv")
