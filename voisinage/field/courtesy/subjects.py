"""The courtesy visits that name a person, for a data-protection request (docs/personal-data.md,
"People's rights"): found by the tenant's name (part of it), narrowed by the dwelling number.
Their erasure and rectification are services (``courtesy.services``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from voisinage.core.personal_data import HeldRecord, PersonQuery
from voisinage.field.courtesy.models import CourtesyVisit

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from voisinage.schemes.models import Scheme


def visits_of(scheme: Scheme, query: PersonQuery) -> QuerySet[CourtesyVisit]:
    name = query.name.strip()
    if len(name) < 3:
        return CourtesyVisit.objects.none()
    found = CourtesyVisit.objects.filter(campaign__scheme=scheme, tenant_name__icontains=name)
    if query.dwelling.strip():
        found = found.filter(dwelling__iexact=query.dwelling.strip())
    return found


def visits_naming(scheme: Scheme, query: PersonQuery) -> list[HeldRecord]:
    return [
        HeldRecord(
            what=_("Courtesy visit"),
            reference=_("visit #%(n)s") % {"n": v.pk},
            at=v.visited_at,
            fields={
                _("Name"): v.tenant_name,
                _("Dwelling"): v.dwelling,
                _("Place"): v.entrance.address,
                _("Landlord"): v.campaign.landlord.name,
                _("Campaign"): v.campaign.name,
                _("Outcome"): str(v.get_outcome_display()),
                _("Note"): v.note,
            },
        )
        for v in visits_of(scheme, query)
        .select_related("entrance", "campaign__landlord")
        .order_by("campaign__starts_on", "pk")
    ]
