"""Reads of questions.

The list route is the hottest path of the service, so its JSON document is built by PostgreSQL in a
single index-backed query and handed to the response as it comes: no model instances, no serializer,
no parsing. The document nests the question's answers and their photos, so this query reads the
answers' tables too: the one place where questions know about answers.
"""

from django.db import connections, router

from posts import json_sql
from posts.models import Status
from questions.models import Question

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
                source="FROM answers_answer a WHERE a.question_id = q.id AND a.status = 'published'",
            ),
        ),
    ]
)

QUESTION_LIST = json_sql.json_object(
    [
        ("product_id", json_sql.string("%(product_id)s::text")),
        ("results", json_sql.array(QUESTION, order_by="q.helpfulness DESC, q.id", source="FROM page q")),
    ]
)

# The page of questions, most helpful first, through question_product_list_idx; then its document.
QUESTION_LIST_SQL = f"""
WITH page AS (
    SELECT id, body, date_written, asker_name, helpfulness
    FROM questions_question
    WHERE product_id = %(product_id)s AND status = 'published'
    ORDER BY helpfulness DESC, id
    LIMIT %(limit)s OFFSET %(offset)s
)
SELECT {QUESTION_LIST}
"""


def question_list_document(*, product_id: int, page: int, count: int) -> bytes:
    """The body of `GET /qa/questions`: one page of a product's published questions, as JSON."""
    with connections[router.db_for_read(Question)].cursor() as cursor:
        cursor.execute(QUESTION_LIST_SQL, {"product_id": product_id, "limit": count, "offset": (page - 1) * count})
        return cursor.fetchone()[0].encode()


def question_get_listed(*, question_id: int) -> Question | None:
    """The question if it exists and is published, that is, if it is shown in lists."""
    return Question.objects.filter(pk=question_id, status=Status.PUBLISHED).first()
