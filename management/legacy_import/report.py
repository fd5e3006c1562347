"""The rejects report: one CSV line per rejected row, with the row as the file has it."""

import csv
from collections.abc import Mapping
from pathlib import Path

from psycopg import sql

from management.legacy_import.files import LEGACY_FILES, LegacyFile
from management.legacy_import.reading import raw_records
from management.legacy_import.validation import OUTCOMES_TABLE, file_line

REPORT_HEADER = ("file", "line", "reason", "raw_row")


def rejected_rows(cursor, *, legacy_file: LegacyFile) -> dict[int, str]:
    """{line in the file: reason} of the file's rejected rows, in line order."""
    cursor.execute(
        sql.SQL("SELECT {line}, reason FROM {outcomes} WHERE kind = {kind} AND rejected ORDER BY line").format(
            line=file_line(legacy_file, sql.Identifier("line")),
            outcomes=sql.Identifier(OUTCOMES_TABLE),
            kind=sql.Literal(legacy_file.kind),
        )
    )
    return dict(cursor.fetchall())


def rejects_write(cursor, *, paths: Mapping[LegacyFile, Path], report: Path) -> None:
    """Write every rejected row to `report` (a header only when none was), files in load order, by line."""
    with report.open("w", encoding="utf-8", newline="") as output:
        writer = csv.writer(output, lineterminator="\n")
        writer.writerow(REPORT_HEADER)
        for legacy_file in LEGACY_FILES:
            if legacy_file not in paths:
                continue
            rejected = rejected_rows(cursor, legacy_file=legacy_file)
            if not rejected:
                continue
            path = paths[legacy_file]
            raw = raw_records(path, lines=rejected.keys())
            writer.writerows((str(path), line, reason, raw[line]) for line, reason in rejected.items())
