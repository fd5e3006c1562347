"""This project against the legacy design it replaces, side by side in one run on the same database.

    .venv/bin/python benchmarks/legacy_side_by_side.py --database atelier_qa_10m

The legacy benchmark: `GET /qa/questions` for a random product among the last 10% of product ids, wrk with
32 connections. The legacy design (benchmarks/legacy_design/: Node/Express + pg, 2 cluster workers, one JSON
query a request, no cache) and this project's app server as `make serve` starts it (deploy/serve.py; each
app server of --app-servers in turn) take turns, --rounds times, --seconds each after a warm-up:
1. cache warm: this project's cache filled until 99% of the sampled products are cached;
2. cache off.
Prints the requests per second and latency of every run and the ratios, this project over the legacy design,
from the means over the rounds; writes docs/benchmarks/legacy-side-by-side.md and .png. Holds
/tmp/atelier-bench.lock throughout, so no other heavy benchmark overlaps it.
"""

import argparse
import fcntl
import os
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import psycopg
from load import (  # benchmarks/load.py
    OUT,
    ROOT,
    Server,
    cache_clear,
    cache_warm,
    target_arguments,
    target_database,
    wrk,
)

LOCK = Path("/tmp/atelier-bench.lock")
LEGACY_DESIGN = ROOT / "benchmarks" / "legacy_design"
# Views presenting this project's moderation status as the `reported` boolean the legacy design reads.
LEGACY_VIEWS_SQL = (LEGACY_DESIGN / "views.sql").read_text()
DROP_LEGACY_VIEWS_SQL = "DROP VIEW IF EXISTS legacy_design_question, legacy_design_answer"


@dataclass(frozen=True)
class Measured:
    server: str
    # The app server this run alternated with (the legacy design's runs are each paired with one).
    pairing: str
    cache: str
    round: int
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


@contextmanager
def legacy_design(*, database_url: str, port: int) -> Iterator[str]:
    """The legacy design installed in a scratch directory and serving on `port`, over views of this database."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(LEGACY_VIEWS_SQL)
    scratch = Path(tempfile.mkdtemp(prefix="legacy-design-"))
    try:
        shutil.copytree(LEGACY_DESIGN, scratch, dirs_exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent"], cwd=scratch, check=True)
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "PORT": str(port),
            "WORKERS": "2",
            "Q_TABLE": "legacy_design_question",
            "A_TABLE": "legacy_design_answer",
        }
        process = subprocess.Popen(["node", "server.js"], cwd=scratch, env=env)
        url = f"http://127.0.0.1:{port}"
        try:
            answered(url)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=30)
    finally:
        shutil.rmtree(scratch)
        with psycopg.connect(database_url, autocommit=True) as connection:
            connection.execute(DROP_LEGACY_VIEWS_SQL)


def answered(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/qa/questions?product_id=1", timeout=2)
            return
        except OSError:  # not up yet
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within 30 s")


def measure(*, url: str, args: argparse.Namespace, ids: dict[str, int], seconds: int) -> dict:
    return wrk(
        url=url,
        script="random_product.lua",
        path="/qa/questions",
        seconds=seconds,
        connections=args.connections,
        ids=ids,
    )


def side_by_side(*, legacy_url: str, server: Server, cache: str, args: argparse.Namespace, ids: dict) -> list[Measured]:
    """Alternate the two servers for the rounds, each warmed up first; every run measured."""
    for url in (legacy_url, server.url):
        measure(url=url, args=args, ids=ids, seconds=5)
    runs = []
    for number in range(1, args.rounds + 1):
        for name, url in (("legacy design", legacy_url), (server.app_server, server.url)):
            result = measure(url=url, args=args, ids=ids, seconds=args.seconds)
            runs.append(
                Measured(
                    name,
                    server.app_server,
                    cache,
                    number,
                    result["rps"],
                    result["p50_ms"],
                    result["p99_ms"],
                    result["errors"],
                )
            )
            print(runs[-1], flush=True)
    return runs


def summary(runs: list[Measured], *, server: str, pairing: str, cache: str) -> dict[str, float]:
    """Means over the rounds of `server`'s runs alternating with `pairing`, at `cache`."""
    chosen = [run for run in runs if (run.server, run.pairing, run.cache) == (server, pairing, cache)]
    return {
        "rps": statistics.mean(run.rps for run in chosen),
        "p50_ms": statistics.mean(run.p50_ms for run in chosen),
        "p99_ms": statistics.mean(run.p99_ms for run in chosen),
        "errors": sum(run.errors for run in chosen),
    }


def plot(rows: list[tuple[str, dict, dict]], path: Path) -> None:
    figure, (throughput, tail) = plt.subplots(1, 2, figsize=(12, 4.5))
    labels = [label for label, _, _ in rows]
    positions = range(len(rows))
    for axis, key, title in ((throughput, "rps", "requests per second"), (tail, "p99_ms", "p99 latency, ms")):
        axis.bar([p - 0.2 for p in positions], [legacy[key] for _, legacy, _ in rows], 0.4, label="legacy design")
        axis.bar([p + 0.2 for p in positions], [ours[key] for _, _, ours in rows], 0.4, label="this project")
        axis.set_xticks(list(positions), labels, rotation=15)
        axis.set_title(f"GET /qa/questions: {title}")
        axis.grid(True, axis="y", alpha=0.3)
        axis.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=100)


