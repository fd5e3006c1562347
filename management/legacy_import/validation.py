"""Validation in SQL: every staged row that must not be loaded gets an outcome, with its reason.

Checks run in this order, each on the rows no earlier check has an outcome for: the fields one by one,
then (answers, photos) the parent row, then duplicate ids within the file (the first good row wins),
then ids already in the table. A row already in the table with the same content is not rejected but
counted as already present: that is what a re-run finds. Rows with no outcome are the ones to load.
The field check is the only one that reads every field, and the only one that looks at nothing but the
file; it keeps each row's numeric id (whenever the id itself is readable, even in a rejected row) and
parent id in a narrow keys table that the other checks join on.

Files are checked parents first, and all of them before any row is moved: a child's parent check reads
the parent file's final outcomes. A child whose parent row in the same import was rejected is rejected
too (and so, in turn, are its own children), even when a row with the parent's id is in the table: that
row is not the parent the file meant.
"""

from psycopg import sql

from management.legacy_import.files import Column, LegacyFile

OUTCOMES_TABLE = "legacy_import_outcome"
ALREADY_PRESENT = "already present"


def outcomes_create(cursor) -> None:
    cursor.execute(
        sql.SQL(
            "CREATE TEMPORARY TABLE {} (kind text NOT NULL, line bigint NOT NULL, reason text NOT NULL,"
            " rejected boolean NOT NULL)"
        ).format(sql.Identifier(OUTCOMES_TABLE))
    )


def column_value(column: Column) -> sql.Composable:
    """The column's value in the staging row `s`, for rows whose fields passed their checks."""
    return sql.SQL(column.type.cast).format(value=sql.Identifier("s", column.header))


def without_outcome(legacy_file: LegacyFile, table: str) -> sql.Composable:
    """The rows of `table` (the file's staging or keys table) whose line has no outcome yet."""
    return sql.SQL(
        "(SELECT * FROM {table} t"
        " WHERE NOT EXISTS (SELECT FROM {outcomes} o WHERE o.kind = {kind} AND o.line = t.line))"
    ).format(table=sql.Identifier(table), outcomes=sql.Identifier(OUTCOMES_TABLE), kind=sql.Literal(legacy_file.kind))


def file_line(legacy_file: LegacyFile, line: sql.Composable) -> sql.Composable:
    """SQL: the line of the file a staged row starts on, from its `line` as staged (see staging)."""
    return sql.SQL(
        "({line} + COALESCE((SELECT sum(b.extra) FROM {breaks} b WHERE b.spanning_line < {line}), 0))"
    ).format(line=line, breaks=sql.Identifier(legacy_file.breaks_table))


def pending_rows(legacy_file: LegacyFile) -> sql.Composable:
    """The staged rows no check has given an outcome yet, as the table `s`."""
    return sql.SQL("{} s").format(without_outcome(legacy_file, legacy_file.staging_table))


def pending_keys(legacy_file: LegacyFile) -> sql.Composable:
    """The line, id and parent_id of the staged rows no check has given an outcome yet, as the table `k`."""
    return sql.SQL("{} k").format(without_outcome(legacy_file, legacy_file.keys_table))


