"""Live import benchmark: legacy rows imported into a seeded database while the API serves a mixed load.

    .venv/bin/python benchmarks/import_live.py                       # 10M seeded, 1M imported: about 20 minutes
    .venv/bin/python benchmarks/import_live.py --seed-questions 200000 --import-rows 100000   # a few minutes

1. A scratch database, migrated and seeded with --seed-questions questions (`manage.py seed --seed 1`), or
   made as a copy of an existing seeded database (--template: nothing may be connected to it meanwhile).
2. Legacy files of --import-rows rows (28% questions, 55% answers, 17% photos), generated with PostgreSQL,
   with ids after the seeded ones (and after those the load creates meanwhile) and the legacy quirks: a
   header with spaces, quoted commas, doubled quotes and line breaks, `YYYY-MM-DD` dates, `Seller`/`null`
   answers, unsorted photos, and a few bad rows (a missing column, which makes the import read
   questions.csv again record by record; a non-numeric id, a bad date, duplicate ids, orphans, children
   of a rejected row). Half the answers go to seeded questions (the 1% with the lowest ids), the other
   half to the file's own questions.
3. The app server (benchmarks/load.py's Server: deploy/serve.py, as `make serve`, the cache on, the rate limits
   lifted) with NUM_PROXIES=1, and a paced load from threads of this process, a new connection per
   request: reads (GET /qa/questions?product_id=random, GET /qa/questions/:id/answers), writes (PUT
   /qa/questions/:id/helpful, half of them on the seeded questions the file's answers go to; PUT
   /qa/answers/:id/helpful; POST /qa/questions), each vote from an X-Forwarded-For of its own so it counts.
   Questions and answers are drawn from those the API shows, found through it first (--target-products
   random products' questions, some of their answers): a hidden item's 404 is right, not a failure.
4. The load runs --before seconds, then while `manage.py import_legacy --dir` runs (a live import: the
   tables hold rows), then --after seconds.

Every request is timed and filed under the phase it started in; "load transaction" is the part of the
import from its first "validating" line to its end: the transaction that checks and inserts the rows, up
to its commit (when the deferred foreign keys are checked). Prints the import's steps and, as markdown
for docs/import.md, the reads' and writes' count, p50, p99 and max latency, non-2xx answers and socket
errors. Holds /tmp/atelier-bench.lock throughout; the scratch database and files are deleted at the end.
"""

import argparse
import fcntl
import http.client
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import psycopg
from import_legacy import database_create, database_drop  # benchmarks/import_legacy.py
from load import Server, cache_clear  # benchmarks/load.py
from psycopg import sql

PROJECT = Path(__file__).resolve().parent.parent
LOCK = Path("/tmp/atelier-bench.lock")
HOST = "127.0.0.1"
SHARES = {"questions": 0.28, "answers": 0.55, "photos": 0.17}
# The files' ids start this far after the largest ids of the seeded database, beyond any id the load's own
# writes take before the import reserves them: every file row is new.
ID_GAP = 1_000_000

QUESTIONS_HEADER = "id, product_id, body, date_written, asker_name, asker_email, reported, helpful"
ANSWERS_HEADER = "id,question_id,body,date_written,answerer_name,answerer_email,reported,helpful"
PHOTOS_HEADER = "id,answer_id,url"
# Every tenth date is a calendar date, the others milliseconds; a third of the bodies hold a comma,
# one in a thousand a doubled quote and a line break.
DATE = """CASE WHEN g % 10 = 0 THEN to_char(date '2019-01-01' + (g % 1500)::integer, 'YYYY-MM-DD')
    ELSE (1546300800000 + (g * 8191) % 157766400000)::text END"""
