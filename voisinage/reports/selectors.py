"""Reads of reports for a user: lists through visible_to (one report: ``reports.access``)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.db.models import (
    Case,
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from voisinage.accounts.access import (
    Grant,
    has_capability,
    is_platform_admin,
    may_read,
    scheme_grants,
)
from voisinage.lib import clock
from voisinage.reports.models import (
    ANSWERABLE,
    OPEN_STATUSES,
    CategoryGroup,
    Occurrence,
    Report,
    ReportCategory,
    ReportEvent,
    ReportPhoto,
    RoutingRule,
)
from voisinage.territory.models import Organisation
from voisinage.territory.selectors import distance_metres, member_organisations

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme

ANSWER_KINDS = ("acknowledged", "planned", "done", "not_ours")


def for_lists(qs: QuerySet[Report]) -> QuerySet[Report]:
    """What a list shows, in a fixed number of queries. The occurrences are counted by a
    subquery per report rather than a join grouped over every report: PostgreSQL then counts
    only the rows of the page (it evaluates the subquery after the sort and the limit), and
    the paginator's count leaves it out."""
    counted = (
        Occurrence.objects.filter(report=OuterRef("pk"))
        .order_by()
        .values("report")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.select_related(
        "scheme", "category", "entrance", "recipient", "landlord", "neighbourhood", "author"
    ).annotate(occurrence_count=Coalesce(Subquery(counted), 0))


def can_supervise(user: AnyUser, scheme: Scheme) -> bool:
    return has_capability(user, scheme.pk, "can_supervise")


def can_report(user: AnyUser, scheme: Scheme) -> bool:
    return has_capability(user, scheme.pk, "can_record")


def description_section(grant: Grant) -> bool | Q:
    """A social situation (a person in distress, a neighbour dispute) is about people: its
    description, its occurrences' descriptions and photos and the comments of its history
    (the recipient's answers included) are read by grants that see sensitive data and by the
    recipient organisation — not by a landlord, a city or a state that reads the report only
    because it happened in their perimeter. Every other report is read whole."""
    if grant.sees_sensitive:
        return True
    return ~Q(category__group=CategoryGroup.SOCIAL) | Q(recipient_id=grant.organisation_id)


def sees_description(user: AnyUser, report: Report) -> bool:
    """Whether ``user``, who reads ``report``, reads its description section too."""
    if report.category.group != CategoryGroup.SOCIAL:
        return True
    return may_read(user, report, section=description_section)


def can_answer(user: AnyUser, report: Report) -> bool:
    """The recipient organisation's referents answer (and platform administrators)."""
    if report.recipient_id is None or report.status not in ANSWERABLE:
        return False
    if is_platform_admin(user):
        return True
    return any(
        g.organisation_id == report.recipient_id
        for g in scheme_grants(user, report.scheme_id, require="can_act_as_partner")
    )


@dataclass(frozen=True)
class ReportFilters:
    status: str = ""  # a status, or "open" / "overdue"
    category: int | None = None
    recipient: int | None = None
    start: date | None = None
    end: date | None = None  # inclusive


def scheme_reports(
    user: AnyUser,
    scheme: Scheme,
    filters: ReportFilters | None = None,
    *,
    today: date | None = None,
) -> QuerySet[Report]:
    f = filters or ReportFilters()
    qs: QuerySet[Report] = Report.objects.visible_to(user).filter(scheme=scheme)
    if f.status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif f.status == "overdue":
        qs = overdue(qs, today or local_today(scheme))
    elif f.status:
        qs = qs.filter(status=f.status)
    if f.category is not None:
        qs = qs.filter(category_id=f.category)
    if f.recipient is not None:
        qs = qs.filter(recipient_id=f.recipient)
    zone = ZoneInfo(scheme.time_zone)
    if f.start is not None:
        qs = qs.filter(created_at__gte=datetime.combine(f.start, datetime.min.time(), zone))
    if f.end is not None:
        after = f.end + timedelta(days=1)
        qs = qs.filter(created_at__lt=datetime.combine(after, datetime.min.time(), zone))
    return for_lists(qs).order_by("-created_at", "-pk")


def reports_to_answer(user: AnyUser, scheme: Scheme, *, today: date) -> QuerySet[Report]:
    """The open reports sent to an organisation the user answers for (``can_answer``'s rule),
    overdue first, then by due date (none last), oldest first."""
    organisations = {
        g.organisation_id for g in scheme_grants(user, scheme.pk, require="can_act_as_partner")
    }
    qs = Report.objects.visible_to(user).filter(
        scheme=scheme, status__in=ANSWERABLE, recipient_id__in=organisations
    )
    late = Case(When(due_on__lt=today, then=Value(0)), default=Value(1))
    return for_lists(qs).order_by(late, F("due_on").asc(nulls_last=True), "created_at", "pk")


def overdue(qs: QuerySet[Report], today: date) -> QuerySet[Report]:
    return qs.filter(status__in=ANSWERABLE, due_on__lt=today)


def local_today(scheme: Scheme) -> date:
    return clock.local_today(scheme.time_zone)


def report_history(report: Report) -> QuerySet[ReportEvent]:
    return report.events.select_related("user", "organisation", "recipient").order_by("at", "pk")


def report_occurrences(report: Report) -> QuerySet[Occurrence]:
    return (
        report.occurrences.select_related("author", "entrance", "intervention")
        .prefetch_related(Prefetch("photos", queryset=ReportPhoto.objects.order_by("pk")))
        .order_by("at", "pk")
    )


def scheme_categories(scheme: Scheme) -> QuerySet[ReportCategory]:
    return ReportCategory.objects.filter(scheme=scheme).in_use().order_by("position", "label")


def category_for_situations(scheme: Scheme, codes: list[str]) -> ReportCategory | None:
    """The category that reports the first of these logbook situations (in their order), if
    one of the scheme's categories in use lists it."""
    categories = list(scheme_categories(scheme))
    for code in codes:
        for category in categories:
            if code in category.situation_codes:
                return category
    return None


def routing_rules(scheme: Scheme) -> QuerySet[RoutingRule]:
    return (
        RoutingRule.objects.filter(scheme=scheme)
        .select_related("category", "recipient", "landlord", "neighbourhood")
        .prefetch_related("referents")
        .order_by("position", "pk")
    )


def recipient_choices(scheme: Scheme) -> QuerySet[Organisation]:
    """Organisations to filter the scheme's reports by: its members in force (not its
    operator), and any organisation its reports were sent to — a member that left stays
    findable on the reports it received, and is not offered otherwise."""
    sent = Report.objects.filter(scheme=scheme, recipient__isnull=False).values("recipient_id")
    return (
        Organisation.objects.filter(
            Q(pk__in=new_recipient_choices(scheme).values("pk")) | Q(pk__in=sent)
        )
        .exclude(pk=scheme.operator_id)
        .order_by("name")
    )


def new_recipient_choices(scheme: Scheme) -> QuerySet[Organisation]:
    """Organisations a report may be sent to now, or a new routing rule name: members whose
    membership is in force (not the operator)."""
    return member_organisations(scheme).exclude(pk=scheme.operator_id)


def duplicate_candidates(
    user: AnyUser,
    scheme: Scheme,
    *,
    category: ReportCategory,
    entrance_id: int | None,
    lat: float | None,
    lon: float | None,
    now: datetime,
    radius_m: int = 50,
    window_days: int = 30,
) -> list[Report]:
    """Open reports of the same category, made in the last ``window_days``, at the same entrance
    or within ``radius_m`` metres; same entrance first, then the nearest.

    The distance is prefiltered in SQL with a latitude/longitude box around the point (plain
    indexed columns, no PostGIS: docs/adr/0017-duplicates-bounding-box.md), then measured
    exactly on the few rows left."""
    qs = Report.objects.visible_to(user).filter(
        scheme=scheme,
        category=category,
        status__in=OPEN_STATUSES,
        created_at__gte=now - timedelta(days=window_days),
    )
    near = Q(pk__in=[])
    if entrance_id is not None:
        near |= Q(entrance_id=entrance_id)
    if lat is not None and lon is not None:
        dlat = radius_m / 111_320
        dlon = radius_m / (111_320 * max(math.cos(math.radians(lat)), 0.01))
        near |= Q(
            lat__gte=lat - dlat, lat__lte=lat + dlat, lon__gte=lon - dlon, lon__lte=lon + dlon
        )
    rows = list(for_lists(qs.filter(near)).order_by("-created_at")[:50])

    def distance(report: Report) -> float:
        if report.lat is None or report.lon is None or lat is None or lon is None:
            return math.inf
        return distance_metres(lat, lon, report.lat, report.lon)

    found = [
        r
        for r in rows
        if (entrance_id is not None and r.entrance_id == entrance_id) or distance(r) <= radius_m
    ]
    found.sort(key=lambda r: (r.entrance_id != entrance_id or entrance_id is None, distance(r)))
    return found[:10]


@dataclass(frozen=True)
class PartnerLine:
    organisation_id: int
    name: str
    open: int
    overdue: int
    done: int
    not_ours: int


def partner_board(user: AnyUser, scheme: Scheme, *, today: date) -> list[PartnerLine]:
    """Per recipient: open, overdue, done and "not ours" reports (the partners' feedback made
    visible), over what the user may see. One aggregate query."""
    rows = (
        Report.objects.visible_to(user)
        .filter(scheme=scheme, recipient__isnull=False)
        .values("recipient_id", "recipient__name", "recipient__short_name")
        .annotate(
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES), distinct=True),
            overdue=Count("pk", filter=Q(status__in=ANSWERABLE, due_on__lt=today), distinct=True),
            done=Count("pk", filter=Q(status="done"), distinct=True),
            not_ours=Count("pk", filter=Q(events__kind="not_ours"), distinct=True),
        )
        .order_by("recipient__name")
    )
    return [
        PartnerLine(
            organisation_id=r["recipient_id"],
            name=r["recipient__short_name"] or r["recipient__name"],
            open=r["open"],
            overdue=r["overdue"],
            done=r["done"],
            not_ours=r["not_ours"],
        )
        for r in rows
    ]


