"""What personal data the field holds, for retention (the ``personal_data`` extension point):
the tenants named on courtesy visits, the visits' notes and the interventions' narratives."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from voisinage.core.personal_data import DataKind, Holder
from voisinage.field.courtesy.services import (
    courtesy_notes_empty,
    courtesy_tenant_erase,
    courtesy_tenant_rectify,
    courtesy_tenants_anonymise,
)
from voisinage.field.courtesy.subjects import visits_naming
from voisinage.field.logbook.retention import intervention_narratives_empty


def holders() -> list[Holder]:
    return [
        Holder(
            DataKind.TENANT,
            _("Tenants named on courtesy visits"),
            lambda scheme, before: courtesy_tenants_anonymise(scheme=scheme, before=before),
            find=visits_naming,
            erase=lambda scheme, query: courtesy_tenant_erase(scheme=scheme, query=query),
            rectify=lambda scheme, query, corrected: courtesy_tenant_rectify(
                scheme=scheme, query=query, corrected=corrected
            ),
        ),
        Holder(
            DataKind.NARRATIVE,
            _("Notes of courtesy visits"),
            lambda scheme, before: courtesy_notes_empty(scheme=scheme, before=before),
        ),
        Holder(
            DataKind.NARRATIVE,
            _("Narratives of the logbook's interventions"),
            lambda scheme, before: intervention_narratives_empty(scheme=scheme, before=before),
        ),
    ]
