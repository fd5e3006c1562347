"""Benchmark `manage.py import_legacy` against a bare `psql \\copy` of the same files plus the same indexes.

Generates legacy files of the full export's size (3,518,963 questions, 6,879,306 answers, 2,063,759
photos; --scale shrinks them) with PostgreSQL into a temporary directory, then:
- import side: a scratch database, migrated, and the import command run on the files;
- bare side: a scratch database, migrated, its tables stripped of every index and constraint (and
  date_written made a bigint, since the files hold milliseconds), then timed: psql \\copy of the three
  files, and the same primary keys and indexes built again. The foreign keys are timed apart, and so
  is a second write of the copied rows, with INSERT ... SELECT, into tables of the real column types
  (dates converted): the least an import that stages the files and then moves the rows must add.
Prints the wall times and the ratios, import over bare, as markdown; the scratch databases and the files
are deleted at the end. Holds /tmp/atelier-bench.lock throughout, so it never overlaps another heavy
benchmark.

    .venv/bin/python benchmarks/import_legacy.py               # full size, 5 to 6 minutes
    .venv/bin/python benchmarks/import_legacy.py --scale 0.1
"""

import argparse
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

PROJECT = Path(__file__).resolve().parent.parent
LOCK = Path("/tmp/atelier-bench.lock")
FULL_EXPORT = {"questions": 3_518_963, "answers": 6_879_306, "photos": 2_063_759}
QA_TABLES = ("questions_question", "answers_answer", "answers_answerphoto")

# Bodies: a few kinds of question and answer, a third with a comma (so quoted), one in a thousand with
# a doubled quote and a line break; the brand's answers carry the literal email `null`; photos unsorted.
QUESTIONS_SQL = """
SELECT g AS id, 1 + (g * 7919) % 1000011 AS product_id,
    (ARRAY['Does this run true to size', 'Is it machine washable', 'How warm is it in winter',
           'Would you recommend it for travel'])[1 + g % 4]
    || CASE WHEN g % 3 = 0 THEN ', or should I order a size up?' ELSE '?' END
    || CASE WHEN g % 1000 = 0 THEN E'\nAsking for my sister, who says "it shrinks".' ELSE '' END AS body,
    1546300800000 + (g * 8191) % 157766400000 AS date_written,
    'shopper' || g % 500000 AS asker_name, 'shopper' || g % 500000 || '@example.com' AS asker_email,
    (g % 37 = 0)::integer AS reported, g % 26 AS helpful
FROM generate_series(1::bigint, {questions}) g
"""
ANSWERS_SQL = """
SELECT g AS id, 1 + (g * 104729) % {questions} AS question_id,
    (ARRAY['Yes, it runs true to size', 'It shrank a little in the wash', 'Warm enough for autumn',
           'I took it on a long trip and it held up well'])[1 + g % 4]
    || CASE WHEN g % 3 = 0 THEN ', though I would check the size chart.' ELSE '.' END
    || CASE WHEN g % 1000 = 0 THEN E'\nThe label says "cold wash only".' ELSE '' END AS body,
    1546300800000 + (g * 6151) % 157766400000 AS date_written,
    CASE WHEN g % 10 = 0 THEN 'Seller' ELSE 'helper' || g % 700000 END AS answerer_name,
    CASE WHEN g % 10 = 0 THEN 'null' ELSE 'helper' || g % 700000 || '@example.com' END AS answerer_email,
    (g % 41 = 0)::integer AS reported, g % 19 AS helpful
FROM generate_series(1::bigint, {answers}) g
"""
PHOTOS_SQL = """
SELECT g AS id, 1 + (g * 7) % {answers} AS answer_id,
    'https://images.example.com/photos/' || md5(g::text) || '.jpg' AS url
FROM generate_series(1::bigint, {photos}) g
ORDER BY (g * 2654435761) % 4294967296
"""
FILES = (("questions.csv", QUESTIONS_SQL), ("answers.csv", ANSWERS_SQL), ("answers_photos.csv", PHOTOS_SQL))
HEADERS = {
    "questions.csv": "id,product_id,body,date_written,asker_name,asker_email,reported,helpful",
    "answers.csv": "id,question_id,body,date_written,answerer_name,answerer_email,reported,helpful",
    "answers_photos.csv": "id,answer_id,url",
}
INDEXES_SQL = """
SELECT pg_get_indexdef(indexrelid) FROM pg_index
WHERE indrelid = ANY(%(tables)s::regclass[])
  AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = indexrelid)
"""
CONSTRAINTS_SQL = """
SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid) FROM pg_constraint
WHERE conrelid = ANY(%(tables)s::regclass[]) OR (contype = 'f' AND confrelid = ANY(%(tables)s::regclass[]))
"""