def fields_check(cursor, *, legacy_file: LegacyFile) -> None:
    """Reject rows with the wrong number of fields or a field that cannot be loaded; the first problem is the reason.

    Also keeps, in the file's keys table, each row's line and reason, its id as a number whenever the
    row has the right width and a readable id (a rejected parent's children are found by it), and for
    rows without a reason, its parent id: the later checks work on that narrow table and cast nothing
    again.
    """
    width = len(legacy_file.columns)
    problems = sql.SQL(" ").join(
        sql.SQL("WHEN {} THEN {}").format(
            sql.SQL(column.type.problem).format(value=sql.Identifier("s", column.header)),
            sql.Literal(f"{column.header} {column.type.description}"),
        )
        for column in legacy_file.columns
    )
    reference = legacy_file.reference
    parent_id = (
        sql.SQL(", CASE WHEN reason IS NULL THEN {}::bigint END AS parent_id").format(sql.Identifier(reference.column))
        if reference
        else sql.SQL("")
    )
    # Reasons follow the column order, and the id comes first: a row of the right width has a readable
    # id unless its reason is the id's.
    id_column = legacy_file.columns[0]
    cursor.execute(
        sql.SQL(
            """
            CREATE TEMPORARY TABLE {keys} AS
            SELECT line, reason, CASE WHEN width = {width} AND reason IS DISTINCT FROM {id_reason} THEN id::bigint END
                AS id {parent_id}
            FROM (
                SELECT s.*, CASE
                    WHEN s.width <> {width} THEN format({wrong_width}, s.width)
                    {problems}
                END AS reason
                FROM {staging} s
                OFFSET 0 -- a fence: the reason is worked out once per row, not once per use
            ) checked
            """
        ).format(
            keys=sql.Identifier(legacy_file.keys_table),
            parent_id=parent_id,
            width=sql.Literal(width),
            wrong_width=sql.Literal(f"expected {width} fields, found %s"),
            problems=problems,
            id_reason=sql.Literal(f"{id_column.header} {id_column.type.description}"),
            staging=sql.Identifier(legacy_file.staging_table),
        )
    )
    cursor.execute(
        sql.SQL(
            "INSERT INTO {outcomes} (kind, line, reason, rejected) SELECT {kind}, line, reason, true FROM {keys}"
            " WHERE reason IS NOT NULL"
        ).format(
            outcomes=sql.Identifier(OUTCOMES_TABLE),
            kind=sql.Literal(legacy_file.kind),
            keys=sql.Identifier(legacy_file.keys_table),
        )
    )


def parents_check(cursor, *, legacy_file: LegacyFile, parent_file: LegacyFile | None, parent_name: str) -> None:
    """Reject rows whose parent is not the row the file meant: one rejected in this import, or none at all.

    `parent_file` is the parent's file when this import brings it (already checked), named `parent_name`
    in the reasons. A parent id that only rejected rows of that file hold is a rejected parent, whatever
    the table holds under that id; one that a row to load or already present holds is good (a duplicate
    id whose first good row loads, say). Other parents must be in the table or among the rows to load.
    """
    reference = legacy_file.reference
    if reference is None:
        return
    if parent_file is not None:
        rejected_parents_reject(cursor, legacy_file=legacy_file, parent_file=parent_file, parent_name=parent_name)
    to_load = (
        sql.SQL("AND NOT EXISTS (SELECT FROM {} WHERE parent.id = k.parent_id)").format(
            sql.SQL("{} parent").format(without_outcome(parent_file, parent_file.keys_table))
        )
        if parent_file is not None
        else sql.SQL("")
    )
    cursor.execute(
        sql.SQL(
            """
            INSERT INTO {outcomes} (kind, line, reason, rejected)
            SELECT {kind}, k.line, format({missing}, k.parent_id), true
            FROM {pending}
            WHERE NOT EXISTS (SELECT FROM {parents} parent WHERE parent.id = k.parent_id) {to_load}
            """
        ).format(
            outcomes=sql.Identifier(OUTCOMES_TABLE),
            kind=sql.Literal(legacy_file.kind),
            missing=sql.Literal(f"{reference.column} %s does not exist"),
            pending=pending_keys(legacy_file),
            parents=sql.Identifier(reference.table),
            to_load=to_load,
        )
    )


