"""What the bulk loaders (the legacy import, the seed) share to load millions of rows fast and safely.

A load runs one of two ways, chosen by `bulk_load_chosen`:

- **Bulk**, when the Q&A tables are all empty or the operator says the database serves no traffic
  (`--offline`): the tables are locked against writes for the whole load (reads go on until indexes are
  dropped, which locks them out too), indexes, primary keys and foreign keys are dropped and built again
  at the end, and the id sequences are moved past the loaded rows.
- **Live**, otherwise: no table lock at all. The ids the load will use are first reserved with
  `ids_reserve`, a transaction of milliseconds, and the rows then go in with plain INSERTs into the
  indexed tables, which take only the locks the API's own writes take.

`loads_serialized` makes imports and seeds run one at a time. docs/import.md has the lock analysis.
"""

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
from django.db import DatabaseError, OperationalError, connection, transaction
from psycopg import sql

from answers.models import Answer, AnswerPhoto
from questions.models import Question

# Parents before children: the order rows must be loaded in, and the order every lock is taken in.
QA_TABLES: tuple[str, ...] = tuple(model._meta.db_table for model in (Question, Answer, AnswerPhoto))

# The key of the session-level advisory lock every import and seed holds while it reserves ids and loads.
BULK_LOAD_LOCK = 0x6174_656C_6965_7201
# Reserving ids waits at most this long for each sequence before giving up the attempt, so an API insert
# queued behind the reservation waits no longer; attempts go on for IDS_RESERVE_PATIENCE seconds.
IDS_RESERVE_LOCK_TIMEOUT = "200ms"
IDS_RESERVE_PAUSE = 0.2
IDS_RESERVE_PATIENCE = 60.0

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

SEQUENCE_SQL = """
SELECT n.nspname, c.relname, s.seqincrement
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_sequence s ON s.seqrelid = c.oid
WHERE c.oid = pg_get_serial_sequence(%(table)s, 'id')::regclass
"""


class IdsBusyError(Exception):
    """Ids could not be reserved: a transaction that took ids from the table's sequence stayed open."""


@contextmanager
def loads_serialized(*, on_wait: Callable[[], None]) -> Iterator[None]:
    """Hold the bulk loads' advisory lock (session-level: it spans the reservation and the load, two
    transactions); calls on_wait first when another import or seed holds it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [BULK_LOAD_LOCK])
        if not cursor.fetchone()[0]:
            on_wait()
            cursor.execute("SELECT pg_advisory_lock(%s)", [BULK_LOAD_LOCK])
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [BULK_LOAD_LOCK])
        except DatabaseError:
            pass  # the session is gone, and its lock with it


def qa_tables_empty(cursor) -> bool:
    cursor.execute(
        sql.SQL("SELECT NOT EXISTS ({})").format(
            sql.SQL(" UNION ALL ").join(sql.SQL("SELECT FROM {}").format(sql.Identifier(table)) for table in QA_TABLES)
        )
    )
    return cursor.fetchone()[0]


def tables_lock_for_load(cursor, tables: Sequence[str] = QA_TABLES) -> None:
    """Block writes to the tables (reads go on) until the transaction ends, and check now every
    foreign key that earlier writes of the transaction deferred: PostgreSQL refuses to drop a
    constraint with checks pending, as indexes_deferred does."""
    cursor.execute(sql.SQL("LOCK TABLE {} IN EXCLUSIVE MODE").format(sql.SQL(", ").join(map(sql.Identifier, tables))))
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def bulk_load_chosen(cursor, *, offline: bool) -> bool:
    """Whether the load may use every speed trick (a table lock for its whole run, indexes dropped and
    rebuilt): when the operator says the database serves no traffic, or when every Q&A table is empty.

    Call first thing in the load's transaction. When it says yes, the Q&A tables are locked against
    writes until the transaction ends; when it says no, it holds no lock. Rows already present in the
    tables make the answer no whatever the files bring: a re-run never drops anything.
    """
    if offline:
        tables_lock_for_load(cursor)
        return True
    if not qa_tables_empty(cursor):
        return False
    # Empty a moment ago: lock, and look again, since a row may have come in meanwhile.
    savepoint = transaction.savepoint()
    tables_lock_for_load(cursor)
    if qa_tables_empty(cursor):
        transaction.savepoint_commit(savepoint)
        return True
    transaction.savepoint_rollback(savepoint)  # releases the lock taken after the savepoint
    return False


@dataclass(frozen=True)
class IdClaim:
    """Ids a live load needs in `table`: every id up to `above` (the explicit ids of imported rows),
    and `count` fresh ones after every id taken so far (the seed's contiguous block)."""

    table: str
    above: int = 0
    count: int = 0


def sequence_identifier(cursor, table: str) -> tuple[sql.Composable, int]:
    """The identifier of the table's id sequence, and its increment."""
    cursor.execute(SEQUENCE_SQL, {"table": table})
    schema, name, increment = cursor.fetchone()
    return sql.Identifier(schema, name), increment


def id_claim_apply(cursor, claim: IdClaim) -> int:
    """Lock the table's id sequence until the transaction ends, move it past what `claim` needs, and
    return the first id of its fresh block: the one after the table's largest id.

    ALTER SEQUENCE (restating the increment) takes SHARE ROW EXCLUSIVE on the sequence, which waits for
    every open transaction that took an id from it (nextval holds ROW EXCLUSIVE on the sequence until
    its transaction ends) and blocks nextval until this one ends; it conflicts with no lock on the
    table, so reads, votes and reports never wait for it. Once it is held, every id the sequence handed
    out is in a committed row or was given up, so the ids after the largest committed one are free.
    """
    sequence, increment = sequence_identifier(cursor, claim.table)
    cursor.execute(sql.SQL("ALTER SEQUENCE {} INCREMENT BY {}").format(sequence, sql.Literal(increment)))
    cursor.execute(sql.SQL("SELECT COALESCE(MAX(id), 0) + 1 FROM {}").format(sql.Identifier(claim.table)))
    first = cursor.fetchone()[0]
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence(%(table)s, 'id'), %(next)s, false)",
        {"table": claim.table, "next": max(first + claim.count, claim.above + 1)},
    )
    return first


