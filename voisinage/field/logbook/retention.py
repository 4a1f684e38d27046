"""The logbook's narratives: a sensitive one shown is written in the log of access to personal
data; past their retention period (docs/personal-data.md): the free text
of an intervention often names the people met; it is emptied, while the intervention, its
codes, place, moments and counts stay, so every figure of the past is unchanged (the night's
digest versions already sent keep what they said, see docs/personal-data.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from voisinage.core.personal_data import access_logged
from voisinage.field.logbook.models import Intervention

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from voisinage.schemes.models import Scheme


@transaction.atomic
def intervention_narratives_empty(*, scheme: Scheme, before: datetime) -> int:
    """Empty the narratives of the scheme's interventions begun before ``before``."""
    return (
        Intervention.objects.filter(scheme=scheme, started_at__lt=before)
        .exclude(narrative="")
        .update(narrative="")
    )


def sensitive_narratives_shown(
    *, user: Any, scheme: Scheme, interventions: Iterable[Intervention], where: str
) -> int:
    """Write in the log of access to personal data that ``user`` was shown the narratives of
    these interventions that are marked sensitive (a health or family situation, a conflict
    between named neighbours), from the page or route ``where``."""
    shown = [
        (_("intervention #%(n)s") % {"n": i.pk}, "")
        for i in interventions
        if i.sensitive and i.narrative
    ]
    return access_logged(scheme=scheme, user=user, where=where, shown=shown) if shown else 0
