"""A generic reader of small CSV/XLSX tables with French column names (parsing only).

The housing-stock import (``territory/stockfile.py``) fixed its columns; this is the same reader
with the columns as parameters, so other uploads (courtesy-visit lists…) share the decoding, the
delimiter sniffing, the header matching (case, accents and spaces ignored), the formula-escape
handling and the French problem messages. ``Problem``, ``FileRejected`` and ``RawRow`` are the
same for every upload, so every upload page shows problems the same way.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django.utils.functional import Promise

MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    line: int  # 1-based line of the file (header is line 1); 0 for the whole file
    column: str  # column name, or "" for the whole line/file
    message: str

    def __str__(self) -> str:
        if self.line == 0:
            return self.message
        if self.column:
            return _("Line %(line)s, column “%(column)s”: %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


class FileRejected(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class RawRow:
    line: int
    values: dict[str, str]


def normalise_header(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.strip().lower().replace(" ", "").replace("_", "").replace("-", "")


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRejected([Problem(0, "", _("The file is neither UTF-8 nor Windows-1252 text."))])


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    yield from csv.reader(io.StringIO(text), delimiter=delimiter)


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise FileRejected(
            [Problem(0, "", _("The file could not be read as an Excel workbook (.xlsx)."))]
        ) from exc
    sheet = workbook.worksheets[0]
    for row in sheet.iter_rows(values_only=True):
        yield ["" if v is None else _cell_text(v) for v in row]
    workbook.close()


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: object) -> object:
    """Keep spreadsheet software from reading text as a formula (CSV/formula injection):
    text starting with = + - @ gets a leading apostrophe, which the import removes again."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unescape_cell(text: str) -> str:
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


__all__ = [
    "MAX_BYTES",
    "FileRejected",
    "Problem",
    "RawRow",
    "escape_cell",
    "normalise_header",
    "read_table",
    "unescape_cell",
]


def read_table(
    data: bytes,
    filename: str,
    *,
    columns: Sequence[str],
    required: Sequence[str],
    labels: Mapping[str, str | Promise],
    aliases: Mapping[str, str] | None = None,
    max_rows: int = 5_000,
) -> list[RawRow]:
    """Rows as dicts keyed by canonical column name (``columns``, already normalised).

    ``aliases`` maps other normalised headers to a canonical column (e.g. "code" → "entree").
    Unknown columns are ignored; a missing required or a repeated column rejects the file, as do
    an empty file, a file over 10 MB or over ``max_rows`` non-blank rows.
    """
    if len(data) > MAX_BYTES:
        raise FileRejected([Problem(0, "", _("The file is larger than 10 MB."))])
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(data)
    elif name.endswith((".csv", ".txt")):
        rows = _csv_rows(data)
    else:
        raise FileRejected([Problem(0, "", _("Send a .csv or .xlsx file."))])
    try:
        header = next(rows)
    except StopIteration:
        raise FileRejected([Problem(0, "", _("The file is empty."))]) from None
    known = {column: column for column in columns} | dict(aliases or {})
    positions: dict[str, int] = {}
    problems = []
    for index, title in enumerate(header):
        key = known.get(normalise_header(title))
        if key is None:
            continue
        if key in positions:
            problems.append(Problem(1, str(title), _("this column appears twice.")))
        positions[key] = index
    for column in required:
        if column not in positions:
            problems.append(Problem(1, str(labels[column]), _("this required column is missing.")))
    if problems:
        raise FileRejected(problems)
    result: list[RawRow] = []
    for line, row in enumerate(rows, start=2):
        if not any(str(cell).strip() for cell in row):
            continue
        if len(result) >= max_rows:
            raise FileRejected(
                [Problem(0, "", _("The file has more than %(max)s rows.") % {"max": max_rows})]
            )
        values = {
            column: (unescape_cell(str(row[pos]).strip()) if pos < len(row) else "")
            for column, pos in positions.items()
        }
        result.append(RawRow(line=line, values=values))
    if not result:
        raise FileRejected([Problem(0, "", _("The file has a header but no rows."))])
    return result
