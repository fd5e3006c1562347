"""Load benchmark of the Q&A API: locust and wrk against the app server on 127.0.0.1, numbers into docs/.

    .venv/bin/python benchmarks/load.py --database atelier_qa_10m    (or: make bench)

1. The legacy benchmark (loadtests/locustfile.py LegacyBenchmarkUser) swept over user counts,
   with the cache warm and with the cache off.
2. The mixed workload (90% reads of both lists, 10% writes) with the cache on.
3. Saturation throughput (wrk, 32 connections) of the tuned route and of the plain DRF nested
   ModelSerializer baseline (loadtests/baseline.py), both with the cache off, in the same run.
Writes docs/benchmarks/load.md, load-*.csv and load-*.png, and prints a summary.
The mixed workload writes to the database; run it on a scratch or seeded database, not production.
"""

import argparse
import csv
import json
import os
import re
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
OUT = ROOT / "docs" / "benchmarks"
HOST = "127.0.0.1"
CACHE_KEY_PREFIX = "qa-bench"


@dataclass
class Run:
    scenario: str
    cache: str
    users: int
    requests: int
    failures: int
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    server_p50_ms: float
    server_p99_ms: float


def migrations_applied(database_url: str) -> None:
    """Refuse a database the code's migrations have not all reached: its errors would be measured."""
    subprocess.run(
        [VENV_BIN / "python", ROOT / "manage.py", "migrate", "--check"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url, "LOG_LEVEL": "ERROR"},
        check=True,
    )


def id_ranges(database_url: str) -> dict[str, int]:
    with psycopg.connect(database_url) as connection:
        questions = connection.execute("SELECT max(product_id), min(id), max(id) FROM questions_question").fetchone()
        answers = connection.execute("SELECT min(id), max(id) FROM answers_answer").fetchone()
    # Aggregates: one row each.
    assert questions is not None
    assert answers is not None
    product_max, question_min, question_max = questions
    answer_min, answer_max = answers
    return {
        "PRODUCT_ID_MAX": product_max,
        "QUESTION_ID_MIN": question_min,
        "QUESTION_ID_MAX": question_max,
        "ANSWER_ID_MIN": answer_min,
        "ANSWER_ID_MAX": answer_max,
    }