def rejected_parents_reject(cursor, *, legacy_file: LegacyFile, parent_file: LegacyFile, parent_name: str) -> None:
    """Reject the rows whose parent id only rejected rows of the parent file hold; the reason names the
    first of them. The parent file's keys are scanned twice, hashed against its few rejected ids."""
    assert legacy_file.reference is not None  # parents_check calls this only for a file that has parents
    cursor.execute(
        sql.SQL(
            """
            INSERT INTO {outcomes} (kind, line, reason, rejected)
            SELECT {kind}, k.line, format('%s %s was rejected: line %s of %s', {column}, k.parent_id, {parent_line},
                {parent_name}), true
            FROM {pending}
            JOIN (
                SELECT parent.id, min(parent.line) AS line
                FROM {parent_keys} parent
                LEFT JOIN {outcomes} o ON o.kind = {parent_kind} AND o.line = parent.line
                WHERE parent.id IN (
                    SELECT r.id FROM {parent_keys} r
                    JOIN {outcomes} ro ON ro.kind = {parent_kind} AND ro.line = r.line AND ro.rejected
                )
                GROUP BY parent.id
                HAVING bool_and(o.rejected IS TRUE)
            ) rejected_parent ON rejected_parent.id = k.parent_id
            """
        ).format(
            outcomes=sql.Identifier(OUTCOMES_TABLE),
            kind=sql.Literal(legacy_file.kind),
            column=sql.Literal(legacy_file.reference.column),
            parent_line=file_line(parent_file, sql.Identifier("rejected_parent", "line")),
            parent_name=sql.Literal(parent_name),
            pending=pending_keys(legacy_file),
            parent_keys=sql.Identifier(parent_file.keys_table),
            parent_kind=sql.Literal(parent_file.kind),
        )
    )


def duplicates_check(cursor, *, legacy_file: LegacyFile) -> None:
    """Reject every row but the first of each id that occurs more than once among the rows still pending."""
    cursor.execute(
        sql.SQL(
            """
            INSERT INTO {outcomes} (kind, line, reason, rejected)
            SELECT {kind}, line, format('duplicate id, first on line %s', {first_line}), true
            FROM (
                SELECT k.line, min(k.line) OVER (PARTITION BY k.id) AS first_line
                FROM {pending}
                WHERE k.id IN (SELECT k.id FROM {pending} GROUP BY 1 HAVING count(*) > 1)
            ) duplicated
            WHERE line <> first_line
            """
        ).format(
            outcomes=sql.Identifier(OUTCOMES_TABLE),
            kind=sql.Literal(legacy_file.kind),
            first_line=file_line(legacy_file, sql.Identifier("first_line")),
            pending=pending_keys(legacy_file),
        )
    )


def present_check(cursor, *, legacy_file: LegacyFile) -> None:
    """Give an outcome to rows whose id is already in the table: already present when the content is the
    same, rejected when the id holds another row."""
    same = sql.SQL(" AND ").join(
        sql.SQL("existing.{} = {}").format(sql.Identifier(column.target), column_value(column))
        for column in legacy_file.columns
        if column.target in legacy_file.identity
    )
    cursor.execute(
        sql.SQL(
            """
            INSERT INTO {outcomes} (kind, line, reason, rejected)
            SELECT {kind}, k.line,
                CASE WHEN {same} THEN {already_present} ELSE format('id %s already holds a different row', k.id) END,
                NOT ({same})
            FROM {pending}
            JOIN {table} existing ON existing.id = k.id
            JOIN {staging} s ON s.line = k.line
            """
        ).format(
            outcomes=sql.Identifier(OUTCOMES_TABLE),
            kind=sql.Literal(legacy_file.kind),
            same=same,
            already_present=sql.Literal(ALREADY_PRESENT),
            pending=pending_keys(legacy_file),
            table=sql.Identifier(legacy_file.table),
            staging=sql.Identifier(legacy_file.staging_table),
        )
    )


def pending_count(cursor, *, legacy_file: LegacyFile) -> int:
    """How many of the file's rows have no outcome: the rows a move would load."""
    cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(pending_keys(legacy_file)))
    return cursor.fetchone()[0]


def largest_loadable_id(cursor, *, legacy_file: LegacyFile) -> int:
    """The largest id among the file's rows whose fields passed their checks (0 if none): no row of the
    file that can load has a larger one. Call after fields_check."""
    cursor.execute(
        sql.SQL("SELECT COALESCE(max(id), 0) FROM {} WHERE reason IS NULL").format(
            sql.Identifier(legacy_file.keys_table)
        )
    )
    return cursor.fetchone()[0]
