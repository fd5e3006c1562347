"""Rejected rows are reported at the line they start on, however many fields before them span lines."""

import pytest

from management.tests.legacy_import_support import LEGACY_FIXTURES, import_legacy, report_rows

HEADER = "id,question_id,body,date_written,answerer_name,answerer_email,reported,helpful\n"
ROWS = (
    '1,1,"Two\nlines",1599958385988,Seller,null,0,4\n'
    '2,1,"Three\nmore\nlines, with a ""quote""",1599958385988,Seller,null,0,4\n'
    "3,x,After them,1599958385988,Seller,null,0,4\n"
    "4,1,,1599958385988,Seller,null,0,4\n"
    '1,1,"Again\none",1599958385988,Seller,null,0,4\n'
)
EXPECTED = [
    ("7", "question_id is not a positive integer", "3,x,After them,1599958385988,Seller,null,0,4"),
    ("8", "body is empty", "4,1,,1599958385988,Seller,null,0,4"),
    ("9", "duplicate id, first on line 2", '1,1,"Again\none",1599958385988,Seller,null,0,4'),
]


@pytest.mark.parametrize(
    "last_row",
    ["", "5,1,Missing a field,1599958385988,Seller,null,0\n"],
    ids=["every record well formed", "a record missing a field"],
)
def test_rejects_are_reported_at_the_line_they_start_on(tmp_path, db, last_row):
    import_legacy("--questions", str(LEGACY_FIXTURES / "questions.csv"), rejects=tmp_path / "questions.csv")
    answers = tmp_path / "answers.csv"
    answers.write_text(HEADER + ROWS + last_row)

    import_legacy("--answers", str(answers), rejects=tmp_path / "rejects.csv")

    rows = [(row["line"], row["reason"], row["raw_row"]) for row in report_rows(tmp_path / "rejects.csv")]
    assert rows[:3] == EXPECTED
