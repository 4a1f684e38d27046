"""The desk's indicators for analytics (the core.indicators registry;
they replace the pending declarations of the same codes). Every query starts from
``Call.objects.visible_to(user)`` / ``Instruction.objects.visible_to(user)``; the response
times are desk.selectors' delays (``DELAYS``), their percentiles lib.stats', once per scope.
Definitions: docs/analytics.md."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from voisinage.core.indicators import Indicator, Level, Register, Unit, share
from voisinage.desk.models import Call, Instruction, InstructionStatus
from voisinage.desk.selectors import ANSWERED, DELAYS, SATISFIED, elapsed
from voisinage.lib.dates import format_date
from voisinage.lib.stats import Durations, duration_figures
from voisinage.schemes.models import Capability

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from voisinage.core.indicators import Breakdown, IndicatorScope, Number

SOURCE = "desk"


def scope_calls(scope: IndicatorScope) -> QuerySet[Call]:
    """The calls of the period's service nights the user may see (neighbourhood and landlord
    filters apply; origin and activity are the interventions' and do not)."""
    qs = Call.objects.visible_to(scope.user).filter(
        scheme=scope.scheme, night__range=(scope.period.first, scope.period.last)
    )
    if scope.filters.neighbourhood:
        qs = qs.filter(neighbourhood_id=scope.filters.neighbourhood)
    if scope.filters.landlord:
        qs = qs.filter(landlord_id=scope.filters.landlord)
    return qs


def scope_instructions(scope: IndicatorScope) -> QuerySet[Instruction]:
    qs = Instruction.objects.visible_to(scope.user).filter(
        scheme=scope.scheme, service_night__range=(scope.period.first, scope.period.last)
    )
    if scope.filters.neighbourhood:
        qs = qs.filter(neighbourhood_id=scope.filters.neighbourhood)
    if scope.filters.landlord:
        qs = qs.filter(landlord_id=scope.filters.landlord)
    return qs


MINUTE = timedelta(minutes=1)


def _delays(source: str) -> dict[str, Any]:
    """The duration expressions of desk.selectors' delays measured on ``source``."""
    return {
        name: elapsed(begin, finish) for name, src, _n, begin, finish in DELAYS if src == source
    }


def _call_figures(scope: IndicatorScope) -> tuple[dict[str, Any], dict[str, Durations]]:
    """The period's calls, events, answered surveys and satisfied callers, with the response
    and callback times: one scan of the calls on PostgreSQL (lib.stats)."""
    return scope.memo(
        "desk.calls",
        lambda: duration_figures(
            scope_calls(scope),
            _delays("calls"),
            (50, 90),
            MINUTE,
            counts={
                "calls": Count("pk"),
                "events": Count("event", distinct=True),
                "answered": Count("pk", filter=ANSWERED),
                "satisfied": Count("pk", filter=SATISFIED),
            },
        ),
    )


def _instruction_figures(scope: IndicatorScope) -> tuple[dict[str, Any], dict[str, Durations]]:
    return scope.memo(
        "desk.instructions",
        lambda: duration_figures(
            scope_instructions(scope),
            _delays("instructions"),
            (50, 90),
            MINUTE,
            counts={
                "received": Count("pk"),
                "handled": Count("pk", filter=Q(status=InstructionStatus.HANDLED)),
            },
        ),
    )


def calls(scope: IndicatorScope) -> Number:
    return _call_figures(scope)[0]["calls"]


def events(scope: IndicatorScope) -> Number:
    return _call_figures(scope)[0]["events"]


def instructions(scope: IndicatorScope) -> Number:
    return _instruction_figures(scope)[0]["received"]


def instructions_handled(scope: IndicatorScope) -> Number:
    return _instruction_figures(scope)[0]["handled"]


def on_site_p50(scope: IndicatorScope) -> float | None:
    return _call_figures(scope)[1]["on_site"].values[50]


def on_site_p90(scope: IndicatorScope) -> float | None:
    return _call_figures(scope)[1]["on_site"].values[90]


def callback_p50(scope: IndicatorScope) -> float | None:
    return _call_figures(scope)[1]["callback"].values[50]


def callback_p90(scope: IndicatorScope) -> float | None:
    return _call_figures(scope)[1]["callback"].values[90]


def handled_p50(scope: IndicatorScope) -> float | None:
    return _instruction_figures(scope)[1]["handled"].values[50]


def handled_p90(scope: IndicatorScope) -> float | None:
    return _instruction_figures(scope)[1]["handled"].values[90]


def caller_satisfaction(scope: IndicatorScope) -> float | None:
    totals = _call_figures(scope)[0]
    return share(totals["satisfied"], totals["answered"])


