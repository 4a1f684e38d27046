"""Reads of the desk for a user: lists through visible_to, one object through desk.access.

The daily digest calls :func:`night_summary`; dashboards call :func:`response_times` and
:func:`satisfaction_by_month`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import TruncMonth

from voisinage.accounts.access import readable
from voisinage.desk.access import person_section
from voisinage.desk.models import (
    Answer,
    Call,
    CallStatus,
    CallStatusChange,
    EmergencyAlert,
    Event,
    InboundEmail,
    InboundStatus,
    Instruction,
    InstructionStatus,
    PersonalDataView,
    PoliceComplaint,
    SeriousIncident,
    UrgentDecision,
)
from voisinage.field.models import DutyAssignment, Intervention
from voisinage.lib.service_hours import service_night
from voisinage.lib.stats import percentile
from voisinage.schemes.selectors import scheme_service_hours

if TYPE_CHECKING:
    from collections.abc import Callable

    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme

MAX_PERIOD_DAYS = 400


def scheme_calls(user: AnyUser, scheme: Scheme, *, night: date | None = None) -> QuerySet[Call]:
    qs = Call.objects.visible_to(user).filter(scheme=scheme)
    if night is not None:
        qs = qs.filter(night=night)
    return qs.select_related("entrance", "nature", "neighbourhood", "landlord").order_by(
        "-received_at", "-pk"
    )


def scheme_instructions(
    user: AnyUser, scheme: Scheme, *, night: date | None = None
) -> QuerySet[Instruction]:
    qs = Instruction.objects.visible_to(user).filter(scheme=scheme)
    if night is not None:
        qs = qs.filter(service_night=night)
    return qs.select_related("entrance", "residence", "nature", "landlord").order_by(
        "-service_night", "-submitted_at", "-pk"
    )


def call_timeline(call: Call) -> QuerySet[CallStatusChange]:
    return call.timeline.select_related("user").order_by("at", "pk")


def call_alerts(call: Call) -> QuerySet[EmergencyAlert]:
    return call.alerts.select_related("user").order_by("at", "pk")


def event_calls(user: AnyUser, call: Call) -> QuerySet[Call]:
    """The other calls about the same event, as the user may see them."""
    return (
        Call.objects.visible_to(user)
        .filter(event_id=call.event_id)
        .exclude(pk=call.pk)
        .select_related("nature", "entrance")
        .order_by("received_at")
    )


def events_count(user: AnyUser, scheme: Scheme, start: date, end: date) -> int:
    """How many events (not calls) between two nights: linked calls count once."""
    return (
        Event.objects.visible_to(user)
        .filter(scheme=scheme, night__gte=start, night__lte=end, calls__isnull=False)
        .distinct()
        .count()
    )


def source_interventions(
    user: AnyUser, objects: list[Call] | list[Instruction]
) -> dict[int, list[Intervention]]:
    """The interventions answering these calls or instructions (one query), by source id."""
    if not objects:
        return {}
    content_type = ContentType.objects.get_for_model(type(objects[0]))
    found: dict[int, list[Intervention]] = defaultdict(list)
    for intervention in (
        Intervention.objects.visible_to(user)
        .filter(source_type=content_type, source_id__in=[o.pk for o in objects])
        .select_related("entrance")
        .prefetch_related("situations", "actions", "agents")
        .order_by("started_at", "pk")
    ):
        found[intervention.source_id or 0].append(intervention)
    return found


# --- The live board -------------------------------------------------------------------------


@dataclass(frozen=True)
class DutyRow:
    name: str
    team: str
    position: str
    last_place: str
    last_at: datetime | None


@dataclass
class Board:
    night: date
    now: datetime
    calls: list[Call]
    instructions: list[Instruction]
    urgent_requests: list[Instruction]
    duty: list[DutyRow]
    # E-mailed instructions to confirm and quarantined e-mails (supervisors only).
    emails: list[InboundEmail]

    @property
    def unassigned_calls(self) -> list[Call]:
        return [c for c in self.calls if c.status == CallStatus.RECEIVED]

    @property
    def unassigned_instructions(self) -> list[Instruction]:
        return [i for i in self.instructions if i.status == InstructionStatus.SCHEDULED]


def _duty_rows(scheme: Scheme, night: date) -> list[DutyRow]:
    """Who is on duty and where each was last recorded tonight (two queries)."""
    through = Intervention.agents.through
    last: dict[int, tuple[datetime, str]] = {}
    for user_id, at, address, label in (
        through.objects.filter(intervention__scheme=scheme, intervention__night=night)
        .order_by("user_id", "-intervention__started_at")
        .values_list(
            "user_id",
            "intervention__started_at",
            "intervention__entrance__address",
            "intervention__other_place_label",
        )
    ):
        last.setdefault(user_id, (at, address or label or ""))
    rows = []
    for duty in (
        DutyAssignment.objects.filter(scheme=scheme, night=night)
        .select_related("user")
        .order_by("team", "position", "user__first_name")
    ):
        seen = last.get(duty.user_id)
        rows.append(
            DutyRow(
                name=duty.user.display_name,
                team=duty.team,
                position=duty.get_position_display(),
                last_place=seen[1] if seen else "",
                last_at=seen[0] if seen else None,
            )
        )
    return rows


def board_night(scheme: Scheme, now: datetime) -> date:
    """The night the board shows: the current service night, or, on an evening without
    service (Sunday in Besançon), the next one — its instructions and rota are what the
    supervisor prepares."""
    hours = scheme_service_hours(scheme)
    status = service_night(now, hours)
    if status.shift is not None:
        return status.night
    for offset in range(1, 32):
        day = status.night + timedelta(days=offset)
        if hours.shift_for(day) is not None:
            return day
    return status.night


OPEN_CALL_NIGHTS = 2  # calls of the last nights still waiting for their callback stay shown


def board(user: AnyUser, scheme: Scheme, night: date, now: datetime) -> Board:
    """Tonight at a glance; the caller went through ``access_board``. A fixed number of
    queries whatever the number of calls. Open calls: every call not called back yet from the
    last nights (a callback left over from yesterday still has to be made)."""
    calls = list(
        scheme_calls(user, scheme)
        .filter(night__gte=night - timedelta(days=OPEN_CALL_NIGHTS), night__lte=night)
        .exclude(status=CallStatus.CALLED_BACK)
        .order_by("received_at", "pk")
    )
    for call in calls:
        call.minutes_since = max(0, int((now - call.received_at).total_seconds() // 60))  # type: ignore[attr-defined]
    instructions = list(
        scheme_instructions(user, scheme, night=night)
        .exclude(status=InstructionStatus.HANDLED)
        .order_by("slot_start", "submitted_at", "pk")
    )
    urgent = list(
        scheme_instructions(user, scheme)
        .filter(urgent_decision=UrgentDecision.REQUESTED, service_night__gt=night)
        .order_by("submitted_at")
    )
    return Board(
        night=night,
        now=now,
        calls=calls,
        instructions=instructions,
        urgent_requests=urgent,
        duty=_duty_rows(scheme, night),
        emails=open_emails(user, scheme),
    )


def open_emails(user: AnyUser, scheme: Scheme) -> list[InboundEmail]:
    """E-mails waiting for the supervisor: drafts and quarantine of the scheme, and (platform
    administrators: ``visible_to`` shows them no other) those that reached no known scheme."""
    return list(
        InboundEmail.objects.visible_to(user)
        .filter(Q(scheme=scheme) | Q(scheme__isnull=True))
        .filter(status__in=[InboundStatus.DRAFT, InboundStatus.QUARANTINED])
        .select_related("landlord")
        .defer("raw")
        .order_by("received_at")[:50]
    )


# --- The night's summary (for the daily digest) ---------------------------------------------


@dataclass(frozen=True)
class SummaryCall:
    call: Call
    person_visible: bool
    interventions: list[Intervention]


@dataclass(frozen=True)
class SummaryInstruction:
    instruction: Instruction
    person_visible: bool
    interventions: list[Intervention]


@dataclass(frozen=True)
class NightSummary:
    night: date
    calls: list[SummaryCall]
    instructions: list[SummaryInstruction]
    events: int = field(default=0)


def night_summary(scheme: Scheme, night: date, user: AnyUser) -> NightSummary:
    """The night's calls and instructions as ``user`` may see them, each with the
    interventions that answered it (the outcome) and whether the person may be shown. For the
    daily digest; a fixed number of queries."""
    calls = list(scheme_calls(user, scheme, night=night).order_by("received_at", "pk"))
    instructions = list(
        scheme_instructions(user, scheme, night=night).order_by("submitted_at", "pk")
    )
    by_call = source_interventions(user, calls)
    by_instruction = source_interventions(user, instructions)
    # Whose person the user reads, in one query per model.
    call_people = set(
        readable(
            user, Call.objects.filter(pk__in=[c.pk for c in calls]), section=person_section
        ).values_list("pk", flat=True)
    )
    instruction_people = set(
        readable(
            user,
            Instruction.objects.filter(pk__in=[i.pk for i in instructions]),
            section=person_section,
        ).values_list("pk", flat=True)
    )
    return NightSummary(
        night=night,
        calls=[SummaryCall(c, c.pk in call_people, by_call.get(c.pk, [])) for c in calls],
        instructions=[
            SummaryInstruction(i, i.pk in instruction_people, by_instruction.get(i.pk, []))
            for i in instructions
        ],
        events=len({c.event_id for c in calls}),
    )


# --- Response times and satisfaction ---------------------------------------------------------


@dataclass(frozen=True)
class Distribution:
    count: int
    p50: float | None  # minutes
    p90: float | None

    @classmethod
    def of(cls, minutes: list[float]) -> Distribution:
        if not minutes:
            return cls(0, None, None)
        return cls(len(minutes), percentile(minutes, 50), percentile(minutes, 90))


@dataclass(frozen=True)
class PeriodTimes:
    period: date  # the night, the Monday of the week or the first of the month
    call_to_on_site: Distribution
    call_to_callback: Distribution
    instruction_to_handled: Distribution

    @property
    def distributions(self) -> list[Distribution]:
        return [self.call_to_on_site, self.call_to_callback, self.instruction_to_handled]


PERIODS = ("night", "week", "month")


def _period_key(night: date, period: str) -> date:
    if period == "week":
        return night - timedelta(days=night.weekday())
    if period == "month":
        return night.replace(day=1)
    return night


# The three delays: (name, queryset's night field, start moment, end moment).
DELAYS = (
    ("on_site", "calls", "night", "received_at", "on_site_at"),
    ("callback", "calls", "night", "received_at", "called_back_at"),
    ("handled", "instructions", "service_night", "submitted_at", "handled_at"),
)


def elapsed(begin: str, finish: str) -> ExpressionWrapper:
    return ExpressionWrapper(F(finish) - F(begin), output_field=DurationField())


def _response_samples(
    calls: QuerySet[Call], instructions: QuerySet[Instruction], key: Callable[[date], date]
) -> dict[date, dict[str, list[float]]]:
    """The durations in minutes (call → on site, call → callback, instruction → handled) by
    ``key(night)``: the database subtracts the moments (both engines); only (night, duration)
    pairs travel. Three queries."""
    samples: dict[date, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    sources = {"calls": calls, "instructions": instructions}
    for name, source, night_field, begin, finish in DELAYS:
        for night, duration in (
            sources[source]
            .order_by()
            .filter(**{f"{finish}__isnull": False})
            .annotate(duration=elapsed(begin, finish))
            .values_list(night_field, "duration")
        ):
            samples[key(night)][name].append(duration.total_seconds() / 60)
    return samples


def _times(key: date, samples: dict[str, list[float]]) -> PeriodTimes:
    return PeriodTimes(
        period=key,
        call_to_on_site=Distribution.of(samples["on_site"]),
        call_to_callback=Distribution.of(samples["callback"]),
        instruction_to_handled=Distribution.of(samples["handled"]),
    )


def response_times(
    user: AnyUser, scheme: Scheme, start: date, end: date, *, period: str = "night"
) -> list[PeriodTimes]:
    """Call → on site, call → callback and instruction → handled, in minutes, per night, week
    or month from ``start`` to ``end`` (inclusive): counts, median (p50) and p90. Three
    queries, the durations computed by the database."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}")
    calls = scheme_calls(user, scheme).filter(night__gte=start, night__lte=end)
    instructions = scheme_instructions(user, scheme).filter(
        service_night__gte=start, service_night__lte=end
    )
    samples = _response_samples(calls, instructions, lambda night: _period_key(night, period))
    return [_times(key, samples[key]) for key in sorted(samples)]


