"""A row is loaded only under the parent its file names: never under a different row that holds the parent's id.

A child whose parent row in the same import was rejected is rejected too, and so are its own children;
a child loads when its parent is loaded by the run, is already present, or is in the table and not in
the parent file at all.
"""

from pathlib import Path

from answers.models import Answer, AnswerPhoto
from management.tests.legacy_import_support import import_legacy, report_rows
from questions.models import Question

QUESTIONS_HEADER = "id,product_id,body,date_written,asker_name,asker_email,reported,helpful\n"
ANSWERS_HEADER = "id,question_id,body,date_written,answerer_name,answerer_email,reported,helpful\n"
PHOTOS_HEADER = "id,answer_id,url\n"


def legacy_files(directory: Path, *, questions: str, answers: str, photos: str) -> list[str]:
    """Write the three files into `directory`; the command's arguments naming them."""
    for name, header, rows in (
        ("questions.csv", QUESTIONS_HEADER, questions),
        ("answers.csv", ANSWERS_HEADER, answers),
        ("answers_photos.csv", PHOTOS_HEADER, photos),
    ):
        (directory / name).write_text(header + rows)
    return ["--dir", str(directory)]


def rejected(report: Path) -> list[tuple[str, str, str]]:
    return [(Path(row["file"]).name, row["line"], row["reason"]) for row in report_rows(report)]


def test_children_of_a_question_rejected_for_holding_another_row_are_rejected(tmp_path, question_factory):
    question_factory(id=5, product_id=1, body="Asked through the API")
    arguments = legacy_files(
        tmp_path,
        questions="5,999,A different question,1595884714409,a,a@example.com,0,0\n",
        answers="9000001,5,An answer to the different question,1599958385988,b,b@example.com,0,0\n",
        photos="9000001,9000001,https://images.example.com/p.jpg\n",
    )

    output = import_legacy(*arguments, "--verbosity", "0", rejects=tmp_path / "rejects.csv")

    assert not Answer.objects.filter(question_id=5).exists()
    assert not AnswerPhoto.objects.exists()
    assert Question.objects.get(pk=5).product_id == 1
    assert rejected(tmp_path / "rejects.csv") == [
        ("questions.csv", "2", "id 5 already holds a different row"),
        ("answers.csv", "2", "question_id 5 was rejected: line 2 of questions.csv"),
        ("answers_photos.csv", "2", "answer_id 9000001 was rejected: line 2 of answers.csv"),
    ]
    assert "answers.csv: 0 loaded, 1 rejected, 0 already present" in output


def test_children_of_a_question_rejected_for_a_bad_field_are_rejected_though_its_id_exists(tmp_path, question_factory):
    question_factory(id=5, product_id=1)
    arguments = legacy_files(
        tmp_path,
        questions="5,1,A question with a bad date,yesterday,a,a@example.com,0,0\n",
        answers="70,5,An answer to it,1599958385988,b,b@example.com,0,0\n",
        photos="",
    )

    import_legacy(*arguments, rejects=tmp_path / "rejects.csv")

    assert not Answer.objects.exists()
    assert ("answers.csv", "2", "question_id 5 was rejected: line 2 of questions.csv") in rejected(
        tmp_path / "rejects.csv"
    )


def test_children_load_under_a_parent_loaded_present_or_outside_the_file(tmp_path, question_factory):
    question_factory(id=1, product_id=1, body="In the table, not in the file")
    arguments = legacy_files(
        tmp_path,
        questions=(
            # id 2: the first good row wins, the later one is a rejected duplicate.
            "2,1,Loaded,1595884714409,a,a@example.com,0,0\n"
            "2,1,Duplicate,1595884714409,a,a@example.com,0,0\n"
            # id 3: a rejected row with a bad date, then a good one, which loads.
            "3,1,Bad date,yesterday,a,a@example.com,0,0\n"
            "3,1,Good date,1595884714409,a,a@example.com,0,0\n"
        ),
        answers=(
            "10,1,Under the question outside the file,1599958385988,b,b@example.com,0,0\n"
            "11,2,Under the loaded duplicate id,1599958385988,b,b@example.com,0,0\n"
            "12,3,Under the id whose good row came second,1599958385988,b,b@example.com,0,0\n"
        ),
        photos="20,11,https://images.example.com/p.jpg\n",
    )

    import_legacy(*arguments, rejects=tmp_path / "rejects.csv")

    assert dict(Answer.objects.values_list("id", "question_id")) == {10: 1, 11: 2, 12: 3}
    assert Question.objects.get(pk=2).body == "Loaded"
    assert AnswerPhoto.objects.get().answer_id == 11
    assert [row[2] for row in rejected(tmp_path / "rejects.csv")] == [
        "duplicate id, first on line 2",
        "date_written is neither milliseconds since the epoch nor a YYYY-MM-DD date",
    ]


def test_answers_to_a_question_already_present_load_on_a_rerun(tmp_path, db):
    first = legacy_files(
        tmp_path,
        questions="5,1,Asked once,1595884714409,a,a@example.com,0,0\n",
        answers="",
        photos="",
    )
    import_legacy(*first, rejects=tmp_path / "first.csv")
    again = legacy_files(
        tmp_path,
        questions="5,1,Asked once,1595884714409,a,a@example.com,0,0\n",
        answers="70,5,Answered later,1599958385988,b,b@example.com,0,0\n",
        photos="",
    )

    output = import_legacy(*again, "--verbosity", "0", rejects=tmp_path / "again.csv")

    assert Answer.objects.get().question_id == 5
    assert "questions.csv: 0 loaded, 0 rejected, 1 already present" in output
