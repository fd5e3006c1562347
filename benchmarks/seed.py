"""Benchmark `manage.py seed`: wall time, rows per second and database size for 1M and 10M questions.

Each size is seeded into a scratch database of its own, created and migrated first, then dropped; with
--keep-largest-as NAME the largest is kept under that name instead (for the load tests). The benchmark
holds /tmp/atelier-bench.lock while it runs, so it never overlaps another heavy benchmark.

    .venv/bin/python benchmarks/seed.py                       # 1M then 10M, scratch databases dropped
    .venv/bin/python benchmarks/seed.py --keep-largest-as atelier_qa_10m
"""

import argparse
import fcntl
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

PROJECT = Path(__file__).resolve().parent.parent
LOCK = Path("/tmp/atelier-bench.lock")
ROW_COUNTS_SQL = """
SELECT (SELECT count(*) FROM questions_question), (SELECT count(*) FROM answers_answer),
       (SELECT count(*) FROM answers_answerphoto), pg_database_size(current_database())
"""


@dataclass(frozen=True)
class Measurement:
    questions: int
    answers: int
    photos: int
    seconds: float
    database_bytes: int

    @property
    def rows(self) -> int:
        return self.questions + self.answers + self.photos

    def markdown_row(self) -> str:
        return (
            f"| {self.questions:,} | {self.answers:,} | {self.photos:,} | {self.seconds / 60:.1f} min "
            f"({self.seconds:,.0f} s) | {self.rows / self.seconds:,.0f} | {self.database_bytes / 2**30:.2f} GiB |"
        )


def manage(database_url: str, *arguments: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=PROJECT,
        env=os.environ | {"DATABASE_URL": database_url},
        check=True,
    )


def database_recreate(server: str, name: str) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def database_drop_or_rename(server: str, name: str, keep_as: str | None) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        if keep_as is None:
            connection.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(name)))
            return
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(keep_as)))
        connection.execute(
            sql.SQL("ALTER DATABASE {} RENAME TO {}").format(sql.Identifier(name), sql.Identifier(keep_as))
        )


def seed_measured(server: str, name: str, *, questions: int, seed: int) -> Measurement:
    """Create and migrate `name`, then time `manage.py seed --questions N` in it."""
    database_url = f"{server}/{name}"
    database_recreate(server, name)
    manage(database_url, "migrate", "--verbosity", "0")
    started = time.monotonic()
    manage(database_url, "seed", "--questions", str(questions), "--seed", str(seed))
    seconds = time.monotonic() - started
    with psycopg.connect(database_url) as connection:
        counts = connection.execute(ROW_COUNTS_SQL).fetchone()
    assert counts is not None  # aggregates: one row
    questions_made, answers, photos, database_bytes = counts
    return Measurement(questions_made, answers, photos, seconds, database_bytes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000], help="questions per run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL URL, no database")
    parser.add_argument("--keep-largest-as", metavar="NAME", help="keep the largest run's database under this name")
    arguments = parser.parse_args()

    measurements = []
    with LOCK.open("a") as lock:
        print(f"Waiting for {LOCK} ...", flush=True)
        fcntl.flock(lock, fcntl.LOCK_EX)
        for questions in arguments.sizes:
            name = f"atelier_qa_bench_seed_{questions}"
            measurement = seed_measured(arguments.server, name, questions=questions, seed=arguments.seed)
            keep_as = arguments.keep_largest_as if questions == max(arguments.sizes) else None
            database_drop_or_rename(arguments.server, name, keep_as)
            measurements.append(measurement)
            print(measurement.markdown_row(), flush=True)

    print("\n| questions | answers | photos | wall time | rows/s | database size |")
    print("|---:|---:|---:|---:|---:|---:|")
    for measurement in measurements:
        print(measurement.markdown_row())


if __name__ == "__main__":
    main()
