"""Seed the Q&A tables with millions of realistic questions, answers and photos, made inside PostgreSQL.

The whole seed is one transaction: it adds all its rows or none. The three tables are locked against
writes (reads go on) so no row can take an id the seed is about to use. When the seed is large next
to what the tables hold, their indexes, primary keys and foreign keys are dropped while the rows go in
and built once at the end; then the id sequences are moved past the new rows and the tables analyzed.
"""

import math
import random
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from psycopg import sql

from management.bulk import (
    QA_TABLES,
    indexes_deferred,
    sequences_advance,
    statistics_refresh,
    tables_lock_for_load,
)
from management.seeding import statements, vocabulary
from questions.cache import question_list_cache

# The shape of the seeded data; docs/seed.md says where each number comes from.
REPORTED_SHARE = 0.03
SELLER_SHARE = 0.1
HELPFULNESS_MEAN = 3.0
MAX_PHOTOS = 5
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
# Indexes are rebuilt from scratch, rather than maintained row by row, when the seed adds at least
# this many questions for each question already in the table.
DEFER_INDEXES_FROM_RATIO = 1.0


class Stage(StrEnum):
    ROWS = "inserting rows"
    INDEXES = "building indexes and foreign keys"
    SEQUENCES_AND_STATISTICS = "advancing sequences and analyzing"


@dataclass(frozen=True)
class SeedProgress:
    stage: Stage
    questions: int
    answers: int
    photos: int


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
        "max_photos": MAX_PHOTOS,
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


def largest_ids(cursor) -> dict[str, int]:
    """Each Q&A table's largest id, 0 if empty: the seeded ids start right after it."""
    largest = {}
    for table in QA_TABLES:
        cursor.execute(sql.SQL("SELECT COALESCE(MAX(id), 0) FROM {}").format(sql.Identifier(table)))
        largest[table] = cursor.fetchone()[0]
    return largest


def question_count(cursor) -> int:
    cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(QA_TABLES[0])))
    return cursor.fetchone()[0]


def qa_seed(
    *,
    questions: int,
    products: int,
    answers_per_question: float,
    photos_per_answer: float,
    seed: int,
    batch_size: int,
    on_progress: Callable[[SeedProgress], None] = lambda progress: None,
) -> SeedResult:
    """Add `questions` questions over products 1..`products`, with their answers and photos.

    The same arguments give the same rows, whatever `batch_size` (questions per statement) is, as
    long as the tables hold the same largest ids beforehand.
    """
    parameters = statement_parameters(
        questions=questions,
        products=products,
        answers_per_question=answers_per_question,
        photos_per_answer=photos_per_answer,
        seed=seed,
    )
    answers = photos = 0
    with transaction.atomic(), connection.cursor() as cursor:
        tables_lock_for_load(cursor)
        cursor.execute("SET LOCAL work_mem = '64MB'")
        question_table, answer_table, photo_table = QA_TABLES
        largest = largest_ids(cursor)
        parameters |= {
            "question_base": largest[question_table],
            "answer_base": largest[answer_table],
            "photo_base": largest[photo_table],
        }
        defer_indexes = questions >= DEFER_INDEXES_FROM_RATIO * question_count(cursor)
        with indexes_deferred(cursor) if defer_indexes else nullcontext():
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
                on_progress(SeedProgress(Stage.ROWS, last + 1, answers, photos))
            if defer_indexes:
                on_progress(SeedProgress(Stage.INDEXES, questions, answers, photos))
        on_progress(SeedProgress(Stage.SEQUENCES_AND_STATISTICS, questions, answers, photos))
        sequences_advance(cursor)
        statistics_refresh(cursor)
        # Seeded products may already have cached lists that no longer hold all their questions.
        if settings.CACHE_ENABLED:
            transaction.on_commit(question_list_cache.invalidate_all_now)
    return SeedResult(
        questions=questions,
        answers=answers,
        photos=photos,
        first_question_id=largest[question_table] + 1,
    )
