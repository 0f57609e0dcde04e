"""Read user CSV files with clear errors: missing file, wrong column, empty, not UTF-8."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from triagedesk.errors import InputDataError

csv.field_size_limit(50_000_000)


@contextmanager
def open_csv(path: Path, required: tuple[str, ...]) -> Iterator[tuple[csv.DictReader[str], int]]:
    """A DictReader over `path` after checking it exists, is UTF-8, has rows and the columns."""
    text = _read_utf8(path)
    if not text.strip():
        raise InputDataError(f"{path} is empty; expected a header line and one row per ticket")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = reader.fieldnames or []
    missing = [c for c in required if c not in columns]
    if missing:
        raise InputDataError(
            f"{path} has no column '{missing[0]}'; its columns are: {', '.join(columns)} "
            f"(choose others with --text-col / --label-col)"
        )
    try:
        total = sum(1 for row in csv.reader(io.StringIO(text, newline="")) if row) - 1
    except csv.Error as exc:
        raise InputDataError(f"{path} is not valid CSV: {exc}") from None
    if total == 0:
        raise InputDataError(f"{path} has a header but no rows")
    try:
        yield reader, total
    except csv.Error as exc:
        raise InputDataError(f"{path} line {reader.line_num}: {exc}") from None


def read_columns(
    path: Path, columns: tuple[str, ...], optional: tuple[str, ...] = ()
) -> dict[str, list[str]]:
    """The named columns of a CSV file as lists (optional columns only when present)."""
    with open_csv(path, required=columns) as (reader, _):
        present = [c for c in optional if c in (reader.fieldnames or [])]
        wanted = columns + tuple(present)
        table: dict[str, list[str]] = {c: [] for c in wanted}
        for row in reader:
            for column in wanted:
                table[column].append(row.get(column) or "")
    return table


def _read_utf8(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputDataError(f"{path} not found") from None
    except OSError as exc:
        raise InputDataError(f"cannot read {path}: {exc.strerror}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputDataError(
            f"{path} is not UTF-8 (byte {exc.start}); save it as UTF-8, e.g. iconv -f latin1 -t utf-8"
        ) from None
