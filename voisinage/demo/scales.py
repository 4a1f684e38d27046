"""Mons-en-Barœul's wording of the fixed scales in the demo: a daytime scheme that says
« réglé » rather than « résolu » and does not rate the residence climate. Set through the
settings area's services, as its managers would (idempotent: an unchanged label, a level
already retired or a scale already off changes nothing)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from voisinage.field.logbook import scale_settings
from voisinage.field.models import Scale

if TYPE_CHECKING:
    from voisinage.accounts.models import User
    from voisinage.schemes.models import Scheme

MONS_RESULTS = {
    "resolved": "Réglé sur place",
    "partly_resolved": "En partie réglé",
    "not_resolved": "Non réglé",
    "handed_over": "Orienté vers un partenaire",
}


def mons_scales(scheme: Scheme, author: User) -> None:
    for code, label in MONS_RESULTS.items():
        scale_settings.scale_level_rename(
            scheme=scheme, author=author, scale=Scale.RESULT, code=code, label=label
        )
    scale_settings.scale_switch(scheme=scheme, author=author, scale=Scale.CLIMATE, rated=False)
