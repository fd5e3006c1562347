"""Moving the rows that passed validation from staging into the real tables."""

from collections.abc import Sequence

from psycopg import sql

from management.legacy_import.files import LegacyFile
from management.legacy_import.validation import column_value, pending_rows

# Indexes, primary keys and foreign keys are dropped and built again, rather than maintained row by row,
# when an import brings at least this many rows and at least as many as the tables already hold:
# dropping the indexes of a 10M-row table to add a few rows would cost minutes for nothing.
DEFER_INDEXES_FROM_ROWS = 100_000


def indexes_worth_deferring(cursor, *, tables: Sequence[str], incoming: int) -> bool:
    """Whether `incoming` rows are many next to what `tables` hold (the planner's estimate, no count)."""
    cursor.execute(
        "SELECT COALESCE(sum(GREATEST(reltuples, 0)), 0)::bigint FROM pg_class WHERE oid = ANY(%(tables)s::regclass[])",
        {"tables": list(tables)},
    )
    existing = cursor.fetchone()[0]
    return incoming >= DEFER_INDEXES_FROM_ROWS and incoming >= existing


def rows_move(cursor, *, legacy_file: LegacyFile) -> int:
    """Insert the staged rows that have no outcome into the file's table, with their ids; returns how many."""
    targets = [sql.Identifier(column.target) for column in legacy_file.columns]
    values = [column_value(column) for column in legacy_file.columns]
    if legacy_file.counts_reports:
        targets.append(sql.Identifier("report_count"))
        values.append(sql.SQL("(s.reported = '1')::integer"))
    cursor.execute(
        sql.SQL("INSERT INTO {table} ({targets}) SELECT {values} FROM {pending}").format(
            table=sql.Identifier(legacy_file.table),
            targets=sql.SQL(", ").join(targets),
            values=sql.SQL(", ").join(values),
            pending=pending_rows(legacy_file),
        )
    )
    return cursor.rowcount
