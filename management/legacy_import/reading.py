"""Reading a legacy CSV file: as raw blocks for PostgreSQL's CSV parser, or as records numbered by line.

Fields may span lines, so a record's line is counted from the physical lines the csv module has read
before it; a second, rarer read finds the raw text of given records for the rejects report.
"""

import csv
import io
from collections.abc import Callable, Collection, Iterator
from pathlib import Path

# How often, in records, reading reports how far into the file it is.
PROGRESS_EVERY = 1 << 16
# The blocks a file is handed to PostgreSQL's own CSV parser in.
BLOCK_SIZE = 1 << 20


class LegacyFileError(Exception):
    """The file cannot be read at all: missing, not UTF-8, a wrong header, or broken quoting."""


def header_check(header_row: list[str] | None, *, path: Path, header: tuple[str, ...]) -> None:
    """The header must name `header` in order; spaces after its commas are allowed."""
    found = tuple(name.strip() for name in header_row or [])
    if found != header:
        raise LegacyFileError(f"{path}: the header is {','.join(found)!r}, expected {','.join(header)!r}")


def records(
    path: Path, *, header: tuple[str, ...], on_bytes_read: Callable[[int], None]
) -> Iterator[tuple[int, list[str]]]:
    """(line, fields) of every non-blank record after the header, which must name `header` in order.

    Calls on_bytes_read with the position in the file now and then, and once at the end.
    """
    try:
        with path.open("rb") as binary, io.TextIOWrapper(binary, encoding="utf-8-sig", newline="") as text:
            reader = csv.reader(text)
            header_check(next(reader, None), path=path, header=header)
            end = reader.line_num
            for count, row in enumerate(reader, start=1):
                start, end = end + 1, reader.line_num
                if row:
                    yield start, row
                if count % PROGRESS_EVERY == 0:
                    on_bytes_read(binary.tell())
            on_bytes_read(binary.tell())
    except OSError as error:
        raise LegacyFileError(f"{path}: {error.strerror or error}") from error
    except (csv.Error, UnicodeDecodeError) as error:
        raise LegacyFileError(f"{path}, after line {reader.line_num}: {error}") from error


def blocks(path: Path, *, header: tuple[str, ...], on_bytes_read: Callable[[int], None]) -> Iterator[bytes]:
    """The file's bytes in big blocks, header included, once its header is checked."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as text:
            header_check(next(csv.reader(text), None), path=path, header=header)
        with path.open("rb") as binary:
            while block := binary.read(BLOCK_SIZE):
                yield block
                on_bytes_read(binary.tell())
    except OSError as error:
        raise LegacyFileError(f"{path}: {error.strerror or error}") from error
    except (csv.Error, UnicodeDecodeError) as error:
        raise LegacyFileError(f"{path}, line 1: {error}") from error


def raw_records(path: Path, *, lines: Collection[int]) -> dict[int, str]:
    """The text of the records starting on `lines`, as the file has it, line breaks inside fields kept."""
    wanted = set(lines)
    found: dict[int, str] = {}
    consumed: list[str] = []
    with path.open(encoding="utf-8-sig", newline="") as text:

        def source() -> Iterator[str]:
            for line in text:
                consumed.append(line)
                yield line

        reader = csv.reader(source())
        next(reader, None)
        consumed.clear()
        end = reader.line_num
        for _row in reader:
            start, end = end + 1, reader.line_num
            if start in wanted:
                found[start] = "".join(consumed).rstrip("\r\n")
                if len(found) == len(wanted):
                    break
            consumed.clear()
    return found
