"""SQL expressions that write compact JSON text, the bytes the legacy service sent (JSON.stringify's).

The list routes' documents are built by PostgreSQL and handed to the response as they come. PostgreSQL's
own json_build_object() writes `"key" : value` with spaces, so the selectors build the text from these
pieces instead: each function returns an SQL expression of type text holding one JSON value. Strings go
through to_json(), which escapes them as JSON.stringify does. Measured on the 10M database, the documents
cost PostgreSQL the same time either way (docs/performance.md).
"""

from collections.abc import Sequence
from typing import Any

from django.db import connections, models, router

# A selector's SQL and its parameters.
Query = tuple[str, dict[str, Any]]

# to_char() pattern for `2020-07-04T14:03:21.000Z`, as JavaScript's toISOString() writes dates.
ISO_8601_UTC_MILLISECONDS = """'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'"""


def literal(text: str) -> str:
    """An SQL string literal of `text` (which holds no quote)."""
    return f"'{text}'"


def string(expression: str) -> str:
    return f"to_json({expression})::text"


def number(expression: str) -> str:
    return f"({expression})::text"


def date(expression: str) -> str:
    """A timestamptz as toISOString() writes it, in UTC with milliseconds."""
    return f"""'"' || to_char({expression} AT TIME ZONE 'UTC', {ISO_8601_UTC_MILLISECONDS}) || '"'"""


def json_object(members: Sequence[tuple[str, str]]) -> str:
    """An object with the members in order: (key, JSON text expression) pairs."""
    parts = []
    for position, (key, value) in enumerate(members):
        parts += [literal(("{" if position == 0 else ",") + f'"{key}":'), f"({value})"]
    return " || ".join([*parts, literal("}")])


def aggregated(element: str, *, order_by: str, source: str, opening: str, closing: str) -> str:
    """A JSON array or object of `element` over the rows of `source` (FROM ... WHERE ...), empty if none."""
    return (
        f"{literal(opening)} || COALESCE((SELECT string_agg({element}, ',' ORDER BY {order_by}) {source}), '')"
        f" || {literal(closing)}"
    )


def array(element: str, *, order_by: str, source: str) -> str:
    return aggregated(element, order_by=order_by, source=source, opening="[", closing="]")


def keyed_object(key: str, value: str, *, order_by: str, source: str) -> str:
    """An object of the rows of `source`: `key` (an SQL expression) names each row's `value`."""
    element = f"""'"' || ({key}) || '":' || {value}"""
    return aggregated(element, order_by=order_by, source=source, opening="{", closing="}")


def fetch_document(model: type[models.Model], query: Query) -> bytes | None:
    """The JSON text `query` selects, on the database the model is read from; None if it selects no row."""
    sql, params = query
    with connections[router.db_for_read(model)].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else row[0].encode()