QUESTIONS_SQL = """
SELECT {question_base} + g, 1 + (g * 7919) % {products},
    (ARRAY['Does this run true to size', 'Is it machine washable', 'How warm is it in winter'])[1 + g % 3]
    || CASE WHEN g % 3 = 0 THEN ', or should I order a size up?' ELSE '?' END
    || CASE WHEN g % 1000 = 0 THEN E'\nAsking for my sister, who says "it shrinks".' ELSE '' END,
    {date}, 'legacy' || g % 50000, 'legacy' || g % 50000 || '@example.com', (g % 37 = 0)::integer, g % 26
FROM generate_series(1::bigint, {questions}) g
"""
ANSWERS_SQL = """
SELECT {answer_base} + g,
    CASE WHEN g % 2 = 0 THEN 1 + (g * 104729) % {referenced}
         ELSE {question_base} + 1 + (g * 104729) % {questions} END,
    (ARRAY['Yes, it runs true to size', 'It shrank a little in the wash', 'Warm enough for autumn'])[1 + g % 3]
    || CASE WHEN g % 3 = 0 THEN ', though I would check the size chart.' ELSE '.' END
    || CASE WHEN g % 1000 = 0 THEN E'\nThe label says "cold wash only".' ELSE '' END,
    {date},
    CASE WHEN g % 10 = 0 THEN 'Seller' ELSE 'helper' || g % 70000 END,
    CASE WHEN g % 10 = 0 THEN 'null' ELSE 'helper' || g % 70000 || '@example.com' END,
    (g % 41 = 0)::integer, g % 19
FROM generate_series(1::bigint, {answers}) g
"""
PHOTOS_SQL = """
SELECT {photo_base} + g, {answer_base} + 1 + (g * 7) % {answers},
    'https://images.example.com/legacy/' || md5(g::text) || '.jpg'
FROM generate_series(1::bigint, {photos}) g
ORDER BY (g * 2654435761) % 4294967296
"""


def bad_rows(ids: dict[str, int]) -> dict[str, list[str]]:
    """A few rows of each kind real exports hold, appended to the generated files."""
    q, a, p = ids["question_base"] + ids["questions"], ids["answer_base"] + ids["answers"], ids["photo_base"]
    first_question = ids["question_base"] + 1
    return {
        "questions.csv": [
            f"{q + 1},1,A bad date,yesterday,bad,bad@example.com,0,0",
            "abc,1,A non-numeric id,1610000000003,bad,bad@example.com,0,0",
            f"{first_question},1,A duplicate id,1610000000005,dup,dup@example.com,0,0",
            f"{q + 2},1,A missing column,1610000000002,short,short@example.com,0",
        ],
        "answers.csv": [
            f"{a + 1},{q + 1},An answer to the rejected question,1599958385992,x,x@example.com,0,0",
            f"{a + 2},999999999999,An answer to no question,1599958385991,lost,lost@example.com,0,0",
            f"{ids['answer_base'] + 1},1,A duplicate answer id,1599958385994,z,z@example.com,0,0",
        ],
        "answers_photos.csv": [
            f"{p + ids['photos'] + 1},{a + 1},https://images.example.com/of-a-rejected-answer.jpg",
            f"{p + ids['photos'] + 2},999999999999,https://images.example.com/of-no-answer.jpg",
        ],
    }


