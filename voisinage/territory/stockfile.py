"""Reading and writing housing-stock files (CSV or XLSX). Parsing only: no database here.

Columns, in French because the people who fill them in are French; headers are matched without
regard to case, accents or spaces:
    code, adresse, bailleur, quartier, residence, logements, latitude, longitude
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

COLUMNS: tuple[str, ...] = (
    "code",
    "adresse",
    "bailleur",
    "quartier",
    "residence",
    "logements",
    "latitude",
    "longitude",
)
REQUIRED: tuple[str, ...] = ("code", "adresse", "bailleur", "quartier", "logements")
COLUMN_LABELS = {
    "code": gettext_lazy("code"),
    "adresse": gettext_lazy("address"),
    "bailleur": gettext_lazy("landlord"),
    "quartier": gettext_lazy("neighbourhood"),
    "residence": gettext_lazy("residence"),
    "logements": gettext_lazy("dwellings"),
    "latitude": gettext_lazy("latitude"),
    "longitude": gettext_lazy("longitude"),
}
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000


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


def read_rows(data: bytes, filename: str) -> list[RawRow]:
    """Rows as dicts keyed by canonical column name; rejects the file on header problems."""
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
    positions: dict[str, int] = {}
    problems = []
    for index, title in enumerate(header):
        key = normalise_header(title)
        if key in COLUMNS:
            if key in positions:
                problems.append(Problem(1, str(title), _("this column appears twice.")))
            positions[key] = index
    for column in REQUIRED:
        if column not in positions:
            problems.append(
                Problem(1, str(COLUMN_LABELS[column]), _("this required column is missing."))
            )
    if problems:
        raise FileRejected(problems)
    result: list[RawRow] = []
    for line, row in enumerate(rows, start=2):
        if not any(str(cell).strip() for cell in row):
            continue
        if len(result) >= MAX_ROWS:
            raise FileRejected(
                [Problem(0, "", _("The file has more than %(max)s rows.") % {"max": MAX_ROWS})]
            )
        values = {
            column: (unescape_cell(str(row[pos]).strip()) if pos < len(row) else "")
            for column, pos in positions.items()
        }
        result.append(RawRow(line=line, values=values))
    if not result:
        raise FileRejected([Problem(0, "", _("The file has a header but no rows."))])
    return result


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


def write_csv(rows: list[list[object]]) -> bytes:
    """CSV as French spreadsheets open it: UTF-8 with BOM, semicolons."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(["" if v is None else escape_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(rows: list[list[object]], *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "Patrimoine")
    sheet.append(list(COLUMNS))
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text stays text, even when it starts with "="
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
