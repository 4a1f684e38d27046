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
import time
import unicodedata
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from voisinage.lib.bounds import CONTROL_CHARACTERS, check_text

if TYPE_CHECKING:
    from django.utils.functional import Promise

# Limits checked before a file is parsed (docs/security.md): its size, the sheet's declared
# dimensions, the workbook's unpacked size, then the time spent reading it.
MAX_BYTES = 10 * 1024 * 1024
MAX_COLUMNS = 100
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_SECONDS = 20.0
MAX_CELL = 1_000  # characters in one cell


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


def _reject(message: str) -> FileRejected:
    return FileRejected([Problem(0, "", message)])


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 (BOM, or the zero bytes of plain Latin text), then
    Windows-1252 / Latin-1; anything else is refused with a message saying what to send."""
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise _reject(
            _(
                "This file is an Excel workbook, not a CSV file: send it as .xlsx (in Excel, "
                "“Save as”, “Excel workbook”)."
            )
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    elif data[:4096].count(0) > len(data[:4096]) // 4:  # a stray NUL is a cell's problem
        head = data[:4096]
        odd_zeros, even_zeros = head[1::2].count(0), head[0::2].count(0)
        if odd_zeros > len(head) // 4 and even_zeros == 0:
            encodings = ("utf-16-le",)
        elif even_zeros > len(head) // 4 and odd_zeros == 0:
            encodings = ("utf-16-be",)
        else:
            raise _reject(
                _(
                    "The file holds zero (NUL) bytes: it is not a text (CSV) file. Save it as "
                    "“CSV UTF-8” or send the .xlsx workbook."
                )
            )
    else:
        encodings = ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _reject(
        _(
            "The file is neither UTF-8, UTF-16 nor Windows-1252 (Latin-1) text. Save it as "
            "“CSV UTF-8” or send the .xlsx workbook."
        )
    )


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    csv.field_size_limit(MAX_BYTES)
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            if len(row) > MAX_COLUMNS:
                raise _reject(_columns_message(len(row)))
            yield row
    except csv.Error as exc:
        raise _reject(_("The CSV file could not be read: %(error)s.") % {"error": exc}) from exc


def _columns_message(count: int) -> str:
    return _(
        "The sheet has %(count)s columns; the limit is %(max)s. Delete the columns after "
        "your table, or copy the table alone into a new sheet."
    ) % {"count": count, "max": MAX_COLUMNS}


def _check_workbook_size(data: bytes) -> None:
    """A small .xlsx may unpack to gigabytes: add up what its members declare first."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise _reject(_("The file could not be read as an Excel workbook (.xlsx).")) from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise _reject(
            _("The workbook unpacks to more than %(max)s MB.")
            % {"max": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )


def _xlsx_rows(data: bytes, max_rows: int) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    _check_workbook_size(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        # The sheet's declared range (its <dimension>), read before any cell: a 1.6 kB file
        # may declare 16 384 columns, and the reader would walk every declared cell.
        declared_columns, declared_rows = sheet.max_column, sheet.max_row
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise _reject(_("The file could not be read as an Excel workbook (.xlsx).")) from exc
    if declared_columns is not None and declared_columns > MAX_COLUMNS:
        workbook.close()
        raise _reject(_columns_message(declared_columns))
    if declared_rows is not None and declared_rows > max_rows + 1:
        workbook.close()
        raise _reject(
            _(
                "The sheet has %(count)s rows; the limit is %(max)s. Delete the empty rows "
                "after your table."
            )
            % {"count": declared_rows, "max": max_rows}
        )
    # Whatever the dimension said (it may be missing or false), read no further than the limits.
    try:
        for row in sheet.iter_rows(
            max_col=min(declared_columns or MAX_COLUMNS, MAX_COLUMNS), values_only=True
        ):
            yield ["" if v is None else _cell_text(v) for v in row]
    except FileRejected:
        raise
    except Exception as exc:
        raise _reject(_("The file could not be read as an Excel workbook (.xlsx).")) from exc
    finally:
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


def sheet_text(value: object) -> object:
    """A value as a spreadsheet can hold it: control characters (NUL…), which XLSX cannot
    store and which make the writer fail, are removed from text; the import refuses them, but
    rows saved before it did may still hold some."""
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub("", value)
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
    "sheet_text",
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
    deadline = time.monotonic() + MAX_SECONDS
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(data, max_rows)
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
        if time.monotonic() > deadline:
            raise _reject(
                _("Reading the file took more than %(max)s seconds: split it into smaller files.")
                % {"max": int(MAX_SECONDS)}
            )
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
        for column, value in values.items():
            try:
                check_text(value, max_length=MAX_CELL, one_line=False)
            except ValueError as exc:
                problems.append(Problem(line, str(labels.get(column, column)), str(exc)))
        result.append(RawRow(line=line, values=values))
    if problems:
        raise FileRejected(problems[:50])
    if not result:
        raise FileRejected([Problem(0, "", _("The file has a header but no rows."))])
    return result
