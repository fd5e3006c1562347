"""`make serve`'s server (deploy/serve.py), started as a user starts it: it answers, and what it refuses itself
(an HTTP request it can't parse) is never an HTML page: JSON from gunicorn, an empty body from granian."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def exchange(port: int, raw: bytes) -> bytes:
    """Send `raw` on a new connection; everything the server answered before closing it."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
        client.sendall(raw)
        received = b""
        while chunk := client.recv(65536):
            received += chunk
            if (
                b"\r\n\r\n" in received
                and b"Connection: close" not in received
                and b"connection: close" not in received
            ):
                break
    return received


@pytest.fixture(params=["granian", "gunicorn"])
def server(request: pytest.FixtureRequest) -> Iterator[tuple[str, int]]:
    """The app server on a free port, over the test database, with one worker."""
    port = free_port()
    database = connection.settings_dict
    env = {
        **os.environ,
        "APP_SERVER": request.param,
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "CACHE_ENABLED": "false",
        "LOG_LEVEL": "ERROR",
        "DJANGO_SETTINGS_MODULE": "qa_project.settings.local",
    }
    process = subprocess.Popen(
        [sys.executable, "deploy/serve.py"], cwd=Path(settings.BASE_DIR), env=env, stdout=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, f"{request.param} did not listen within 30 s"
                time.sleep(0.2)
        yield request.param, port
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_server_answers_the_api(server):
    _, port = server

    response = exchange(
        port, b"GET /qa/questions?product_id=7 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )

    assert response.startswith(b"HTTP/1.1 200")
    assert response.endswith(b'{"product_id":"7","results":[]}')


@pytest.mark.parametrize(
    "raw",
    [
        # Over both servers' limits: gunicorn's 4 KiB request line, granian's 408 KiB buffer.
        b"GET /qa/questions?product_id=1&padding=" + b"x" * 500_000 + b" HTTP/1.1\r\nHost: localhost\r\n\r\n",
        b"POST /qa/questions HTTP/1.1\r\nHost: localhost\r\nContent-Length: eleven\r\n\r\n{}",
    ],
    ids=["request line too long", "bad Content-Length"],
)
def test_what_the_server_refuses_itself_is_json_or_empty_never_html(server, raw):
    name, port = server

    response = exchange(port, raw)

    head, _, body = response.partition(b"\r\n\r\n")
    assert head.split()[1] in (b"400", b"414", b"431")
    assert b"<html" not in response.lower()
    if name == "gunicorn":
        assert b"content-type: application/json" in head.lower()
        assert body.startswith(b'{"detail": ')
    else:
        assert body == b""