@dataclass(frozen=True)
class MonthSatisfaction:
    month: date
    answered: int
    satisfied: int

    @property
    def rate(self) -> int | None:
        return round(100 * self.satisfied / self.answered) if self.answered else None


# A caller answered the survey when the call carries the answer to "Are you satisfied with the
# service?" (copied by the services, ADR 0030); satisfied is "yes", while "partly" and "no" are
# not. The desk's indicators count the same way.
ANSWERED = ~Q(satisfaction="")
SATISFIED = Q(satisfaction=Answer.YES)


def satisfaction_by_month(
    user: AnyUser, scheme: Scheme, start: date, end: date
) -> list[MonthSatisfaction]:
    """Answered surveys and the share of satisfied callers, per month of the call (one
    aggregate query over the calls)."""
    rows = (
        Call.objects.visible_to(user)
        .filter(ANSWERED, scheme=scheme, night__gte=start, night__lte=end)
        .annotate(month=TruncMonth("night"))
        .values("month")
        .annotate(answered=Count("pk"), satisfied=Count("pk", filter=SATISFIED))
        .order_by("month")
    )
    return [
        MonthSatisfaction(
            month=_as_date(r["month"]), answered=r["answered"], satisfied=r["satisfied"]
        )
        for r in rows
    ]


def _as_date(value: Any) -> date:
    return value.date() if isinstance(value, datetime) else value


