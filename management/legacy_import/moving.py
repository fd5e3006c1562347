"""Moving the rows that passed validation from staging into the real tables."""

from psycopg import sql

from management.legacy_import.files import LegacyFile
from management.legacy_import.validation import column_value, pending_rows


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
