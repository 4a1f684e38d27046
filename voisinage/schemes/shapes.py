"""The templates of the new-scheme wizard, as data: the shape of a scheme (the parts it uses,
its service hours, its activity preset, the mediation fields it serves). A template fills
sensible defaults; everything stays editable afterwards in the settings area."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from voisinage.schemes.models import Capability

if TYPE_CHECKING:
    from django.utils.functional import Promise

# (from day, from month, to day, to month, weekdays, start, end)
type HoursSpec = tuple[int, int, int, int, str, time, time]


@dataclass(frozen=True)
class SchemeShape:
    key: str
    label: str | Promise
    description: str | Promise
    capabilities: tuple[str, ...]
    hours: tuple[HoursSpec, ...]
    activity_preset: str
    fields: tuple[str, ...] = ("public-tranquillity",)


SHAPES: dict[str, SchemeShape] = {
    shape.key: shape
    for shape in (
        SchemeShape(
            key="night-tranquillity",
            label=_("Night residential tranquillity"),
            description=_(
                "A night team in the landlords' residences: patrols, courtesy visits, a rota, a "
                "phone desk, landlords' instructions and reports; evenings across midnight."
            ),
            capabilities=tuple(Capability.values),
            hours=(
                (1, 4, 30, 9, "012345", time(18, 0), time(1, 0)),
                (1, 10, 31, 3, "012345", time(17, 0), time(0, 0)),
            ),
            activity_preset="xp-x60-600",
        ),
        SchemeShape(
            key="daytime-mediation",
            label=_("Daytime neighbourhood mediation"),
            description=_(
                "Mediators in a neighbourhood by day, reports to the partners by e-mail; no "
                "patrols, rota, phone desk nor instructions."
            ),
            capabilities=(Capability.REPORTS,),
            hours=((1, 1, 31, 12, "01234", time(9, 0), time(18, 0)),),
            activity_preset="xp-x60-600",
            fields=("public-tranquillity", "education", "access-to-rights"),
        ),
        SchemeShape(
            key="multi-site",
            label=_("Multi-site urban mediation"),
            description=_(
                "Several sites of a city by day and early evening, with a rota and reports."
            ),
            capabilities=(Capability.STAFFING, Capability.REPORTS),
            hours=((1, 1, 31, 12, "012345", time(10, 0), time(20, 0)),),
            activity_preset="xp-x60-600",
            fields=("public-tranquillity", "access-to-rights"),
        ),
    )
}
