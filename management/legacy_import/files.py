"""The three legacy files: their headers, how each column is checked, and where each goes.

Each column type is a pair of SQL snippets over the column's text, `{value}`: `problem`, true when the
text cannot be loaded (safe on any text: it never casts what it hasn't checked), and `cast`, the value to
load, evaluated only on text without a problem. docs/legacy_csv.md describes the files.
"""

from dataclasses import dataclass
from pathlib import Path

from django.db.models import Field, Model

from answers.models import Answer, AnswerPhoto
from questions.models import Question

DIGITS = "0123456789"


def digits(*, max_length: int) -> str:
    """SQL: `{value}` is 1 to max_length ASCII digits (ltrim of a digit set costs a third of a regex)."""
    return f"(ltrim({{value}}, '{DIGITS}') = '' AND length({{value}}) BETWEEN 1 AND {max_length})"


@dataclass(frozen=True)
class ColumnType:
    problem: str
    cast: str
    description: str


POSITIVE_BIGINT = ColumnType(
    problem=f"NOT ({digits(max_length=18)} AND ltrim({{value}}, '0') <> '')",
    cast="{value}::bigint",
    description="is not a positive integer",
)
# Up to 2147483647: ten digits are compared as text, which orders equal-length digit strings numerically.
NON_NEGATIVE_INT = ColumnType(
    problem=f"NOT ({digits(max_length=10)} AND (length({{value}}) < 10 OR {{value}} <= '2147483647'))",
    cast="{value}::integer",
    description="is not a non-negative integer",
)
# `reported` is 0 or 1; a reported row goes to the moderation queue (posts.models.Status).
REPORTED_FLAG = ColumnType(
    problem="{value} NOT IN ('0', '1')",
    cast="CASE WHEN {value} = '1' THEN 'reported' ELSE 'published' END",
    description="is not 0 or 1",
)
BODY = ColumnType(problem="btrim({value}) = ''", cast="{value}", description="is empty")
# Milliseconds since the epoch, or a calendar date (midnight UTC). The date's regex only runs on rows
# that are not all digits, and the day is checked against the month's length before any cast.
DATE_WRITTEN = ColumnType(
    problem=f"""CASE
        WHEN {digits(max_length=15)} THEN false
        WHEN {{value}} ~ '^[0-9][0-9][0-9][0-9]-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'
            AND left({{value}}, 4) <> '0000'
        THEN substr({{value}}, 9, 2)::integer > extract(day from make_date(
            left({{value}}, 4)::integer, substr({{value}}, 6, 2)::integer, 1) + interval '1 month - 1 day')
        ELSE true
    END""",
    cast="""CASE WHEN strpos({value}, '-') = 0
        THEN to_timestamp(0) + {value}::bigint * interval '1 millisecond'
        ELSE {value}::date::timestamp AT TIME ZONE 'UTC'
    END""",
    description="is neither milliseconds since the epoch nor a YYYY-MM-DD date",
)


def short_text(*, max_length: int) -> ColumnType:
    return ColumnType(
        problem=f"length({{value}}) > {max_length}",
        cast="{value}",
        description=f"is longer than {max_length} characters",
    )


def required_short_text(*, max_length: int) -> ColumnType:
    return ColumnType(
        problem=f"{{value}} = '' OR length({{value}}) > {max_length}",
        cast="{value}",
        description=f"is empty or longer than {max_length} characters",
    )


@dataclass(frozen=True)
class Column:
    header: str
    target: str
    type: ColumnType


@dataclass(frozen=True)
class Reference:
    """A column that must name an existing row of `table`: rows naming none are orphans."""

    column: str
    table: str


@dataclass(frozen=True)
class LegacyFile:
    kind: str
    file_name: str
    table: str
    columns: tuple[Column, ...]
    # The columns a row already in the table must match for a re-imported row to count as the same
    # row; helpfulness and the status are left out, since the API and moderators change them after the import.
    identity: tuple[str, ...]
    reference: Reference | None = None
    # Whether the table counts reports: a row reported in the legacy data starts with one report, as
    # the moderation migration's backfill and the seed have it.
    counts_reports: bool = False

    @property
    def header(self) -> tuple[str, ...]:
        return tuple(column.header for column in self.columns)

    @property
    def staging_table(self) -> str:
        return f"legacy_import_{self.kind}"

    @property
    def keys_table(self) -> str:
        return f"legacy_import_{self.kind}_keys"

    @property
    def breaks_table(self) -> str:
        return f"legacy_import_{self.kind}_breaks"

    @property
    def work_tables(self) -> tuple[str, ...]:
        """The temporary tables the import makes for the file."""
        return (self.staging_table, self.keys_table, self.breaks_table)


def max_length(model: type[Model], field: str) -> int:
    model_field = model._meta.get_field(field)
    if not isinstance(model_field, Field) or model_field.max_length is None:
        raise TypeError(f"{model.__name__}.{field} has no max_length")
    return model_field.max_length


def post_columns(model: type[Model], *, owner: str, author: str) -> tuple[Column, ...]:
    """The columns of questions.csv and answers.csv: they differ only in the owner (product, question) and author."""
    return (
        Column("id", "id", POSITIVE_BIGINT),
        Column(owner, owner, POSITIVE_BIGINT),
        Column("body", "body", BODY),
        Column("date_written", "date_written", DATE_WRITTEN),
        Column(f"{author}_name", f"{author}_name", short_text(max_length=max_length(model, f"{author}_name"))),
        Column(f"{author}_email", f"{author}_email", short_text(max_length=max_length(model, f"{author}_email"))),
        Column("reported", "status", REPORTED_FLAG),
        Column("helpful", "helpfulness", NON_NEGATIVE_INT),
    )


QUESTIONS = LegacyFile(
    kind="questions",
    file_name="questions.csv",
    table=Question._meta.db_table,
    columns=post_columns(Question, owner="product_id", author="asker"),
    identity=("product_id", "body", "date_written", "asker_name", "asker_email"),
    counts_reports=True,
)
ANSWERS = LegacyFile(
    kind="answers",
    file_name="answers.csv",
    table=Answer._meta.db_table,
    columns=post_columns(Answer, owner="question_id", author="answerer"),
    identity=("question_id", "body", "date_written", "answerer_name", "answerer_email"),
    reference=Reference(column="question_id", table=Question._meta.db_table),
    counts_reports=True,
)
PHOTOS = LegacyFile(
    kind="photos",
    file_name="answers_photos.csv",
    table=AnswerPhoto._meta.db_table,
    columns=(
        Column("id", "id", POSITIVE_BIGINT),
        Column("answer_id", "answer_id", POSITIVE_BIGINT),
        Column("url", "url", required_short_text(max_length=max_length(AnswerPhoto, "url"))),
    ),
    identity=("answer_id", "url"),
    reference=Reference(column="answer_id", table=Answer._meta.db_table),
)
# Parents before children: answers are checked against the questions already moved, photos against answers.
LEGACY_FILES: tuple[LegacyFile, ...] = (QUESTIONS, ANSWERS, PHOTOS)


def legacy_files_in(directory: Path) -> dict[LegacyFile, Path]:
    """The legacy files present in `directory`, found by their usual names."""
    return {
        legacy_file: directory / legacy_file.file_name
        for legacy_file in LEGACY_FILES
        if (directory / legacy_file.file_name).is_file()
    }
