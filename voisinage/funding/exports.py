"""The schedule as an Excel workbook: a "schedule" sheet (lines × years, totals) and a
"payments" sheet (planned, requested, paid per year and line). Amounts are numbers in euros
(integers when whole, Decimal otherwise: never float), formatted "# ##0 €"."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from voisinage.lib.tabular import sheet_text
from voisinage.territory.stockfile import escape_cell

if TYPE_CHECKING:
    from voisinage.funding.selectors import AgreementSheet

EURO_FORMAT = '#,##0 "€";-#,##0 "€"'
CENTS_FORMAT = '#,##0.00 "€";-#,##0.00 "€"'


def euros_value(cents: int) -> int | Decimal:
    return cents // 100 if cents % 100 == 0 else Decimal(cents) / 100


def status_label(status: str) -> str:
    return {
        "planned": _("Planned"),
        "requested": _("Requested"),
        "partly_paid": _("Partly paid"),
        "paid": _("Paid"),
    }[status]


def schedule_xlsx(sheet: AgreementSheet) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)

    def cell(ws: object, value: object, *, strong: bool = False) -> object:
        if isinstance(value, str):
            value = escape_cell(value)
        c = WriteOnlyCell(ws, value=sheet_text(value))
        if isinstance(value, str):
            c.data_type = "s"  # text stays text, even when it starts with "="
        if strong:
            c.font = bold
        return c

    def money(ws: object, cents: int | None, *, strong: bool = False) -> object:
        if cents is None:
            return cell(ws, None)
        c = cell(ws, euros_value(cents), strong=strong)
        c.number_format = EURO_FORMAT if cents % 100 == 0 else CENTS_FORMAT  # type: ignore[attr-defined]
        return c

    table = sheet.table
    ws = workbook.create_sheet(title=_("Schedule")[:31])
    ws.append([cell(ws, sheet.agreement.title, strong=True)])
    ws.append(
        [
            cell(
                ws,
                _("From %(start)s to %(end)s")
                % {
                    "start": sheet.agreement.starts_on.strftime("%d/%m/%Y"),
                    "end": sheet.agreement.ends_on.strftime("%d/%m/%Y"),
                },
            )
        ]
    )
    ws.append([])
    header = [_("Line"), _("Party"), _("Role")]
    for year in table.years:
        header.append(
            str(year.year)
            if year.is_full
            else _("%(year)s (%(months)s months)")
            % {"year": year.year, "months": year.months_label}
        )
    header.append(_("Total"))
    ws.append([cell(ws, h, strong=True) for h in header])
    for row in table.rows:
        ws.append(
            [
                cell(ws, row.label or _("Unallocated")),
                cell(ws, row.party.organisation.name if row.party else ""),
                cell(ws, row.party.role_label if row.party else ""),
                *[money(ws, c) for c in row.cells],
                money(ws, row.total_cents),
            ]
        )
    ws.append(
        [
            cell(ws, _("Total"), strong=True),
            cell(ws, ""),
            cell(ws, ""),
            *[money(ws, t, strong=True) for t in table.totals],
            money(ws, table.grand_total_cents, strong=True),
        ]
    )

    ws2 = workbook.create_sheet(title=_("Payments")[:31])
    ws2.append(
        [
            cell(ws2, h, strong=True)
            for h in (
                _("Year"),
                _("Line"),
                _("Party"),
                _("Planned"),
                _("Requested"),
                _("Paid"),
                _("Still to pay"),
                _("Status"),
            )
        ]
    )
    for payment_year in sheet.payments:
        for line in payment_year.lines:
            ws2.append(
                [
                    cell(ws2, payment_year.year),
                    cell(ws2, line.label),
                    cell(ws2, line.party.organisation.name),
                    money(ws2, line.due_cents),
                    money(ws2, line.requested_cents),
                    money(ws2, line.paid_cents),
                    money(ws2, line.outstanding_cents),
                    cell(ws2, status_label(line.status)),
                ]
            )
    ws2.append(
        [
            cell(ws2, _("Total"), strong=True),
            cell(ws2, ""),
            cell(ws2, ""),
            money(ws2, sheet.planned_cents, strong=True),
            money(ws2, sheet.requested_cents, strong=True),
            money(ws2, sheet.paid_cents, strong=True),
            money(ws2, sheet.planned_cents - sheet.paid_cents, strong=True),
            cell(ws2, ""),
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
