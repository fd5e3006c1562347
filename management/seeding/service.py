"""Seed the Q&A tables with millions of realistic questions, answers and photos, made inside PostgreSQL.

The seed adds all its rows or none, in one transaction, and runs one at a time with imports
(`management.bulk.loads_serialized`). Like the import it loads one of two ways (`bulk_load_chosen`):
into empty tables, or with `offline`, the tables are locked against writes for the whole run, their
indexes, primary keys and foreign keys dropped while the rows go in and built once at the end, and the
id sequences moved past the new rows. Into tables that hold rows, nothing is locked and nothing dropped:
the seed first counts the answers and photos it will make (pure functions of its arguments, see
statements.py), reserves that many ids after each table's largest one (`ids_reserve`, a transaction of
milliseconds), then inserts into the indexed tables while the API goes on. Then the tables are analyzed.
"""

import math
import random
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from psycopg import sql

from answers.models import MAX_PHOTOS_PER_ANSWER
from management.bulk import (
    QA_TABLES,
    IdClaim,
    bulk_load_chosen,
    ids_reserve,
    indexes_deferred,
    loads_serialized,
    sequences_advance,
    statistics_refresh,
)
from management.progress import NoProgress, Progress
from management.seeding import statements, vocabulary
from questions.cache import question_list_cache

# The shape of the seeded data; docs/seed.md says where each number comes from.
REPORTED_SHARE = 0.03
SELLER_SHARE = 0.1
HELPFULNESS_MEAN = 3.0
QUESTION_OPENING_SHARE = 0.3
QUESTION_CLOSING_SHARE = 0.25
ANSWER_SECOND_SENTENCE_SHARE = 0.4
ANSWER_THIRD_SENTENCE_SHARE = 0.1
DATES_FROM = datetime(2018, 1, 1, tzinfo=UTC)
DATES_UNTIL = datetime(2025, 1, 1, tzinfo=UTC)
ANSWER_DELAY_MEAN_DAYS = 14
# Product popularity: the density of questions over the product rank fraction x is proportional to
# (x + PRODUCT_HEAD)^-PRODUCT_SKEW. With 10 questions a product on average, the median product gets
# about 4, the top 1% about 100 or more, the most asked-about a few hundred; the least, about 2.
PRODUCT_SKEW = 0.8
PRODUCT_HEAD = 0.001


class Stage(StrEnum):
    WAITING = "waiting for another import or seed to finish"
    IDS = "counting the answers and photos, and reserving their ids"
    ROWS = "inserting rows"
    INDEXES = "building indexes and foreign keys"
    SEQUENCES_AND_STATISTICS = "advancing sequences and analyzing"
    STATISTICS = "analyzing"


@dataclass(frozen=True)
class SeedResult:
    questions: int
    answers: int
    photos: int
    first_question_id: int


def permutation(size: int, rng: random.Random) -> tuple[int, int]:
    """(multiplier, shift) such that i -> (i * multiplier + shift) mod size permutes 0..size-1."""
    multiplier = 1
    if size > 1:
        multiplier = rng.randrange(1, size)
        while math.gcd(multiplier, size) != 1:
            multiplier = rng.randrange(1, size)
    return multiplier, rng.randrange(size)


def geometric_log_ratio(mean: float) -> float:
    """ln p of the geometric distribution P(k) = (1 - p) p^k, k >= 0, whose mean is `mean`."""
    return math.log(mean / (1 + mean)) if mean > 0 else -math.inf


