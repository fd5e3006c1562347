"""Soak run: gunicorn under a bounded mixed load for minutes; error rate, and the workers' memory start to end.

    flock /tmp/atelier-bench.lock .venv/bin/python benchmarks/soak.py --database atelier_qa_soak --minutes 5

The load is locust's MixedWorkloadUser (loadtests/locustfile.py: 90% reads of both lists, 10% writes), paced
at --users x --user-rps requests per second. The database is created, migrated and seeded with --questions
questions if it doesn't exist; the load writes to it, so never aim it at a database that matters.
The workers' resident memory (RSS) is sampled every --sample-seconds: after a warm-up minute, and at the end.
Prints the figures as Markdown (docs/reliability.md holds a run's).
"""

import argparse
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import psycopg
from load import Server, id_ranges, locust  # benchmarks/load.py

ROOT = Path(__file__).resolve().parent.parent
SERVER_URL = "postgres://postgres@127.0.0.1:5432"


def prepare(database: str, questions: int) -> str:
    """The database's URL; it is created, migrated and seeded first if it doesn't exist."""
    with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{database}"')
    url = f"{SERVER_URL}/{database}"
    if not exists:
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "qa_project.settings.local"}
        for command in (["migrate", "--noinput"], ["seed", "--questions", str(questions), "--seed", "1"]):
            subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    return url


def workers_rss_mib(server: Server) -> dict[int, float]:
    """Resident memory of each gunicorn worker, MiB, by process id."""
    return {child.pid: child.memory_info().rss / 2**20 for child in psutil.Process(server.process.pid).children()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="atelier_qa_soak")
    parser.add_argument("--questions", type=int, default=1_000_000, help="seeded into a new database")
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--users", type=int, default=40)
    parser.add_argument("--user-rps", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--sample-seconds", type=float, default=30.0)
    parser.add_argument("--port", type=int, default=58100)
    args = parser.parse_args()

    url = prepare(args.database, args.questions)
    ids = id_ranges(url)
    seconds = int(args.minutes * 60)
    server = Server(database_url=url, port=args.port, cache=True, workers=args.workers)
    # The statement timeout the app servers should run with (load.Server lifts the rate limits: one address).
    server.env["DATABASE_STATEMENT_TIMEOUT_MS"] = "5000"
    with server:
        result: dict = {}
        load = threading.Thread(
            target=lambda: result.update(
                locust(
                    url=server.url,
                    user_class="MixedWorkloadUser",
                    users=args.users,
                    seconds=seconds,
                    user_rps=args.user_rps,
                    ids=ids,
                )
            )
        )
        started = time.monotonic()
        load.start()
        samples: list[tuple[float, dict[int, float]]] = []
        while load.is_alive():
            load.join(timeout=args.sample_seconds)
            samples.append((time.monotonic() - started, workers_rss_mib(server)))

    warm = next(rss for at, rss in samples if at >= 60) if seconds > 90 else samples[0][1]
    end = samples[-1][1]
    requests, failures = int(result["Request Count"]), int(result["Failure Count"])
    print(f"#### Soak: {args.minutes:g} min, {args.users} users x {args.user_rps:g} req/s, {args.workers} workers")
    print()
    print(f"- database: {args.database}, {ids['QUESTION_ID_MAX']:,} questions, {ids['ANSWER_ID_MAX']:,} answers")
    print(f"- requests: {requests:,} ({float(result['Requests/s']):.1f}/s), failures: {failures}")
    print(f"- error rate: {failures / requests:.4%}")
    slowest = float(result["Max Response Time"])
    print(f"- latency ms: p50 {result['50%']}, p95 {result['95%']}, p99 {result['99%']}, max {slowest:.0f}")
    print("- each worker's RSS MiB, after the first minute -> at the end:")
    for pid in sorted(warm.keys() | end.keys()):
        print(f"  - pid {pid}: {warm.get(pid, 0):.1f} -> {end.get(pid, 0):.1f}")
    print(f"- all workers' RSS MiB, every {args.sample_seconds:g} s: ", end="")
    print(", ".join(f"{sum(rss.values()):.0f}" for _, rss in samples))


if __name__ == "__main__":
    main()
