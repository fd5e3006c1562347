"""Smoke test of the cluster through nginx: balancing, replication, read-your-writes, health and metrics.

Usage: smoke.py --balancer http://10.77.0.2 --primary 10.77.0.11 --replica 10.77.0.12 APP_URL...
Prints one line per check; exits 1 at the first one that fails.
"""

import argparse
import http.cookiejar
import json
import re
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from email.message import Message

import psycopg

PRODUCT_ID = 1
# Every route's and status's count of GET requests (qa_project/observability.py).
GET_REQUESTS_COUNTED = re.compile(r'^qa_http_requests_total\{method="GET",[^}]*\} (\S+)$', re.MULTILINE)


class Client:
    """An HTTP client that keeps cookies, like a browser, and never raises on an error status."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def request(self, method: str, url: str, body: dict | None = None) -> tuple[int, Message, bytes]:
        """The status, the headers (looked up whatever the case the server wrote them in) and the body."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()


def check(description: str, condition: bool, detail: object = "") -> None:
    print(f"{'ok  ' if condition else 'FAIL'} {description}" + (f": {detail}" if detail != "" else ""))
    if not condition:
        sys.exit(1)


def eventually(probe: Callable[[], bool], seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if probe():
            return True
        time.sleep(0.1)
    return probe()


def query(host: str, sql: str, *params: object) -> tuple:
    """The one row of an aggregate or a function call."""
    with psycopg.connect(host=host, port=5432, user="postgres", dbname="atelier_qa", connect_timeout=3) as connection:
        row = connection.execute(sql, params).fetchone()
    assert row is not None  # what this smoke test asks always has its row
    return row


def get_requests_counted(app: str) -> float:
    status, _, body = Client().request("GET", f"{app}/metrics")
    return sum(map(float, GET_REQUESTS_COUNTED.findall(body.decode()))) if status == 200 else -1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--balancer", required=True)
    parser.add_argument("--primary", required=True)
    parser.add_argument("--replica", required=True)
    parser.add_argument("apps", nargs="+")
    args = parser.parse_args()
    client = Client()
    list_url = f"{args.balancer}/qa/questions?product_id={PRODUCT_ID}&count=100"

    status, headers, _ = client.request("GET", f"{args.balancer}/healthz")
    check("nginx passes /healthz to an app server, with a request id", status == 200 and "X-Request-ID" in headers)
    for app in args.apps:
        status, _, body = client.request("GET", f"{app}/readyz")
        ready = status == 200 and json.loads(body)["status"] == "ok"
        check(f"{app}/readyz: primary, replica and cache answer", ready, body.decode())

    streaming = query(args.primary, "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")[0]
    check("the primary streams to the replica", streaming == 1, f"{streaming} streaming replica(s)")
    check("the replica is a hot standby", query(args.replica, "SELECT pg_is_in_recovery()")[0] is True)

    before = [get_requests_counted(app) for app in args.apps]
    statuses = [client.request("GET", list_url)[0] for _ in range(30)]
    check("30 list reads through nginx all answer 200", set(statuses) == {200}, statuses)
    served = [get_requests_counted(app) - count for app, count in zip(args.apps, before, strict=True)]
    check("round robin: every app server served some of them", all(count >= 5 for count in served), served)

    status, _, body = client.request("GET", f"{args.balancer}/metrics")
    check("nginx does not publish /metrics", status == 404)
    status, headers, body = client.request("GET", f"{list_url}&padding={'x' * 10_000}")
    refused_as_json = status == 414 and headers.get("Content-Type") == "application/json" and json.loads(body)["detail"]
    check("a request line too long is refused by nginx in JSON", bool(refused_as_json), (status, body[:80]))

    question = {"body": "Smoke test: does it fold?", "name": "smoke", "email": "smoke@example.com"}
    status, headers, body = client.request("POST", f"{args.balancer}/qa/questions", {**question, "product_id": 1})
    check("a question asked through nginx is created", status == 201, body.decode())
    check("the writer is pinned to the primary", "qa_read_primary=" in headers.get("Set-Cookie", ""))
    question_id = json.loads(body)["question_id"]
    listed = [result["question_id"] for result in json.loads(client.request("GET", list_url)[2])["results"]]
    check("the writer reads its own question at once", question_id in listed)
    replicated = "SELECT count(*) FROM questions_question WHERE id = %s"
    check("the replica has it within 5 s", eventually(lambda: query(args.replica, replicated, question_id)[0] == 1))
    print("smoke test passed")


if __name__ == "__main__":
    main()
