import pytest
from rest_framework.test import APIClient

from answers.tests.factories import AnswerFactory, AnswerPhotoFactory
from questions.cache import redis_client
from questions.tests.factories import QuestionFactory


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


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
def empty_list_cache(settings) -> None:
    """Each test starts with none of the list documents an earlier test may have cached."""
    client = redis_client(settings.REDIS_URL)
    for key in client.scan_iter(match=f"{settings.CACHE_KEY_PREFIX}:*"):
        client.delete(key)
