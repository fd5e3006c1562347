"""The three INSERT ... SELECT statements that make one batch of seeded rows inside PostgreSQL.

Every random value is a pure function of (seed, row ordinal, column): `hashint8extended(ordinal,
seed * STREAMS + stream)` gives 64 well-mixed bits, 53 of which become a uniform number in [0, 1).
Nothing depends on random() or on the order rows are made in, so a seed gives the same rows whatever
the batch size. Ordinals count rows of one kind from 0 in the order they are made: questions, then
each question's answers, then each answer's photos; a row's id is the table's largest id before the
seed plus 1 plus its ordinal, so the ids of one kind are contiguous.

Each statement takes the parameters `service.statement_parameters()` names plus the batch's `first` and `last`
ordinals (inclusive) and, for answers and photos, how many rows earlier batches made (`*_offset`).
"""

from dataclasses import dataclass
from enum import IntEnum

from management.seeding import vocabulary

MASK_53_BITS = (1 << 53) - 1
TWO_TO_53 = float(1 << 53)
# The brand answers as `Seller` with the literal e-mail `null`, as in the legacy data. Photos get
# image-CDN URLs with the length and query string of real ones.
SELLER_NAME = "Seller"
SELLER_EMAIL = "null"
PHOTO_URL_PREFIX = "https://images.unsplash.com/photo-"
PHOTO_URL_QUERY = "?ixlib=rb-1.2.1&auto=format&fit=crop&q=80&w="
# A reported row awaits review in the moderation queue, as reported legacy rows do (posts.models.Status).
STATUS = "CASE WHEN reported THEN 'reported' ELSE 'published' END"


class Stream(IntEnum):
    """One independent random number per row: which column (or choice) it decides."""

    QUESTION_OPENING_CHOICE = 0
    QUESTION_OPENING = 1
    QUESTION_SENTENCE = 2
    QUESTION_CLOSING_CHOICE = 3
    QUESTION_CLOSING = 4
    QUESTION_DATE = 5
    QUESTION_REPORTED = 6
    QUESTION_HELPFULNESS = 7
    QUESTION_ANSWER_COUNT = 8
    ASKER_NAME = 9
    ASKER_NAME_STYLE = 10
    ASKER_NAME_SUFFIX = 11
    ASKER_EMAIL_DOMAIN = 12
    ANSWER_SENTENCE_COUNT = 13
    ANSWER_SENTENCE_1 = 14
    ANSWER_SENTENCE_2 = 15
    ANSWER_SENTENCE_3 = 16
    ANSWER_DELAY = 17
    ANSWER_SELLER = 18
    ANSWER_REPORTED = 19
    ANSWER_HELPFULNESS = 20
    ANSWER_PHOTO_COUNT = 21
    ANSWERER_NAME = 22
    ANSWERER_NAME_STYLE = 23
    ANSWERER_NAME_SUFFIX = 24
    ANSWERER_EMAIL_DOMAIN = 25
    PHOTO_TIMESTAMP = 26
    PHOTO_HASH = 27
    PHOTO_WIDTH = 28


# Seeds are multiplied by this, so every (seed, stream) pair hashes with its own key.
STREAMS = 64


def uniform(stream: Stream, ordinal: str) -> str:
    """SQL for a number in [0, 1) drawn for the row `ordinal` (an SQL expression) and `stream`."""
    return (
        f"((hashint8extended({ordinal}, %(seed)s::bigint * {STREAMS} + {int(stream)}) & {MASK_53_BITS})::float8"
        f" / {TWO_TO_53})"
    )


def geometric(stream: Stream, ordinal: str, log_ratio_parameter: str) -> str:
    """SQL for a count 0, 1, 2, ... with P(k) = (1 - p) p^k; the parameter holds ln p (-Infinity for p = 0)."""
    return f"floor(ln(1 - {uniform(stream, ordinal)}) / %({log_ratio_parameter})s::float8)::int"


def chosen(words: tuple[str, ...], parameter: str, stream: Stream, ordinal: str) -> str:
    """SQL for one of `words` (passed as the array parameter `parameter`), each as likely."""
    return f"(%({parameter})s::text[])[1 + floor({uniform(stream, ordinal)} * {len(words)})::int]"


def when(probability_parameter: str, stream: Stream, ordinal: str, value: str) -> str:
    """SQL for `value` with the probability held in the parameter, else NULL."""
    return f"CASE WHEN {uniform(stream, ordinal)} < %({probability_parameter})s::float8 THEN {value} END"


@dataclass(frozen=True)
class PersonStreams:
    name: Stream
    style: Stream
    suffix: Stream
    email_domain: Stream