def write_report(runs: list[Measured], *, args: argparse.Namespace, ids: dict, warmed: dict[str, int]) -> Path:
    rows = []
    for cache in args.caches:
        for server in args.app_servers:
            # Each app server against the legacy design's runs it alternated with, in the same minutes.
            legacy = summary(runs, server="legacy design", pairing=server, cache=cache)
            rows.append((f"{server}, cache {cache}", legacy, summary(runs, server=server, pairing=server, cache=cache)))
    OUT.mkdir(parents=True, exist_ok=True)
    plot(rows, OUT / "legacy-side-by-side.png")
    lines = [
        "# This project against the legacy design, side by side",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `benchmarks/legacy_side_by_side.py` on "
        f"`{args.database}` (products up to {ids['PRODUCT_ID_MAX']:,}): wrk, {args.connections} connections, a random "
        f"product among the last 10%, {args.seconds} s a run, the two servers alternating for {args.rounds} rounds "
        "after a warm-up, everything on the same 2 cores. This project as `make serve` starts it "
        "(deploy/serve.py, 2 workers, one JSON log line a request); the legacy design with 2 workers. Cache warm: "
        + ", ".join(f"{server} {count:,} products cached" for server, count in warmed.items())
        + ".",
        "",
        "![requests per second and p99, both servers](legacy-side-by-side.png)",
        "",
        "| server | alternating with | cache | round | req/s | p50 ms | p99 ms | non-2xx |",
        "|---|---|---|---:|---:|---:|---:|---:|",
        *(
            f"| {run.server} | {run.pairing if run.server != run.pairing else 'legacy design'} | {run.cache} "
            f"| {run.round} | {run.rps:,.0f} | {run.p50_ms:.2f} | {run.p99_ms:.2f} | {run.errors} |"
            for run in runs
        ),
        "",
        "Means over the rounds, this project over the legacy design run beside it:",
        "",
        "| this project | req/s | legacy req/s | ratio | p99 ms | legacy p99 ms | p99 ratio |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *(
            f"| {label} | {ours['rps']:,.0f} | {legacy['rps']:,.0f} | **{ours['rps'] / legacy['rps']:.2f}** | "
            f"{ours['p99_ms']:.1f} | {legacy['p99_ms']:.1f} | {ours['p99_ms'] / legacy['p99_ms']:.2f} |"
            for label, legacy, ours in rows
        ),
        "",
    ]
    report = OUT / "legacy-side-by-side.md"
    report.write_text("\n".join(lines))
    for label, legacy, ours in rows:
        print(
            f"{label}: {ours['rps'] / legacy['rps']:.2f}x the requests/s, p99 {ours['p99_ms'] / legacy['p99_ms']:.2f}x"
        )
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    target_arguments(parser)
    parser.add_argument("--app-servers", type=lambda text: text.split(","), default=["granian", "gunicorn"])
    parser.add_argument("--caches", type=lambda text: text.split(","), default=["warm", "off"])
    parser.add_argument("--seconds", type=int, default=15, help="measured seconds of each run")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each server, alternating")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count(), help="app server processes (make serve's default)"
    )
    parser.add_argument("--warm-seconds", type=int, default=900, help="longest cache warm-up")
    parser.add_argument("--port", type=int, default=8771, help="this project's port; the legacy design's is one less")
    args = parser.parse_args()
    database_url, ids = target_database(args)
    with LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with legacy_design(database_url=database_url, port=args.port - 1) as legacy_url:
            runs, warmed = all_runs(legacy_url=legacy_url, database_url=database_url, args=args, ids=ids)
    print(f"report: {write_report(runs, args=args, ids=ids, warmed=warmed)}")


def all_runs(
    *, legacy_url: str, database_url: str, args: argparse.Namespace, ids: dict
) -> tuple[list[Measured], dict[str, int]]:
    """Every app server, cache warm then off, beside the legacy design; and how many products were warmed."""
    runs: list[Measured] = []
    warmed: dict[str, int] = {}
    for cache in args.caches:
        for app_server in args.app_servers:
            cache_clear(args.redis_url)
            with Server(
                database_url=database_url,
                port=args.port,
                cache=cache == "warm",
                workers=args.workers,
                app_server=app_server,
            ) as server:
                if cache == "warm":
                    warmed[app_server] = cache_warm(
                        server=server, ids=ids, redis_url=args.redis_url, seconds=args.warm_seconds
                    )
                runs += side_by_side(legacy_url=legacy_url, server=server, cache=cache, args=args, ids=ids)
    cache_clear(args.redis_url)
    return runs, warmed


if __name__ == "__main__":
    main()
