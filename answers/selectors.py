"""Reads of answers: like the question list, the answer list is one query built by PostgreSQL."""

from typing import Any

import orjson
from django.db import connections, router

from answers.models import Answer
from questions.selectors import ISO_8601_UTC_MILLISECONDS

ANSWER_LIST_SQL = f"""
SELECT json_build_object(
    'question', q.id::text,
    'page', %(page)s,
    'count', %(count)s,
    'results', COALESCE((
        SELECT json_agg(json_build_object(
            'answer_id', a.id,
            'body', a.body,
            'date', to_char(a.date_written AT TIME ZONE 'UTC', {ISO_8601_UTC_MILLISECONDS}),
            'answerer_name', a.answerer_name,
            'helpfulness', a.helpfulness,
            'photos', COALESCE((
                SELECT json_agg(json_build_object('id', p.id, 'url', p.url) ORDER BY p.id)
                FROM answers_answerphoto p
                WHERE p.answer_id = a.id
            ), '[]'::json)
        ) ORDER BY a.helpfulness DESC, a.id)
        FROM (
            SELECT id, body, date_written, answerer_name, helpfulness
            FROM answers_answer
            WHERE question_id = q.id AND status = 'published'
            ORDER BY helpfulness DESC, id
            LIMIT %(count)s OFFSET %(offset)s
        ) a
    ), '[]'::json)
)::text
FROM questions_question q
WHERE q.id = %(question_id)s AND q.status = 'published'
"""


def answer_list_for_question(*, question_id: int, page: int, count: int) -> dict[str, Any] | None:
    """The document of `GET /qa/questions/:id/answers`, or None if the question is not listed."""
    with connections[router.db_for_read(Answer)].cursor() as cursor:
        cursor.execute(
            ANSWER_LIST_SQL,
            {"question_id": question_id, "page": page, "count": count, "offset": (page - 1) * count},
        )
        row = cursor.fetchone()
    return None if row is None else orjson.loads(row[0])