def statement_parameters(
    *, questions: int, products: int, answers_per_question: float, photos_per_answer: float, seed: int
) -> dict[str, Any]:
    """The parameters the statements share: the distributions and the permutations of this seed."""
    rng = random.Random(seed)
    question_multiplier, question_shift = permutation(questions, rng)
    product_multiplier, product_shift = permutation(products, rng)
    rank_exponent = 1 - PRODUCT_SKEW
    rank_low = PRODUCT_HEAD**rank_exponent
    return {
        "seed": seed,
        "questions": questions,
        "question_multiplier": question_multiplier,
        "question_shift": question_shift,
        "products": products,
        "product_multiplier": product_multiplier,
        "product_shift": product_shift,
        "rank_exponent": rank_exponent,
        "rank_low": rank_low,
        "rank_span": (1 + PRODUCT_HEAD) ** rank_exponent - rank_low,
        "rank_offset": PRODUCT_HEAD,
        "answers_log_ratio": geometric_log_ratio(answers_per_question),
        "photos_log_ratio": geometric_log_ratio(photos_per_answer),
        "helpfulness_log_ratio": geometric_log_ratio(HELPFULNESS_MEAN),
        "max_photos": MAX_PHOTOS_PER_ANSWER,
        "reported_share": REPORTED_SHARE,
        "seller_share": SELLER_SHARE,
        "seller_name": statements.SELLER_NAME,
        "seller_email": statements.SELLER_EMAIL,
        "question_opening_share": QUESTION_OPENING_SHARE,
        "question_closing_share": QUESTION_CLOSING_SHARE,
        "answer_second_sentence_share": ANSWER_SECOND_SENTENCE_SHARE,
        "answer_third_sentence_share": ANSWER_THIRD_SENTENCE_SHARE,
        "dates_from": DATES_FROM,
        "dates_until": DATES_UNTIL,
        "date_span_ms": (DATES_UNTIL - DATES_FROM).total_seconds() * 1000,
        "answer_delay_mean_ms": ANSWER_DELAY_MEAN_DAYS * 86_400_000,
        "question_openings": list(vocabulary.QUESTION_OPENINGS),
        "questions_asked": list(vocabulary.QUESTIONS),
        "question_closings": list(vocabulary.QUESTION_CLOSINGS),
        "answer_sentences": list(vocabulary.ANSWERS),
        "user_names": list(vocabulary.USER_NAMES),
        "name_adjectives": list(vocabulary.NAME_ADJECTIVES),
        "email_domains": list(vocabulary.EMAIL_DOMAINS),
        "photo_widths": list(vocabulary.PHOTO_WIDTHS),
        "photo_url_prefix": statements.PHOTO_URL_PREFIX,
        "photo_url_query": statements.PHOTO_URL_QUERY,
    }


# How many answers and photos the seed makes: the same counts the INSERT statements draw, row by row.
ANSWER_COUNT_SQL = (
    f"SELECT COALESCE(sum({statements.answer_count('n')}), 0)::bigint"
    " FROM generate_series(0, %(questions)s::bigint - 1) AS n"
)
PHOTO_COUNT_SQL = (
    f"SELECT COALESCE(sum({statements.photo_count('a')}), 0)::bigint"
    " FROM generate_series(0, %(answers)s::bigint - 1) AS a"
)


@dataclass(frozen=True)
class SeedCounts:
    questions: int
    answers: int
    photos: int


def largest_ids(cursor) -> dict[str, int]:
    """Each Q&A table's largest id, 0 if empty: the seeded ids start right after it."""
    largest = {}
    for table in QA_TABLES:
        cursor.execute(sql.SQL("SELECT COALESCE(MAX(id), 0) FROM {}").format(sql.Identifier(table)))
        largest[table] = cursor.fetchone()[0]
    return largest


def seed_counts(parameters: dict[str, Any]) -> SeedCounts:
    """The rows the seed will make, worked out without touching the tables."""
    with connection.cursor() as cursor:
        cursor.execute(ANSWER_COUNT_SQL, parameters)
        answers = cursor.fetchone()[0]
        cursor.execute(PHOTO_COUNT_SQL, parameters | {"answers": answers})
        return SeedCounts(questions=parameters["questions"], answers=answers, photos=cursor.fetchone()[0])


