"""Writes on reports: create (or merge as an occurrence), split a wrong merge, re-route, close."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from voisinage.accounts.models import User
from voisinage.field.models import Intervention
from voisinage.lib import clock
from voisinage.reports.deadlines import due_date
from voisinage.reports.models import (
    OPEN_STATUSES,
    EventKind,
    Occurrence,
    OccurrenceSource,
    Report,
    ReportCategory,
    ReportEvent,
    ReportPhoto,
    ReportStatus,
    Urgency,
)
from voisinage.reports.photos import MAX_PHOTOS, CleanPhoto, clean_photo
from voisinage.reports.services.routing import apply_routing, local_date
from voisinage.schemes.models import Scheme
from voisinage.territory.located import checked_neighbourhood, entrance_place
from voisinage.territory.models import Entrance, Neighbourhood, Organisation

MAX_DESCRIPTION = 5_000


@dataclass(frozen=True)
class Place:
    entrance: Entrance | None = None
    place_label: str = ""
    neighbourhood: Neighbourhood | None = None
    lat: float | None = None
    lon: float | None = None


class Located(TypedDict):
    entrance: Entrance | None
    place_label: str
    landlord_id: int | None
    neighbourhood_id: int | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class CreateResult:
    report: Report
    occurrence: Occurrence
    created: bool  # False when an idempotency key replayed an earlier call
    merged: bool  # True when the occurrence joined an existing report


def _checked_place(scheme: Scheme, place: Place) -> Located:
    if (place.lat is None) != (place.lon is None):
        raise ValidationError({"lat": _("Give both latitude and longitude, or neither.")})
    if (
        place.lat is not None
        and place.lon is not None
        and not (-90 <= place.lat <= 90 and -180 <= place.lon <= 180)
    ):
        raise ValidationError({"lat": _("This position is not on Earth.")})
    if place.entrance is not None:
        e = place.entrance
        entrance_place(scheme, e)
        return {
            "entrance": e,
            "place_label": place.place_label.strip()[:255],
            "landlord_id": e.landlord_id,
            "neighbourhood_id": e.neighbourhood_id,
            "lat": place.lat if place.lat is not None else e.lat,
            "lon": place.lon if place.lon is not None else e.lon,
        }
    if not place.place_label.strip() and place.lat is None:
        raise ValidationError(
            {"entrance": _("Choose an entrance, or name the place or give its position.")}
        )
    checked_neighbourhood(scheme, place.neighbourhood)
    return {
        "entrance": None,
        "place_label": place.place_label.strip()[:255],
        "landlord_id": None,
        "neighbourhood_id": place.neighbourhood.pk if place.neighbourhood else None,
        "lat": place.lat,
        "lon": place.lon,
    }


def _replay(key: str | None) -> CreateResult | None:
    if not key:
        return None
    occurrence = Occurrence.objects.select_related("report").filter(idempotency_key=key).first()
    if occurrence is None:
        return None
    merged = ReportEvent.objects.filter(
        report=occurrence.report, kind=EventKind.MERGED, data__occurrence=occurrence.pk
    ).exists()
    return CreateResult(occurrence.report, occurrence, created=False, merged=merged)


def _save_photos(occurrence: Occurrence, photos: Sequence[CleanPhoto]) -> None:
    for photo in photos:
        stored = ReportPhoto(occurrence=occurrence, width=photo.width, height=photo.height)
        stored.image.save("photo.jpg", ContentFile(photo.content), save=False)
        stored.save()


def report_create(
    *,
    scheme: Scheme,
    author: User,
    category: ReportCategory,
    description: str,
    place: Place,
    urgency: str = Urgency.NORMAL,
    source: str = OccurrenceSource.FORM,
    intervention: Intervention | None = None,
    photos: Sequence[bytes] = (),
    merge_into: Report | None = None,
    at: datetime | None = None,
    idempotency_key: str | None = None,
    notify: bool = True,
) -> CreateResult:
    """Report a problem: a new report, routed at once and e-mailed after commit; or, with
    ``merge_into``, a new occurrence of that open report (the duplicate is counted once).
    ``notify=False`` (the demo, imports of past reports) sends no e-mail."""
    replay = _replay(idempotency_key)
    if replay is not None:
        return replay
    if category.scheme_id != scheme.pk or category.retired_at is not None:
        raise ValidationError({"category": _("Unknown or retired category.")})
    description = description.strip()
    if not description:
        raise ValidationError({"description": _("Describe the problem.")})
    if len(description) > MAX_DESCRIPTION:
        raise ValidationError(
            {"description": _("The description is too long (5,000 characters at most).")}
        )
    if urgency not in Urgency.values:
        raise ValidationError({"urgency": _("Unknown urgency.")})
    if source not in OccurrenceSource.values:
        raise ValidationError({"source": _("Unknown source.")})
    if intervention is not None and intervention.scheme_id != scheme.pk:
        raise ValidationError({"intervention": _("This intervention is not in the scheme.")})
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("Five photos at most.")})
    located = _checked_place(scheme, place)
    # Photos are checked and cleaned before anything is written.
    clean = [clean_photo(data) for data in photos]
    now = at or clock.now()
    try:
        with transaction.atomic():
            if merge_into is not None:
                return _merge(
                    scheme,
                    author,
                    category,
                    description,
                    urgency,
                    source,
                    intervention,
                    located,
                    clean,
                    merge_into,
                    now,
                    idempotency_key,
                )
            report = Report.objects.create(
                scheme=scheme,
                category=category,
                urgency=urgency,
                description=description,
                author=author,
                created_at=now,
                **located,
            )
            occurrence = _occurrence(
                report,
                author,
                description,
                urgency,
                source,
                intervention,
                located,
                now,
                idempotency_key,
            )
            _save_photos(occurrence, clean)
            ReportEvent.objects.create(report=report, at=now, kind=EventKind.CREATED, user=author)
            apply_routing(report, now=now)
            if report.recipient_id is not None and notify:
                _enqueue_dispatch(report.pk)
            return CreateResult(report, occurrence, created=True, merged=False)
    except IntegrityError:
        replay = _replay(idempotency_key)
        if replay is None:
            raise
        return replay


def report_occurrences_rank(report_ids: Iterable[int]) -> None:
    """Flag every occurrence of the reports but the first (by time, then id) as a merged
    duplicate. Called after an occurrence is added to or leaves a report: an offline
    occurrence may be older than the report's first."""
    for report_id in set(report_ids):
        occurrences = Occurrence.objects.filter(report_id=report_id)
        first = occurrences.order_by("at", "pk").values_list("pk", flat=True).first()
        if first is None:
            continue
        occurrences.exclude(pk=first).filter(merged=False).update(merged=True)
        occurrences.filter(pk=first, merged=True).update(merged=False)


