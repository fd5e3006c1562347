"""Staging: each legacy file streamed with COPY, as text, into a temporary table of its own.

A row of the staging table is a record of the file: the line it starts on, how many fields it has, and
the fields as text (all NULL when the count is wrong). Nothing is judged here; validation does that.
"""

from collections.abc import Callable
from pathlib import Path

from psycopg import sql

from management.legacy_import.files import LegacyFile
from management.legacy_import.reading import records


def file_stage(cursor, *, legacy_file: LegacyFile, path: Path, on_bytes_read: Callable[[int], None]) -> int:
    """COPY the records of `path` into a new staging table of the file's own; returns how many."""
    staging = sql.Identifier(legacy_file.staging_table)
    columns = sql.SQL(", ").join(sql.SQL("{} text").format(sql.Identifier(name)) for name in legacy_file.header)
    cursor.execute(
        sql.SQL("CREATE TEMPORARY TABLE {} (line bigint NOT NULL, width integer NOT NULL, {})").format(staging, columns)
    )
    width = len(legacy_file.header)
    unusable = (None,) * width
    staged = 0
    with cursor.copy(sql.SQL("COPY {} FROM STDIN").format(staging)) as copy:
        for line, fields in records(path, header=legacy_file.header, on_bytes_read=on_bytes_read):
            copy.write_row((line, len(fields), *(fields if len(fields) == width else unusable)))
            staged += 1
    cursor.execute(sql.SQL("ANALYZE {}").format(staging))
    return staged