class Server:
    """The app server as `make serve` starts it (deploy/serve.py), with the load-test settings, logging each request.

    The service logs one JSON line per request with its duration: the service's own latency, without the load
    generator's (locust or wrk on the same 2 cores adds its own). Logging at INFO, as shipped, costs what it
    costs in production.
    """

    def __init__(
        self, *, database_url: str, port: int, cache: bool, workers: int, app_server: str = "granian", **env: str
    ) -> None:
        self.url = f"http://{HOST}:{port}"
        self.app_server = app_server
        self.request_log = Path(tempfile.mkdtemp()) / "requests.log"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "loadtests.settings",
            "DATABASE_URL": database_url,
            "CACHE_ENABLED": str(cache).lower(),
            "CACHE_KEY_PREFIX": CACHE_KEY_PREFIX,
            "CACHE_TIMEOUT": "3600",
            "APP_SERVER": app_server,
            "BIND": f"{HOST}:{port}",
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_ACCESSLOG": "",
            "LOG_LEVEL": "INFO",
            "LOG_FORMAT": "json",
            # Every simulated shopper comes from 127.0.0.1: lift the per-client write limits.
            **{f"THROTTLE_RATE_{scope}": "1000000/min" for scope in ("ASK", "ANSWER", "VOTE", "REPORT")},
            **env,
        }

    def __enter__(self) -> "Server":
        command = [VENV_BIN / "python", ROOT / "deploy" / "serve.py"]
        with self.request_log.open("w") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/qa/questions?product_id=1", timeout=2)
                return self
            except OSError:  # refused, reset or timed out: not up yet
                time.sleep(0.5)
        self.process.terminate()
        raise RuntimeError(f"{self.app_server} did not answer within 30 s")

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.request_log.unlink(missing_ok=True)
        self.request_log.parent.rmdir()

    def latency_percentiles_since(self, started: datetime) -> tuple[float, float]:
        """p50 and p99 in ms of the requests the service answered since `started` (second precision)."""
        milliseconds = []
        for line in self.request_log.read_text().splitlines():
            if not line.startswith("{"):
                continue
            record = json.loads(line)
            logged = datetime.strptime(record["time"][:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
            if record.get("logger") == "qa.request" and logged >= started:
                milliseconds.append(record["duration_ms"])
        milliseconds.sort()
        return milliseconds[len(milliseconds) // 2], milliseconds[int(len(milliseconds) * 0.99)]


def locust(*, url: str, user_class: str, users: int, seconds: int, user_rps: float, ids: dict[str, int]) -> dict:
    """One headless locust run; the aggregated row of its stats (measured after all users started)."""
    with tempfile.TemporaryDirectory() as scratch:
        prefix = Path(scratch) / "run"
        subprocess.run(
            [
                VENV_BIN / "locust",
                "-f",
                ROOT / "loadtests" / "locustfile.py",
                user_class,
                "--headless",
                "--host",
                url,
                "--users",
                str(users),
                "--spawn-rate",
                str(min(users, 100)),
                "--run-time",
                f"{seconds}s",
                "--reset-stats",
                "--only-summary",
                "--csv",
                prefix,
                "--loglevel",
                "ERROR",
            ],
            env={**os.environ, "USER_RPS": str(user_rps), **{name: str(value) for name, value in ids.items()}},
            check=False,  # locust exits 1 when any request failed: the failures are in the numbers
            stdout=subprocess.DEVNULL,
        )
        with open(f"{prefix}_stats.csv") as stats:
            return next(row for row in csv.DictReader(stats) if row["Name"] == "Aggregated")


def locust_run(*, server: Server, scenario: str, cache: str, users: int, run: Callable[[], dict]) -> Run:
    """A locust run, with the service's own latency over the same measured seconds."""
    spawn_seconds = users / min(users, 100)
    measured_from = datetime.now(UTC) + timedelta(seconds=spawn_seconds + 1)
    row = run()
    server_p50_ms, server_p99_ms = server.latency_percentiles_since(measured_from.replace(microsecond=0))
    return Run(
        scenario,
        cache,
        users,
        int(row["Request Count"]),
        int(row["Failure Count"]),
        float(row["Requests/s"]),
        float(row["50%"]),
        float(row["95%"]),
        float(row["99%"]),
        round(server_p50_ms, 1),
        round(server_p99_ms, 1),
    )


def last_tenth_of_products(ids: dict[str, int]) -> int:
    """The first product id among the last 10%, the ones the legacy benchmark asks for."""
    return ids["PRODUCT_ID_MAX"] - ids["PRODUCT_ID_MAX"] // 10


def target_arguments(parser: argparse.ArgumentParser) -> None:
    """The database and the Redis a load benchmark runs against."""
    parser.add_argument("--database", default="atelier_qa_10m")
    parser.add_argument("--database-host-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")


def target_database(args: argparse.Namespace) -> tuple[str, dict[str, int]]:
    """The URL of the database `target_arguments` named, refused unless fully migrated, and its id ranges."""
    database_url = f"{args.database_host_url}/{args.database}"
    migrations_applied(database_url)
    return database_url, id_ranges(database_url)


def wrk(
    *, url: str, script: str, path: str, seconds: int, connections: int, ids: dict[str, int], first: int | None = None
) -> dict:
    """Requests per second and latency percentiles of one wrk run, from product `first` on (and among the last 10%
    of questions, for a path naming a question)."""
    low = first or last_tenth_of_products(ids)
    threads = "1" if script == "every_product.lua" else "2"
    output = subprocess.run(
        [
            "wrk",
            "-t",
            threads,
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--latency",
            "-s",
            ROOT / "benchmarks" / script,
            url,
        ],
        env={
            **os.environ,
            "PRODUCT_ID_LOW": str(low),
            "PRODUCT_ID_HIGH": str(ids["PRODUCT_ID_MAX"]),
            "QUESTION_ID_LOW": str(ids["QUESTION_ID_MAX"] - (ids["QUESTION_ID_MAX"] - ids["QUESTION_ID_MIN"]) // 10),
            "QUESTION_ID_HIGH": str(ids["QUESTION_ID_MAX"]),
            "REQUEST_PATH": path,
        },
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    percentiles = {p: wrk_ms(wrk_field(rf"^\s+{p}%\s+(\S+)", output)) for p in ("50", "99")}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(wrk_field(r"Requests/sec:\s+([\d.]+)", output)),
        "p50_ms": percentiles["50"],
        "p99_ms": percentiles["99"],
        "errors": int(errors.group(1)) if errors else 0,
    }


def legacy_sweep(*, server: Server, cache: str, sweep: list[int], args: argparse.Namespace, ids: dict) -> list[Run]:
    """The legacy benchmark at each user count of the sweep."""
    runs = []
    for users in sweep:
        run = partial(
            locust,
            url=server.url,
            user_class="LegacyBenchmarkUser",
            users=users,
            seconds=args.seconds,
            user_rps=args.user_rps,
            ids=ids,
        )
        runs.append(locust_run(server=server, scenario="legacy", cache=cache, users=users, run=run))
        print(runs[-1], flush=True)
    return runs


def wrk_field(pattern: str, output: str) -> str:
    """The first group of `pattern`, a line of wrk's report."""
    match = re.search(pattern, output, re.M)
    if match is None:
        raise RuntimeError(f"no {pattern!r} in wrk's report:\n{output}")
    return match.group(1)


def wrk_ms(value: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", value)
    if match is None:
        raise RuntimeError(f"{value!r} is not a duration as wrk writes them")
    number, unit = match.groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def route_cost(database_url: str) -> dict:
    """benchmarks/route_cost.py: the list route's own work per request, tuned against the baseline."""
    output = subprocess.run(
        [VENV_BIN / "python", ROOT / "benchmarks" / "route_cost.py"],
        env={**os.environ, "DATABASE_URL": database_url, "LOG_LEVEL": "ERROR"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.splitlines()[-1])


def cache_clear(redis_url: str) -> None:
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(match=f"{CACHE_KEY_PREFIX}:*", count=10_000):
        client.delete(key)


def cached_products(redis_url: str) -> int:
    client = redis.Redis.from_url(redis_url)
    return sum(1 for _ in client.scan_iter(match=f"{CACHE_KEY_PREFIX}:questions-of-product:*:documents", count=10_000))


def cache_warm(*, server: "Server", ids: dict[str, int], redis_url: str, seconds: int) -> int:
    """Request every product among the last 10% in turn until 99% of them are cached, or `seconds` pass."""
    wanted = 0.99 * (ids["PRODUCT_ID_MAX"] // 10)
    deadline = time.monotonic() + seconds
    while (cached := cached_products(redis_url)) < wanted and time.monotonic() < deadline:
        print(f"warming the cache: {cached:,} products cached", flush=True)
        # Products are warmed in order: go on after the ones already cached.
        first = last_tenth_of_products(ids) + cached
        wrk(
            url=server.url,
            script="every_product.lua",
            path="/qa/questions",
            seconds=30,
            connections=16,
            ids=ids,
            first=first,
        )
    return cached


def plot(runs: list[Run], path: Path) -> None:
    figure, (throughput, latency) = plt.subplots(1, 2, figsize=(12, 4.5))
    for cache in ("warm", "off"):
        sweep = [run for run in runs if run.scenario == "legacy" and run.cache == cache]
        users = [run.users for run in sweep]
        throughput.plot(users, [run.rps for run in sweep], marker="o", label=f"cache {cache}")
        for percentile, style in (("p50_ms", ":"), ("p95_ms", "--"), ("p99_ms", "-")):
            latency.plot(
                users,
                [getattr(run, percentile) for run in sweep],
                style,
                marker="o",
                label=f"{percentile[:3]} cache {cache}",
            )
    for axis, title, unit in ((throughput, "Requests per second", "requests/s"), (latency, "Response time", "ms")):
        axis.set(xscale="log", xlabel="concurrent users", ylabel=unit, title=f"GET /qa/questions: {title}")
        axis.grid(True, which="both", alpha=0.3)
        axis.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=100)


def write_report(
    *, runs: list[Run], saturation: dict[str, dict], cost: dict, args: argparse.Namespace, ids: dict, warm_products: int
) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "load-runs.csv", "w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(asdict(runs[0])))
        writer.writeheader()
        writer.writerows(asdict(run) for run in runs)
    plot(runs, OUT / "load-legacy.png")
    baseline = saturation["plain DRF serializer"]
    lines = [
        "# Load benchmark",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `benchmarks/load.py` on database "
        f"`{args.database}` ({ids['QUESTION_ID_MAX']:,} as the largest question id, products up to "
        f"{ids['PRODUCT_ID_MAX']:,}); gunicorn with {args.workers} workers (`deploy/gunicorn.conf.py`), "
        f"locust and wrk on the same 2-core machine. Each locust user sends {args.user_rps} requests/s; "
        f"each point ran {args.seconds} s after all users had started. Warm cache: "
        f"{warm_products:,} products' first pages cached before the sweep.",
        "",
        "![requests per second and latency against users](load-legacy.png)",
        "",
        "Latency as locust saw it (the load generator's own delay included) and as the service answered it "
        "(gunicorn's request time over the same seconds):",
        "",
        "| scenario | cache | users | requests | failures | req/s | p50 ms | p95 ms | p99 ms | service p50 ms "
        "| service p99 ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *(
            f"| {r.scenario} | {r.cache} | {r.users} | {r.requests:,} | {r.failures} | {r.rps:,.0f} | "
            f"{r.p50_ms:g} | {r.p95_ms:g} | {r.p99_ms:g} | {r.server_p50_ms:g} | {r.server_p99_ms:g} |"
            for r in runs
        ),
        "",
        f"Saturation (wrk, {args.connections} connections, {args.seconds} s each, random product among the last 10%):",
        "",
        "| route | req/s | p50 ms | p99 ms | non-2xx |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {name} | {s['rps']:,.0f} | {s['p50_ms']:.2f} | {s['p99_ms']:.2f} | {s['errors']} |"
            for name, s in saturation.items()
        ),
        "",
        "Tuned route / plain DRF nested ModelSerializer, measured in this run:",
        "",
        *(
            f"- over HTTP, {name}: **{saturation[name]['rps'] / baseline['rps']:.1f}x** the requests per second"
            for name in ("tuned, cache warm", "tuned, cache off")
        ),
        f"- the route's own work in process (`benchmarks/route_cost.py`, {cost['requests']:,} requests, no cache): "
        f"{cost['tuned']:.0f} us against {cost['baseline']:.0f} us, **{cost['ratio']:.1f}x**",
        "",
    ]
    report = OUT / "load.md"
    report.write_text("\n".join(lines))
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    target_arguments(parser)
    parser.add_argument("--users", default="1,10,100,500,1000", help="comma-separated user counts to sweep")
    parser.add_argument("--user-rps", type=float, default=1.0, help="requests per second of each locust user")
    parser.add_argument("--seconds", type=int, default=30, help="measured seconds of each run")
    parser.add_argument("--warm-seconds", type=int, default=600, help="longest cache warm-up before the sweep")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections for saturation runs")
    parser.add_argument("--mixed-users", type=int, default=300)
    parser.add_argument("--port", type=int, default=8077)
    args = parser.parse_args()
    database_url, ids = target_database(args)
    sweep = [int(users) for users in args.users.split(",")]
    runs: list[Run] = []
    saturation: dict[str, dict] = {}

    cache_clear(args.redis_url)
    with Server(database_url=database_url, port=args.port, cache=True, workers=args.workers) as server:
        warm_products = cache_warm(server=server, ids=ids, redis_url=args.redis_url, seconds=args.warm_seconds)
        runs += legacy_sweep(server=server, cache="warm", sweep=sweep, args=args, ids=ids)
        saturation["tuned, cache warm"] = wrk(
            url=server.url,
            script="random_product.lua",
            path="/qa/questions",
            seconds=args.seconds,
            connections=args.connections,
            ids=ids,
        )
        mixed = partial(
            locust,
            url=server.url,
            user_class="MixedWorkloadUser",
            users=args.mixed_users,
            seconds=args.seconds,
            user_rps=args.user_rps,
            ids=ids,
        )
        runs.append(locust_run(server=server, scenario="mixed 90/10", cache="on", users=args.mixed_users, run=mixed))
        print(runs[-1], flush=True)
    cache_clear(args.redis_url)

    with Server(database_url=database_url, port=args.port, cache=False, workers=args.workers) as server:
        runs += legacy_sweep(server=server, cache="off", sweep=sweep, args=args, ids=ids)
        for name, path in (("tuned, cache off", "/qa/questions"), ("plain DRF serializer", "/baseline/qa/questions")):
            saturation[name] = wrk(
                url=server.url,
                script="random_product.lua",
                path=path,
                seconds=args.seconds,
                connections=args.connections,
                ids=ids,
            )
    for name, result in saturation.items():
        print(f"saturation {name}: {result}")
    cost = route_cost(database_url)
    print(f"route cost: {cost}")
    report = write_report(runs=runs, saturation=saturation, cost=cost, args=args, ids=ids, warm_products=warm_products)
    print(f"report: {report}")


if __name__ == "__main__":
    main()
