"""Reads of networks for a user: the schemes a network grant covers and the network's
overview, summed from the analytics roll-ups (ADR 0028) and turned into indicators by the
indicators' own computations (ADR 0049)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django.db.models import Sum
from django.utils.translation import gettext as _

from voisinage.accounts.access import is_platform_admin
from voisinage.analytics.indicators.scope import rollup_sums, totals_from_sums
from voisinage.analytics.models import ActivityMonthRollup, InterventionMonthRollup, RollupStale
from voisinage.analytics.rollup import rollup_refresh
from voisinage.core.indicators import get_indicator
from voisinage.lib import clock
from voisinage.networks.models import Network, NetworkMember, NetworkScheme, in_force_q
from voisinage.schemes.models import Scheme
from voisinage.territory.models import NeighbourhoodKind

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.analytics.indicators import Scope
    from voisinage.core.indicators import Indicator

# The indicators read from the interventions' totals alone: the ones a network can add up
# across schemes from the roll-ups (distinct entrances, patrol targets and costs are not).
NETWORK_INDICATORS = (
    "interventions",
    "people_reached",
    "young_people_reached",
    "resolved_share",
    "handed_over_share",
    "climate_score",
    "serious_climate_share",
)


@dataclass(frozen=True)
class _Totals:
    """What the totals-based indicators read of a ``Scope``: its totals."""

    totals: dict[str, Any]


@dataclass(frozen=True)
class OverviewRow:
    key: str
    label: str
    values: list[float | int | None]
    url: str | None = None  # a scheme's dashboard, only where the reader holds a grant there
    note: str = ""
    units: tuple[str, ...] = ()

    @property
    def cells(self) -> list[tuple[float | int | None, str]]:
        """Each value with its indicator's unit (a share is shown with « % »)."""
        return list(zip(self.values, self.units, strict=True))


@dataclass(frozen=True)
class FieldRow:
    key: str
    label: str
    interventions: int


@dataclass(frozen=True)
class NetworkOverview:
    network: Network
    year: int
    first: date
    last: date
    indicators: list[Indicator]
    total: OverviewRow
    by_scheme: list[OverviewRow]
    by_operator: list[OverviewRow]
    by_kind: list[OverviewRow]
    by_field: list[FieldRow]


def covered_scheme_ids(user: AnyUser, network: Network) -> list[int]:
    """The network's active schemes the user's network grant covers: all of them, or the
    ones its grant lists (always within the network)."""
    grouped = NetworkScheme.objects.filter(network=network, scheme__is_active=True)
    ids = set(grouped.values_list("scheme_id", flat=True))
    if is_platform_admin(user):
        return sorted(ids)
    covered: set[int] = set()
    members = NetworkMember.objects.filter(in_force_q(), network=network, user_id=user.pk or 0)
    for member in members.prefetch_related("schemes"):
        listed = {s.pk for s in member.schemes.all()}
        covered |= (listed & ids) if listed else ids
    return sorted(covered)


def _values(indicators: list[Indicator], sums: Any) -> list[float | int | None]:
    scope = cast("Scope", _Totals(totals_from_sums(sums)))
    return [i.compute(scope) for i in indicators]  # type: ignore[misc]


def _add(zero: dict[str, int], rows: Any) -> dict[str, int]:
    """Summed roll-up counts added up (the network's total, an operator's schemes)."""
    summed = dict(zero)
    for row in rows:
        for key in zero:
            summed[key] += row[key]
    return summed


def _refresh(scheme_ids: list[int]) -> None:
    """Bring the roll-ups of the schemes with stale nights up to date (one query when none)."""
    stale = RollupStale.objects.filter(scheme_id__in=scheme_ids)
    for scheme_id in sorted(set(stale.values_list("scheme_id", flat=True))):
        rollup_refresh(scheme_id)


def network_overview(user: AnyUser, network: Network, year: int) -> NetworkOverview:
    """The network's year across the schemes the user's grant covers: in total and side by
    side by scheme, operator, neighbourhood kind and mediation field. A constant number of
    grouped queries over the month roll-ups, whatever the number of schemes."""
    from django.urls import reverse

    ids = covered_scheme_ids(user, network)
    _refresh(ids)
    first, last = date(year, 1, 1), date(year, 12, 31)
    today = clock.today()
    if first <= today <= last:
        last = today
    indicators = [i for code in NETWORK_INDICATORS if (i := get_indicator(code)) is not None]
    units = tuple(str(i.unit) for i in indicators)
    rows = InterventionMonthRollup.objects.filter(
        scheme_id__in=ids, month__range=(first, date(year, 12, 1))
    )
    sums = rollup_sums()
    schemes = {s.pk: s for s in Scheme.objects.filter(pk__in=ids).select_related("operator")}
    drillable = set(
        Scheme.objects.visible_to(user)
        .filter(pk__in=ids, is_active=True)
        .values_list("pk", flat=True)
    )
    # One grouped scan per scheme; the total and the operators' lines are added up from it
    # (a scheme has one operator), not scanned again.
    per_scheme: dict[int, Any] = {
        r["scheme_id"]: r for r in rows.values("scheme_id").annotate(**sums)
    }
    zero = dict.fromkeys(sums, 0)
    total = OverviewRow(
        "total",
        _("Network total"),
        _values(indicators, _add(zero, per_scheme.values())),
        units=units,
    )
    by_scheme = []
    per_operator: dict[int, list[dict[str, Any]]] = {}
    for pk, scheme in sorted(schemes.items(), key=lambda item: item[1].name):
        found = per_scheme.get(pk, zero)
        per_operator.setdefault(scheme.operator_id, []).append(found)
        by_scheme.append(
            OverviewRow(
                scheme.slug,
                scheme.name,
                _values(indicators, found),
                reverse("analytics:dashboard", args=[scheme.slug]) if pk in drillable else None,
                note=scheme.operator.name,
                units=units,
            )
        )
    operators = {s.operator_id: s.operator for s in schemes.values()}
    by_operator = [
        OverviewRow(
            str(pk), operators[pk].name, _values(indicators, _add(zero, found)), units=units
        )
        for pk, found in sorted(per_operator.items(), key=lambda item: operators[item[0]].name)
    ]
    kinds = dict(NeighbourhoodKind.choices)
    by_kind = [
        OverviewRow(
            r["neighbourhood__kind"] or "",
            str(kinds.get(r["neighbourhood__kind"], _("Outside neighbourhoods"))),
            _values(indicators, r),
            units=units,
        )
        for r in rows.values("neighbourhood__kind").annotate(**sums).order_by("neighbourhood__kind")
    ]
    fields = (
        ActivityMonthRollup.objects.filter(
            scheme_id__in=ids, month__range=(first, date(year, 12, 1))
        )
        .values("activity__field__code", "activity__field__label")
        .annotate(n=Sum("interventions"))
        .order_by("-n", "activity__field__label")
    )
    by_field = [
        FieldRow(
            r["activity__field__code"] or "",
            r["activity__field__label"] or _("No field given"),
            r["n"],
        )
        for r in fields
    ]
    return NetworkOverview(
        network, year, first, last, indicators, total, by_scheme, by_operator, by_kind, by_field
    )