def ids_reserve(claims: Sequence[IdClaim], *, on_retry: Callable[[], None] = lambda: None) -> dict[str, int]:
    """Reserve the ids `claims` need, in a transaction of its own that commits at once; returns the first
    id of each table's fresh block.

    Once it returns, no transaction still holds an id below the reserved ones (so the rows they made are
    seen by what runs next), and no insert through the sequence can take a reserved id. The sequences
    are locked in the order of `claims` (parents first, as every writer takes them), each waiting at
    most IDS_RESERVE_LOCK_TIMEOUT; an attempt that times out is rolled back and tried again after a
    pause, for up to IDS_RESERVE_PATIENCE seconds. Raises IdsBusyError after that.
    """
    deadline = time.monotonic() + IDS_RESERVE_PATIENCE
    while True:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT current_setting('lock_timeout')")
                lock_timeout = cursor.fetchone()[0]
                cursor.execute("SELECT set_config('lock_timeout', %s, true)", [IDS_RESERVE_LOCK_TIMEOUT])
                firsts = {claim.table: id_claim_apply(cursor, claim) for claim in claims}
                cursor.execute("SELECT set_config('lock_timeout', %s, true)", [lock_timeout])
                return firsts
        except OperationalError as error:
            if not isinstance(error.__cause__, psycopg.errors.LockNotAvailable):
                raise
            if time.monotonic() > deadline:
                raise IdsBusyError(
                    f"could not reserve ids for {IDS_RESERVE_PATIENCE:.0f} s: a transaction that inserted into "
                    f"{', '.join(claim.table for claim in claims)} stayed open"
                ) from error
        on_retry()
        time.sleep(IDS_RESERVE_PAUSE)


@contextmanager
def indexes_deferred(cursor, tables: Sequence[str] = QA_TABLES) -> Iterator[None]:
    """Drop the tables' indexes, primary keys and foreign keys, and build them again, identical, on exit.

    Loading into bare tables and indexing once is many times faster than maintaining every index row
    by row. Building the primary keys again checks that every id is unique, and building the foreign
    keys checks every loaded row against its parent: a load that broke either fails as a whole. Only
    for bulk loads (see `bulk_load_chosen`): dropping takes ACCESS EXCLUSIVE locks, which stop even
    reads of the tables until the transaction ends.
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
    """Set each table's id sequence past its largest id, so new rows never collide with loaded ones.

    For bulk loads, whose table locks keep every insert out meanwhile; a live load reserves its ids
    beforehand with `ids_reserve` instead.
    """
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
