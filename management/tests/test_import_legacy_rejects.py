"""Every kind of bad row is rejected, never loaded, and reported with its file, line, reason and raw text.

Each test runs on empty tables (a bulk load) and on tables holding an unrelated question (a live load).
"""

import pytest

from answers.models import Answer, AnswerPhoto
from management.tests.legacy_import_support import LEGACY_FIXTURES, import_fixtures, report_rows
from questions.models import Question

QUESTIONS = str(LEGACY_FIXTURES / "questions.csv")
ANSWERS = str(LEGACY_FIXTURES / "answers.csv")
PHOTOS = str(LEGACY_FIXTURES / "answers_photos.csv")
UNRELATED_QUESTION = 1000


@pytest.fixture(autouse=True, params=["empty tables", "tables with rows"])
def tables(request, question_factory) -> None:
    if request.param == "tables with rows":
        question_factory(id=UNRELATED_QUESTION, product_id=77)


def test_the_report_lists_every_bad_row_with_its_reason_and_raw_text(tmp_path, db):
    import_fixtures(tmp_path)

    rows = [tuple(row.values()) for row in report_rows(tmp_path / "rejects.csv")]

    date_reason = "date_written is neither milliseconds since the epoch nor a YYYY-MM-DD date"
    assert rows == [
        (QUESTIONS, "9", "expected 8 fields, found 7", "6,2,Missing a column,1610000000002,short,short@example.com,0"),
        (QUESTIONS, "10", "id is not a positive integer", "abc,2,Non-numeric id,1610000000003,bad,bad@example.com,0,0"),
        (QUESTIONS, "11", date_reason, "7,2,Bad date,yesterday,bad,bad@example.com,0,0"),
        (QUESTIONS, "12", "body is empty", "8,2,,1610000000004,empty,empty@example.com,0,0"),
        (
            QUESTIONS,
            "13",
            "duplicate id, first on line 2",
            "1,3,Duplicate of question one,1610000000005,dup,dup@example.com,0,0",
        ),
        (
            QUESTIONS,
            "14",
            "helpful is not a non-negative integer",
            "9,3,Negative helpful,1610000000006,neg,neg@example.com,0,-1",
        ),
        (QUESTIONS, "15", date_reason, "10,3,Impossible date,2021-02-30,cal,cal@example.com,0,0"),
        (
            QUESTIONS,
            "16",
            "product_id is not a positive integer",
            "11,0,Product zero,1610000000007,zero,zero@example.com,0,0",
        ),
        (
            ANSWERS,
            "7",
            "question_id 999 does not exist",
            "9,999,Answer to no question,1599958385991,lost,lost@example.com,0,0",
        ),
        (
            ANSWERS,
            "8",
            "question_id 8 was rejected: line 12 of questions.csv",
            "10,8,Answer to a rejected question,1599958385992,x,x@example.com,0,0",
        ),
        (
            ANSWERS,
            "9",
            "helpful is not a non-negative integer",
            "11,1,Helpful is not a number,1599958385993,y,y@example.com,0,lots",
        ),
        (
            ANSWERS,
            "10",
            "duplicate id, first on line 3",
            "3,1,Duplicate answer id,1599958385994,z,z@example.com,0,0",
        ),
        (ANSWERS, "11", "reported is not 0 or 1", "12,1,Reported is two,1599958385995,w,w@example.com,2,0"),
        (
            ANSWERS,
            "12",
            "expected 8 fields, found 10",
            "13,1,Too,many,fields,1599958385996,v,v@example.com,0,0",
        ),
        (PHOTOS, "5", "answer_id 999 does not exist", "5,999,https://images.example.com/no-answer.jpg"),
        (
            PHOTOS,
            "6",
            "answer_id 9 was rejected: line 7 of answers.csv",
            "6,9,https://images.example.com/rejected-answer.jpg",
        ),
        (PHOTOS, "7", "answer_id is not a positive integer", "3,three,https://images.example.com/x.jpg"),
        (PHOTOS, "8", "duplicate id, first on line 4", "2,7,https://images.example.com/duplicate.jpg"),
        (PHOTOS, "10", "expected 3 fields, found 2", "8,3"),
        (PHOTOS, "11", "url is empty or longer than 2048 characters", "9,3,"),
    ]


def test_only_the_good_rows_are_loaded_and_the_first_of_a_duplicated_id_wins(tmp_path, db):
    import_fixtures(tmp_path)

    assert sorted(Question.objects.exclude(pk=UNRELATED_QUESTION).values_list("id", flat=True)) == [1, 2, 3, 4, 5, 40]
    assert sorted(Answer.objects.values_list("id", flat=True)) == [3, 5, 7, 8, 14, 60]
    assert sorted(AnswerPhoto.objects.values_list("id", flat=True)) == [1, 2, 4, 7]
    assert Question.objects.get(pk=1).body == "What fabric is the top made of?"
    assert AnswerPhoto.objects.get(pk=2).url == "https://images.example.com/b.jpg"


def test_the_command_prints_loaded_and_rejected_counts_per_file(tmp_path, db):
    output = import_fixtures(tmp_path, "--verbosity", "0")

    assert output.splitlines() == [
        f"{QUESTIONS}: 6 loaded, 8 rejected, 0 already present",
        f"{ANSWERS}: 6 loaded, 6 rejected, 0 already present",
        f"{PHOTOS}: 4 loaded, 6 rejected, 0 already present",
        f"Rejected rows are listed in {tmp_path / 'rejects.csv'}",
    ]


def test_a_row_spanning_lines_is_reported_whole_at_the_line_it_starts_on(tmp_path, db):
    broken = tmp_path / "answers.csv"
    broken.write_text(
        "id,question_id,body,date_written,answerer_name,answerer_email,reported,helpful\n"
        '1,5,"Two\nlines",1599958385988,Seller,null,0,4\n'
        '2,5,"Three\nmore\nlines",1599958385988,Seller,null,0\n'
        "3,x,After them,1599958385988,Seller,null,0,4\n"
    )

    import_fixtures(tmp_path, "--answers", str(broken))

    rows = [(row["line"], row["reason"], row["raw_row"]) for row in report_rows(tmp_path / "rejects.csv")]
    assert (
        "4",
        "expected 8 fields, found 7",
        '2,5,"Three\nmore\nlines",1599958385988,Seller,null,0',
    ) in rows
    assert ("7", "question_id is not a positive integer", "3,x,After them,1599958385988,Seller,null,0,4") in rows