ASKER = PersonStreams(Stream.ASKER_NAME, Stream.ASKER_NAME_STYLE, Stream.ASKER_NAME_SUFFIX, Stream.ASKER_EMAIL_DOMAIN)
ANSWERER = PersonStreams(
    Stream.ANSWERER_NAME, Stream.ANSWERER_NAME_STYLE, Stream.ANSWERER_NAME_SUFFIX, Stream.ANSWERER_EMAIL_DOMAIN
)


def user_name(streams: PersonStreams, ordinal: str) -> str:
    """SQL for a user name: half plain (`hiker`), 3 in 10 with a number (`hiker1987`), 2 in 10 with an
    adjective (`happyhiker`); 4 to 20 characters."""
    name = chosen(vocabulary.USER_NAMES, "user_names", streams.name, ordinal)
    style = uniform(streams.style, ordinal)
    number = f"floor({uniform(streams.suffix, ordinal)} * 10000)::int::text"
    adjective = chosen(vocabulary.NAME_ADJECTIVES, "name_adjectives", streams.suffix, ordinal)
    return (
        f"CASE WHEN {style} < 0.5 THEN {name} WHEN {style} < 0.8 THEN {name} || {number} ELSE {adjective} || {name} END"
    )


def email_domain(streams: PersonStreams, ordinal: str) -> str:
    return chosen(vocabulary.EMAIL_DOMAINS, "email_domains", streams.email_domain, ordinal)


def question_date(ordinal: str) -> str:
    """SQL for the date of question `ordinal`: uniform over the seeded years, to the millisecond."""
    return (
        f"%(dates_from)s::timestamptz + floor({uniform(Stream.QUESTION_DATE, ordinal)} * %(date_span_ms)s::float8)"
        " * interval '1 millisecond'"
    )


def product_id(ordinal: str) -> str:
    """SQL for the product of question `ordinal`, skewed: a few products get hundreds of questions.

    The questions are spread over product ranks by the inverse of the cumulative share G(x) of a
    density proportional to (x + e)^-b over the rank fraction x in [0, 1] (see PRODUCT_SKEW in service.py). Instead of
    a random draw, question `ordinal` takes the quantile (position + 0.5) / questions, where position is
    a fixed permutation of the ordinals: every product then gets its expected count, rounded, so none
    is left without questions by chance. A second permutation maps ranks to product ids, so popular
    products are spread over the whole id range, the highest ids included.
    """
    position = f"mod({ordinal} * %(question_multiplier)s::bigint + %(question_shift)s::bigint, %(questions)s::bigint)"
    quantile = f"(({position} + 0.5) / %(questions)s::float8)"
    fraction = (
        f"power(%(rank_low)s::float8 + {quantile} * %(rank_span)s::float8, 1 / %(rank_exponent)s::float8)"
        " - %(rank_offset)s::float8"
    )
    rank = f"least(%(products)s::bigint - 1, greatest(0, floor(%(products)s::bigint * ({fraction}))::bigint))"
    return f"1 + mod({rank} * %(product_multiplier)s::bigint + %(product_shift)s::bigint, %(products)s::bigint)"


def answer_count(ordinal: str) -> str:
    return geometric(Stream.QUESTION_ANSWER_COUNT, ordinal, "answers_log_ratio")


def photo_count(ordinal: str) -> str:
    """At most MAX_PHOTOS_PER_ANSWER, the API's limit."""
    return f"least(%(max_photos)s::int, {geometric(Stream.ANSWER_PHOTO_COUNT, ordinal, 'photos_log_ratio')})"


QUESTION_BODY = "concat_ws(' ', {opening}, {sentence}, {closing})".format(
    opening=when(
        "question_opening_share",
        Stream.QUESTION_OPENING_CHOICE,
        "n",
        chosen(vocabulary.QUESTION_OPENINGS, "question_openings", Stream.QUESTION_OPENING, "n"),
    ),
    sentence=chosen(vocabulary.QUESTIONS, "questions_asked", Stream.QUESTION_SENTENCE, "n"),
    closing=when(
        "question_closing_share",
        Stream.QUESTION_CLOSING_CHOICE,
        "n",
        chosen(vocabulary.QUESTION_CLOSINGS, "question_closings", Stream.QUESTION_CLOSING, "n"),
    ),
)

