"""The yearly compliance of a scheme's governance, for its editors: the operator's attendance
against each quota, overdue action items, past meetings lacking minutes or documents, review
decks late or missing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, Q

from voisinage.governance.models import (
    ActionItem,
    AttendanceQuota,
    AttendanceStatus,
    Body,
    Meeting,
    MeetingDocument,
)
from voisinage.governance.selectors import (
    DeckStatus,
    deck_status,
    local_date,
    scheme_action_items,
    year_bounds,
)
from voisinage.schemes.models import MemberRole

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme
    from voisinage.territory.models import Organisation


@dataclass(frozen=True)
class QuotaLine:
    label: str
    bodies: list[str]
    minimum: int
    attended: int
    expected_by_now: int
    state: str  # met, on_track, behind, missed

    @property
    def remaining(self) -> int:
        return max(0, self.minimum - self.attended)


@dataclass(frozen=True)
class OperatorQuotas:
    """One operator's attendance against the scheme's quotas (each operator of a scheme with
    several owes them: counted on its own organisation's attendances)."""

    operator: Organisation
    quotas: list[QuotaLine]


@dataclass(frozen=True)
class ComplianceReport:
    year: int
    years: list[int]
    operator: Organisation  # the scheme's lead operator
    quotas: list[QuotaLine]  # the lead operator's
    operators: list[OperatorQuotas]  # every operator in force, the lead first
    overdue_actions: list[ActionItem]
    missing_minutes: list[Meeting]
    missing_documents: list[Meeting]
    deck_warnings: list[tuple[Meeting, DeckStatus]]


def expected_by_now(minimum: int, year: int, today: date) -> int:
    """The quota pro rata of the days gone by (whole meetings, rounded down)."""
    if year < today.year:
        return minimum
    if year > today.year:
        return 0
    days = (date(year + 1, 1, 1) - date(year, 1, 1)).days
    elapsed = (today - date(year, 1, 1)).days + 1
    return minimum * elapsed // days


def _quota_state(attended: int, minimum: int, expected: int, year: int, today: date) -> str:
    if attended >= minimum:
        return "met"
    if year < today.year:
        return "missed"
    return "on_track" if attended >= expected else "behind"


def _operators(scheme: Scheme) -> list[Organisation]:
    """The scheme's lead operator, then its other operators in force (by name): one query."""
    others = [
        m.organisation
        for m in scheme.members.in_force()
        .filter(role=MemberRole.OPERATOR)
        .exclude(organisation_id=scheme.operator_id)
        .select_related("organisation")
        .order_by("organisation__name")
    ]
    return [scheme.operator, *others]


def compliance_report(
    user: AnyUser, scheme: Scheme, year: int, *, now: datetime
) -> ComplianceReport:
    """The year's compliance (the caller went through access_governed_scheme with write):
    meetings each operator attended per quota (present, not cancelled, already started),
    overdue action items (as of today), past meetings lacking minutes or documents, and
    review decks late or missing."""
    today = local_date(now, scheme)
    start, end = year_bounds(scheme, year)
    meetings = Meeting.objects.visible_to(user).filter(
        scheme=scheme, cancelled_at__isnull=True, starts_at__gte=start, starts_at__lt=end
    )
    operators = _operators(scheme)

    def attended(operator_id: int) -> Any:
        return meetings.filter(
            starts_at__lt=now,
            attendances__organisation_id=operator_id,
            attendances__status=AttendanceStatus.PRESENT,
        ).values("pk")

    quotas = (
        AttendanceQuota.objects.visible_to(user)
        .filter(scheme=scheme)
        .filter(Q(from_year__isnull=True) | Q(from_year__lte=year))
        .filter(Q(until_year__isnull=True) | Q(until_year__gte=year))
        .annotate(
            # One count per operator, in the same query.
            **{
                f"attended_{op.pk}": Count(
                    "bodies__meetings",
                    filter=Q(bodies__meetings__in=attended(op.pk)),
                    distinct=True,
                )
                for op in operators
            }
        )
        .prefetch_related(
            Prefetch("bodies", queryset=Body.objects.order_by("position", "name")),
            "past_minimums",
        )
        .order_by("position", "label")
    )
    lines: dict[int, list[QuotaLine]] = {op.pk: [] for op in operators}
    for quota in quotas:
        minimum = quota.minimum_for(year)  # as it was that year: a change keeps the past
        expected = expected_by_now(minimum, year, today)
        bodies = [b.name for b in quota.bodies.all()]
        for op in operators:
            count: int = getattr(quota, f"attended_{op.pk}")
            lines[op.pk].append(
                QuotaLine(
                    label=quota.label,
                    bodies=bodies,
                    minimum=minimum,
                    attended=count,
                    expected_by_now=expected,
                    state=_quota_state(count, minimum, expected, year, today),
                )
            )
    past = meetings.filter(ends_at__lt=now).select_related("body").order_by("starts_at", "pk")
    decks = [
        (meeting, status)
        for meeting in meetings.filter(body__deck_required=True)
        .select_related("body", "scheme")
        .order_by("starts_at", "pk")
        if (status := deck_status(meeting, today=today)) is not None
        and status.state in {"late", "missing", "due_soon"}
    ]
    bounds = (
        Meeting.objects.visible_to(user)
        .filter(scheme=scheme)
        .aggregate(first=Min("starts_at"), last=Max("starts_at"))
    )
    first_year = local_date(bounds["first"], scheme).year if bounds["first"] else today.year
    last_year = local_date(bounds["last"], scheme).year if bounds["last"] else today.year
    return ComplianceReport(
        year=year,
        years=list(range(min(first_year, today.year), max(last_year, today.year) + 1)),
        operator=scheme.operator,
        quotas=lines[scheme.operator_id],
        operators=[OperatorQuotas(operator=op, quotas=lines[op.pk]) for op in operators],
        overdue_actions=list(
            scheme_action_items(user, scheme, today=today, overdue=True).order_by("due_on", "pk")
        ),
        missing_minutes=list(past.filter(body__minutes_expected=True, minutes="")),
        missing_documents=list(
            past.filter(body__documents_expected=True).exclude(
                Exists(MeetingDocument.objects.filter(meeting=OuterRef("pk")))
            )
        ),
        deck_warnings=decks,
    )
