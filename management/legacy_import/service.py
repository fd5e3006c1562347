"""Import legacy CSV files: stage each with COPY, validate in SQL, move the good rows, all in one transaction.

The import adds all its good rows or, when it fails, nothing. The Q&A tables are locked against writes
(reads go on) while it runs, so no other write can race the checks, and two imports run one after the
other. Rows are moved parents first, so an answer whose question was rejected is itself an orphan. A
re-run finds every row it loaded already present and loads nothing. The cached lists the import
changed are forgotten once it commits.
"""

from collections.abc import Mapping
from contextlib import nullcontext
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from django.db import connection, transaction
from psycopg import sql

from management.bulk import indexes_deferred, sequences_advance, statistics_refresh, tables_lock_for_load
from management.legacy_import.caching import changed_lists_forget_on_commit
from management.legacy_import.files import LEGACY_FILES, LegacyFile
from management.legacy_import.moving import indexes_worth_deferring, rows_move
from management.legacy_import.report import rejects_write
from management.legacy_import.staging import file_stage
from management.legacy_import.validation import (
    OUTCOMES_TABLE,
    duplicates_check,
    fields_check,
    orphans_check,
    outcomes_create,
    present_check,
)


class DeferIndexes(StrEnum):
    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


class ImportProgress(Protocol):
    def file_read(self, *, path: Path, position: int, size: int) -> None: ...

    def step(self, *, description: str) -> None: ...


class NoProgress:
    def file_read(self, *, path: Path, position: int, size: int) -> None:
        pass

    def step(self, *, description: str) -> None:
        pass


@dataclass(frozen=True)
class FileOutcome:
    path: Path
    loaded: int
    rejected: int
    already_present: int


@dataclass(frozen=True)
class ImportResult:
    files: tuple[FileOutcome, ...]
    rejects_report: Path
    indexes_deferred: bool
    dry_run: bool


def outcome_counts(cursor) -> dict[tuple[str, bool], int]:
    cursor.execute(
        sql.SQL("SELECT kind, rejected, count(*) FROM {} GROUP BY 1, 2").format(sql.Identifier(OUTCOMES_TABLE))
    )
    return {(kind, rejected): count for kind, rejected, count in cursor.fetchall()}


def legacy_import(
    *,
    paths: Mapping[LegacyFile, Path],
    rejects_report: Path,
    defer_indexes: DeferIndexes = DeferIndexes.AUTO,
    dry_run: bool = False,
    progress: ImportProgress | None = None,
) -> ImportResult:
    """Import the given legacy files, write the rejected rows to `rejects_report`, and say what happened.

    Raises LegacyFileError when a file cannot be read at all; the database is then as it was. With
    `dry_run` everything is done and checked, the report written, and the transaction rolled back.
    """
    progress = progress or NoProgress()
    legacy_files = [legacy_file for legacy_file in LEGACY_FILES if legacy_file in paths]
    tables = [legacy_file.table for legacy_file in legacy_files]
    loaded: dict[LegacyFile, int] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        tables_lock_for_load(cursor)
        cursor.execute("SET LOCAL work_mem = '256MB'")
        outcomes_create(cursor)
        staged = 0
        for legacy_file in legacy_files:
            path = paths[legacy_file]
            size = path.stat().st_size if path.is_file() else 0
            progress.step(description=f"reading {path}")
            staged += file_stage(
                cursor,
                legacy_file=legacy_file,
                path=path,
                on_bytes_read=lambda position, path=path, size=size: progress.file_read(
                    path=path, position=position, size=size
                ),
                on_reread=lambda path=path: progress.step(
                    description=f"{path} has records PostgreSQL can't parse: reading it again, record by record"
                ),
            )
        deferred = defer_indexes is DeferIndexes.ALWAYS or (
            defer_indexes is DeferIndexes.AUTO and indexes_worth_deferring(cursor, tables=tables, incoming=staged)
        )
        with indexes_deferred(cursor, tables) if deferred else nullcontext():
            for legacy_file in legacy_files:
                progress.step(description=f"validating {paths[legacy_file]}")
                fields_check(cursor, legacy_file=legacy_file)
                orphans_check(cursor, legacy_file=legacy_file)
                duplicates_check(cursor, legacy_file=legacy_file)
                present_check(cursor, legacy_file=legacy_file)
                progress.step(description=f"loading {paths[legacy_file]}")
                loaded[legacy_file] = rows_move(cursor, legacy_file=legacy_file)
            if deferred:
                progress.step(description="building indexes and foreign keys")
        changed_lists_forget_on_commit(cursor, legacy_files=legacy_files, loaded=sum(loaded.values()))
        progress.step(description="advancing sequences and analyzing")
        sequences_advance(cursor)
        statistics_refresh(cursor, tables)
        counts = outcome_counts(cursor)
        progress.step(description=f"writing the rejects report {rejects_report}")
        rejects_write(cursor, paths=paths, report=rejects_report)
        cursor.execute(
            sql.SQL("DROP TABLE {}").format(
                sql.SQL(", ").join(
                    sql.Identifier(name)
                    for name in (
                        OUTCOMES_TABLE,
                        *(table for legacy_file in legacy_files for table in legacy_file.work_tables),
                    )
                )
            )
        )
        if dry_run:
            transaction.set_rollback(True)
    return ImportResult(
        files=tuple(
            FileOutcome(
                path=paths[legacy_file],
                loaded=loaded[legacy_file],
                rejected=counts.get((legacy_file.kind, True), 0),
                already_present=counts.get((legacy_file.kind, False), 0),
            )
            for legacy_file in legacy_files
        ),
        rejects_report=rejects_report,
        indexes_deferred=deferred,
        dry_run=dry_run,
    )
