"""Import legacy CSV files: stage each with COPY, validate in SQL, move the good rows.

1. **Stage**, in a transaction of its own: each file is copied into temporary tables of this session
   and its fields checked; nothing but the files is read yet.
2. Wait for any other import or seed to finish (`management.bulk.loads_serialized`).
3. **Bulk** (every Q&A table empty, or `offline`): one transaction locks the tables against writes,
   validates, drops the indexes, keys and foreign keys, moves the rows, builds them again and moves
   the id sequences past the new rows.
   **Live** (otherwise): a transaction of milliseconds reserves the ids the files bring
   (`management.bulk.ids_reserve`); then one transaction validates every file and moves the good rows
   with plain INSERTs into the indexed tables, taking no table lock that API reads or writes wait for.

Either way the rows are all loaded or, when the load fails, none (a live run's sequences may have moved
past the files' ids). Files are validated parents first, all before any move, so a child whose parent
row was rejected is rejected too. A re-run finds every row it loaded already present and loads nothing.
The cached lists the import changed are forgotten once it commits.
"""

from collections.abc import Mapping
from contextlib import nullcontext, suppress
from dataclasses import dataclass
from pathlib import Path

from django.db import DatabaseError, connection, transaction
from psycopg import sql

from management.bulk import (
    IdClaim,
    bulk_load_chosen,
    ids_reserve,
    indexes_deferred,
    loads_serialized,
    sequences_advance,
    statistics_refresh,
)
from management.legacy_import.caching import changed_lists_forget_on_commit
from management.legacy_import.files import LEGACY_FILES, LegacyFile
from management.legacy_import.moving import rows_move
from management.legacy_import.report import rejects_write
from management.legacy_import.staging import file_stage
from management.legacy_import.validation import (
    OUTCOMES_TABLE,
    duplicates_check,
    fields_check,
    largest_loadable_id,
    outcomes_create,
    parents_check,
    pending_count,
    present_check,
)
from management.progress import NoProgress, Progress


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
    indexes_rebuilt: bool
    dry_run: bool


@dataclass(frozen=True)
class ImportRun:
    """What one run imports, and how."""

    paths: Mapping[LegacyFile, Path]
    rejects_report: Path
    dry_run: bool
    progress: Progress

    @property
    def legacy_files(self) -> list[LegacyFile]:
        """The files of the run, parents first."""
        return [legacy_file for legacy_file in LEGACY_FILES if legacy_file in self.paths]

    def parent_file(self, legacy_file: LegacyFile) -> LegacyFile | None:
        """The file of the run holding the parents of `legacy_file`'s rows, if the run has it."""
        reference = legacy_file.reference
        return next((parent for parent in self.legacy_files if reference and parent.table == reference.table), None)


def outcome_counts(cursor) -> dict[tuple[str, bool], int]:
    cursor.execute(
        sql.SQL("SELECT kind, rejected, count(*) FROM {} GROUP BY 1, 2").format(sql.Identifier(OUTCOMES_TABLE))
    )
    return {(kind, rejected): count for kind, rejected, count in cursor.fetchall()}


