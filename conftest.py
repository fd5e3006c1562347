import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import settings
from django.test.client import ClientHandler
from rest_framework.test import APIClient

from answers.tests.factories import AnswerFactory, AnswerPhotoFactory
from clients.registry import active_clients
from qa_project.circuit import close_circuit_breakers
from qa_project.handlers import ApiMiddlewareMixin, is_api_request
from qa_project.observability import request_log
from questions.tests.factories import QuestionFactory

if TYPE_CHECKING:
    from django.test.client import _WSGIResponse  # the stubs' type of a test client's response


class ApiClientHandler(ApiMiddlewareMixin, ClientHandler):
    pass


class PathDispatchingClientHandler(ClientHandler):
    """The test client's handler: the API's middleware or the site's, chosen by path as qa_project/wsgi.py does."""

    def __init__(self, *, site: ClientHandler, api: ClientHandler) -> None:
        super().__init__(enforce_csrf_checks=site.enforce_csrf_checks)
        self.site = site
        self.api = api

    def __call__(self, environ: dict[str, Any]) -> "_WSGIResponse":
        return (self.api if is_api_request(environ) else self.site)(environ)


@pytest.fixture
def api_client() -> APIClient:
    """A client of the service as it is deployed: API requests go through the API's own handler."""
    client = APIClient()
    client.handler = PathDispatchingClientHandler(
        site=client.handler, api=ApiClientHandler(enforce_csrf_checks=client.handler.enforce_csrf_checks)
    )
    return client


@pytest.fixture
def question_factory(db: None) -> type[QuestionFactory]:
    return QuestionFactory


@pytest.fixture
def answer_factory(db: None) -> type[AnswerFactory]:
    return AnswerFactory


@pytest.fixture
def photo_factory(db: None) -> type[AnswerPhotoFactory]:
    return AnswerPhotoFactory


@pytest.fixture(autouse=True)
def empty_list_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test caches under a key prefix of its own, so it starts with nothing cached.

    (Deleting an earlier test's keys would SCAN all of Redis before every test.) Patched rather than
    overridden with the `settings` fixture, which would hide SETTINGS_MODULE from every test.
    """
    monkeypatch.setattr(settings, "CACHE_KEY_PREFIX", f"{settings.CACHE_KEY_PREFIX}:{uuid.uuid4().hex}")


@pytest.fixture(autouse=True)
def closed_circuit_breakers() -> None:
    """Each test starts with every circuit breaker (Redis's, PostgreSQL's) closed, as a new worker process does."""
    close_circuit_breakers()


@pytest.fixture(autouse=True)
def forgotten_api_clients() -> None:
    """Each test's first request with a key loads the active API clients afresh, as a new worker process does."""
    active_clients.forget()


@pytest.fixture(autouse=True)
def request_log_flushed() -> Iterator[None]:
    """Each test's request log lines are written while its output is captured, not at the end of the run."""
    yield
    request_log.flush()