def calls_breakdown(scope: IndicatorScope, dimension: str) -> Breakdown:
    """Calls by month of their service night (one query)."""
    if dimension != "month":
        return []
    rows = (
        scope_calls(scope)
        .annotate(k=TruncMonth("night"))
        .values("k")
        .annotate(n=Count("pk"))
        .order_by("k")
    )
    return [(r["k"].isoformat()[:7], format_date(r["k"], "F Y"), r["n"]) for r in rows]


def _time(
    code: str, label: Any, definition: Any, formula: str, compute: Any, capability: str
) -> Indicator:
    return Indicator(
        code,
        label,
        Level.OUTCOME,
        Unit.MINUTES,
        definition,
        formula,
        (Register.TRANQUILLITY,),
        source=SOURCE,
        compute=compute,
        lower_is_better=True,
        capability=capability,
    )


def analytics_indicators() -> list[Indicator]:
    return [
        Indicator(
            "calls",
            _("Calls received"),
            Level.OUTPUT,
            Unit.COUNT,
            _("Phone calls received by the desk on the period's service nights."),
            "count(call) where night in period",
            (Register.RECOGNITION,),
            source=SOURCE,
            compute=calls,
            capability=Capability.PHONE_DESK,
            breakdown=calls_breakdown,
            dimensions=("month",),
        ),
        Indicator(
            "events",
            _("Events behind the calls"),
            Level.OUTPUT,
            Unit.COUNT,
            _(
                "Distinct real events the period's calls are about: calls linked to the same "
                "event count once."
            ),
            "count(distinct call.event) where call.night in period",
            (Register.TRANQUILLITY,),
            source=SOURCE,
            compute=events,
            capability=Capability.PHONE_DESK,
        ),
        Indicator(
            "instructions",
            _("Landlord instructions"),
            Level.OUTPUT,
            Unit.COUNT,
            _("Instructions received from the landlords for the period's service nights."),
            "count(instruction) where service_night in period",
            (Register.RECOGNITION,),
            source=SOURCE,
            compute=instructions,
            capability=Capability.INSTRUCTIONS,
        ),
        Indicator(
            "instructions_handled",
            _("Landlord instructions handled"),
            Level.OUTPUT,
            Unit.COUNT,
            _("Instructions for the period's service nights that the team handled."),
            "count(instruction) where service_night in period and status = handled",
            (Register.RECOGNITION,),
            source=SOURCE,
            compute=instructions_handled,
            capability=Capability.INSTRUCTIONS,
        ),
        _time(
            "response_time",
            _("Response time (median)"),
            _("Median time from a call to the team's arrival on site, in minutes."),
            "p50(call.on_site_at − call.received_at)",
            on_site_p50,
            Capability.PHONE_DESK,
        ),
        _time(
            "response_time_p90",
            _("Response time (90th percentile)"),
            _("Nine calls in ten saw the team on site within this time, in minutes."),
            "p90(call.on_site_at − call.received_at)",
            on_site_p90,
            Capability.PHONE_DESK,
        ),
        _time(
            "callback_time",
            _("Time to call back (median)"),
            _("Median time from a call to the caller being called back, in minutes."),
            "p50(call.called_back_at − call.received_at)",
            callback_p50,
            Capability.PHONE_DESK,
        ),
        _time(
            "callback_time_p90",
            _("Time to call back (90th percentile)"),
            _("Nine callers in ten were called back within this time, in minutes."),
            "p90(call.called_back_at − call.received_at)",
            callback_p90,
            Capability.PHONE_DESK,
        ),
        _time(
            "instruction_time",
            _("Time to handle an instruction (median)"),
            _("Median time from a landlord's instruction to its handling, in minutes."),
            "p50(instruction.handled_at − instruction.submitted_at)",
            handled_p50,
            Capability.INSTRUCTIONS,
        ),
        _time(
            "instruction_time_p90",
            _("Time to handle an instruction (90th percentile)"),
            _("Nine instructions in ten were handled within this time, in minutes."),
            "p90(instruction.handled_at − instruction.submitted_at)",
            handled_p90,
            Capability.INSTRUCTIONS,
        ),
        Indicator(
            "caller_satisfaction",
            _("Caller satisfaction"),
            Level.OUTCOME,
            Unit.PERCENT,
            _(
                "Share of the answered surveys where the caller said yes to “Are you "
                "satisfied with the service?” (“partly” and “no” are not satisfied)."
            ),
            "count(survey.satisfied = yes) / count(survey answered) × 100",
            (Register.RECOGNITION,),
            source=SOURCE,
            compute=caller_satisfaction,
            capability=Capability.PHONE_DESK,
        ),
    ]
