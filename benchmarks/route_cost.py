"""The list route's own work per request, in process: the tuned selector against the plain DRF baseline.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/atelier_qa_10m .venv/bin/python benchmarks/route_cost.py

Over HTTP both routes also pay the same fixed cost (gunicorn, middleware, request parsing), which
hides how much cheaper the tuned route's own work is. This times just that work, for the same random
products among the last 10% of product ids: `question_list_document` (PostgreSQL writes the JSON), against the
baseline view's queryset plus nested serializer plus orjson. Prints one JSON line. `--requests N` times N
requests of each route (2000).
"""

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qa_project.settings.local")

import django  # noqa: E402

django.setup()

import orjson  # noqa: E402

from loadtests.baseline import BaselineQuestionListView, BaselineQuestionSerializer  # noqa: E402
from questions.models import Question  # noqa: E402
from questions.selectors import question_list_document  # noqa: E402

REQUESTS = 2000


def tuned(product_id: int) -> bytes:
    return question_list_document(product_id=product_id, page=1, count=5)


def baseline(product_id: int) -> bytes:
    questions = BaselineQuestionListView().get_queryset().filter(product_id=product_id)[:5]
    results = BaselineQuestionSerializer(questions, many=True).data
    return orjson.dumps({"product_id": str(product_id), "results": results})


def microseconds_per_request(route, product_ids: list[int]) -> float:
    started = time.perf_counter()
    for product_id in product_ids:
        route(product_id)
    return (time.perf_counter() - started) / len(product_ids) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=REQUESTS, help=f"of each route ({REQUESTS})")
    requests = parser.parse_args().requests
    largest = Question.objects.order_by("-product_id").values_list("product_id", flat=True).first()
    if largest is None:
        raise SystemExit("No questions in the database: seed it first (manage.py seed).")
    random.seed(1)
    product_ids = [random.randint(largest - largest // 10, largest) for _ in range(requests)]
    assert all(tuned(p) == baseline(p) for p in product_ids[:50]), "the routes disagree"
    for route in (tuned, baseline):  # warm the buffers and connections
        microseconds_per_request(route, product_ids[:200])
    costs = {route.__name__: microseconds_per_request(route, product_ids) for route in (tuned, baseline)}
    print(json.dumps({**costs, "ratio": costs["baseline"] / costs["tuned"], "requests": requests}))


if __name__ == "__main__":
    main()
