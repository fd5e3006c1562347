"""benchmarks/route_cost.py, run as its docstring says: it checks the tuned list route and the baseline serve the
same documents, then times both."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection


@pytest.mark.django_db(transaction=True)  # committed: the benchmark reads the rows from its own process
def test_the_route_cost_benchmark_times_both_routes(question_factory, answer_factory, photo_factory):
    for helpfulness in [3, 0, 1]:
        question = question_factory(product_id=5, helpfulness=helpfulness)
        for answer in answer_factory.create_batch(2, question=question):
            photo_factory.create_batch(2, answer=answer)
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "DJANGO_SETTINGS_MODULE": "qa_project.settings.local",
        "CACHE_ENABLED": "false",
        "LOG_LEVEL": "ERROR",
    }

    result = subprocess.run(
        [sys.executable, "benchmarks/route_cost.py", "--requests", "10"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["requests"] == 10