@dataclass(frozen=True)
class Schema:
    """What the bare side builds again after its copy: the statements that made the stripped schema."""

    primary_keys: list[str]
    indexes: list[str]
    foreign_keys: list[str]


def database_create(server: str, name: str) -> str:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = f"{server}/{name}"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--verbosity", "0"],
        cwd=PROJECT,
        env=os.environ | {"DATABASE_URL": url},
        check=True,
    )
    return url


def database_drop(server: str, name: str) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def files_generate(server: str, directory: Path, counts: dict[str, int]) -> None:
    with psycopg.connect(f"{server}/postgres") as connection, connection.cursor() as cursor:
        for file_name, query in FILES:
            with (directory / file_name).open("wb") as output:
                output.write(HEADERS[file_name].encode() + b"\n")
                rows = sql.SQL(query).format(**{kind: sql.Literal(count) for kind, count in counts.items()})
                statement = sql.SQL("COPY ({}) TO STDOUT (FORMAT csv)").format(rows)
                with cursor.copy(statement) as copy:
                    for block in copy:
                        output.write(block)


def second_write_tables_create(url: str) -> None:
    """Empty tables shaped like the Q&A tables, made before schema_strip changes their date column."""
    with psycopg.connect(url, autocommit=True) as connection:
        for table in QA_TABLES:
            connection.execute(
                sql.SQL("CREATE TABLE {} (LIKE {} INCLUDING DEFAULTS)").format(
                    sql.Identifier(f"second_write_{table}"), sql.Identifier(table)
                )
            )


def second_write_script() -> str:
    """SQL: the bare tables' rows written once more into the second-write tables, dates made timestamps."""
    script = ""
    for table, (file_name, _query) in zip(QA_TABLES, FILES, strict=True):
        columns = HEADERS[file_name].replace("helpful", "helpfulness").split(",")
        values = [
            "timestamptz 'epoch' + date_written * interval '1 millisecond'" if column == "date_written" else column
            for column in columns
        ]
        script += f"INSERT INTO second_write_{table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM {table};\n"
    return script


def schema_strip(url: str) -> Schema:
    """Drop every constraint and index of the Q&A tables and make date_written a bigint; say how to rebuild."""
    with psycopg.connect(url, autocommit=True) as connection:
        indexes = [row[0] for row in connection.execute(INDEXES_SQL, {"tables": list(QA_TABLES)})]
        constraints = connection.execute(CONSTRAINTS_SQL, {"tables": list(QA_TABLES)}).fetchall()
        add = "ALTER TABLE {} ADD CONSTRAINT {} {}"
        schema = Schema(
            primary_keys=[add.format(table, name, ddl) for table, name, kind, ddl in constraints if kind == "p"],
            indexes=indexes,
            foreign_keys=[add.format(table, name, ddl) for table, name, kind, ddl in constraints if kind == "f"],
        )
        # Foreign keys first: the primary keys they point at can only go after them.
        for table, name, _kind, _ddl in sorted(constraints, key=lambda constraint: constraint[2] != "f"):
            connection.execute(
                sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(sql.Identifier(table), sql.Identifier(name))
            )
        for (index,) in connection.execute(
            "SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = ANY(%(tables)s::regclass[])",
            {"tables": list(QA_TABLES)},
        ).fetchall():
            connection.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(index)))
        for table in QA_TABLES[:2]:
            connection.execute(
                sql.SQL("ALTER TABLE {} ALTER COLUMN date_written TYPE bigint USING 0").format(sql.Identifier(table))
            )
    return schema