# --- Incidents, complaints, audit -----------------------------------------------------------


def scheme_incidents(user: AnyUser, scheme: Scheme) -> QuerySet[SeriousIncident]:
    return (
        SeriousIncident.objects.visible_to(user)
        .filter(scheme=scheme)
        .select_related("agent", "recorded_by")
        .order_by("-occurred_at", "-pk")
    )


def scheme_complaints(user: AnyUser, scheme: Scheme) -> QuerySet[PoliceComplaint]:
    return (
        PoliceComplaint.objects.visible_to(user)
        .filter(scheme=scheme)
        .select_related("landlord", "agent", "filed_by", "incident")
        .order_by("-filed_on", "-pk")
    )


def personal_data_log(
    scheme: Scheme, *, person: str = "", who: str = ""
) -> QuerySet[PersonalDataView]:
    """Every view of personal data in the scheme, newest first (after access_personal_data_log);
    ``person``: whom the record showed (part of a name or phone), ``who``: the user (part of a
    login or name)."""
    found = PersonalDataView.objects.filter(scheme=scheme)
    if person.strip():
        found = found.filter(person__icontains=person.strip())
    if who.strip():
        who = who.strip()
        found = found.filter(
            Q(user__username__icontains=who)
            | Q(user__first_name__icontains=who)
            | Q(user__last_name__icontains=who)
        )
    return found.select_related("user", "call", "instruction").order_by("-at", "-pk")
