from datetime import UTC, datetime

import factory
from factory.django import DjangoModelFactory

from answers.models import Answer, AnswerPhoto
from posts.tests.factories import PostFactory
from questions.tests.factories import QuestionFactory


class AnswerFactory(PostFactory):
    class Meta:
        model = Answer

    question = factory.SubFactory(QuestionFactory)
    body = factory.Sequence(lambda n: f"Answer {n}: order your usual size.")
    date_written = datetime(2020, 7, 5, 9, 12, 44, 123000, tzinfo=UTC)
    answerer_name = factory.Sequence(lambda n: f"answerer{n}")
    answerer_email = factory.LazyAttribute(lambda answer: f"{answer.answerer_name}@example.com")


class AnswerPhotoFactory(DjangoModelFactory):
    class Meta:
        model = AnswerPhoto

    answer = factory.SubFactory(AnswerFactory)
    url = factory.Sequence(lambda n: f"https://images.example.com/{n}.jpg")
