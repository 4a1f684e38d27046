"""The logbook's narratives past their retention period (docs/personal-data.md): the free text
of an intervention often names the people met; it is emptied, while the intervention, its
codes, place, moments and counts stay, so every figure of the past is unchanged (the night's
digest versions already sent keep what they said, see docs/personal-data.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from voisinage.field.logbook.models import Intervention

if TYPE_CHECKING:
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
