"""Every write on patrol plans: creating and regenerating a plan, editing its entries,
publishing and reopening it, and recording a passage (an intervention with origin patrol).

Callers check access first (``access_patrol_plan(..., write=True)`` for plans, which needs
can_supervise; ``access_patrol_entry(..., write=True)`` for passages, which needs can_record).
Plans carry a ``version``: every change takes the version the user saw and refuses a stale one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from voisinage.accounts.models import User
from voisinage.field.logbook.models import Intervention, Origin
from voisinage.field.logbook.services import intervention_record
from voisinage.field.patrols.calendar import (
    current_night,
    month_last_day,
    month_service_nights,
    weeks_nights_count,
)
from voisinage.field.patrols.coverage import last_patrol_night
from voisinage.field.patrols.models import PatrolPlan, PatrolPlanEntry, PlanStatus
from voisinage.field.patrols.rotation import Candidate, rotation
from voisinage.field.patrols.selectors import passage_content_type
from voisinage.lib import clock
from voisinage.lib.dates import format_date
from voisinage.lib.service_hours import ServiceHours, service_night
from voisinage.schemes.models import Scheme
from voisinage.schemes.selectors import scheme_service_hours
from voisinage.territory.models import Entrance, Neighbourhood
from voisinage.territory.selectors import in_service

MAX_WEEKLY_TARGET = 10_000
# A phone's clock may run a little ahead of the server's.
CLOCK_SKEW = timedelta(minutes=5)


def _night_label(night: date) -> str:
    return format_date(night, "DATE_FORMAT")


def _checked_settings(
    scheme: Scheme,
    neighbourhood_ids: Sequence[int],
    weekly_target: int,
    keep: Sequence[int] = (),
) -> list[Neighbourhood]:
    """``keep``: the plan's neighbourhoods, still accepted if retired since (a new plan takes
    neighbourhoods in service only)."""
    wanted = set(neighbourhood_ids)
    if not wanted:
        raise ValidationError({"neighbourhoods": _("Choose at least one neighbourhood.")})
    hoods = list(in_service(Neighbourhood.objects.filter(scheme=scheme, pk__in=wanted), keep))
    if len(hoods) != len(wanted):
        raise ValidationError({"neighbourhoods": _("Unknown neighbourhood for this scheme.")})
    if not 1 <= weekly_target <= MAX_WEEKLY_TARGET:
        raise ValidationError(
            {
                "weekly_target": _("The weekly target must be between 1 and %(max)s entrances.")
                % {"max": MAX_WEEKLY_TARGET}
            }
        )
    return hoods


def _generate(
    plan: PatrolPlan,
    hours: ServiceHours,
    *,
    today: date,
    fill_from: date,
    kept: Sequence[tuple[date, int]] = (),
) -> int:
    """Add the generator's entries to ``plan`` for its nights from ``fill_from``.

    Two queries whatever the number of entrances: the candidates with their last patrol (from
    the logbook) and their last planned night (other plans, not yet walked), then one bulk
    insert.
    """
    month_nights = month_service_nights(plan.month, hours)
    if not any(n >= fill_from for n in month_nights):
        return 0
    first_fill = max(fill_from, plan.month)
    # Passages planned from tonight on, in other plans, are not in the logbook yet.
    last_planned = (
        PatrolPlanEntry.objects.filter(
            plan__scheme_id=plan.scheme_id,
            entrance_id=OuterRef("pk"),
            night__gte=today,
            night__lt=first_fill,
        )
        .exclude(plan=plan)
        .order_by("-night")
        .values("night")[:1]
    )
    rows = (
        Entrance.objects.filter(
            scheme_id=plan.scheme_id,
            is_active=True,
            neighbourhood__in=plan.neighbourhoods.all(),
        )
        .annotate(
            last_patrol=last_patrol_night(first_fill - timedelta(days=1), hours),
            last_planned=Subquery(last_planned),
        )
        .order_by("code")
        .values_list(
            "pk",
            "code",
            "residence_id",
            "lat",
            "lon",
            "last_patrol",
            "last_planned",
            "landlord_id",
            "neighbourhood_id",
        )
    )
    places: dict[int, tuple[int, int]] = {}
    candidates = []
    for pk, code, residence_id, lat, lon, patrolled, planned, landlord, hood in rows:
        places[pk] = (landlord, hood)
        candidates.append(
            Candidate(
                entrance_id=pk,
                code=code,
                last_seen=max((d for d in (patrolled, planned) if d is not None), default=None),
                group=str(residence_id or ""),
                lat=lat,
                lon=lon,
            )
        )
    proposal = rotation(
        candidates,
        month_nights=month_nights,
        fill_from=first_fill,
        week_nights=weeks_nights_count(plan.month, hours),
        target=plan.weekly_target,
        kept=kept,
    )
    PatrolPlanEntry.objects.bulk_create(
        [
            PatrolPlanEntry(
                plan=plan,
                night=night,
                entrance_id=pk,
                landlord_id=places[pk][0],
                neighbourhood_id=places[pk][1],
            )
            for night, pk in proposal
        ]
    )
    return len(proposal)


@transaction.atomic
def patrol_plan_create(
    *,
    scheme: Scheme,
    month: date,
    neighbourhood_ids: Sequence[int],
    weekly_target: int,
    created_by: User,
    today: date | None = None,
) -> PatrolPlan:
    """Create the month's plan as a draft and fill it with the generator's proposal, from the
    current service night on (``today``; every night for a future month)."""
    if month.day != 1:
        raise ValidationError({"month": _("A plan covers a whole month: give its first day.")})
    hoods = _checked_settings(scheme, neighbourhood_ids, weekly_target)
    if PatrolPlan.objects.filter(scheme=scheme, month=month).exists():
        raise ValidationError(
            {"month": _("There is already a plan for %(month)s.") % {"month": f"{month:%m/%Y}"}}
        )
    hours = scheme_service_hours(scheme)
    today = today or current_night(hours)
    if month_last_day(month) < today:
        raise ValidationError(
            {"month": _("This month is over: plan the current month or a later one.")}
        )
    plan = PatrolPlan(
        scheme=scheme,
        month=month,
        weekly_target=weekly_target,
        status=PlanStatus.DRAFT,
        created_by=created_by,
    )
    plan.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as exc:  # created meanwhile by someone else
        raise ValidationError(
            {"month": _("There is already a plan for %(month)s.") % {"month": f"{month:%m/%Y}"}}
        ) from exc
    plan.neighbourhoods.set(hoods)
    _generate(plan, hours, today=today, fill_from=today)
    return plan


def _locked(plan: PatrolPlan, expected_version: int, *, editing: bool = True) -> PatrolPlan:
    """The plan, locked for the transaction, if the user saw its current version."""
    locked = (
        PatrolPlan.objects.select_for_update(of=("self",)).select_related("scheme").get(pk=plan.pk)
    )
    if expected_version != locked.version:
        raise ValidationError(
            _(
                "Someone else changed this plan meanwhile (version %(current)s, you had "
                "version %(yours)s): reload the page and make your change again."
            )
            % {"current": locked.version, "yours": expected_version}
        )
    if editing and locked.status == PlanStatus.PUBLISHED:
        raise ValidationError(_("This plan is published: reopen it before changing it."))
    return locked


def _bump(plan: PatrolPlan, *fields: str) -> PatrolPlan:
    plan.version += 1
    plan.save(update_fields=["version", *fields])
    return plan


def _done(plan: PatrolPlan, entries: Sequence[PatrolPlanEntry]) -> list[PatrolPlanEntry]:
    """The ``entries`` whose entrance was already patrolled on their planned night."""
    if not entries:
        return []
    condition = Q(pk__in=[])
    for e in entries:
        condition |= Q(entrance_id=e.entrance_id, night=e.night)
    done = set(
        Intervention.objects.filter(condition, scheme_id=plan.scheme_id, origin=Origin.PATROL)
        .order_by()
        .values_list("entrance_id", "night")
    )
    return [e for e in entries if (e.entrance_id, e.night) in done]


@transaction.atomic
def patrol_plan_regenerate(
    *,
    plan: PatrolPlan,
    expected_version: int,
    neighbourhood_ids: Sequence[int] | None = None,
    weekly_target: int | None = None,
    today: date | None = None,
) -> PatrolPlan:
    """Replace a draft's entries from tomorrow's night on with a fresh proposal (optionally
    with new neighbourhoods or target). Tonight's and earlier nights' entries stay, and so does
    any entry whose passage was already recorded."""
    locked = _locked(plan, expected_version)
    scheme = locked.scheme
    hours = scheme_service_hours(scheme)
    planned = list(locked.neighbourhoods.values_list("pk", flat=True))
    hoods = _checked_settings(
        scheme,
        neighbourhood_ids if neighbourhood_ids is not None else planned,
        weekly_target if weekly_target is not None else locked.weekly_target,
        planned,
    )
    if weekly_target is not None:
        locked.weekly_target = weekly_target
    today = today or current_night(hours)
    fill_from = max(locked.month, today + timedelta(days=1))
    entries = list(locked.entries.select_related("entrance"))
    future = [e for e in entries if e.night >= fill_from]
    done = {e.pk for e in _done(locked, future)}
    replaced = {e.pk for e in future if e.pk not in done}
    PatrolPlanEntry.objects.filter(pk__in=replaced).delete()
    kept = [(e.night, e.entrance_id) for e in entries if e.pk not in replaced]
    locked.neighbourhoods.set(hoods)
    _generate(locked, hours, today=today, fill_from=fill_from, kept=kept)
    return _bump(locked, "weekly_target")


@transaction.atomic
def patrol_plan_publish(*, plan: PatrolPlan, expected_version: int) -> PatrolPlan:
    locked = _locked(plan, expected_version)
    locked.status = PlanStatus.PUBLISHED
    return _bump(locked, "status")


@transaction.atomic
def patrol_plan_reopen(*, plan: PatrolPlan, expected_version: int) -> PatrolPlan:
    locked = _locked(plan, expected_version, editing=False)
    if locked.status != PlanStatus.PUBLISHED:
        raise ValidationError(_("This plan is already a draft."))
    locked.status = PlanStatus.DRAFT
    return _bump(locked, "status")


def _plan_entries(plan: PatrolPlan, entry_ids: Sequence[int]) -> list[PatrolPlanEntry]:
    wanted = set(entry_ids)
    if not wanted:
        raise ValidationError(_("Select at least one planned passage."))
    entries = list(plan.entries.filter(pk__in=wanted).select_related("entrance"))
    if len(entries) != len(wanted):
        raise ValidationError(_("Some of the selected passages are not in this plan."))
    return entries


def _service_night_of_plan(plan: PatrolPlan, night: date, hours: ServiceHours) -> None:
    if not plan.month <= night <= month_last_day(plan.month):
        raise ValidationError(
            {
                "night": _("The night must be in the plan's month (%(month)s).")
                % {"month": f"{plan.month:%m/%Y}"}
            }
        )
    if hours.shift_for(night) is None:
        raise ValidationError(
            {
                "night": _("There is no service on the night of %(night)s.")
                % {"night": _night_label(night)}
            }
        )


def _refuse_done(plan: PatrolPlan, entries: Sequence[PatrolPlanEntry]) -> None:
    done = sorted(e.entrance.code for e in _done(plan, entries))
    if done:
        raise ValidationError(
            _("A passage was already recorded at %(codes)s: this planned passage stays.")
            % {"codes": ", ".join(done)}
        )


@transaction.atomic
def patrol_entries_move(
    *, plan: PatrolPlan, expected_version: int, entry_ids: Sequence[int], night: date
) -> PatrolPlan:
    """Move planned passages to another service night of the month."""
    locked = _locked(plan, expected_version)
    _service_night_of_plan(locked, night, scheme_service_hours(locked.scheme))
    entries = _plan_entries(locked, entry_ids)
    _refuse_done(locked, entries)
    moving = [e for e in entries if e.night != night]
    clash = sorted(
        locked.entries.filter(
            night=night, entrance_id__in=[e.entrance_id for e in moving]
        ).values_list("entrance__code", flat=True)
    )
    if clash:
        raise ValidationError(
            _("Already planned on the night of %(night)s: %(codes)s.")
            % {"night": _night_label(night), "codes": ", ".join(clash)}
        )
    PatrolPlanEntry.objects.filter(pk__in=[e.pk for e in moving]).update(night=night)
    return _bump(locked)


@transaction.atomic
def patrol_entries_remove(
    *, plan: PatrolPlan, expected_version: int, entry_ids: Sequence[int]
) -> PatrolPlan:
    locked = _locked(plan, expected_version)
    entries = _plan_entries(locked, entry_ids)
    _refuse_done(locked, entries)
    PatrolPlanEntry.objects.filter(pk__in=[e.pk for e in entries]).delete()
    return _bump(locked)


@transaction.atomic
def patrol_entry_add(
    *,
    plan: PatrolPlan,
    expected_version: int,
    night: date,
    entrance: Entrance,
    team: str = "",
) -> PatrolPlan:
    """Plan a passage at ``entrance`` (any active entrance of the scheme) on ``night``."""
    locked = _locked(plan, expected_version)
    _service_night_of_plan(locked, night, scheme_service_hours(locked.scheme))
    if entrance.scheme_id != locked.scheme_id or not entrance.is_active:
        raise ValidationError({"entrance": _("Unknown or inactive entrance for this scheme.")})
    if locked.entries.filter(night=night, entrance=entrance).exists():
        raise ValidationError(
            _("Already planned on the night of %(night)s: %(codes)s.")
            % {"night": _night_label(night), "codes": entrance.code}
        )
    entry = PatrolPlanEntry(
        plan=locked,
        night=night,
        entrance=entrance,
        team=team.strip(),
        landlord_id=entrance.landlord_id,
        neighbourhood_id=entrance.neighbourhood_id,
    )
    entry.full_clean()
    entry.save()
    return _bump(locked)


@transaction.atomic
def patrol_passage_record(
    *,
    entry: PatrolPlanEntry,
    author: User,
    idempotency_key: str,
    at: datetime | None = None,
) -> tuple[Intervention, bool]:
    """Record the passage of a planned entry: an intervention with origin patrol at its
    entrance, its source the entry. Returns it and whether it was created.

    Idempotent twice over: the same ``idempotency_key`` returns the first record (a double tap,
    a phone that retries), and an entrance already patrolled on the entry's night returns that
    patrol (two agents tapping the same entry). Otherwise ``at``, when the agent tapped
    (default now), must belong to the entry's service night.
    """
    key = (idempotency_key or "").strip()
    if not key or len(key) > 80:
        raise ValidationError(_("A passage needs an idempotency key of 1 to 80 characters."))
    locked = (
        PatrolPlanEntry.objects.select_for_update(of=("self",))
        .select_related("plan__scheme", "entrance")
        .get(pk=entry.pk)
    )
    scheme = locked.plan.scheme
    replay = Intervention.objects.filter(idempotency_key=key).first()
    if replay is not None:
        same = (
            replay.scheme_id == scheme.pk
            and replay.author_id == author.pk
            and replay.source_type_id == passage_content_type().pk
            and replay.source_id == locked.pk
        )
        if not same:
            raise ValidationError(_("This idempotency key was already used for another record."))
        return replay, False
    earlier = (
        Intervention.objects.filter(
            scheme=scheme, entrance_id=locked.entrance_id, night=locked.night, origin=Origin.PATROL
        )
        .order_by("started_at", "pk")
        .first()
    )
    if earlier is not None:
        return earlier, False
    now = clock.now()
    moment = at or now
    if timezone.is_naive(moment):
        raise ValidationError(_("Times must carry a time zone."))
    if moment > now + CLOCK_SKEW:
        raise ValidationError(_("A passage cannot be recorded in the future."))
    hours = scheme_service_hours(scheme)
    if service_night(moment, hours).night != locked.night:
        raise ValidationError(
            _(
                "This passage is planned for the night of %(night)s: it can only be recorded "
                "during that night."
            )
            % {"night": _night_label(locked.night)}
        )
    return intervention_record(
        scheme=scheme,
        author=author,
        started_at=moment,
        origin=Origin.PATROL,
        entrance=locked.entrance,
        source=locked,
        idempotency_key=key,
    )
