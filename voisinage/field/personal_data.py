"""What personal data the field holds, for retention (the ``personal_data`` extension point):
the tenants named on courtesy visits and the visits' notes."""

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
    ]
