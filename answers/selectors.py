"""Reads of answers: like the question list, the answer list is one query whose JSON PostgreSQL writes."""

from django.db import connections, router

from answers.models import Answer
from posts import json_sql

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

# The page of answers, most helpful first, through answer_question_list_idx.
ANSWER_PAGE = """FROM (
    SELECT id, body, date_written, answerer_name, helpfulness
    FROM answers_answer
    WHERE question_id = q.id AND status = 'published'
    ORDER BY helpfulness DESC, id
    LIMIT %(count)s OFFSET %(offset)s
) a"""

ANSWER_LIST = json_sql.json_object(
    [
        ("question", json_sql.string("q.id::text")),
        ("page", json_sql.number("%(page)s::integer")),
        ("count", json_sql.number("%(count)s::integer")),
        ("results", json_sql.array(ANSWER, order_by="a.helpfulness DESC, a.id", source=ANSWER_PAGE)),
    ]
)

ANSWER_LIST_SQL = f"""
SELECT {ANSWER_LIST}
FROM questions_question q
WHERE q.id = %(question_id)s AND q.status = 'published'
"""


def answer_list_document(*, question_id: int, page: int, count: int) -> bytes | None:
    """The body of `GET /qa/questions/:id/answers` as JSON, or None if the question is not listed."""
    with connections[router.db_for_read(Answer)].cursor() as cursor:
        cursor.execute(
            ANSWER_LIST_SQL,
            {"question_id": question_id, "page": page, "count": count, "offset": (page - 1) * count},
        )
        row = cursor.fetchone()
    return None if row is None else row[0].encode()
