"""Bounded work per request: the size of a body, and the statement timeout set from the environment.

The page size cap (`count` over MAX_PAGE_SIZE served as MAX_PAGE_SIZE) and http(s)-only photo URLs are tested with
their routes.
"""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

LARGEST_VALID_ANSWER = {
    "body": "\N{GRINNING FACE}" * 1000,
    "name": "n" * 60,
    "email": f"{'e' * 48}@example.com",
    "photos": [f"https://images.example.com/{'p' * 2000}/{index}.jpg" for index in range(5)],
}


def test_a_body_over_the_limit_is_a_413_naming_the_limit(api_client, question_factory, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    question = question_factory()

    response = api_client.post(
        f"/qa/questions/{question.id}/answers",
        {"body": "x" * 1000, "name": "n", "email": "e@example.com"},
        format="json",
    )

    assert response.status_code == 413
    assert response.json() == {"detail": "Request body too large: at most 1000 bytes."}


def test_the_default_limit_admits_the_largest_valid_answer(api_client, question_factory):
    question = question_factory()

    response = api_client.post(f"/qa/questions/{question.id}/answers", LARGEST_VALID_ANSWER, format="json")

    assert response.status_code == 201


def test_the_limit_holds_on_every_route(api_client, db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10

    response = api_client.put("/qa/questions/1/helpful", {"padding": "x" * 100}, format="json")

    assert response.status_code == 413


def test_the_statement_timeout_comes_from_the_environment(db):
    database = settings.DATABASES["default"]
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    script = (
        "from django.db import connection; print(connection.cursor().execute('SHOW statement_timeout').fetchone()[0])"
    )

    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=Path(settings.BASE_DIR),
        env={**os.environ, "DATABASE_STATEMENT_TIMEOUT_MS": "1234", "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1234ms"
