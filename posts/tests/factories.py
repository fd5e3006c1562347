import factory
from factory.django import DjangoModelFactory

from posts.models import Status


class PostFactory(DjangoModelFactory):
    """What the question and answer factories share: `reported=True` or `removed=True` give that status."""

    class Meta:
        abstract = True

    class Params:
        reported = factory.Trait(status=Status.REPORTED, report_count=1)
        removed = factory.Trait(status=Status.REMOVED)
