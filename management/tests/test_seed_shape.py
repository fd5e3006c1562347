"""The seeded data has the documented shape (docs/seed.md), checked on a small deterministic run."""

from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.db import connection

QUESTIONS = 2_000
PRODUCTS = 200


@pytest.fixture
def seeded(db) -> None:
    call_command("seed", questions=QUESTIONS, products=PRODUCTS, seed=7, verbosity=0)


def one_row(query: str) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(query)
        return cursor.fetchone()


def test_answers_and_photos_per_parent_have_the_requested_means(seeded):
    answers, photos = one_row(
        "SELECT (SELECT count(*) FROM answers_answer), (SELECT count(*) FROM answers_answerphoto)"
    )

    assert answers / QUESTIONS == pytest.approx(2.0, abs=0.2)
    assert photos / answers == pytest.approx(0.3, abs=0.05)


def test_answer_counts_have_a_long_tail(seeded):
    unanswered, most = one_row(
        """SELECT count(*) FILTER (WHERE answers = 0), max(answers)
           FROM (SELECT count(a.id) AS answers FROM questions_question q
                 LEFT JOIN answers_answer a ON a.question_id = q.id GROUP BY q.id) AS counts"""
    )

    assert unanswered / QUESTIONS == pytest.approx(1 / 3, abs=0.05)
    assert most >= 12


def test_answers_have_at_most_five_photos(seeded):
    (most,) = one_row(
        "SELECT max(photos) FROM (SELECT count(*) AS photos FROM answers_answerphoto GROUP BY answer_id) p"
    )

    assert 2 <= most <= 5


def test_products_have_a_skewed_number_of_questions_and_none_is_left_out(seeded):
    products, fewest, median, most, last_tenth = one_row(
        f"""SELECT count(*), min(questions), percentile_disc(0.5) WITHIN GROUP (ORDER BY questions), max(questions),
                   count(*) FILTER (WHERE product_id > {PRODUCTS * 9 // 10})
            FROM (SELECT product_id, count(*) AS questions FROM questions_question GROUP BY product_id) counts"""
    )

    assert products == PRODUCTS
    assert last_tenth == PRODUCTS // 10
    assert fewest >= 1
    assert median <= 6
    assert most >= 100


def test_one_answer_in_ten_is_by_the_seller_with_the_legacy_null_email(seeded):
    seller_share, seller_emails = one_row(
        """SELECT avg((answerer_name = 'Seller')::int),
                  array_agg(DISTINCT answerer_email) FILTER (WHERE answerer_name = 'Seller')
           FROM answers_answer"""
    )

    assert float(seller_share) == pytest.approx(0.1, abs=0.02)
    assert seller_emails == ["null"]


def test_a_few_percent_are_reported(seeded):
    questions, answers = one_row(
        "SELECT (SELECT avg((status = 'reported')::int) FROM questions_question),"
        " (SELECT avg((status = 'reported')::int) FROM answers_answer)"
    )

    assert 0.01 <= questions <= 0.06
    assert 0.01 <= answers <= 0.06


@pytest.mark.parametrize("table", ["questions_question", "answers_answer"])
def test_reported_items_count_one_report_and_wait_in_the_moderation_queue(seeded, table):
    mismatched = one_row(
        f"SELECT count(*) FROM {table} WHERE report_count <> (status = 'reported')::int OR status = 'removed'"
        " OR reviewed_at IS NOT NULL"
    )

    assert mismatched == (0,)


@pytest.mark.parametrize("table", ["questions_question", "answers_answer"])
def test_helpfulness_is_skewed_toward_zero(seeded, table):
    mode, mean, most = one_row(
        f"SELECT mode() WITHIN GROUP (ORDER BY helpfulness), avg(helpfulness), max(helpfulness) FROM {table}"
    )

    assert mode == 0
    assert float(mean) == pytest.approx(3, abs=0.3)
    assert most >= 15


def test_dates_spread_over_2018_to_2024_to_the_millisecond_and_answers_follow_their_question(seeded):
    earliest, latest, years, whole_milliseconds, answered_before_asked = one_row(
        """SELECT min(d), max(d), count(DISTINCT extract(year FROM d)), bool_and(date_trunc('milliseconds', d) = d),
                  (SELECT count(*) FROM answers_answer a JOIN questions_question q ON q.id = a.question_id
                   WHERE a.date_written < q.date_written)
           FROM (SELECT date_written AS d FROM questions_question
                 UNION ALL SELECT date_written FROM answers_answer) dates"""
    )

    assert datetime(2018, 1, 1, tzinfo=UTC) <= earliest < datetime(2018, 3, 1, tzinfo=UTC)
    assert datetime(2024, 10, 1, tzinfo=UTC) < latest < datetime(2025, 1, 1, tzinfo=UTC)
    assert years == 7
    assert whole_milliseconds
    assert answered_before_asked == 0


def test_bodies_names_and_emails_have_realistic_lengths(seeded):
    question_body, answer_body, name, longest_name, invalid_emails = one_row(
        """SELECT (SELECT avg(length(body)) FROM questions_question), (SELECT avg(length(body)) FROM answers_answer),
                  avg(length(name)), max(length(name)), count(*) FILTER (WHERE email !~ '^[a-z0-9]+@[a-z]+\\.com$')
           FROM (SELECT asker_name AS name, asker_email AS email FROM questions_question
                 UNION ALL SELECT answerer_name, answerer_email FROM answers_answer
                 WHERE answerer_name <> 'Seller') people"""
    )

    assert 30 <= question_body <= 80
    assert 40 <= answer_body <= 100
    assert 6 <= name <= 14
    assert longest_name <= 20
    assert invalid_emails == 0
