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
