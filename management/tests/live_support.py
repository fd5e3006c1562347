"""Other database sessions beside a bulk load's, standing for the API's, for tests of loads into a live database.

Every session here fails rather than waits for a lock (`lock_timeout`), and the `lock_waits_fail` fixture
(conftest.py) makes the load's own session do the same: a test of "nothing waits" then fails instead of
hanging.
"""

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import psycopg
from django.db import connection
from rest_framework.test import APIClient

OTHER_SESSION_LOCK_TIMEOUT = "1s"


@contextmanager
def other_session() -> Iterator[psycopg.Connection]:
    """A session of its own on the test database, in a transaction the caller commits or leaves open."""
    settings = connection.settings_dict
    with psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        options=f"-c lock_timeout={OTHER_SESSION_LOCK_TIMEOUT}",
    ) as session:
        try:
            yield session
        finally:
            session.rollback()


def api_requests_meanwhile(requests: Callable[[APIClient], Any]) -> Any:
    """Run `requests` with an API client in a thread of its own, so on a database session of its own
    as a server's would be, waiting at most OTHER_SESSION_LOCK_TIMEOUT for any lock (else a 503)."""

    def run() -> Any:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('lock_timeout', %s, false)", [OTHER_SESSION_LOCK_TIMEOUT])
            return requests(APIClient())
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET lock_timeout")
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def shoppers_meanwhile(*, question: int, answer: int) -> dict[str, object]:
    """What shoppers do while a load runs, through the API on a session of its own (api_requests_meanwhile):
    list product 1's questions and `question`'s answers, vote on `question` and `answer`, ask a question
    and answer `question` with a photo; the ids they were given."""

    def requests(client: APIClient) -> dict[str, object]:
        listed = [q["question_id"] for q in client.get("/qa/questions", {"product_id": 1}).json()["results"]]
        answers = [a["answer_id"] for a in client.get(f"/qa/questions/{question}/answers").json()["results"]]
        votes = [
            client.put(f"/qa/questions/{question}/helpful").status_code,
            client.put(f"/qa/answers/{answer}/helpful").status_code,
        ]
        person = {"name": "n", "email": "n@example.com"}
        asked = client.post("/qa/questions", {"body": "Asked meanwhile", "product_id": 1, **person}, format="json")
        answered = client.post(
            f"/qa/questions/{question}/answers",
            {"body": "Answered meanwhile", "photos": ["https://e.com/p.jpg"], **person},
            format="json",
        )
        return {
            "questions listed": listed,
            "answers listed": answers,
            "votes": votes,
            "asked": asked.json()["question_id"],
            "answered": answered.json()["answer_id"],
            "photo": answered.json()["photos"][0]["id"],
        }

    return api_requests_meanwhile(requests)
