"""The dashboards' breakdowns by result and by climate word the levels the scheme's way, from
the roll-up and from the interventions alike; the codes (and so the figures) do not change."""

from __future__ import annotations

from datetime import date

import pytest

from voisinage.analytics.indicators import Scope
from voisinage.analytics.indicators.compute import intervention_breakdown
from voisinage.analytics.periods import Period, PeriodKind
from voisinage.field.logbook import scale_settings
from voisinage.field.models import Scale

pytestmark = pytest.mark.django_db


def test_breakdowns_by_result_and_climate_use_the_schemes_wording(dataset):
    cast = dataset.cast
    period = Period.around(PeriodKind.YEAR, date(2026, 1, 1))
    before = {
        d: intervention_breakdown(Scope(cast.admin, cast.scheme, period), d)
        for d in ("result", "climate")
    }
    for scale, code, label in (
        (Scale.RESULT, "resolved", "Réglé sur place"),
        (Scale.CLIMATE, "green", "Calme"),
    ):
        scale_settings.scale_level_rename(
            scheme=cast.scheme, author=cast.operator_manager, scale=scale, code=code, label=label
        )
    scale_settings.scale_level_retire(
        scheme=cast.scheme, author=cast.operator_manager, scale=Scale.RESULT, code="resolved"
    )
    for dimension, code, label in (
        ("result", "resolved", "Réglé sur place"),
        ("climate", "green", "Calme"),
    ):
        for rollup in (True, False):
            scheme = type(cast.scheme).objects.get(pk=cast.scheme.pk)
            rows = intervention_breakdown(
                Scope(cast.admin, scheme, period), dimension, rollup=rollup
            )
            # Same codes and counts as before; the label is the scheme's (retired or not).
            assert sorted((r[0], r[2]) for r in rows) == sorted(
                (r[0], r[2]) for r in before[dimension]
            )
            assert (code, label) in [(r[0], r[1]) for r in rows], (dimension, rollup)
