"""Validation in SQL: every staged row that must not be loaded gets an outcome, with its reason.

Checks run in this order, each on the rows no earlier check has an outcome for: the fields one by one,
then (answers, photos) the parent row, then duplicate ids within the file (the first good row wins),
then ids already in the table. A row already in the table with the same content is not rejected but
counted as already present: that is what a re-run finds. Rows with no outcome are the ones to load.
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


def guarded_value(column: Column) -> sql.Composable:
    """The column's value, or NULL where its text has a problem: safe in a join condition, which the
    planner may evaluate before the rows that failed a check are filtered out."""
    text = sql.Identifier("s", column.header)
    return sql.SQL("CASE WHEN NOT ({}) THEN {} END").format(
        sql.SQL(column.type.problem).format(value=text), column_value(column)
    )


def pending_rows(legacy_file: LegacyFile) -> sql.Composable:
    """The staged rows of `legacy_file` that no check has given an outcome yet, as the table `s`."""
    return sql.SQL(
        "(SELECT staged.* FROM {staging} staged"
        " WHERE NOT EXISTS (SELECT FROM {outcomes} o WHERE o.kind = {kind} AND o.line = staged.line)) s"
    ).format(
        staging=sql.Identifier(legacy_file.staging_table),
        outcomes=sql.Identifier(OUTCOMES_TABLE),
        kind=sql.Literal(legacy_file.kind),
    )


def column(legacy_file: LegacyFile, header: str) -> Column:
    return next(column for column in legacy_file.columns if column.header == header)


def fields_check(cursor, *, legacy_file: LegacyFile) -> None:
    """Reject rows with the wrong number of fields or a field that cannot be loaded; the first problem is the reason."""
    width = len(legacy_file.columns)
    problems = sql.SQL(" ").join(
        sql.SQL("WHEN {} THEN {}").format(
            sql.SQL(column.type.problem).format(value=sql.Identifier("s", column.header)),
            sql.Literal(f"{column.header} {column.type.description}"),
        )
        for column in legacy_file.columns
    )
    cursor.execute(
        sql.SQL(
            """
            INSERT INTO {outcomes} (kind, line, reason, rejected)
            SELECT {kind}, line, reason, true FROM (
                SELECT s.line, CASE
                    WHEN s.width <> {width} THEN format({wrong_width}, s.width)
                    {problems}
                END AS reason
                FROM {staging} s
            ) checked
            WHERE reason IS NOT NULL
            """
        ).format(
            outcomes=sql.Identifier(OUTCOMES_TABLE),
            kind=sql.Literal(legacy_file.kind),
            width=sql.Literal(width),
            wrong_width=sql.Literal(f"expected {width} fields, found %s"),
            problems=problems,
            staging=sql.Identifier(legacy_file.staging_table),
        )
    )


def orphans_check(cursor, *, legacy_file: LegacyFile) -> None:
    """Reject rows whose parent is not in its table, as moved so far: an answer to a rejected question is an orphan."""
    reference = legacy_file.reference
    if reference is None:
        return
    cursor.execute(
        sql.SQL(
            """
            INSERT INTO {outcomes} (kind, line, reason, rejected)
            SELECT {kind}, s.line, format({missing}, s.{column}), true
            FROM {pending}
            WHERE NOT EXISTS (SELECT FROM {parents} parent WHERE parent.id = {parent_id})
            """
        ).format(
            outcomes=sql.Identifier(OUTCOMES_TABLE),
            kind=sql.Literal(legacy_file.kind),
            missing=sql.Literal(f"{reference.column} %s does not exist"),
            column=sql.Identifier(reference.column),
            pending=pending_rows(legacy_file),
            parents=sql.Identifier(reference.table),
            parent_id=guarded_value(column(legacy_file, reference.column)),
        )
    )


def duplicates_check(cursor, *, legacy_file: LegacyFile) -> None:
    """Reject every row but the first of each id that occurs more than once among the rows still pending."""
    cursor.execute(
        sql.SQL(
            """
            INSERT INTO {outcomes} (kind, line, reason, rejected)
            SELECT {kind}, line, format('duplicate id, first on line %s', first_line), true
            FROM (
                SELECT line, min(line) OVER (PARTITION BY id) AS first_line
                FROM (SELECT s.line, {id} AS id FROM {pending}) pending
                WHERE id IN (SELECT {id} FROM {pending} GROUP BY 1 HAVING count(*) > 1)
            ) duplicated
            WHERE line <> first_line
            """
        ).format(
            outcomes=sql.Identifier(OUTCOMES_TABLE),
            kind=sql.Literal(legacy_file.kind),
            id=guarded_value(column(legacy_file, "id")),
            pending=pending_rows(legacy_file),
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
            SELECT {kind}, s.line,
                CASE WHEN {same} THEN {already_present} ELSE format('id %s already holds a different row', s.id) END,
                NOT ({same})
            FROM {pending}
            JOIN {table} existing ON existing.id = {id}
            """
        ).format(
            outcomes=sql.Identifier(OUTCOMES_TABLE),
            kind=sql.Literal(legacy_file.kind),
            same=same,
            already_present=sql.Literal(ALREADY_PRESENT),
            pending=pending_rows(legacy_file),
            table=sql.Identifier(legacy_file.table),
            id=guarded_value(column(legacy_file, "id")),
        )
    )