def legacy_import(
    *,
    paths: Mapping[LegacyFile, Path],
    rejects_report: Path,
    offline: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import the given legacy files, write the rejected rows to `rejects_report`, and say what happened.

    `offline` says the database serves no traffic: the load locks the tables and rebuilds their indexes
    even when they hold rows. Raises LegacyFileError when a file cannot be read at all, IdsBusyError
    when the ids could not be reserved; nothing is loaded then. With `dry_run` everything is checked
    and the report written, without any lock on the tables, and nothing is loaded.
    """
    run = ImportRun(paths=paths, rejects_report=rejects_report, dry_run=dry_run, progress=progress or NoProgress())
    try:
        result = import_run(run, offline=offline)
    except BaseException:
        with suppress(DatabaseError):  # a broken connection must not hide why the import failed
            work_tables_drop(run)
        raise
    work_tables_drop(run)
    return result


def import_run(run: ImportRun, *, offline: bool) -> ImportResult:
    with transaction.atomic(), connection.cursor() as cursor:
        outcomes_create(cursor)
        for legacy_file in run.legacy_files:
            files_stage(cursor, run=run, legacy_file=legacy_file)
    waiting = "waiting for another import or seed to finish"
    with loads_serialized(on_wait=lambda: run.progress.step(description=waiting)):
        with transaction.atomic(), connection.cursor() as cursor:
            if not run.dry_run and bulk_load_chosen(cursor, offline=offline):
                return files_load(cursor, run=run, bulk=True)
        if not run.dry_run:
            ids_reserve_for(run)
        with transaction.atomic(), connection.cursor() as cursor:
            return files_load(cursor, run=run, bulk=False)


def files_stage(cursor, *, run: ImportRun, legacy_file: LegacyFile) -> None:
    """Copy the file into its staging table and check its fields: all that depends on the file alone."""
    path = run.paths[legacy_file]
    size = path.stat().st_size if path.is_file() else 0
    run.progress.step(description=f"reading {path}")
    file_stage(
        cursor,
        legacy_file=legacy_file,
        path=path,
        on_bytes_read=lambda position: run.progress.advanced(done=position, total=size, unit="B", detail=path.name),
        on_reread=lambda: run.progress.step(
            description=f"{path} has records PostgreSQL can't parse: reading it again, record by record"
        ),
    )
    run.progress.step(description=f"checking the fields of {path}")
    fields_check(cursor, legacy_file=legacy_file)


def ids_reserve_for(run: ImportRun) -> None:
    """Move the id sequences past the largest id of a row the files may load (see bulk.ids_reserve)."""
    run.progress.step(description="reserving the ids the files bring")
    with connection.cursor() as cursor:
        claims = [
            IdClaim(table=legacy_file.table, above=largest_loadable_id(cursor, legacy_file=legacy_file))
            for legacy_file in run.legacy_files
        ]
    ids_reserve(
        claims,
        on_retry=lambda: run.progress.step(description="inserts through the API are in flight: trying again"),
    )


def files_load(cursor, *, run: ImportRun, bulk: bool) -> ImportResult:
    """Validate every file, then move the good rows (unless a dry run), write the report, say what happened.

    With `bulk`, the tables are locked (bulk_load_chosen) and their indexes are rebuilt around the moves.
    """
    progress = run.progress
    legacy_files = run.legacy_files
    tables = [legacy_file.table for legacy_file in legacy_files]
    cursor.execute("SET LOCAL work_mem = '256MB'")
    for legacy_file in legacy_files:
        progress.step(description=f"validating {run.paths[legacy_file]}")
        parent_file = run.parent_file(legacy_file)
        parents_check(
            cursor,
            legacy_file=legacy_file,
            parent_file=parent_file,
            parent_name=run.paths[parent_file].name if parent_file else "",
        )
        duplicates_check(cursor, legacy_file=legacy_file)
        present_check(cursor, legacy_file=legacy_file)
    loaded: dict[LegacyFile, int] = {}
    if run.dry_run:
        loaded = {legacy_file: pending_count(cursor, legacy_file=legacy_file) for legacy_file in legacy_files}
    else:
        with indexes_deferred(cursor, tables) if bulk else nullcontext():
            for legacy_file in legacy_files:
                progress.step(description=f"loading {run.paths[legacy_file]}")
                loaded[legacy_file] = rows_move(cursor, legacy_file=legacy_file)
            if bulk:
                progress.step(description="building indexes and foreign keys")
        transaction.on_commit(lambda: progress.step(description="committed; forgetting the cached lists it changed"))
        changed_lists_forget_on_commit(cursor, legacy_files=legacy_files, loaded=sum(loaded.values()))
        progress.step(description="advancing sequences and analyzing" if bulk else "analyzing")
        if bulk:
            sequences_advance(cursor)
        statistics_refresh(cursor, tables)
    counts = outcome_counts(cursor)
    progress.step(description=f"writing the rejects report {run.rejects_report}")
    rejects_write(cursor, paths=run.paths, report=run.rejects_report)
    if run.dry_run:
        transaction.set_rollback(True)
    else:
        # The foreign keys are deferred (Django makes them so): the new rows are checked against their
        # parents, which takes FOR KEY SHARE row locks on them, only now, as the transaction commits.
        progress.step(description="committing")
    return ImportResult(
        files=tuple(
            FileOutcome(
                path=run.paths[legacy_file],
                loaded=loaded[legacy_file],
                rejected=counts.get((legacy_file.kind, True), 0),
                already_present=counts.get((legacy_file.kind, False), 0),
            )
            for legacy_file in legacy_files
        ),
        rejects_report=run.rejects_report,
        indexes_rebuilt=bulk,
        dry_run=run.dry_run,
    )


def work_tables_drop(run: ImportRun) -> None:
    """Drop the session's temporary tables of the run, whichever were made (they outlive the staging
    transaction, so a failed run must not leave them to the next run on the same connection)."""
    names = [OUTCOMES_TABLE, *(table for legacy_file in run.legacy_files for table in legacy_file.work_tables)]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.SQL(", ").join(map(sql.Identifier, names))))
