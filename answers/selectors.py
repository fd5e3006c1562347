"""Reads of answers: like the question list, the answer list is one query whose JSON PostgreSQL writes."""

import functools
from typing import Any

from answers.models import Answer
from posts import json_sql, sorting
from posts.sorting import Sort

ANSWER = json_sql.json_object(
    [
        ("answer_id", json_sql.number("a.id")),
        ("body", json_sql.string("a.body")),
        ("date", json_sql.date("a.date_written")),
        ("answerer_name", json_sql.string("a.answerer_name")),
        ("helpfulness", json_sql.number("a.helpfulness")),
        (
            "photos",
            json_sql.array(
                json_sql.json_object([("id", json_sql.number("p.id")), ("url", json_sql.string("p.url"))]),
                order_by="p.id",
                source="FROM answers_answerphoto p WHERE p.answer_id = a.id",
            ),
        ),
    ]
)

# The page of a question's answers in `{order}`, through the index of that order (posts/sorting.py).
ANSWER_PAGE = """FROM (
    SELECT a.id, a.body, a.date_written, a.answerer_name, a.helpfulness
    FROM answers_answer a
    WHERE a.question_id = q.id AND a.status = 'published'
    ORDER BY {order}
    LIMIT %(count)s OFFSET %(offset)s
) a"""


@functools.cache
def answer_list_sql(sort: Sort) -> str:
    order = sorting.order_by(sort, alias="a")
    answer_list = json_sql.json_object(
        [
            ("question", json_sql.string("q.id::text")),
            ("page", json_sql.number("%(page)s::integer")),
            ("count", json_sql.number("%(count)s::integer")),
            ("results", json_sql.array(ANSWER, order_by=order, source=ANSWER_PAGE.format(order=order))),
        ]
    )
    return f"""
SELECT {answer_list}
FROM questions_question q
WHERE q.id = %(question_id)s AND q.status = 'published'
"""


def answer_list_query(*, question_id: int, page: int, count: int, sort: Sort = Sort.HELPFUL) -> json_sql.Query:
    return answer_list_sql(sort), {
        "question_id": question_id,
        "page": page,
        "count": count,
        "offset": (page - 1) * count,
    }


def answer_list_document(**params: Any) -> bytes | None:
    """The body of `GET /qa/questions/:id/answers` as JSON (`answer_list_query`'s), or None if the question is not
    listed."""
    return json_sql.fetch_document(Answer, answer_list_query(**params))