def _occurrence(
    report: Report,
    author: User,
    description: str,
    urgency: str,
    source: str,
    intervention: Intervention | None,
    located: Located,
    at: datetime,
    key: str | None,
) -> Occurrence:
    occurrence = Occurrence.objects.create(
        report=report,
        scheme_id=report.scheme_id,
        at=at,
        author=author,
        source=source,
        intervention=intervention,
        description=description,
        urgency=urgency,
        entrance=located["entrance"],
        place_label=located["place_label"],
        neighbourhood_id=located["neighbourhood_id"],
        lat=located["lat"],
        lon=located["lon"],
        idempotency_key=key,
    )
    report_occurrences_rank([report.pk])
    occurrence.refresh_from_db(fields=["merged"])
    return occurrence


def _merge(
    scheme: Scheme,
    author: User,
    category: ReportCategory,
    description: str,
    urgency: str,
    source: str,
    intervention: Intervention | None,
    located: Located,
    clean: Sequence[CleanPhoto],
    target: Report,
    now: datetime,
    key: str | None,
) -> CreateResult:
    report = Report.objects.select_for_update().get(pk=target.pk)
    if report.scheme_id != scheme.pk or report.category_id != category.pk:
        raise ValidationError(_("A report can only be merged into a report of the same category."))
    if report.status not in OPEN_STATUSES:
        raise ValidationError(_("This report is closed: create a new one instead."))
    occurrence = _occurrence(
        report, author, description, urgency, source, intervention, located, now, key
    )
    _save_photos(occurrence, clean)
    if urgency == Urgency.URGENT and report.urgency != Urgency.URGENT:
        report.urgency = Urgency.URGENT
        report.save(update_fields=["urgency"])
    ReportEvent.objects.create(
        report=report,
        at=now,
        kind=EventKind.MERGED,
        user=author,
        data={"occurrence": occurrence.pk},
    )
    return CreateResult(report, occurrence, created=True, merged=True)


