"""The rejects report: one CSV line per rejected row, with the row as the file has it."""

import csv
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

from psycopg import sql

from management.legacy_import.files import LEGACY_FILES, LegacyFile
from management.legacy_import.reading import raw_records
from management.legacy_import.validation import OUTCOMES_TABLE

REPORT_HEADER = ("file", "line", "reason", "raw_row")


def rejects_write(cursor, *, paths: Mapping[LegacyFile, Path], report: Path) -> None:
    """Write every rejected row to `report` (a header only when none was), files in load order, by line."""
    cursor.execute(
        sql.SQL("SELECT kind, line, reason FROM {} WHERE rejected ORDER BY line").format(sql.Identifier(OUTCOMES_TABLE))
    )
    reasons: dict[str, dict[int, str]] = defaultdict(dict)
    for kind, line, reason in cursor:
        reasons[kind][line] = reason
    with report.open("w", encoding="utf-8", newline="") as output:
        writer = csv.writer(output, lineterminator="\n")
        writer.writerow(REPORT_HEADER)
        for legacy_file in LEGACY_FILES:
            rejected = reasons.get(legacy_file.kind)
            if not rejected:
                continue
            path = paths[legacy_file]
            raw = raw_records(path, lines=rejected.keys())
            writer.writerows((str(path), line, reason, raw[line]) for line, reason in rejected.items())
