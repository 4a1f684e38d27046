"""Evaluation: the five registers of social-utility evaluation, the avoided-costs calculator
and the reference figures.

An avoided-cost type (``AvoidedCostUnit``, a setting of the scheme) says what the logbook
counts (a built-in rule, an activity or a mediation field), the unit, the unit cost, the
reference figure it is drawn from and its source; every type the scheme has is counted. The
three defaults are created on first use, to be replaced by the scheme's own figures; their
reference figures are France Médiation's published results (as reported in the Lille Métropole
development plan). Figures quoted from outside (``ReferenceFigure``) are shown apart, never
added to what is measured."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from voisinage.analytics.models import AvoidedCostUnit, CountedAs, ReferenceFigure
from voisinage.core.indicators import Register, evaluate
from voisinage.field.models import CodeKind, Result

if TYPE_CHECKING:
    from django.db.models import Q
    from django.utils.functional import Promise

    from voisinage.analytics.indicators import Scope
    from voisinage.core.indicators import IndicatorValue
    from voisinage.schemes.models import Scheme

FRANCE_MEDIATION = "France Médiation, cité dans « Médiation sociale à Lille Métropole » (RTES)"
DEFAULT_NOTE = "Valeur par défaut à remplacer par celle du dispositif. "


@dataclass(frozen=True)
class DefaultType:
    label: Promise
    definition: Promise
    unit: str
    cents: int
    reference_figure: str


# The avoided-cost types a scheme starts with (code: default), created on first use; labels and
# units are the scheme's data afterwards. Their reference figures are France Médiation's.
AVOIDED_EVENTS: dict[str, DefaultType] = {
    "conflict_resolved": DefaultType(
        _("Conflict settled on the spot"),
        _("An intervention resolved on the spot where a behavioural situation was found."),
        "conflit réglé",
        150_00,
        "une diminution de 385 500 € en contentieux (valorisation économique de l'aspect "
        "préventif)",
    ),
    "anomaly_reported": DefaultType(
        _("Technical anomaly reported early"),
        _("An intervention where a material situation (damage, anomaly) was found."),
        "anomalie signalée",
        200_00,
        "une diminution de 60 à 75 % des dépenses publiques sur dégradations",
    ),
    "handed_over": DefaultType(
        _("Person directed to a partner's service"),
        _("An intervention handed over to a partner."),
        "personne orientée",
        50_00,
        "une augmentation de 9 % de fréquentation des services des partenaires",
    ),
}


# The roll-up column that counts each built-in rule (analytics/rollup.py counts them with the
# same rule as _rule).
ROLLUP_EVENTS = {
    CountedAs.CONFLICT_RESOLVED: "conflict_resolved",
    CountedAs.ANOMALY_REPORTED: "anomaly_reported",
    CountedAs.HANDED_OVER: "result_handed_over",
}


def _rule(unit: AvoidedCostUnit) -> Q:
    from django.db.models import Q

    if unit.counted_as == CountedAs.CONFLICT_RESOLVED:
        return Q(result=Result.RESOLVED, situations__kind=CodeKind.BEHAVIOUR)
    if unit.counted_as == CountedAs.ANOMALY_REPORTED:
        return Q(situations__kind=CodeKind.MATERIAL)
    if unit.counted_as == CountedAs.HANDED_OVER:
        return Q(result=Result.HANDED_OVER)
    if unit.counted_as == CountedAs.ACTIVITY:
        return Q(activities__code=unit.counted_code)
    return Q(activities__field__code=unit.counted_code)


def avoided_cost_units(scheme: Scheme) -> list[AvoidedCostUnit]:
    """The scheme's avoided-cost types, the missing defaults created first."""
    units = list(AvoidedCostUnit.objects.filter(scheme=scheme))
    missing = [e for e in AVOIDED_EVENTS if e not in {u.event for u in units}]
    if missing:
        try:
            with transaction.atomic():
                for event in missing:
                    default = AVOIDED_EVENTS[event]
                    AvoidedCostUnit.objects.create(
                        scheme=scheme,
                        event=event,
                        label=str(default.label),
                        definition=str(default.definition),
                        counted_as=event,
                        unit=default.unit,
                        unit_cost_cents=default.cents,
                        reference_figure=default.reference_figure,
                        source=DEFAULT_NOTE + FRANCE_MEDIATION + ".",
                    )
        except IntegrityError:  # created meanwhile by another request
            pass
        units = list(AvoidedCostUnit.objects.filter(scheme=scheme))
    return units


@dataclass(frozen=True)
class AvoidedCostLine:
    """A measured line: the events counted in the logbook over the period, times the unit
    cost."""

    event: str
    label: str
    definition: str
    unit: str
    count: int
    unit_cost: Decimal
    reference_figure: str
    source: str

    @property
    def total(self) -> Decimal:
        return self.unit_cost * self.count


def avoided_cost_lines(scope: Scope) -> list[AvoidedCostLine]:
    """Every avoided-cost type of the scheme, counted: the built-in rules from the roll-up when
    the scope reads it (ADR 0028), the others in one aggregate query on the interventions."""
    from django.db.models import Count

    units = avoided_cost_units(scope.scheme)
    counts: dict[str, int] = {}
    counted = units
    if scope.uses_rollup:
        columns = scope.totals["by_column"]
        for unit in units:
            if unit.counted_as in ROLLUP_EVENTS:
                counts[unit.event] = columns[ROLLUP_EVENTS[CountedAs(unit.counted_as)]]
        counted = [u for u in units if u.event not in counts]
    if counted:
        counts.update(
            scope.interventions().aggregate(
                **{u.event: Count("pk", distinct=True, filter=_rule(u)) for u in counted}
            )
        )
    return [
        AvoidedCostLine(
            u.event,
            u.label,
            u.definition,
            u.unit,
            counts[u.event],
            Decimal(u.unit_cost_cents) / 100,
            u.reference_figure,
            u.source,
        )
        for u in units
    ]


@dataclass(frozen=True)
class ReferenceLine:
    """A figure quoted from outside: a reference, not a measure."""

    register: str
    register_label: str
    label: str
    figure: str
    source: str


def reference_lines(scheme: Scheme) -> list[ReferenceLine]:
    labels = dict(Register.choices)
    return [
        ReferenceLine(
            r.register, str(labels.get(r.register, r.register)), r.label, r.figure, r.source
        )
        for r in ReferenceFigure.objects.filter(scheme=scheme)
    ]


@dataclass(frozen=True)
class EvaluationLines:
    """What a summary or a deck shows of the evaluation registers (``evaluation_lines``)."""

    measured: list[AvoidedCostLine]
    references: list[ReferenceLine]

    @property
    def measured_total(self) -> Decimal:
        return sum((line.total for line in self.measured), Decimal(0))


def evaluation_lines(scope: Scope) -> EvaluationLines:
    """The scheme's evaluation registers for a reader and a period (the ``Scope``): every
    avoided-cost type, measured in the reader's perimeter over the period, and the reference
    figures quoted from outside, kept apart. The evaluation page, the monthly summary and the
    review deck show these."""
    return EvaluationLines(avoided_cost_lines(scope), reference_lines(scope.scheme))


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