def _enqueue_dispatch(report_id: int) -> None:
    from voisinage.reports.tasks import send_report

    transaction.on_commit(lambda: send_report.enqueue(report_id))


def occurrence_split(*, occurrence: Occurrence, user: User) -> Report:
    """Undo a wrong merge: the occurrence leaves its report and becomes a new report of the
    same category at its own place, routed anew. A report's only occurrence cannot leave."""
    now = clock.now()
    with transaction.atomic():
        source = (
            Report.objects.select_for_update(of=("self",))
            .select_related("scheme", "category")
            .get(pk=occurrence.report_id)
        )
        moving = Occurrence.objects.select_for_update().get(pk=occurrence.pk, report=source)
        if Occurrence.objects.filter(report=source).count() < 2:
            raise ValidationError(_("A report's only occurrence cannot be split off."))
        entrance = moving.entrance
        report = Report.objects.create(
            scheme=source.scheme,
            category=source.category,
            urgency=moving.urgency,
            description=moving.description or source.description,
            author=moving.author,
            created_at=moving.at,
            entrance=entrance,
            place_label=moving.place_label,
            landlord_id=entrance.landlord_id if entrance else None,
            neighbourhood_id=moving.neighbourhood_id,
            lat=moving.lat,
            lon=moving.lon,
        )
        moving.report = report
        moving.save(update_fields=["report"])
        report_occurrences_rank([source.pk, report.pk])
        ReportEvent.objects.create(
            report=source, at=now, kind=EventKind.SPLIT, user=user, data={"to": report.pk}
        )
        ReportEvent.objects.create(
            report=report,
            at=now,
            kind=EventKind.CREATED,
            user=user,
            data={"split_from": source.pk},
        )
        apply_routing(report, now=now)
        if report.recipient_id is not None:
            _enqueue_dispatch(report.pk)
    return report


def _locked_open(report: Report) -> Report:
    locked = (
        Report.objects.select_for_update(of=("self",)).select_related("scheme").get(pk=report.pk)
    )
    if locked.status not in OPEN_STATUSES:
        raise ValidationError(_("This report is closed."))
    return locked


def report_reroute(
    *,
    report: Report,
    user: User,
    recipient: Organisation,
    deadline_days: int = 7,
    working_days: bool = False,
    comment: str = "",
    notify: bool = True,
) -> Report:
    """The supervisor sends the report to another organisation (or again to the same one):
    a new deadline from today, the former links stop working, the recipient is e-mailed."""
    if not 0 <= deadline_days <= 365:
        raise ValidationError({"deadline_days": _("The deadline must be between 0 and 365 days.")})
    now = clock.now()
    with transaction.atomic():
        locked = _locked_open(report)
        locked.recipient = recipient
        locked.routing_rule = None
        locked.due_on = due_date(
            local_date(now, locked.scheme.time_zone), deadline_days, working_days=working_days
        )
        locked.status = ReportStatus.SENT
        locked.planned_for = None
        locked.last_reminded_on = None
        locked.escalated_on = None
        locked.answer_seq += 1
        locked.save(
            update_fields=[
                "recipient",
                "routing_rule",
                "due_on",
                "status",
                "planned_for",
                "last_reminded_on",
                "escalated_on",
                "answer_seq",
            ]
        )
        ReportEvent.objects.create(
            report=locked,
            at=now,
            kind=EventKind.REROUTED,
            user=user,
            recipient=recipient,
            rule_label=_("by hand"),
            comment=comment.strip()[:2000],
            data={"due_on": locked.due_on.isoformat()},
        )
        if notify:
            _enqueue_dispatch(locked.pk)
    return locked


def report_close(
    *, report: Report, user: User, comment: str = "", at: datetime | None = None
) -> Report:
    """The supervisor closes a report (solved otherwise, or not to be followed). ``at`` is for
    the demo and imports of past reports."""
    now = at or clock.now()
    with transaction.atomic():
        locked = _locked_open(report)
        locked.status = ReportStatus.CLOSED
        locked.closed_at = now
        locked.answer_seq += 1
        locked.save(update_fields=["status", "closed_at", "answer_seq"])
        ReportEvent.objects.create(
            report=locked, at=now, kind=EventKind.CLOSED, user=user, comment=comment.strip()[:2000]
        )
    return locked
