from datetime import UTC, datetime

import factory

from posts.tests.factories import PostFactory
from questions.models import Question


class QuestionFactory(PostFactory):
    class Meta:
        model = Question

    product_id = 40344
    body = factory.Sequence(lambda n: f"Question {n}: does this run true to size?")
    date_written = datetime(2020, 7, 4, 14, 3, 21, tzinfo=UTC)
    asker_name = factory.Sequence(lambda n: f"asker{n}")
    asker_email = factory.LazyAttribute(lambda question: f"{question.asker_name}@example.com")
