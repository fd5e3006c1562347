"""An import into a database that serves traffic: the API's reads and writes never wait for it, nor it for them.

Live imports (tables with rows, no --offline) take no table lock: they reserve the ids the files bring
with a transaction of milliseconds, then insert into the indexed tables. The API's sessions here give up
any lock wait after a second (a 503), and the import's own after five seconds (an error), so a wait
fails the test rather than hanging it; none of the tests measures time.
"""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection

from answers.models import Answer, AnswerPhoto
from answers.tests.factories import AnswerFactory
from management import bulk
from management.legacy_import import service
from management.tests.legacy_import_support import import_legacy
from management.tests.live_support import other_session, shoppers_meanwhile
from questions.models import Question, QuestionHelpfulVote
from questions.tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db(transaction=True)

QUESTIONS = (
    "id,product_id,body,date_written,asker_name,asker_email,reported,helpful\n"
    "41,1,A new question,1610000000009,new,new@example.com,0,0\n"
    "42,1,Another new question,1610000000010,new,new@example.com,0,3\n"
)
ANSWERS = (
    "id,question_id,body,date_written,answerer_name,answerer_email,reported,helpful\n"
    "100,1,A new answer to the question being voted on,1599958385999,a,a@example.com,0,0\n"
    "101,41,An answer to a new question,1599958386000,b,b@example.com,0,0\n"
)
PHOTOS = "id,answer_id,url\n50,100,https://images.example.com/new.jpg\n"
REPORT = "--verbosity", "0"
LOADED = [
    "questions.csv: 2 loaded, 0 rejected, 0 already present",
    "answers.csv: 2 loaded, 0 rejected, 0 already present",
    "answers_photos.csv: 1 loaded, 0 rejected, 0 already present",
]


@pytest.fixture
def files(tmp_path: Path) -> list[str]:
    for name, text in (("questions.csv", QUESTIONS), ("answers.csv", ANSWERS), ("answers_photos.csv", PHOTOS)):
        (tmp_path / name).write_text(text)
    return ["--dir", str(tmp_path)]


@pytest.fixture
def question() -> Question:
    """A question with an answer, committed: the tables hold rows, so imports are live."""
    question = QuestionFactory.create(id=1, product_id=1)
    AnswerFactory(id=1, question=question)
    return question


def loaded(output: str) -> list[str]:
    return [line.rsplit("/", 1)[-1] for line in output.splitlines()[:3]]


def test_an_import_completes_while_a_vote_on_a_question_its_answers_reference_is_open(
    files, tmp_path, question, lock_waits_fail
):
    with other_session() as voter:
        voter.execute(f"INSERT INTO {QuestionHelpfulVote._meta.db_table} (question_id, voter) VALUES (1, 'a voter')")
        voter.execute(f"UPDATE {Question._meta.db_table} SET helpfulness = helpfulness + 1 WHERE id = 1")

        output = import_legacy(*files, *REPORT, rejects=tmp_path / "rejects.csv")

        voter.commit()
    assert loaded(output) == LOADED
    assert Answer.objects.get(pk=100).question_id == 1
    assert Question.objects.get(pk=1).helpfulness == 1


def test_api_reads_and_writes_go_on_while_the_import_holds_its_rows_uncommitted(
    files, tmp_path, question, monkeypatch, lock_waits_fail
):
    during: dict[str, object] = {}
    analyze = service.statistics_refresh

    def analyze_then_serve(cursor, tables) -> None:
        # Every row moved, the tables analyzed, the transaction still open: every lock the import takes is held.
        analyze(cursor, tables)
        during.update(shoppers_meanwhile(question=1, answer=1))

    monkeypatch.setattr(service, "statistics_refresh", analyze_then_serve)

    output = import_legacy(*files, *REPORT, rejects=tmp_path / "rejects.csv")

    assert loaded(output) == LOADED
    assert during == {
        "questions listed": [1],
        "answers listed": [1],
        "votes": [204, 204],
        "asked": 43,
        "answered": 102,
        "photo": 51,
    }
    assert Question.objects.get(pk=43).body == "Asked meanwhile"
    assert Question.objects.get(pk=1).helpfulness == 1


def test_an_import_waits_for_inserts_in_flight_then_gives_up_and_loads_nothing(files, tmp_path, question, monkeypatch):
    monkeypatch.setattr(bulk, "IDS_RESERVE_PATIENCE", 0.5)
    with other_session() as inserter:
        # An insert in flight: its transaction holds an id from the sequence until it ends.
        inserter.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [Question._meta.db_table])

        with pytest.raises(Exception, match=r"Nothing imported: could not reserve ids .* stayed open"):
            import_legacy(*files, rejects=tmp_path / "rejects.csv")

    assert list(Question.objects.values_list("id", flat=True)) == [1]
    assert not AnswerPhoto.objects.exists()


def test_a_dry_run_takes_no_lock_and_reserves_nothing(files, tmp_path, question, lock_waits_fail):
    with other_session() as inserter:
        inserter.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [Question._meta.db_table])
        sequences = sequence_positions(inserter)

        output = import_legacy(*files, "--dry-run", *REPORT, rejects=tmp_path / "rejects.csv")

        assert sequence_positions(inserter) == sequences
    assert loaded(output) == [line.replace("loaded", "would load") for line in LOADED]
    assert list(Question.objects.values_list("id", flat=True)) == [1]


def sequence_positions(session) -> list[tuple]:
    return session.execute("SELECT sequencename, last_value FROM pg_sequences ORDER BY 1").fetchall()


def test_imports_and_seeds_run_one_at_a_time(files, tmp_path, question, lock_waits_fail):
    output = StringIO()
    with other_session() as other_load:
        other_load.execute("SELECT pg_advisory_lock(%s)", [bulk.BULK_LOAD_LOCK])
        other_load.commit()
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '200ms'")  # the other load never ends: don't wait long to see it

        with pytest.raises(OperationalError, match="lock timeout"):
            call_command("import_legacy", *files, "--rejects", str(tmp_path / "rejects.csv"), stdout=output)

    assert "waiting for another import or seed to finish" in output.getvalue()
    assert list(Question.objects.values_list("id", flat=True)) == [1]
