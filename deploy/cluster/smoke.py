"""Smoke test of the cluster through nginx: balancing, replication, read-your-writes, health and metrics, and
the email an answer sends its asker (with --maildir, the mail host's).

Usage: smoke.py --balancer http://10.77.0.2 --primary 10.77.0.11 --replica 10.77.0.12 [--maildir DIR] APP_URL...
Prints one line per check; exits 1 at the first one that fails.
"""

import argparse
import email
import email.policy
import http.cookiejar
import json
import re
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from email.message import EmailMessage, Message
from pathlib import Path

import psycopg

PRODUCT_ID = 1
# Every route's and status's count of GET requests (qa_project/observability.py).
GET_REQUESTS_COUNTED = re.compile(r'^qa_http_requests_total\{method="GET",[^}]*\} (\S+)$', re.MULTILINE)
NOTIFICATIONS_SENT = re.compile(r"^qa_notifications_sent_total (\S+)$", re.MULTILINE)
# How long the answer's email may take: the notification window (2 s in the cluster), the worker's poll, delivery.
EMAIL_SECONDS = 30
# After the email came, how long a second copy is waited for.
SECOND_COPY_SECONDS = 3


class Client:
    """An HTTP client that keeps cookies, like a browser, and never raises on an error status."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def request(
        self, method: str, url: str, body: dict | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, Message, bytes]:
        """The status, the headers (looked up whatever the case the server wrote them in) and the body."""
        data = None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json", **(headers or {})}
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
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


def notifications_sent(app: str) -> float:
    status, _, body = Client().request("GET", f"{app}/metrics")
    return sum(map(float, NOTIFICATIONS_SENT.findall(body.decode()))) if status == 200 else -1.0


def emails_to(maildir: str, address: str) -> list[EmailMessage]:
    """The emails to `address` the mail host has delivered into `maildir`."""
    paths = [path for folder in ("new", "cur") for path in (Path(maildir) / folder).glob("*")]
    emails = [email.message_from_bytes(path.read_bytes(), policy=email.policy.default) for path in paths]
    return [message for message in emails if message["To"] == address]


def check_answer_email(client: Client, args: argparse.Namespace, question_id: int, question: dict) -> None:
    """Answer the question through nginx: its asker gets one email at the mail host, whose unsubscribe link works."""
    answer = {"body": "Smoke test: yes, it folds flat.", "name": "smoke-seller", "email": "seller@example.com"}
    status, _, body = client.request("POST", f"{args.balancer}/qa/questions/{question_id}/answers", answer)
    check("an answer through nginx is created", status == 201, body.decode())
    arrived = eventually(lambda: bool(emails_to(args.maildir, question["email"])), EMAIL_SECONDS)
    check(f"the asker's email reaches the mail host within {EMAIL_SECONDS} s", arrived)
    time.sleep(SECOND_COPY_SECONDS)
    emails = emails_to(args.maildir, question["email"])
    check("exactly one email is delivered", len(emails) == 1, f"{len(emails)} email(s)")
    [sent] = emails
    stored = "SELECT message_id FROM notifications_notification WHERE question_id = %s"
    message_id = query(args.primary, stored, question_id)[0]
    check("its Message-ID is its notification's", str(sent["Message-ID"]).strip() == message_id, sent["Message-ID"])
    text = sent.get_content()
    check("it quotes the question and the answer", question["body"] in text and answer["body"] in text, text[:200])
    link = str(sent["List-Unsubscribe"]).strip().strip("<>")  # the long header comes folded
    one_click = sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    through_nginx = link.startswith(f"{args.balancer}/qa/unsubscribe?")
    check("it has a one-click unsubscribe link", one_click and through_nginx, link)
    # As a mail app's Unsubscribe button sends it (RFC 8058).
    one_click_post = urllib.request.Request(
        link,
        data=b"List-Unsubscribe=One-Click",
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    try:
        with client.opener.open(one_click_post, timeout=10) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    check("the one-click POST unsubscribes through nginx", status == 200 and b'"unsubscribed":true' in body, body)
    sent_counted = sum(notifications_sent(app) for app in args.apps)
    check("/metrics counts it sent (the worker beside app server 1)", sent_counted >= 1, sent_counted)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--balancer", required=True)
    parser.add_argument("--primary", required=True)
    parser.add_argument("--replica", required=True)
    parser.add_argument("--maildir", help="the mail host's maildir: check the email an answer sends")
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

    status, headers, _ = client.request("GET", list_url)
    etag = headers.get("ETag", "")
    status, headers, body = client.request("GET", list_url, headers={"If-None-Match": etag})
    check("nginx passes the list's ETag and a conditional GET's 304 through", bool(etag) and status == 304, etag)
    status, _, body = client.request("GET", f"{args.balancer}/qa/products/{PRODUCT_ID}/summary")
    check("the product summary through nginx counts the listed questions", status == 200, body.decode())

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
    if args.maildir:
        check_answer_email(client, args, question_id, question)
    print("smoke test passed")


if __name__ == "__main__":
    main()
