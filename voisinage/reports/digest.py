"""The reports' sections of the daily digest (digests/compile.py): the problems reported during
the service night — a report reported again that night counts once — and the partners' answers
received during it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from voisinage.core.sections import Section
from voisinage.lib.clock import local, time_label
from voisinage.reports.models import Report
from voisinage.reports.selectors import ANSWER_KINDS
from voisinage.schemes.models import Capability

if TYPE_CHECKING:
    from voisinage.schemes.models import Scheme


def _bounds(scheme: Scheme, night: date) -> tuple[datetime, datetime]:
    """The service night from its evening's day boundary to the next one."""
    zone = ZoneInfo(scheme.time_zone)
    start = datetime.combine(night, scheme.day_boundary, zone)
    return start, datetime.combine(night + timedelta(days=1), scheme.day_boundary, zone)


def _place(report: Report) -> str:
    if report.entrance is not None:
        return report.entrance.address or report.entrance.code
    return report.place_label


def digest_sections(scheme: Scheme, night: date) -> list[Section]:
    if not scheme.uses(Capability.REPORTS):  # ADR 0036
        return []
    start, end = _bounds(scheme, night)
    zone = ZoneInfo(scheme.time_zone)
    tonight = Q(occurrences__at__gte=start, occurrences__at__lt=end)
    reported = (
        Report.objects.filter(scheme=scheme)
        .filter(tonight)
        .annotate(tonight=Count("occurrences", filter=tonight, distinct=True))
        .select_related("category", "recipient", "entrance")
        .order_by("created_at", "pk")
    )
    reports = Section(
        key="reports",
        order=30,
        title=_("Problems reported to partners"),
        model=Report,
        columns=[
            ("category", _("Category")),
            ("place", _("Place")),
            ("recipient", _("Sent to")),
            ("due_on", _("Answer due")),
            ("status", _("Status")),
            ("new", _("New or reported again")),
        ],
        rows=[
            {
                "id": r.pk,
                "category": str(r.category),
                "place": _place(r),
                "recipient": str(r.recipient) if r.recipient else _("to route"),
                "due_on": r.due_on.strftime("%d/%m/%Y") if r.due_on else "",
                "status": r.get_status_display(),
                "new": _("new") if start <= r.created_at < end else _("reported again"),
                "occurrences_tonight": r.tonight,
            }
            for r in reported
        ],
    )
    answered = (
        Report.objects.filter(
            scheme=scheme,
            events__kind__in=ANSWER_KINDS,
            events__at__gte=start,
            events__at__lt=end,
        )
        .select_related("category", "recipient", "entrance")
        .distinct()
        .order_by("pk")
    )
    answers = Section(
        key="answers",
        order=35,
        title=_("Partners' answers received"),
        model=Report,
        columns=[
            ("category", _("Category")),
            ("place", _("Place")),
            ("recipient", _("By")),
            ("status", _("Answer")),
            ("answered_at", _("At")),
        ],
        rows=[
            {
                "id": r.pk,
                "category": str(r.category),
                "place": _place(r),
                "recipient": str(r.recipient) if r.recipient else "",
                "status": r.get_status_display(),
                "answered_at": (
                    f"{local(r.answered_at, zone):%d/%m} {time_label(r.answered_at, zone)}"
                    if r.answered_at
                    else ""
                ),
            }
            for r in answered
        ],
    )
    return [reports, answers]
