"""What the bulk loaders (the legacy import, the seed) share to load millions of rows fast and safely.

Each function takes a cursor inside the caller's transaction, so a failure rolls everything back.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from psycopg import sql

from answers.models import Answer, AnswerPhoto
from questions.models import Question

# Parents before children: the order rows must be loaded in.
QA_TABLES: tuple[str, ...] = tuple(model._meta.db_table for model in (Question, Answer, AnswerPhoto))

SECONDARY_INDEXES_SQL = """
SELECT pg_get_indexdef(i.indexrelid), i.indexrelid::regclass::text
FROM pg_index i
WHERE i.indrelid = ANY(%(tables)s::regclass[])
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
"""

CONSTRAINTS_SQL = """
SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
FROM pg_constraint
WHERE contype = %(type)s AND (conrelid = ANY(%(tables)s::regclass[]) OR confrelid = ANY(%(tables)s::regclass[]))
"""


def tables_lock_for_load(cursor, tables: Sequence[str] = QA_TABLES) -> None:
    """Block writes to the tables (reads go on) until the transaction ends, and check now every
    foreign key that earlier writes of the transaction deferred: PostgreSQL refuses to drop a
    constraint with checks pending, as indexes_deferred does."""
    cursor.execute(sql.SQL("LOCK TABLE {} IN EXCLUSIVE MODE").format(sql.SQL(", ").join(map(sql.Identifier, tables))))
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@contextmanager
def indexes_deferred(cursor, tables: Sequence[str] = QA_TABLES) -> Iterator[None]:
    """Drop the tables' indexes, primary keys and foreign keys, and build them again, identical, on exit.

    Loading into bare tables and indexing once is many times faster than maintaining every index row
    by row. Building the primary keys again checks that every id is unique, and building the foreign
    keys checks every loaded row against its parent: a load that broke either fails as a whole.
    """
    cursor.execute(SECONDARY_INDEXES_SQL, {"tables": list(tables)})
    indexes = cursor.fetchall()
    cursor.execute(CONSTRAINTS_SQL, {"tables": list(tables), "type": "p"})
    primary_keys = cursor.fetchall()
    cursor.execute(CONSTRAINTS_SQL, {"tables": list(tables), "type": "f"})
    foreign_keys = cursor.fetchall()
    # Foreign keys first: the primary keys they point at can only go after them.
    for table, name, _definition in foreign_keys + primary_keys:
        cursor.execute(sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(sql.Identifier(table), sql.Identifier(name)))
    for _definition, name in indexes:
        cursor.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
    yield
    cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
    for table, name, definition in primary_keys:
        cursor.execute(constraint_add(table, name, definition))
    for definition, _name in indexes:
        cursor.execute(definition)
    for table, name, definition in foreign_keys:
        cursor.execute(constraint_add(table, name, definition))


def constraint_add(table: str, name: str, definition: str) -> sql.Composable:
    return sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {}").format(
        sql.Identifier(table), sql.Identifier(name), sql.SQL(definition)
    )


def sequences_advance(cursor, tables: Sequence[str] = QA_TABLES) -> None:
    """Set each table's id sequence past its largest id, so new rows never collide with loaded ones."""
    for table in tables:
        cursor.execute(
            sql.SQL(
                "SELECT setval(pg_get_serial_sequence(%(table)s, 'id'), COALESCE(MAX(id), 0) + 1, false) FROM {}"
            ).format(sql.Identifier(table)),
            {"table": table},
        )


def statistics_refresh(cursor, tables: Sequence[str] = QA_TABLES) -> None:
    """ANALYZE the tables so the planner sees their new size and value spread."""
    for table in tables:
        cursor.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(table)))
