"""The storefront's reads (each sort, the answered filter, a search, the product summary) under the legacy benchmark's
load, beside the default question list in the same run.

    .venv/bin/python benchmarks/reads.py --database atelier_qa_10m

The legacy benchmark's load: wrk with 32 connections, a random product among the last 10% of product ids (a random
question among the last 10% for the answer lists), against the app server as `make serve` starts it, with the cache
off so that every request runs its query. Each read runs --seconds after a short warm-up; the default list runs
first and last, so drift shows. Prints each read's requests per second, p50 and p99, and its p99 over the default
list's; writes docs/benchmarks/reads.md. Holds /tmp/atelier-bench.lock throughout.
"""

import argparse
import fcntl
import os
import statistics
from pathlib import Path

from load import OUT, Server, target_arguments, target_database, wrk  # benchmarks/load.py

LOCK = Path("/tmp/atelier-bench.lock")
DEFAULT_LIST = "/qa/questions?product_id={product}"
# The word the query plans search for too (benchmarks/explain.py): it is in the seeded questions and answers.
SEARCH_WORDS = "waterproof"
READS = [
    ("default list (legacy)", DEFAULT_LIST),
    ("sort=newest", f"{DEFAULT_LIST}&sort=newest"),
    ("sort=oldest", f"{DEFAULT_LIST}&sort=oldest"),
    ("answered=true", f"{DEFAULT_LIST}&answered=true"),
    ("answered=false", f"{DEFAULT_LIST}&answered=false"),
    (f"q={SEARCH_WORDS}", f"{DEFAULT_LIST}&q={SEARCH_WORDS}"),
    (f"q={SEARCH_WORDS}&sort=newest", f"{DEFAULT_LIST}&q={SEARCH_WORDS}&sort=newest"),
    ("product summary", "/qa/products/{product}/summary"),
    ("answer list (legacy)", "/qa/questions/{question}/answers"),
    ("answer list sort=newest", "/qa/questions/{question}/answers?sort=newest"),
    ("answer list sort=oldest", "/qa/questions/{question}/answers?sort=oldest"),
    ("default list (legacy), again", DEFAULT_LIST),
]


def measure_reads(*, server: Server, args: argparse.Namespace, ids: dict[str, int]) -> dict[str, dict]:
    results = {}
    for name, path in READS:
        wrk(url=server.url, script="random_product.lua", path=path, seconds=3, connections=args.connections, ids=ids)
        results[name] = wrk(
            url=server.url,
            script="random_product.lua",
            path=path,
            seconds=args.seconds,
            connections=args.connections,
            ids=ids,
        )
        result = results[name]
        print(f"{name:32} {result['rps']:8,.0f} req/s  p50 {result['p50_ms']:6.1f} ms  p99 {result['p99_ms']:6.1f} ms")
    return results


def write_report(results: dict[str, dict], *, args: argparse.Namespace, ids: dict[str, int]) -> Path:
    default_p99 = statistics.mean(results[name]["p99_ms"] for name, path in READS if path == DEFAULT_LIST)
    lines = [
        "# The storefront's reads under the legacy benchmark's load",
        "",
        f"`benchmarks/reads.py` on `{args.database}` (products up to {ids['PRODUCT_ID_MAX']:,}, questions up to "
        f"{ids['QUESTION_ID_MAX']:,}): wrk, {args.connections} connections, {args.seconds} s a read after 3 s of "
        f"warm-up, a random product among the last 10% (a random question among the last 10% for the answer lists), "
        f"the app server as `make serve` starts it ({args.workers} workers), the cache off: every request runs its "
        "query. The default list ran first and last; the p99 ratio is over the mean of its two p99s. Non-2xx counts "
        "the 404s of hidden questions' answer lists. The query plans: [performance-plans.md](../performance-plans.md).",
        "",
        "| read | req/s | p50 ms | p99 ms | p99 / default list's | non-2xx |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, path in READS:
        result = results[name]
        lines.append(
            f"| `{path.replace('{product}', 'P').replace('{question}', 'Q')}` ({name}) | {result['rps']:,.0f} "
            f"| {result['p50_ms']:.1f} | {result['p99_ms']:.1f} | {result['p99_ms'] / default_p99:.2f} "
            f"| {result['errors']:,} |"
        )
    report = OUT / "reads.md"
    report.write_text("\n".join([*lines, ""]))
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    target_arguments(parser)
    parser.add_argument("--seconds", type=int, default=15, help="measured seconds of each read")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=os.cpu_count(), help="app server processes (make serve's)")
    parser.add_argument("--port", type=int, default=8781)
    args = parser.parse_args()
    database_url, ids = target_database(args)
    with LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with Server(database_url=database_url, port=args.port, cache=False, workers=args.workers) as server:
            results = measure_reads(server=server, args=args, ids=ids)
    print(f"report: {write_report(results, args=args, ids=ids)}")


if __name__ == "__main__":
    main()