def qa_seed(
    *,
    questions: int,
    products: int,
    answers_per_question: float,
    photos_per_answer: float,
    seed: int,
    batch_size: int,
    offline: bool = False,
    progress: Progress | None = None,
) -> SeedResult:
    """Add `questions` questions over products 1..`products`, with their answers and photos.

    The same arguments give the same rows, whatever `batch_size` (questions per statement) is, as
    long as the tables hold the same largest ids beforehand. `offline` says the database serves no
    traffic: the seed locks the tables and rebuilds their indexes even when they hold rows. Raises
    IdsBusyError when the ids could not be reserved; nothing is added then.
    """
    parameters = statement_parameters(
        questions=questions,
        products=products,
        answers_per_question=answers_per_question,
        photos_per_answer=photos_per_answer,
        seed=seed,
    )
    progress = progress or NoProgress()
    question_table, answer_table, photo_table = QA_TABLES
    with loads_serialized(on_wait=lambda: progress.step(Stage.WAITING)):
        with transaction.atomic(), connection.cursor() as cursor:
            if bulk_load_chosen(cursor, offline=offline):
                firsts = {table: largest + 1 for table, largest in largest_ids(cursor).items()}
                return rows_seed(
                    cursor,
                    parameters=parameters,
                    firsts=firsts,
                    batch_size=batch_size,
                    bulk=True,
                    progress=progress,
                )
        progress.step(Stage.IDS)
        counts = seed_counts(parameters)
        firsts = ids_reserve(
            [
                IdClaim(table=question_table, count=counts.questions),
                IdClaim(table=answer_table, count=counts.answers),
                IdClaim(table=photo_table, count=counts.photos),
            ]
        )
        with transaction.atomic(), connection.cursor() as cursor:
            result = rows_seed(
                cursor, parameters=parameters, firsts=firsts, batch_size=batch_size, bulk=False, progress=progress
            )
            if (result.answers, result.photos) != (counts.answers, counts.photos):
                raise RuntimeError(
                    f"the seed made {result.answers} answers and {result.photos} photos where it counted "
                    f"{counts.answers} and {counts.photos}: nothing added"
                )
            return result


def rows_seed(
    cursor,
    *,
    parameters: dict[str, Any],
    firsts: dict[str, int],
    batch_size: int,
    bulk: bool,
    progress: Progress,
) -> SeedResult:
    """Insert the seed's rows with ids from `firsts` on; with `bulk`, around dropped and rebuilt indexes
    (the tables locked: see bulk_load_chosen), then the sequences moved past them."""
    questions = parameters["questions"]
    question_table, answer_table, photo_table = QA_TABLES
    parameters = parameters | {
        "question_base": firsts[question_table] - 1,
        "answer_base": firsts[answer_table] - 1,
        "photo_base": firsts[photo_table] - 1,
    }
    answers = photos = 0
    cursor.execute("SET LOCAL work_mem = '64MB'")
    progress.step(Stage.ROWS)
    with indexes_deferred(cursor) if bulk else nullcontext():
        for first in range(0, questions, batch_size):
            last = min(first + batch_size, questions) - 1
            cursor.execute(statements.INSERT_QUESTIONS_SQL, parameters | {"first": first, "last": last})
            cursor.execute(
                statements.INSERT_ANSWERS_SQL,
                parameters | {"first": first, "last": last, "answer_offset": answers},
            )
            batch_answers = cursor.rowcount
            cursor.execute(
                statements.INSERT_PHOTOS_SQL,
                parameters | {"first": answers, "last": answers + batch_answers - 1, "photo_offset": photos},
            )
            answers += batch_answers
            photos += cursor.rowcount
            progress.advanced(
                done=last + 1, total=questions, unit="questions", detail=f"{answers:,} answers, {photos:,} photos"
            )
        if bulk:
            progress.step(Stage.INDEXES)
    progress.step(Stage.SEQUENCES_AND_STATISTICS if bulk else Stage.STATISTICS)
    if bulk:
        sequences_advance(cursor)
    statistics_refresh(cursor)
    # Seeded products may already have cached lists that no longer hold all their questions.
    if settings.CACHE_ENABLED:
        transaction.on_commit(question_list_cache.invalidate_all_now)
    return SeedResult(
        questions=questions,
        answers=answers,
        photos=photos,
        first_question_id=firsts[question_table],
    )
