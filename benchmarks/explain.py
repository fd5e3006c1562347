"""EXPLAIN ANALYZE of the read routes' queries on a big database, written to docs/performance-plans.md.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/atelier_qa_10m .venv/bin/python benchmarks/explain.py

Runs the selectors' own SQL (imported, not copied) for the busiest product among the last 10% of
product ids and a question of it with many answers, and checks that every plan uses index scans
with no sort node (the ordered aggregates sort a handful of rows each; a search sorts its matches by relevance).
"""

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qa_project.settings.local")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from answers.selectors import answer_list_query  # noqa: E402
from posts.json_sql import Query  # noqa: E402
from posts.sorting import Sort  # noqa: E402
from questions.selectors import product_summary_query, question_list_query  # noqa: E402

# A word of the seeded questions and answers (management/seeding/vocabulary.py), as a storefront's shopper types it.
SEARCH_WORDS = "waterproof"

BUSY_RECENT_PRODUCT_SQL = """
SELECT product_id FROM questions_question
WHERE product_id > (SELECT max(product_id) * 0.9 FROM questions_question) AND status = 'published'
GROUP BY product_id ORDER BY count(*) DESC LIMIT 1
"""
BUSY_QUESTION_SQL = """
SELECT a.question_id FROM answers_answer a JOIN questions_question q ON q.id = a.question_id
WHERE q.product_id = %(product_id)s AND q.status = 'published' AND a.status = 'published'
GROUP BY a.question_id ORDER BY count(*) DESC LIMIT 1
"""


# A sequential scan, or a sort node (not its "Sort Key:" or "Sort Method:" lines).
PLAN_NODES_TO_SHOW = re.compile(r"Seq Scan|(?:^|->  )(?:Incremental )?Sort\b(?! Key| Method)")


def explain(cursor, query: Query) -> str:
    sql, params = query
    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {sql}", params)
    return "\n".join(row[0] for row in cursor.fetchall())


def read_queries(product_id: int, question_id: int) -> dict[str, Query]:
    """Every read route's query, by the request that runs it."""
    questions = f"GET /qa/questions?product_id={product_id}"
    answers = f"GET /qa/questions/{question_id}/answers"
    return {
        f"{questions}&count=5": question_list_query(product_id=product_id, page=1, count=5),
        f"{questions}&page=2&count=100": question_list_query(product_id=product_id, page=2, count=100),
        **{
            f"{questions}&sort={sort}": question_list_query(product_id=product_id, page=1, count=5, sort=sort)
            for sort in (Sort.NEWEST, Sort.OLDEST)
        },
        **{
            f"{questions}&answered={str(answered).lower()}": question_list_query(
                product_id=product_id, page=1, count=5, answered=answered
            )
            for answered in (True, False)
        },
        f"{questions}&q={SEARCH_WORDS}": question_list_query(product_id=product_id, page=1, count=5, q=SEARCH_WORDS),
        f"GET /qa/products/{product_id}/summary": product_summary_query(product_id=product_id),
        **{
            f"{answers}?count=5&sort={sort}": answer_list_query(question_id=question_id, page=1, count=5, sort=sort)
            for sort in Sort
        },
    }


def main() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM questions_question")
        questions = cursor.fetchone()[0]
        cursor.execute(BUSY_RECENT_PRODUCT_SQL)
        product_id = cursor.fetchone()[0]
        cursor.execute(BUSY_QUESTION_SQL, {"product_id": product_id})
        question_id = cursor.fetchone()[0]
        queries = read_queries(product_id, question_id)
        for query in queries.values():  # warm the buffers
            explain(cursor, query)
        plans = {title: explain(cursor, query) for title, query in queries.items()}
    lines = [
        "# Query plans of the read routes",
        "",
        f"`benchmarks/explain.py` on database `{connection.settings_dict['NAME']}` ({questions:,} questions): "
        "the selectors' SQL for the product with the most questions among the last 10% of product ids, "
        "and its question with the most answers. Every plan reads the product's or the question's rows through an "
        "index; only a search sorts, by relevance, the few rows that match.",
        "",
    ]
    for title, plan in plans.items():
        lines += [f"## {title}", "", "```", plan, "```", ""]
        scans = [line.strip() for line in plan.splitlines() if PLAN_NODES_TO_SHOW.search(line)]
        print(f"{title}: {scans or 'index scans only, no sort node'}")
    report = ROOT / "docs" / "performance-plans.md"
    report.write_text("\n".join(lines))
    print(f"report: {report}")


if __name__ == "__main__":
    main()
