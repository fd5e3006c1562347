import uuid

import pytest
from rest_framework.test import APIClient

from answers.tests.factories import AnswerFactory, AnswerPhotoFactory
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
    """Each test caches under a key prefix of its own, so it starts with nothing cached.

    (Deleting an earlier test's keys would SCAN all of Redis before every test.)
    """
    settings.CACHE_KEY_PREFIX = f"{settings.CACHE_KEY_PREFIX}:{uuid.uuid4().hex}"
