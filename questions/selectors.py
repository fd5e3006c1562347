"""Reads of questions.

The list route is the hottest path of the service, so its JSON document is built by PostgreSQL in a
single index-backed query: no model instances, no serializer; the view renders it with orjson.
The SQL writes dates the way JavaScript's `toISOString()` does, like the legacy service.
"""

from typing import Any

import orjson
from django.db import connections, router

from posts.models import Status
from questions.models import Question

# to_char() pattern for `2020-07-04T14:03:21.000Z`; applied to a timestamptz taken AT TIME ZONE 'UTC'.
ISO_8601_UTC_MILLISECONDS = """'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'"""

QUESTION_LIST_SQL = f"""
WITH page AS (
    SELECT id, body, date_written, asker_name, helpfulness
    FROM questions_question
    WHERE product_id = %(product_id)s AND status = 'published'
    ORDER BY helpfulness DESC, id
    LIMIT %(limit)s OFFSET %(offset)s
)
SELECT json_build_object(
    'product_id', %(product_id)s::text,
    'results', COALESCE(json_agg(json_build_object(
        'question_id', q.id,
        'question_body', q.body,
        'question_date', to_char(q.date_written AT TIME ZONE 'UTC', {ISO_8601_UTC_MILLISECONDS}),
        'asker_name', q.asker_name,
        'question_helpfulness', q.helpfulness,
        'reported', false,
        'answers', COALESCE((
            SELECT json_object_agg(a.id::text, json_build_object(
                'id', a.id,
                'body', a.body,
                'date', to_char(a.date_written AT TIME ZONE 'UTC', {ISO_8601_UTC_MILLISECONDS}),
                'answerer_name', a.answerer_name,
                'helpfulness', a.helpfulness,
                'photos', COALESCE((
                    SELECT json_agg(p.url ORDER BY p.id)
                    FROM answers_answerphoto p
                    WHERE p.answer_id = a.id
                ), '[]'::json)
            ) ORDER BY a.id)
            FROM answers_answer a
            WHERE a.question_id = q.id AND a.status = 'published'
        ), '{{}}'::json)
    ) ORDER BY q.helpfulness DESC, q.id), '[]'::json)
)::text
FROM page q
"""


def question_list_for_product(*, product_id: int, page: int, count: int) -> dict[str, Any]:
    """The document of `GET /qa/questions`: one page of a product's unreported questions."""
    with connections[router.db_for_read(Question)].cursor() as cursor:
        cursor.execute(QUESTION_LIST_SQL, {"product_id": product_id, "limit": count, "offset": (page - 1) * count})
        return orjson.loads(cursor.fetchone()[0])


def question_get_listed(*, question_id: int) -> Question | None:
    """The question if it exists and is published, that is, if it is shown in lists."""
    return Question.objects.filter(pk=question_id, status=Status.PUBLISHED).first()