@dataclass(frozen=True)
class NightReports:
    created: list[Report]
    answers: list[ReportEvent]


def night_reports(user: AnyUser, scheme: Scheme, night: date) -> NightReports:
    """For the daily digest: the reports made and the answers received during the service
    night of ``night`` (from its evening's day boundary to the next one), in the user's
    perimeter. Two queries."""
    zone = ZoneInfo(scheme.time_zone)
    start = datetime.combine(night, scheme.day_boundary, zone)
    end = datetime.combine(night + timedelta(days=1), scheme.day_boundary, zone)
    visible = Report.objects.visible_to(user).filter(scheme=scheme)
    created = list(for_lists(visible.filter(created_at__gte=start, created_at__lt=end)))
    answers = list(
        ReportEvent.objects.filter(
            report__in=visible.values("pk"), kind__in=ANSWER_KINDS, at__gte=start, at__lt=end
        )
        .select_related("report__category", "organisation", "user")
        .order_by("at", "pk")
    )
    return NightReports(created=created, answers=answers)


def geojson_features(
    qs: QuerySet[Report], *, today: date, limit: int = 5000
) -> list[dict[str, object]]:
    """The reports with a position as GeoJSON features; ``overdue`` is decided here, on the
    scheme's local date (as the list does), not by the browser's clock."""
    rows = qs.filter(lat__isnull=False, lon__isnull=False).values_list(
        "pk",
        "lat",
        "lon",
        "status",
        "category__label",
        "category__group",
        "recipient__name",
        "created_at",
        "due_on",
        "place_label",
        "entrance__address",
        "urgency",
    )[:limit]
    return [
        {
            "type": "Feature",
            "id": pk,
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {
                "status": status,
                "category": category,
                "group": group,
                "recipient": recipient or "",
                "created_at": created.isoformat(),
                "due_on": due.isoformat() if due else None,
                "place": address or place or "",
                "urgent": urgency == "urgent",
                "overdue": status in ANSWERABLE and due is not None and due < today,
            },
        }
        for (
            pk,
            lat,
            lon,
            status,
            category,
            group,
            recipient,
            created,
            due,
            place,
            address,
            urgency,
        ) in rows
    ]
