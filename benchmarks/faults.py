"""Fault drill: the API, served as `make serve` serves it, while its PostgreSQL, then its Redis,
is stopped and started again.

    .venv/bin/python benchmarks/faults.py [--outage-seconds 10] [--pool-timeout 2]

It starts a PostgreSQL 15 cluster and a Redis of its own (in a temporary directory, on their own ports), so
the shared servers other people test against are never touched; it deletes them at the end.
1. Every route once with both up (2xx), which also creates the question and answer the routes name.
2. PostgreSQL stopped: every route, round after round, for --outage-seconds. Expected: 503 JSON with
   Retry-After, and nothing else.
3. PostgreSQL started again, the app servers left alone: how long until every route is served again (no
   5xx), and how many requests failed on the way.
4. Redis stopped: every route, round after round. Expected: 2xx, served by PostgreSQL. Then Redis restarted.
Prints each phase's figures as Markdown (docs/reliability.md holds a run's).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import psycopg
from load import Server  # benchmarks/load.py: the app server as make serve starts it

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")
HOST = "127.0.0.1"


def as_postgres_user(command: list[str]) -> list[str]:
    """initdb and pg_ctl refuse to run as root: as root, run them as the `postgres` user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Postgres:
    """A throwaway PostgreSQL cluster that can be stopped and started at will."""

    def __init__(self, directory: Path, port: int) -> None:
        self.data = directory / "pgdata"
        self.port = port
        self.log = directory / "postgres.log"
        self.url = f"postgres://postgres@{HOST}:{port}/atelier_qa_faults"

    def pg_ctl(self, *args: str, check: bool = True) -> None:
        command = [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", *args]
        subprocess.run(as_postgres_user(command), check=check, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def create(self) -> None:
        command = [str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync"]
        subprocess.run(as_postgres_user(command), check=True, stdout=subprocess.DEVNULL)
        self.start()
        with psycopg.connect(f"postgres://postgres@{HOST}:{self.port}/postgres", autocommit=True) as connection:
            connection.execute("CREATE DATABASE atelier_qa_faults")

    def start(self) -> None:
        self.pg_ctl("-o", f"-p {self.port} -k {self.data.parent} -c listen_addresses={HOST}", "start")

    def stop(self) -> None:
        self.pg_ctl("-m", "fast", "stop")

    def shut_down(self) -> None:
        """Stops it if it runs (after a failed drill it may not)."""
        self.pg_ctl("-m", "fast", "stop", check=False)


class Redis:
    def __init__(self, port: int) -> None:
        self.port = port
        self.url = f"redis://{HOST}:{port}/0"

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", HOST, "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        time.sleep(0.5)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@dataclass
class Answer:
    """What one request got back."""

    route: str
    status: int
    retry_after: str | None
    json_body: bool
    ms: float
    document: dict = field(default_factory=dict)


def parse(content: bytes) -> dict | None:
    """The body's JSON object, `{}` for no body, None for anything that is not a JSON object."""
    if not content:
        return {}
    try:
        document = json.loads(content)
    except ValueError:
        return None
    return document if isinstance(document, dict) else None


@dataclass
class Client:
    """Calls every route of the API, and keeps every answer."""

    url: str
    question_id: int = 0
    answer_id: int = 0
    answers: list[Answer] = field(default_factory=list)

    def request(self, route: str, method: str, path: str, body: dict | None = None) -> Answer:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.url + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, headers, content = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, content = error.code, error.headers, error.read()
        ms = (time.perf_counter() - started) * 1000
        document = parse(content)
        answer = Answer(route, status, headers.get("Retry-After"), document is not None, ms, document or {})
        self.answers.append(answer)
        return answer

    def round(self) -> list[Answer]:
        """Every route once; the writes that succeed set the ids the later routes use."""
        person = {"name": "drill", "email": "drill@example.com"}
        asked = self.request(
            "POST /qa/questions", "POST", "/qa/questions", {"body": "Fits?", "product_id": 1, **person}
        )
        self.question_id = asked.document.get("question_id", self.question_id)
        question = f"/qa/questions/{self.question_id}"
        answered = self.request(
            "POST /qa/questions/:id/answers", "POST", f"{question}/answers", {"body": "Yes", **person}
        )
        self.answer_id = answered.document.get("answer_id", self.answer_id)
        answer = f"/qa/answers/{self.answer_id}"
        return [
            asked,
            answered,
            self.request("GET /qa/questions", "GET", "/qa/questions?product_id=1"),
            self.request("GET /qa/questions/:id/answers", "GET", f"{question}/answers"),
            self.request("PUT /qa/questions/:id/helpful", "PUT", f"{question}/helpful"),
            self.request("PUT /qa/answers/:id/helpful", "PUT", f"{answer}/helpful"),
            self.request("PUT /qa/answers/:id/report", "PUT", f"{answer}/report"),
            self.request("PUT /qa/questions/:id/report", "PUT", f"{question}/report"),
        ]

    def rounds_for(self, seconds: float) -> list[Answer]:
        answers: list[Answer] = []
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            answers += self.round()
        return answers


def summary(title: str, answers: list[Answer]) -> str:
    statuses = Counter(answer.status for answer in answers)
    retry_after = Counter(answer.retry_after for answer in answers if answer.status == 503)
    latencies = sorted(answer.ms for answer in answers)
    return "\n".join(
        [
            f"#### {title}",
            "",
            f"- requests: {len(answers)}, over {len({answer.route for answer in answers})} routes",
            f"- statuses: {dict(sorted(statuses.items()))}",
            f"- JSON bodies: {sum(answer.json_body for answer in answers)} of {len(answers)}",
            f"- Retry-After on the 503s: {dict(retry_after) or '-'}",
            f"- latency ms: median {latencies[len(latencies) // 2]:.1f}, max {latencies[-1]:.1f}",
            "",
        ]
    )


def served(answer: Answer) -> bool:
    """Answered without a server error (a 404 is right for the answers of a question the drill reported)."""
    return answer.status < 500


def recovery(client: Client, postgres: Postgres) -> str:
    """Starts PostgreSQL, then calls every route until a whole round succeeds; the app servers are left alone."""
    postgres.start()
    started = time.monotonic()
    answers: list[Answer] = []
    first_success = None
    while time.monotonic() - started < 120:
        round_answers = client.round()
        answers += round_answers
        if first_success is None and any(served(answer) for answer in round_answers):
            first_success = time.monotonic() - started
        if all(served(answer) for answer in round_answers):
            break
    else:
        raise RuntimeError("the API did not recover within 120 s of PostgreSQL starting")
    failed = sum(not served(answer) for answer in answers)
    return summary("PostgreSQL started again", answers) + "\n".join(
        [
            f"- first request served {first_success:.2f} s after PostgreSQL accepted connections; "
            f"every route served again after {time.monotonic() - started:.2f} s",
            f"- requests answered 5xx on the way: {failed}",
            "",
        ]
    )


def worker_pids(server: Server) -> list[int]:
    return sorted(child.pid for child in psutil.Process(server.process.pid).children())


@contextmanager
def scratch_directory() -> Iterator[Path]:
    directory = Path(tempfile.mkdtemp(prefix="atelier-faults-"))
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres")
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--outage-seconds", type=float, default=10.0)
    parser.add_argument("--pool-timeout", type=float, default=1.0, help="DATABASE_POOL_TIMEOUT of the app servers")
    parser.add_argument("--postgres-port", type=int, default=55432)
    parser.add_argument("--redis-port", type=int, default=56379)
    parser.add_argument("--port", type=int, default=58000, help="the app server's port")
    args = parser.parse_args()

    with scratch_directory() as directory:
        postgres, redis = Postgres(directory, args.postgres_port), Redis(args.redis_port)
        postgres.create()
        redis.start()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "qa_project.settings.local",
            "DATABASE_URL": postgres.url,
            "REDIS_URL": redis.url,
        }
        try:
            manage("migrate", "--noinput", env=env)
            manage("load_sample_data", env=env)
            server = Server(database_url=postgres.url, port=args.port, cache=True, workers=2)
            server.env |= {
                "REDIS_URL": redis.url,
                "DATABASE_POOL_TIMEOUT": str(args.pool_timeout),
                "DATABASE_STATEMENT_TIMEOUT_MS": "5000",
            }
            with server:
                client = Client(server.url)
                workers = worker_pids(server)
                report = [summary("Both up", client.round())]

                postgres.stop()
                outage = client.rounds_for(args.outage_seconds)
                report.append(summary(f"PostgreSQL stopped ({args.outage_seconds:.0f} s)", outage))
                report.append(recovery(client, postgres))

                redis.stop()
                report.append(summary("Redis stopped (5 s)", client.rounds_for(5)))
                redis.start()
                report.append(summary("Redis started again", client.round()))

                same_workers = worker_pids(server) == workers
                report.append(f"the app server's workers the same processes throughout (no restart): {same_workers}\n")
        finally:
            redis.stop()
            postgres.shut_down()
    print(f"DATABASE_POOL_TIMEOUT={args.pool_timeout}, 2 workers x 4 threads\n")
    print("\n".join(report))


if __name__ == "__main__":
    main()
