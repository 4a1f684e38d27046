"""Reading and writing housing-stock files (CSV or XLSX). Parsing only: no database here.

Columns, in French because the people who fill them in are French; headers are matched without
regard to case, accents or spaces:
    code, adresse, bailleur, quartier, residence, logements, latitude, longitude
"""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext_lazy

from voisinage.lib.tabular import (  # noqa: F401 - re-exported for the importers
    MAX_BYTES,
    FileRejected,
    Problem,
    RawRow,
    escape_cell,
    normalise_header,
    read_table,
    sheet_text,
    unescape_cell,
)

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
MAX_ROWS = 50_000


def read_rows(data: bytes, filename: str) -> list[RawRow]:
    """Rows as dicts keyed by canonical column name; rejects the file on header problems."""
    return read_table(
        data,
        filename,
        columns=COLUMNS,
        required=REQUIRED,
        labels=COLUMN_LABELS,
        max_rows=MAX_ROWS,
    )


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
            cell = WriteOnlyCell(sheet, value=sheet_text(value))
            if isinstance(value, str):
                cell.data_type = "s"  # text stays text, even when it starts with "="
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
