"""Evaluation: the five registers of social-utility evaluation and the avoided-costs calculator.

An avoided event is counted in the logbook (in the database); its unit cost is a per-scheme
setting (``AvoidedCostUnit``) carrying the source of the figure. The defaults below are created
on first use and are meant to be replaced by the scheme's own figures in the administration;
their source notes quote France Médiation's published results (as reported in the Lille
Métropole development plan)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from voisinage.analytics.models import AvoidedCostUnit
from voisinage.core.indicators import Register, evaluate
from voisinage.field.models import CodeKind, Result

if TYPE_CHECKING:
    from django.db.models import Q
    from django.utils.functional import Promise

    from voisinage.analytics.indicators import Scope
    from voisinage.core.indicators import IndicatorValue
    from voisinage.schemes.models import Scheme

FRANCE_MEDIATION = "France Médiation, cité dans « Médiation sociale à Lille Métropole » (RTES) : "
# event: (label, definition, default unit cost in cents, source note)
AVOIDED_EVENTS: dict[str, tuple[Promise, Promise, int, str]] = {
    "conflict_resolved": (
        _("Conflict settled on the spot"),
        _("An intervention resolved on the spot where a behavioural situation was found."),
        150_00,
        "Valeur par défaut à remplacer par celle du dispositif. "
        + FRANCE_MEDIATION
        + "« une diminution de 38 5500 euros en contentieux (valorisation économique de "
        "l'aspect préventif) » (soit 385 500 €).",
    ),
    "anomaly_reported": (
        _("Technical anomaly reported early"),
        _("An intervention where a material situation (damage, anomaly) was found."),
        200_00,
        "Valeur par défaut à remplacer par celle du dispositif. "
        + FRANCE_MEDIATION
        + "« une diminution de 60 à 75 % des dépenses publiques sur dégradations ».",
    ),
    "handed_over": (
        _("Person directed to a partner's service"),
        _("An intervention handed over to a partner."),
        50_00,
        "Valeur par défaut à remplacer par celle du dispositif. "
        + FRANCE_MEDIATION
        + "« une augmentation de 9 % de fréquentation des services des partenaires ».",
    ),
}


# The roll-up column that counts each event (analytics/rollup.py counts them with the same rule
# as _event_filter).
ROLLUP_EVENTS = {
    "conflict_resolved": "conflict_resolved",
    "anomaly_reported": "anomaly_reported",
    "handed_over": "result_handed_over",
}


def _event_filter(event: str) -> Q:
    from django.db.models import Q

    if event == "conflict_resolved":
        return Q(result=Result.RESOLVED, situations__kind=CodeKind.BEHAVIOUR)
    if event == "anomaly_reported":
        return Q(situations__kind=CodeKind.MATERIAL)
    return Q(result=Result.HANDED_OVER)


def avoided_cost_units(scheme: Scheme) -> dict[str, AvoidedCostUnit]:
    """The scheme's unit costs, the missing ones created from the defaults."""
    units = {u.event: u for u in AvoidedCostUnit.objects.filter(scheme=scheme)}
    missing = [e for e in AVOIDED_EVENTS if e not in units]
    if missing:
        try:
            with transaction.atomic():
                for event in missing:
                    _label, _definition, cents, source = AVOIDED_EVENTS[event]
                    units[event] = AvoidedCostUnit.objects.create(
                        scheme=scheme, event=event, unit_cost_cents=cents, source=source
                    )
        except IntegrityError:  # created meanwhile by another request
            units = {u.event: u for u in AvoidedCostUnit.objects.filter(scheme=scheme)}
    return units


@dataclass(frozen=True)
class AvoidedCostLine:
    event: str
    label: str | Promise
    definition: str | Promise
    count: int
    unit_cost: Decimal
    source: str

    @property
    def total(self) -> Decimal:
        return self.unit_cost * self.count


def avoided_cost_lines(scope: Scope) -> list[AvoidedCostLine]:
    """One aggregate query for the counts of every avoided event."""
    from django.db.models import Count

    units = avoided_cost_units(scope.scheme)
    if scope.uses_rollup:  # the roll-up counts the events (ADR 0028)
        columns = scope.totals["by_column"]
        counts = {e: columns[ROLLUP_EVENTS[e]] for e in AVOIDED_EVENTS}
    else:
        counts = scope.interventions().aggregate(
            **{e: Count("pk", distinct=True, filter=_event_filter(e)) for e in AVOIDED_EVENTS}
        )
    return [
        AvoidedCostLine(
            event,
            label,
            definition,
            counts[event],
            Decimal(units[event].unit_cost_cents) / 100,
            units[event].source,
        )
        for event, (label, definition, _cents, _source) in AVOIDED_EVENTS.items()
    ]


@dataclass(frozen=True)
class RegisterBlock:
    code: str
    label: str | Promise
    values: list[IndicatorValue]


def registers(scope: Scope) -> list[RegisterBlock]:
    """The indicators the scheme shows, under the five registers."""
    from voisinage.analytics.selectors import scheme_indicators

    values = {i.code: evaluate(i, scope, compare=True) for i in scheme_indicators(scope.scheme)}
    return [
        RegisterBlock(
            code,
            label,
            [v for v in values.values() if code in v.indicator.registers],
        )
        for code, label in Register.choices
    ]