def psql_timed(url: str, script: str) -> float:
    started = time.monotonic()
    subprocess.run(["psql", "--quiet", "-v", "ON_ERROR_STOP=1", url], input=script, text=True, check=True)
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full export's size (1.0)")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL")
    arguments = parser.parse_args()
    counts = {kind: max(1, round(count * arguments.scale)) for kind, count in FULL_EXPORT.items()}
    suffix = os.getpid()
    import_db, bare_db = f"bench_import_legacy_{suffix}", f"bench_bare_copy_{suffix}"
    with LOCK.open("a") as lock:
        print(f"waiting for {LOCK}", flush=True)
        fcntl.flock(lock, fcntl.LOCK_EX)
        directory = Path(tempfile.mkdtemp(prefix="legacy-import-bench-"))
        try:
            started = time.monotonic()
            files_generate(arguments.server, directory, counts)
            size = sum(path.stat().st_size for path in directory.iterdir())
            seconds = time.monotonic() - started
            print(f"generated {sum(counts.values()):,} rows, {size / 2**30:.2f} GiB, in {seconds:.0f} s", flush=True)

            bare_url = database_create(arguments.server, bare_db)
            second_write_tables_create(bare_url)
            schema = schema_strip(bare_url)
            copies = "".join(
                f"\\copy {table} ({HEADERS[file_name].replace('helpful', 'helpfulness')}) "
                f"FROM '{directory / file_name}' (FORMAT csv, HEADER)\n"
                for table, (file_name, _query) in zip(QA_TABLES, FILES, strict=True)
            )
            bare_copy = psql_timed(bare_url, "CHECKPOINT;\n" + copies)
            second_write = psql_timed(bare_url, second_write_script())
            bare_indexes = psql_timed(
                bare_url,
                "SET maintenance_work_mem = '1GB';\n"
                + "".join(f"{ddl};\n" for ddl in schema.primary_keys + schema.indexes),
            )
            bare_foreign_keys = psql_timed(bare_url, "".join(f"{ddl};\n" for ddl in schema.foreign_keys))
            database_drop(arguments.server, bare_db)

            import_url = database_create(arguments.server, import_db)
            with psycopg.connect(import_url, autocommit=True) as connection:
                connection.execute("CHECKPOINT")
            started = time.monotonic()
            subprocess.run(
                [
                    sys.executable,
                    "manage.py",
                    "import_legacy",
                    "--dir",
                    str(directory),
                    "--rejects",
                    str(directory / "rejects.csv"),
                ],
                cwd=PROJECT,
                env=os.environ | {"DATABASE_URL": import_url},
                check=True,
            )
            imported = time.monotonic() - started
            database_drop(arguments.server, import_db)
        finally:
            shutil.rmtree(directory, ignore_errors=True)
            database_drop(arguments.server, bare_db)
            database_drop(arguments.server, import_db)
    bare = bare_copy + bare_indexes
    floor = bare + second_write + bare_foreign_keys
    print()
    print(
        "| rows | import_legacy | bare \\copy | bare indexes | bare total | **ratio** "
        "| bare FKs | ratio, FKs too | second write | floor of stage and move |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    print(
        f"| {sum(counts.values()):,} | {imported:.1f} s | {bare_copy:.1f} s | {bare_indexes:.1f} s | {bare:.1f} s "
        f"| **{imported / bare:.2f}** | {bare_foreign_keys:.1f} s | {imported / (bare + bare_foreign_keys):.2f} "
        f"| {second_write:.1f} s | {floor:.1f} s = {floor / bare:.2f} |"
    )


if __name__ == "__main__":
    main()
