"""The storefront's reads (each sort, the answered filter, a search, the product summary) under the legacy benchmark's
load, beside the default question list in the same run.

    .venv/bin/python benchmarks/reads.py --database atelier_qa_10m

The legacy benchmark's load: wrk with 32 connections, a random product among the last 10% of product ids (a random
question among the last 10% for the answer lists), against the app server as `make serve` starts it, with the cache
off so that every request runs its query. Each read runs --seconds after a short warm-up, every read in turn for
--rounds rounds, so drift and noise spread over all of them. Prints each run's requests per second, p50 and p99;
writes the means and each read's p99 over the default list's to docs/benchmarks/reads.md. Holds
/tmp/atelier-bench.lock throughout.
"""

import argparse
import fcntl
import os
import statistics
from functools import partial
from pathlib import Path

import psycopg
from load import (  # benchmarks/load.py
    OUT,
    Server,
    last_tenth_of_products,
    target_arguments,
    target_database,
    wrk,
)

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
]


STORED_DOCUMENTS_SQL = """
SELECT avg((q.search_document IS NOT NULL)::int), (
    SELECT avg((a.search_document IS NOT NULL)::int)
    FROM answers_answer a JOIN questions_question sampled ON sampled.id = a.question_id
    WHERE sampled.product_id >= %(first)s
)
FROM questions_question q WHERE q.product_id >= %(first)s
"""


def stored_documents_share(database_url: str, ids: dict[str, int]) -> tuple[float, float]:
    """The share of the sampled products' questions, and of their answers, whose search documents are stored
    (`manage.py search_documents`): a search builds the others as it goes."""
    with psycopg.connect(database_url) as connection:
        row = connection.execute(STORED_DOCUMENTS_SQL, {"first": last_tenth_of_products(ids)}).fetchone()
    assert row is not None  # aggregates: one row
    return float(row[0] or 0), float(row[1] or 0)


def measure_reads(*, server: Server, args: argparse.Namespace, ids: dict[str, int]) -> dict[str, list[dict]]:
    """Every read's wrk result in each round."""
    results: dict[str, list[dict]] = {name: [] for name, _ in READS}
    for round_number in range(1, args.rounds + 1):
        for name, path in READS:
            run = partial(wrk, url=server.url, script="random_product.lua", path=path, connections=args.connections)
            run(seconds=3, ids=ids)
            result = run(seconds=args.seconds, ids=ids)
            results[name].append(result)
            print(
                f"round {round_number} {name:28} {result['rps']:8,.0f} req/s  p50 {result['p50_ms']:6.1f} ms  "
                f"p99 {result['p99_ms']:6.1f} ms"
            )
    return results


def mean(runs: list[dict], key: str) -> float:
    return statistics.mean(run[key] for run in runs)


def write_report(
    results: dict[str, list[dict]], *, args: argparse.Namespace, ids: dict[str, int], documents: tuple[float, float]
) -> Path:
    default_p99 = mean(results[READS[0][0]], "p99_ms")
    lines = [
        "# The storefront's reads under the legacy benchmark's load",
        "",
        f"`benchmarks/reads.py` on `{args.database}` (products up to {ids['PRODUCT_ID_MAX']:,}, questions up to "
        f"{ids['QUESTION_ID_MAX']:,}): wrk, {args.connections} connections, {args.seconds} s a read after 3 s of "
        f"warm-up, a random product among the last 10% (a random question among the last 10% for the answer lists), "
        f"the app server as `make serve` starts it ({args.workers} workers), the cache off: every request runs its "
        f"query. Every read ran once in each of {args.rounds} rounds; the table has the means over the rounds (the "
        "p99s of each round in brackets), and each read's mean p99 over the default list's. Non-2xx counts the 404s "
        "of hidden questions' answer lists. The query plans: [performance-plans.md](../performance-plans.md).",
        "",
        f"Search documents stored (`manage.py search_documents`) for {documents[0]:.0%} of the sampled products' "
        f"questions and {documents[1]:.0%} of their answers; a search builds the others per request.",
        "",
        "| read | req/s | p50 ms | p99 ms | p99 / default list's | non-2xx |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, path in READS:
        runs = results[name]
        p99s = ", ".join(f"{run['p99_ms']:.1f}" for run in runs)
        lines.append(
            f"| `{path.replace('{product}', 'P').replace('{question}', 'Q')}` ({name}) | {mean(runs, 'rps'):,.0f} "
            f"| {mean(runs, 'p50_ms'):.1f} | {mean(runs, 'p99_ms'):.1f} ({p99s}) "
            f"| {mean(runs, 'p99_ms') / default_p99:.2f} | {sum(run['errors'] for run in runs):,} |"
        )
    report = OUT / "reads.md"
    report.write_text("\n".join([*lines, ""]))
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    target_arguments(parser)
    parser.add_argument("--seconds", type=int, default=15, help="measured seconds of each read")
    parser.add_argument("--rounds", type=int, default=3, help="runs of every read, in turn")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=os.cpu_count(), help="app server processes (make serve's)")
    parser.add_argument("--port", type=int, default=8781)
    args = parser.parse_args()
    database_url, ids = target_database(args)
    with LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with Server(database_url=database_url, port=args.port, cache=False, workers=args.workers) as server:
            results = measure_reads(server=server, args=args, ids=ids)
    documents = stored_documents_share(database_url, ids)
    print(f"report: {write_report(results, args=args, ids=ids, documents=documents)}")


if __name__ == "__main__":
    main()
