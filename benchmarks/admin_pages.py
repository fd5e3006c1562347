"""Time the moderation admin's pages on a big database, as a moderator, through Django's test client.

    flock /tmp/atelier-bench.lock env DATABASE_URL=postgres://postgres@127.0.0.1:5432/atelier_qa_10m \
        .venv/bin/python benchmarks/admin_pages.py

Each page is opened once to warm the caches, then --repeat times; the table gives the median and the
slowest time, the time its SQL took, the number of queries and how many items the page lists. The
items opened and searched for are picked from the data: the newest reported question, an answer with
photos, and so on. A user "benchmark-moderator" is created for the run and deleted after it; nothing
else is written.
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qa_project.settings.local")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from answers.models import Answer, AnswerPhoto  # noqa: E402
from management.moderators import moderator_create  # noqa: E402
from posts.models import Status  # noqa: E402
from questions.models import Question  # noqa: E402

USERNAME = "benchmark-moderator"


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    params: dict[str, str]


@dataclass(frozen=True)
class Timing:
    page: Page
    median_ms: float
    slowest_ms: float
    median_sql_ms: float
    queries: int
    listed: int | None


def pages() -> list[Page]:
    """The pages a moderator opens, on items picked from the data."""
    question = Question.objects.filter(status=Status.REPORTED).order_by("-date_written", "-id").first()
    if question is None:
        raise SystemExit("No reported question: the moderation queue's pages need one (the seed reports some).")
    word = question.body.split()[1]
    answer = Answer.objects.get(pk=AnswerPhoto.objects.order_by("-id").values_list("answer_id", flat=True)[0])
    answer_word = answer.body.split()[-1]
    newest = Question.objects.order_by("-date_written", "-id").values_list("date_written", flat=True)[0]
    week_ago = newest.replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=7)
    year_ago = week_ago - timedelta(days=358)
    questions = reverse("admin:questions_question_changelist")
    answers = reverse("admin:answers_answer_changelist")
    photos = reverse("admin:answers_answerphoto_changelist")
    return [
        Page("questions: the queue (default)", questions, {}),
        Page("questions: the queue, page 50", questions, {"p": "50"}),
        Page("questions: published", questions, {"status": "published"}),
        Page("questions: removed", questions, {"status": "removed"}),
        Page("questions: all", questions, {"status": "all"}),
        Page("questions: all, page 50", questions, {"status": "all", "p": "50"}),
        Page("questions: all, the newest week", questions, {"status": "all", "date_written__gte": str(week_ago)}),
        Page(
            "questions: all, one day a year before",
            questions,
            {
                "status": "all",
                "date_written__gte": str(year_ago),
                "date_written__lt": str(year_ago + timedelta(days=1)),
            },
        ),
        Page("questions: search an id", questions, {"q": str(question.id)}),
        Page("questions: search a product id", questions, {"q": str(question.product_id)}),
        Page("questions: search a product id and a word", questions, {"q": f"{question.product_id} {word}"}),
        Page("questions: change page", reverse("admin:questions_question_change", args=[question.id]), {}),
        Page("answers: the queue (default)", answers, {}),
        Page("answers: all", answers, {"status": "all"}),
        Page("answers: the queue, the newest week", answers, {"status": "queue", "date_written__gte": str(week_ago)}),
        Page("answers: search an id", answers, {"q": str(answer.id)}),
        Page("answers: search a question id", answers, {"q": str(answer.question_id)}),
        Page("answers: search a product id", answers, {"q": str(answer.question.product_id)}),
        Page("answers: search a question id and a word", answers, {"q": f"{answer.question_id} {answer_word}"}),
        Page("answers: change page, with photos", reverse("admin:answers_answer_change", args=[answer.id]), {}),
        Page("photos: all", photos, {}),
        Page("photos: search an answer id", photos, {"q": str(answer.id)}),
    ]


@contextmanager
def benchmark_moderator() -> Iterator[User]:
    user, _ = moderator_create(username=USERNAME)
    try:
        yield user
    finally:
        get_user_model().objects.filter(pk=user.pk).delete()


def timed(client: Client, page: Page, repeat: int) -> Timing:
    client.get(page.url, page.params)  # warm
    times, sql_times = [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(page.url, page.params)
            times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{page.name}: HTTP {response.status_code}")
        sql_times.append(sum(float(query["time"]) for query in queries) * 1000)
    listed = len(response.context["cl"].result_list) if "cl" in response.context else None
    return Timing(page, statistics.median(times), max(times), statistics.median(sql_times), len(queries), listed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed openings of each page (5)")
    repeat = parser.parse_args().repeat
    setup_test_environment()  # the test client records each page's context
    print(
        f"database {connection.settings_dict['NAME']}: {Question.objects.count():,} questions, "
        f"{Answer.objects.count():,} answers, {AnswerPhoto.objects.count():,} photos"
    )
    print("\n| page | median ms | slowest ms | SQL ms (median) | queries | listed |\n|---|---:|---:|---:|---:|---:|")
    with benchmark_moderator() as user:
        client = Client()
        client.force_login(user)
        for page in pages():
            timing = timed(client, page, repeat)
            listed = "" if timing.listed is None else timing.listed
            print(
                f"| {page.name} | {timing.median_ms:.0f} | {timing.slowest_ms:.0f} | {timing.median_sql_ms:.1f} "
                f"| {timing.queries} | {listed} |"
            )


if __name__ == "__main__":
    main()