def legacy_files_generate(url: str, directory: Path, import_rows: int) -> dict[str, int]:
    """Write the three files into `directory`, ids after the database's largest; returns the generator's numbers."""
    with psycopg.connect(url) as connection, connection.cursor() as cursor:
        questions = cursor.execute("SELECT max(id), max(product_id) FROM questions_question").fetchone()
        answers = cursor.execute("SELECT COALESCE(max(id), 0) FROM answers_answer").fetchone()
        photos = cursor.execute("SELECT COALESCE(max(id), 0) FROM answers_answerphoto").fetchone()
        # Aggregates: one row each.
        assert questions is not None
        assert answers is not None
        assert photos is not None
        question_base, products = questions
        (answer_base,) = answers
        (photo_base,) = photos
        ids = {
            "question_base": question_base + ID_GAP,
            "answer_base": answer_base + ID_GAP,
            "photo_base": photo_base + ID_GAP,
            "seeded_questions": question_base,
            "products": products,
            "referenced": max(1, question_base // 100),
            **{kind: max(1, round(import_rows * share)) for kind, share in SHARES.items()},
        }
        for name, header, query in (
            ("questions.csv", QUESTIONS_HEADER, QUESTIONS_SQL),
            ("answers.csv", ANSWERS_HEADER, ANSWERS_SQL),
            ("answers_photos.csv", PHOTOS_HEADER, PHOTOS_SQL),
        ):
            with (directory / name).open("wb") as output:
                output.write(header.encode() + b"\n")
                rows = sql.SQL(query).format(
                    date=sql.SQL(DATE), **{key: sql.Literal(value) for key, value in ids.items()}
                )
                with cursor.copy(sql.SQL("COPY ({}) TO STDOUT (FORMAT csv)").format(rows)) as copy:
                    for block in copy:
                        output.write(block)
                output.write("".join(f"{row}\n" for row in bad_rows(ids)[name]).encode())
    return ids


@dataclass(frozen=True)
class Targets:
    """What the load reads and votes on: items the API shows (a hidden one is a correct 404, not a failure)."""

    products: int
    questions: list[int]
    answers: list[int]
    referenced_questions: list[int]


def api_get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.read()


def targets_find(port: int, ids: dict[str, int], *, products: int, seed: int = 1) -> Targets:
    """Visible questions of `products` random products, visible answers of some of them, and visible seeded
    questions among those the file's answers go to; asked through the API, which also warms its workers."""
    generator = random.Random(seed)
    questions = []
    for _ in range(products):
        _status, body = api_get(port, f"/qa/questions?product_id={generator.randint(1, ids['products'])}")
        questions += [question["question_id"] for question in json.loads(body)["results"]]
    answers = []
    for question in questions[: max(1, products // 4)]:
        _status, body = api_get(port, f"/qa/questions/{question}/answers?count=100")
        answers += [answer["answer_id"] for answer in json.loads(body)["results"]]
    referenced = [
        question
        for question in generator.sample(range(1, ids["referenced"] + 1), min(ids["referenced"], products // 4))
        if api_get(port, f"/qa/questions/{question}/answers")[0] == 200
    ]
    return Targets(products=ids["products"], questions=questions, answers=answers, referenced_questions=referenced)


@dataclass(frozen=True)
class Sample:
    started: float
    seconds: float
    kind: str
    status: int | None  # None: no HTTP answer at all (a socket error or timeout)


class MixedLoad:
    """Paced reads and writes from threads, each request on a connection of its own, every one recorded."""

    def __init__(self, *, port: int, targets: Targets, read_rate: float, write_rate: float) -> None:
        self.port = port
        self.targets = targets
        self.samples: list[Sample] = []
        self.stopping = threading.Event()
        self.threads = [
            threading.Thread(target=self.run, args=(kind, rate / threads), daemon=True)
            for kind, rate, threads in (("read", read_rate, 8), ("write", write_rate, 4))
            for _ in range(threads)
        ]

    def __enter__(self) -> "MixedLoad":
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join()

    def run(self, kind: str, rate: float) -> None:
        generator = random.Random()
        interval = 1 / rate
        next_start = time.monotonic() + generator.random() * interval
        while not self.stopping.is_set():
            time.sleep(max(0.0, next_start - time.monotonic()))
            next_start = max(next_start + interval, time.monotonic() - 1)
            method, path, body = (self.read if kind == "read" else self.write)(generator)
            headers = {"Content-Type": "application/json", "X-Forwarded-For": f"10.{generator.randrange(1 << 16)}.7"}
            started = time.monotonic()
            try:
                connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
                connection.request(method, path, body, headers)
                response = connection.getresponse()
                response.read()
                status: int | None = response.status
                connection.close()
            except (OSError, http.client.HTTPException):
                status = None
            self.samples.append(Sample(started, time.monotonic() - started, kind, status))

    def read(self, generator: random.Random) -> tuple[str, str, str | None]:
        if generator.random() < 0.5:
            return "GET", f"/qa/questions?product_id={generator.randint(1, self.targets.products)}", None
        return "GET", f"/qa/questions/{generator.choice(self.targets.questions)}/answers", None

    def write(self, generator: random.Random) -> tuple[str, str, str | None]:
        draw = generator.random()
        if draw < 0.4:
            # Half the question votes go to the seeded questions the file's answers reference.
            referenced = generator.random() < 0.5 and self.targets.referenced_questions
            question = generator.choice(self.targets.referenced_questions if referenced else self.targets.questions)
            return "PUT", f"/qa/questions/{question}/helpful", None
        if draw < 0.8:
            return "PUT", f"/qa/answers/{generator.choice(self.targets.answers)}/helpful", None
        product = generator.randint(1, self.targets.products)
        body = f'{{"body": "Asked during the import", "name": "n", "email": "n@example.com", "product_id": {product}}}'
        return "POST", "/qa/questions", body


class ImportRun:
    """`manage.py import_legacy` in a subprocess, its progress lines timestamped as they come."""

    def __init__(self, *, url: str, directory: Path) -> None:
        self.url = url
        self.directory = directory
        self.lines: list[tuple[float, str]] = []

    def run(self) -> None:
        self.started = time.monotonic()
        process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "import_legacy",
                "--dir",
                str(self.directory),
                "--rejects",
                str(self.directory / "rejects.csv"),
            ],
            cwd=PROJECT,
            env=os.environ | {"DATABASE_URL": self.url, "PYTHONUNBUFFERED": "1"},
            stdout=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None  # stdout=PIPE
        for line in process.stdout:
            self.lines.append((time.monotonic(), line.rstrip()))
            print(f"  import: {line.rstrip()}", flush=True)
        if process.wait() != 0:
            raise RuntimeError("the import failed")
        self.ended = time.monotonic()

    def load_transaction_started(self) -> float:
        return next(stamp for stamp, line in self.lines if re.search(r"\d s  validating ", line))

    def steps(self) -> list[tuple[str, float]]:
        """(step, seconds) from its progress lines: a step lasts until the next line that is not a step's progress
        (`  1,048,576 / 9,437,184 B (11%)`, management/progress.py)."""
        progress = re.compile(r"^\s*[\d,]+ / [\d,]+ ")
        lines = [(stamp, line) for stamp, line in self.lines if not progress.match(line)] + [(self.ended, "")]
        totals: dict[str, float] = {}
        for (stamp, line), (end, _next) in pairwise(lines):
            if match := re.search(r"\d s  (\S+)", line):
                # The field checks, and reading a file again record by record, count as reading.
                word = match.group(1).rstrip(";")
                step = "reading" if word in ("reading", "checking") or word.startswith("/") else word
                totals[step] = totals.get(step, 0.0) + end - stamp
        return list(totals.items())


def percentile(values: list[float], share: float) -> float:
    return values[min(len(values) - 1, int(len(values) * share))] if values else float("nan")


def phase_row(name: str, samples: list[Sample], start: float, end: float) -> str:
    cells = [name, f"{end - start:.0f} s"]
    for kind in ("read", "write"):
        chosen = [sample for sample in samples if sample.kind == kind and start <= sample.started < end]
        answered = sorted(sample.seconds * 1000 for sample in chosen if sample.status is not None)
        non_2xx = sum(1 for sample in chosen if sample.status is not None and not 200 <= sample.status < 300)
        socket_errors = sum(1 for sample in chosen if sample.status is None)
        cells += [
            f"{len(chosen):,}",
            f"{percentile(answered, 0.5):.1f}",
            f"{percentile(answered, 0.99):.1f}",
            f"{answered[-1] if answered else float('nan'):.0f}",
            str(non_2xx),
            str(socket_errors),
        ]
    return "| " + " | ".join(cells) + " |"


def database_seed(url: str, questions: int) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "seed", "--questions", str(questions), "--seed", "1"],
        cwd=PROJECT,
        env=os.environ | {"DATABASE_URL": url},
        check=True,
    )


def database_copy(server: str, name: str, template: str) -> str:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template))
        )
    return f"{server}/{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed-questions", type=int, default=10_000_000, help="questions seeded first (10M)")
    parser.add_argument("--template", help="copy this seeded database instead of seeding one")
    parser.add_argument("--import-rows", type=int, default=1_000_000, help="legacy rows imported (1M)")
    parser.add_argument("--before", type=float, default=30.0, help="seconds of load before the import")
    parser.add_argument("--after", type=float, default=30.0, help="seconds of load after the import")
    parser.add_argument("--read-rate", type=float, default=100.0, help="reads per second")
    parser.add_argument("--write-rate", type=float, default=20.0, help="writes per second")
    parser.add_argument("--workers", type=int, default=2, help="app server worker processes")
    parser.add_argument(
        "--target-products", type=int, default=2000, help="random products whose visible items the load uses"
    )
    parser.add_argument("--port", type=int, default=8098)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    arguments = parser.parse_args()
    name = f"bench_import_live_{os.getpid()}"
    with LOCK.open("a") as lock:
        print(f"waiting for {LOCK}", flush=True)
        fcntl.flock(lock, fcntl.LOCK_EX)
        directory = Path(tempfile.mkdtemp(prefix="legacy-import-live-"))
        try:
            if arguments.template:
                url = database_copy(arguments.server, name, arguments.template)
            else:
                url = database_create(arguments.server, name)
                database_seed(url, arguments.seed_questions)
            ids = legacy_files_generate(url, directory, arguments.import_rows)
            print(f"generated {arguments.import_rows:,} legacy rows after {ids}", flush=True)
            with psycopg.connect(url, autocommit=True) as connection:
                connection.execute("CHECKPOINT")
            cache_clear(arguments.redis_url)
            os.environ["NUM_PROXIES"] = "1"  # every vote from an X-Forwarded-For of its own: each one counts
            run = ImportRun(url=url, directory=directory)
            with Server(database_url=url, port=arguments.port, cache=True, workers=arguments.workers):
                targets = targets_find(arguments.port, ids, products=arguments.target_products)
                print(
                    f"targets: {len(targets.questions):,} questions, {len(targets.answers):,} answers, "
                    f"{len(targets.referenced_questions):,} questions the file's answers go to",
                    flush=True,
                )
                with MixedLoad(
                    port=arguments.port, targets=targets, read_rate=arguments.read_rate, write_rate=arguments.write_rate
                ) as load:
                    load_started = time.monotonic()
                    time.sleep(arguments.before)
                    run.run()
                    time.sleep(arguments.after)
                    load_ended = time.monotonic()
            cache_clear(arguments.redis_url)
        finally:
            shutil.rmtree(directory, ignore_errors=True)
            database_drop(arguments.server, name)
    samples = load.samples
    failed = sum(1 for sample in samples if sample.status is None or not 200 <= sample.status < 300)
    print()
    print(
        f"{arguments.import_rows:,} legacy rows imported in {run.ended - run.started:.1f} s into a database seeded "
        f"with {ids['seeded_questions']:,} questions; its load transaction "
        f"{run.ended - run.load_transaction_started():.1f} s; "
        f"{arguments.read_rate:g} reads/s and {arguments.write_rate:g} writes/s offered; {failed} failed requests"
    )
    print()
    print("Its steps (reading: COPY and the field checks):")
    print()
    print("| " + " | ".join(step for step, _seconds in run.steps()) + " |")
    print("|" + "---:|" * len(run.steps()))
    print("| " + " | ".join(f"{seconds:.1f} s" for _step, seconds in run.steps()) + " |")
    print()
    print(
        "| phase | length | reads | p50 ms | p99 ms | max ms | non-2xx | socket errors "
        "| writes | p50 ms | p99 ms | max ms | non-2xx | socket errors |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for phase, start, end in (
        ("before", load_started, run.started),
        ("during the import", run.started, run.ended),
        ("during its load transaction", run.load_transaction_started(), run.ended),
        ("after", run.ended, load_ended),
    ):
        print(phase_row(phase, samples, start, end))


if __name__ == "__main__":
    main()