INSERT_QUESTIONS_SQL = f"""
INSERT INTO questions_question
    (id, product_id, body, date_written, asker_name, asker_email, status, report_count, helpfulness)
SELECT %(question_base)s::bigint + 1 + n, product_id, body, date_written,
       asker_name, asker_name || '@' || email_domain, {STATUS}, reported::int, helpfulness
FROM (
    SELECT n,
           {product_id("n")} AS product_id,
           {QUESTION_BODY} AS body,
           {question_date("n")} AS date_written,
           {user_name(ASKER, "n")} AS asker_name,
           {email_domain(ASKER, "n")} AS email_domain,
           {uniform(Stream.QUESTION_REPORTED, "n")} < %(reported_share)s::float8 AS reported,
           {geometric(Stream.QUESTION_HELPFULNESS, "n", "helpfulness_log_ratio")} AS helpfulness
    FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS n
) AS question
"""

ANSWER_BODY = "concat_ws(' ', {first}, {second}, {third})".format(
    first=chosen(vocabulary.ANSWERS, "answer_sentences", Stream.ANSWER_SENTENCE_1, "a"),
    second=when(
        "answer_second_sentence_share",
        Stream.ANSWER_SENTENCE_COUNT,
        "a",
        chosen(vocabulary.ANSWERS, "answer_sentences", Stream.ANSWER_SENTENCE_2, "a"),
    ),
    third=when(
        "answer_third_sentence_share",
        Stream.ANSWER_SENTENCE_COUNT,
        "a",
        chosen(vocabulary.ANSWERS, "answer_sentences", Stream.ANSWER_SENTENCE_3, "a"),
    ),
)

ANSWER_DATE = (
    f"least(%(dates_until)s::timestamptz - interval '1 millisecond', {question_date('n')}"
    f" + floor(-ln(1 - {uniform(Stream.ANSWER_DELAY, 'a')}) * %(answer_delay_mean_ms)s::float8)"
    " * interval '1 millisecond')"
)

# Answers of questions first..last: each question's count, then a running sum places its answers.
INSERT_ANSWERS_SQL = f"""
WITH counted AS (
    SELECT n, {answer_count("n")} AS answers
    FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS n
), placed AS (
    SELECT n, answers, %(answer_offset)s::bigint + sum(answers) OVER (ORDER BY n) - answers AS first_answer
    FROM counted
)
INSERT INTO answers_answer
    (id, question_id, body, date_written, answerer_name, answerer_email, status, report_count, helpfulness)
SELECT %(answer_base)s::bigint + 1 + a, %(question_base)s::bigint + 1 + n, body, date_written,
       CASE WHEN seller THEN %(seller_name)s ELSE answerer_name END,
       CASE WHEN seller THEN %(seller_email)s ELSE answerer_name || '@' || email_domain END,
       {STATUS}, reported::int, helpfulness
FROM (
    SELECT n, a,
           {ANSWER_BODY} AS body,
           {ANSWER_DATE} AS date_written,
           {uniform(Stream.ANSWER_SELLER, "a")} < %(seller_share)s::float8 AS seller,
           {user_name(ANSWERER, "a")} AS answerer_name,
           {email_domain(ANSWERER, "a")} AS email_domain,
           {uniform(Stream.ANSWER_REPORTED, "a")} < %(reported_share)s::float8 AS reported,
           {geometric(Stream.ANSWER_HELPFULNESS, "a", "helpfulness_log_ratio")} AS helpfulness
    FROM placed, generate_series(first_answer, first_answer + answers - 1) AS a
) AS answer
"""

PHOTO_URL = (
    f"%(photo_url_prefix)s || (1500000000000 + floor({uniform(Stream.PHOTO_TIMESTAMP, 'p')} * 100000000000))::bigint"
    f" || '-' || lpad(to_hex(hashint8extended(p, %(seed)s::bigint * {STREAMS} + {int(Stream.PHOTO_HASH)})"
    f" & 281474976710655), 12, '0')"
    f" || %(photo_url_query)s || {chosen(vocabulary.PHOTO_WIDTHS, 'photo_widths', Stream.PHOTO_WIDTH, 'p')}"
)

# Photos of answers first..last (answer ordinals), placed like the answers.
INSERT_PHOTOS_SQL = f"""
WITH counted AS (
    SELECT a, {photo_count("a")} AS photos
    FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS a
), placed AS (
    SELECT a, photos, %(photo_offset)s::bigint + sum(photos) OVER (ORDER BY a) - photos AS first_photo
    FROM counted
)
INSERT INTO answers_answerphoto (id, answer_id, url)
SELECT %(photo_base)s::bigint + 1 + p, %(answer_base)s::bigint + 1 + a, {PHOTO_URL}
FROM placed, generate_series(first_photo, first_photo + photos - 1) AS p
"""
