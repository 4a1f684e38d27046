"""Small helpers shared by the report views."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest

from voisinage.reports.models import ReportStatus
from voisinage.reports.selectors import ReportFilters


def parse_int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


STATUS_FILTERS = ("open", "overdue", *ReportStatus.values)


def filters_from(request: HttpRequest) -> ReportFilters:
    status = request.GET.get("statut", "")
    return ReportFilters(
        status=status if status in STATUS_FILTERS else "",
        category=parse_int(request.GET.get("categorie")),
        recipient=parse_int(request.GET.get("destinataire")),
        start=parse_date(request.GET.get("du")),
        end=parse_date(request.GET.get("au")),
    )
