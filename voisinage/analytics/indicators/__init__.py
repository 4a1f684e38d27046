"""The indicator library: analytics' own indicators and the ``Scope`` they are computed over
(docs/analytics.md, docs/adr/0016-indicator-registry.md). The registry is core.indicators."""

from voisinage.analytics.indicators import builtin, pending
from voisinage.analytics.indicators.scope import Filters, Scope
from voisinage.core.indicators import Indicator

__all__ = ["Filters", "Scope", "analytics_indicators"]


def analytics_indicators() -> list[Indicator]:
    """The library's indicators for the registry (the ``INDICATORS`` extension point): the
    pending declarations of the phone desk's and the reports' codes, then those computed here."""
    return [*pending.indicators(), *builtin.indicators()]
