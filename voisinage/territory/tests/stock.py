"""Helpers that build housing-stock files the way people send them (CSV or XLSX)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook

from voisinage.territory.models import Entrance, Residence
from voisinage.territory.stockfile import COLUMN_LABELS, COLUMNS

HEADER = list(COLUMNS)


def csv_file(
    rows: Sequence[Sequence[object]],
    *,
    header: Sequence[str] = HEADER,
    delimiter: str = ";",
    encoding: str = "utf-8-sig",
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_file(rows: Sequence[Sequence[object]], *, header: Sequence[str] = HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def label(column: str) -> str:
    """The column name as a Problem reports it for a row problem."""
    return str(COLUMN_LABELS[column])


def where(problems: Sequence[object]) -> list[tuple[int, str]]:
    """(line, column) of every problem, in order."""
    return [(p.line, p.column) for p in problems]  # type: ignore[attr-defined]


def snapshot() -> tuple[int, int, list[tuple[object, ...]]]:
    """Everything an import could change, to compare before and after."""
    rows: list[tuple[object, ...]] = list(
        Entrance.objects.order_by("pk").values_list(
            "pk",
            "code",
            "address",
            "landlord_id",
            "neighbourhood_id",
            "residence_id",
            "dwellings",
            "lat",
            "lon",
            "updated_at",
        )
    )
    return Entrance.objects.count(), Residence.objects.count(), rows
