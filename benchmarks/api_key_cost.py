"""What API keys cost the read path: a cache hit of GET /qa/questions through the API's WSGI handler, in process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/atelier_qa .venv/bin/python benchmarks/api_key_cost.py

Calls the handler with a fake WSGI environ (no HTTP, no server) 20,000 times in each of three variants, taking turns
request by request (so that a busy machine slows them alike), and prints each one's median: `before`
(API_MIDDLEWARE without clients.middleware.ApiClientMiddleware, as before API keys), `keyless` (with it, no
Authorization header) and `keyed` (with it, `Authorization: Bearer <a valid key>`). Every variant answers the same
bytes from Redis. Logging is at WARNING (the per-request INFO line costs the same in each). Then the middleware
alone, around a view that returns at once (`middleware_*`, best of 7 runs of 100,000 calls, as Django wraps it): on a
busy machine the whole request's timings vary by more than the middleware costs, these don't. Prints one JSON line.

`--only VARIANT --requests N` runs just that many calls of one variant after one warm-up call, for counting
instructions: `valgrind --tool=callgrind` with N and 2N, the difference over N is one request's instructions.
"""

import argparse
import io
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qa_project.settings.local")
os.environ["LOG_LEVEL"] = "WARNING"

import django  # noqa: E402

django.setup()

import timeit  # noqa: E402

from django.conf import settings  # noqa: E402
from django.core.handlers.exception import convert_exception_to_response  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from clients.middleware import ApiClientMiddleware  # noqa: E402
from clients.services import api_client_create, api_client_revoke  # noqa: E402
from qa_project.handlers import ApiHandler  # noqa: E402
from questions.models import Question  # noqa: E402
from questions.services import question_create  # noqa: E402

PRODUCT_ID = 1
AUTH_MIDDLEWARE = "clients.middleware.ApiClientMiddleware"


def handler(*, with_auth: bool) -> ApiHandler:
    site_chain = settings.API_MIDDLEWARE
    if not with_auth:
        settings.API_MIDDLEWARE = [name for name in site_chain if name != AUTH_MIDDLEWARE]
    try:
        return ApiHandler()
    finally:
        settings.API_MIDDLEWARE = site_chain


def environ(**headers: str) -> dict[str, object]:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/qa/questions",
        "QUERY_STRING": f"product_id={PRODUCT_ID}",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        **headers,
    }


def start_response(status: str, headers: list[tuple[str, str]], exc_info: object = None) -> Callable[[bytes], object]:
    assert status.startswith("200"), status
    return lambda data: None  # WSGI's write(), which Django never calls: it returns the body


def call(app: ApiHandler, request_environ: dict[str, object]) -> bytes:
    # A fresh environ each time, as a server gives: the middleware takes the Authorization header out of it.
    return b"".join(app({**request_environ, "wsgi.input": io.BytesIO(b"")}, start_response))


def median_microseconds(variants: dict[str, tuple[ApiHandler, dict[str, object]]], requests: int) -> dict[str, float]:
    """Each variant's median time per request, the variants taking turns request by request."""
    times: dict[str, list[float]] = {name: [] for name in variants}
    clock = time.perf_counter
    for _ in range(requests):
        for name, (app, request_environ) in variants.items():
            started = clock()
            call(app, request_environ)
            times[name].append(clock() - started)
    return {name: statistics.median(values) * 1e6 for name, values in times.items()}


def middleware_nanoseconds(key: str, calls: int = 100_000) -> dict[str, float]:
    """The middleware's own cost per call, around a view that returns at once: without it, keyless, with a key."""
    response = HttpResponse(b"{}")

    def view(request: HttpRequest) -> HttpResponse:
        return response

    request = RequestFactory().get("/qa/questions", {"product_id": PRODUCT_ID})
    meta = dict(request.META)
    chains = {
        "view_alone": (convert_exception_to_response(view), meta),
        "keyless": (convert_exception_to_response(ApiClientMiddleware(view)), meta),
        "keyed": (
            convert_exception_to_response(ApiClientMiddleware(view)),
            {**meta, "HTTP_AUTHORIZATION": f"Bearer {key}"},
        ),
    }
    costs = {}
    for name, (chain, request_meta) in chains.items():

        def one_call(chain=chain, request_meta=request_meta) -> None:
            request.META = dict(request_meta)  # the middleware takes the header out
            chain(request)

        costs[name] = min(timeit.repeat(one_call, number=calls, repeat=7)) / calls * 1e9
    return {
        "middleware_keyless_ns": round(costs["keyless"] - costs["view_alone"]),
        "middleware_keyed_ns": round(costs["keyed"] - costs["view_alone"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--only", choices=["before", "keyless", "keyed"])
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    if not Question.objects.filter(product_id=PRODUCT_ID).exists():
        question_create(product_id=PRODUCT_ID, body="Does it fold?", asker_name="bench", asker_email="b@example.com")
    client, key = api_client_create(name=f"api-key-cost-{os.getpid()}", trusted=True)
    try:
        variants = {
            "before": (handler(with_auth=False), environ()),
            "keyless": (handler(with_auth=True), environ()),
            "keyed": (handler(with_auth=True), environ(HTTP_AUTHORIZATION=f"Bearer {key}")),
        }
        bodies = {call(app, request_environ) for app, request_environ in variants.values()}
        assert len(bodies) == 1, "the variants answered different bodies"
        if args.only:
            app, request_environ = variants[args.only]
            for _ in range(args.requests):
                call(app, request_environ)
            return
        medians = median_microseconds(variants, args.requests)
        result = {name: round(value, 1) for name, value in medians.items()}
        result["keyless_added"] = round(medians["keyless"] - medians["before"], 1)
        result["keyed_added"] = round(medians["keyed"] - medians["before"], 1)
        result.update(middleware_nanoseconds(key))
        print(json.dumps({**result, "requests": args.requests}))
    finally:
        api_client_revoke(client=client)


if __name__ == "__main__":
    main()
