"""The dashboard's figures as CSV (semicolons, UTF-8 with BOM, as French spreadsheets open it)
and XLSX (one sheet of indicators, one per chart). Text cells are escaped against formulas."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from voisinage.lib.tabular import escape_cell, sheet_text

if TYPE_CHECKING:
    from voisinage.analytics.selectors import Dashboard

type Cell = str | int | float | Decimal | None


def _number(value: object) -> Cell:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value  # type: ignore[return-value]


def indicator_rows(board: Dashboard) -> list[list[Cell]]:
    rows: list[list[Cell]] = [
        [
            _("Code"),
            _("Indicator"),
            _("Level"),
            _("Unit"),
            _("Period"),
            _("Previous period"),
            _("Same period last year"),
            _("Note"),
        ]
    ]
    for v in board.values:
        rows.append(
            [
                v.indicator.code,
                str(v.indicator.label),
                v.indicator.level,
                v.indicator.unit,
                _number(v.value),
                _number(v.previous),
                _number(v.last_year),
                "" if v.available else _("source not available yet"),
            ]
        )
    return rows


def chart_rows(board: Dashboard) -> list[tuple[str, list[list[Cell]]]]:
    sheets: list[tuple[str, list[list[Cell]]]] = []
    for chart in board.charts:
        rows: list[list[Cell]] = [[_("Category"), _("Interventions")]]
        rows.extend([label, _number(value)] for _key, label, value in chart.rows)
        sheets.append((str(chart.title), rows))
    return sheets


def write_csv(board: Dashboard) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    period = board.scope.period
    writer.writerow([board.scope.scheme.name, period.first.isoformat(), period.last.isoformat()])
    for block in [indicator_rows(board), *(rows for _title, rows in chart_rows(board))]:
        writer.writerow([])
        for row in block:
            writer.writerow(
                [
                    ""
                    if v is None
                    else escape_cell(str(v).replace(".", ",") if isinstance(v, float) else v)
                    for v in row
                ]
            )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(board: Dashboard) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheets = [(_("Indicators"), indicator_rows(board)), *chart_rows(board)]
    used: set[str] = set()
    for title, rows in sheets:
        name = title[:31]
        while name in used:  # sheet names are unique
            name = name[:28] + f"~{len(used)}"
        used.add(name)
        sheet = workbook.create_sheet(title=name)
        for index, row in enumerate(rows):
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=sheet_text(value))
                if isinstance(value, str):
                    cell.data_type = "s"
                if index == 0:
                    cell.font = Font(bold=True)
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
