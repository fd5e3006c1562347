import argparse
import random
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from management.bulk import IdsBusyError
from management.progress import CommandProgress
from management.seeding.service import qa_seed

SEED_LIMIT = 2**31


Number = TypeVar("Number", int, float)


def at_least(minimum: float, kind: type[Number]) -> Callable[[str], Number]:
    """An argparse type: a number of `kind` no smaller than `minimum`."""

    def parse(text: str) -> Number:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{text} is below {minimum}")
        return value

    return parse


def seed_number(text: str) -> int:
    value = at_least(0, int)(text)
    if value >= SEED_LIMIT:
        raise argparse.ArgumentTypeError(f"{text} is not below {SEED_LIMIT}")
    return value


class Command(BaseCommand):
    help = (
        "Add generated questions with their answers and photos, after the largest existing ids. "
        "The default makes a small set; load tests use --questions 10000000 --products 1000011."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--questions", type=at_least(1, int), default=10_000, help="questions to add")
        parser.add_argument(
            "--products", type=at_least(1, int), help="spread them over product ids 1..N (default: questions / 10)"
        )
        parser.add_argument("--answers-per-question", type=at_least(0, float), default=2.0, help="mean (2)")
        parser.add_argument("--photos-per-answer", type=at_least(0, float), default=0.3, help="mean (0.3)")
        parser.add_argument("--seed", type=seed_number, help="the same seed gives the same rows (default: random)")
        parser.add_argument("--batch-size", type=at_least(1, int), default=100_000, help="questions per statement")
        parser.add_argument("--force", action="store_true", help="run even with production settings")
        parser.add_argument(
            "--offline",
            action="store_true",
            help="the database serves no traffic: lock the tables and rebuild indexes (done anyway when the "
            "tables are empty; without it, a seed into tables with rows never blocks the API)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.SETTINGS_MODULE.endswith(".production") and not options["force"]:
            raise CommandError(
                f"Refusing to seed with the production settings {settings.SETTINGS_MODULE} (--force to do it anyway)"
            )
        questions = options["questions"]
        products = options["products"] or max(1, questions // 10)
        seed = options["seed"] if options["seed"] is not None else random.randrange(SEED_LIMIT)
        progress = CommandProgress(self.stdout, verbose=options["verbosity"] >= 1)
        progress.say(f"Seeding {questions:,} questions over {products:,} products with seed {seed}")
        try:
            result = qa_seed(
                questions=questions,
                products=products,
                answers_per_question=options["answers_per_question"],
                photos_per_answer=options["photos_per_answer"],
                seed=seed,
                batch_size=options["batch_size"],
                offline=options["offline"],
                progress=progress,
            )
        except IdsBusyError as error:
            raise CommandError(f"Nothing seeded: {error}") from error
        progress.say(
            f"Seeded {result.questions:,} questions (ids from {result.first_question_id:,}), "
            f"{result.answers:,} answers and {result.photos:,} photos in {progress.elapsed():.1f} s"
        )
