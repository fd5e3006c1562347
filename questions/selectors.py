"""Reads of questions.

The list route is the hottest path of the service, so its JSON document is built by PostgreSQL in a
single index-backed query and handed to the response as it comes: no model instances, no serializer,
no parsing. The document nests the question's answers and their photos, so this query reads the
answers' tables too (as do its search, matching answers' text, and the product summary, counting them): the one
place where questions know about answers.
"""

import functools
from typing import Any, cast

from django.conf import settings

from posts import json_sql, search, sorting
from posts.models import Status
from posts.sorting import Sort
from questions.models import Question

# The answers a question's document nests, counts and searches (aliased `a`, the question `q`).
LISTED_ANSWERS = "FROM answers_answer a WHERE a.question_id = q.id AND a.status = 'published'"

ANSWER_IN_QUESTION = json_sql.json_object(
    [
        ("id", json_sql.number("a.id")),
        ("body", json_sql.string("a.body")),
        ("date", json_sql.date("a.date_written")),
        ("answerer_name", json_sql.string("a.answerer_name")),
        ("helpfulness", json_sql.number("a.helpfulness")),
        (
            "photos",
            json_sql.array(
                json_sql.string("p.url"), order_by="p.id", source="FROM answers_answerphoto p WHERE p.answer_id = a.id"
            ),
        ),
    ]
)

QUESTION = json_sql.json_object(
    [
        ("question_id", json_sql.number("q.id")),
        ("question_body", json_sql.string("q.body")),
        ("question_date", json_sql.date("q.date_written")),
        ("asker_name", json_sql.string("q.asker_name")),
        ("question_helpfulness", json_sql.number("q.helpfulness")),
        ("reported", "'false'"),
        (
            "answers",
            json_sql.keyed_object(
                "a.id",
                ANSWER_IN_QUESTION,
                order_by="a.id",
                source=LISTED_ANSWERS,
            ),
        ),
    ]
)

LISTED_ANSWER_EXISTS = f"EXISTS (SELECT {LISTED_ANSWERS})"

QUESTION_DOCUMENT = search.document_sql("q")
ANSWER_DOCUMENT = search.document_sql("a")
# The question's text or one of its listed answers' has the words of `query`.
SEARCH_MATCH = f"({QUESTION_DOCUMENT} @@ query OR EXISTS (SELECT {LISTED_ANSWERS} AND {ANSWER_DOCUMENT} @@ query))"
# How well a question matches: a match in its text weighs more than one in an answer's (ts_rank's weights of A and
# B), and each matching text adds to it.
RELEVANCE = f"""ts_rank(setweight({QUESTION_DOCUMENT}, 'A'), query) + COALESCE((
        SELECT sum(ts_rank(setweight({ANSWER_DOCUMENT}, 'B'), query)) {LISTED_ANSWERS} AND {ANSWER_DOCUMENT} @@ query
    ), 0)"""
BEST_MATCH_FIRST = "relevance DESC, q.id"


@functools.cache
def question_list_sql(*, order: str, answered: bool | None, search: bool) -> str:
    """The query of one page of a product's listed questions in `order` (filtered by `answered` unless None, and by
    the words of `%(q)s` if `search`), and its document. The product's rows are read through the index of `order`
    (posts/sorting.py) or, for the best match first, any of the product's partial indexes; a search matches each
    one's stored document and its listed answers'."""
    relevance = f",\n    {RELEVANCE} AS relevance" if order == BEST_MATCH_FIRST else ""
    sources = ", websearch_to_tsquery(%(language)s::regconfig, %(q)s) query" if search else ""
    conditions = ["q.product_id = %(product_id)s", "q.status = 'published'"]
    if answered is not None:
        conditions.append(LISTED_ANSWER_EXISTS if answered else f"NOT {LISTED_ANSWER_EXISTS}")
    if search:
        conditions.append(SEARCH_MATCH)
    document = json_sql.json_object(
        [
            ("product_id", json_sql.string("%(product_id)s::text")),
            ("results", json_sql.array(QUESTION, order_by=order, source="FROM page q")),
        ]
    )
    return f"""
WITH page AS (
    SELECT q.id, q.body, q.date_written, q.asker_name, q.helpfulness{relevance}
    FROM questions_question q{sources}
    WHERE {" AND ".join(conditions)}
    ORDER BY {order}
    LIMIT %(limit)s OFFSET %(offset)s
)
SELECT {document}
"""


def question_list_query(
    *,
    product_id: int,
    page: int,
    count: int,
    sort: Sort | None = None,
    answered: bool | None = None,
    q: str | None = None,
) -> json_sql.Query:
    """One page of a product's published questions by `sort`; without one, the best match of the search `q` first
    if there is one, else the most helpful."""
    best_match_first = sort is None and q is not None
    order = BEST_MATCH_FIRST if best_match_first else sorting.order_by(sort or Sort.HELPFUL, alias="q")
    params = {
        "product_id": product_id,
        "limit": count,
        "offset": (page - 1) * count,
        "q": q,
        "language": settings.SEARCH_LANGUAGE,
    }
    return question_list_sql(order=order, answered=answered, search=q is not None), params


def question_list_document(**params: Any) -> bytes:
    """The body of `GET /qa/questions` as JSON: `question_list_query`'s page."""
    return cast(bytes, json_sql.fetch_document(Question, question_list_query(**params)))  # an aggregate: one row


PRODUCT_SUMMARY = json_sql.json_object(
    [
        ("product_id", json_sql.string("%(product_id)s::text")),
        ("questions", json_sql.number("count(*)")),
        ("answered", json_sql.number("count(*) FILTER (WHERE listed.answers > 0)")),
        ("answers", json_sql.number("COALESCE(sum(listed.answers), 0)")),
    ]
)

# Counted through question_product_list_idx and answer_question_list_idx (index-only scans once vacuumed).
PRODUCT_SUMMARY_SQL = f"""
SELECT {PRODUCT_SUMMARY}
FROM questions_question q, LATERAL (
    SELECT count(*) AS answers {LISTED_ANSWERS}
) listed
WHERE q.product_id = %(product_id)s AND q.status = 'published'
"""


def product_summary_query(*, product_id: int) -> json_sql.Query:
    return PRODUCT_SUMMARY_SQL, {"product_id": product_id}


def product_summary_document(*, product_id: int) -> bytes:
    """The body of `GET /qa/products/:product_id/summary`: a product's listed questions and answers, counted."""
    return cast(bytes, json_sql.fetch_document(Question, product_summary_query(product_id=product_id)))


def question_get_listed(*, question_id: int) -> Question | None:
    """The question if it exists and is published, that is, if it is shown in lists."""
    return Question.objects.filter(pk=question_id, status=Status.PUBLISHED).first()
