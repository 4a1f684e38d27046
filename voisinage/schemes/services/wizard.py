"""The new-scheme wizard."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from voisinage.schemes.changes import setting_change_record
from voisinage.schemes.models import (
    MediationField,
    Scheme,
    SchemeMember,
    ServiceHoursRule,
)

if TYPE_CHECKING:
    from voisinage.accounts.models import User
from voisinage.schemes.services.activities import activity_referential_apply_preset
from voisinage.schemes.services.fields import mediation_fields_ensure
from voisinage.schemes.services.keys import SHEET
from voisinage.schemes.services.sheet import scheme_defaults_ensure

RESERVED_SLUGS = frozenset({"nouveau"})


@transaction.atomic
def scheme_create(
    *,
    creator: User,
    shape: str,
    name: str,
    slug: str,
    operator_id: int,
    starts_on: date,
    time_zone: str = "Europe/Paris",
    activity_preset: str | None = None,
) -> Scheme:
    """Create a scheme from a template (``shapes.SHAPES``): the operator as a member, the
    template's parts, service hours and activities, each app's defaults; the creator becomes
    its operator manager. Idempotent by slug: a scheme that exists is returned as it is."""
    from voisinage.accounts.services import membership_grant
    from voisinage.schemes.models import MemberRole
    from voisinage.schemes.shapes import SHAPES

    existing = Scheme.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    template = SHAPES.get(shape)
    if template is None:
        raise ValidationError({"shape": _("Choose a template.")})
    if slug in RESERVED_SLUGS:
        raise ValidationError({"slug": _("This address is reserved: choose another.")})
    scheme = Scheme(
        name=name.strip(),
        slug=slug,
        operator_id=operator_id,
        starts_on=starts_on,
        time_zone=time_zone,
        capabilities=list(template.capabilities),
    )
    scheme.full_clean()
    scheme.save()
    SchemeMember.objects.create(
        scheme=scheme, organisation_id=operator_id, role=MemberRole.OPERATOR
    )
    for position, (d1, m1, d2, m2, days, start, end) in enumerate(template.hours, start=1):
        rule = ServiceHoursRule(
            scheme=scheme,
            position=position,
            start_day=d1,
            start_month=m1,
            end_day=d2,
            end_month=m2,
            weekdays=days,
            starts_at=start,
            ends_at=end,
        )
        rule.full_clean()
        rule.save()
    mediation_fields_ensure()
    scheme.fields.set(MediationField.objects.filter(code__in=template.fields))
    preset = template.activity_preset if activity_preset is None else activity_preset
    if preset:
        activity_referential_apply_preset(scheme=scheme, preset=preset)
    scheme_defaults_ensure(scheme=scheme)
    if not creator.is_superuser:
        membership_grant(
            user=creator,
            organisation_id=operator_id,
            scheme_id=scheme.pk,
            role_code="operator_manager",
        )
    setting_change_record(
        scheme=scheme,
        author=creator,
        section=SHEET,
        subject=scheme.name,
        before="",
        after=str(template.label),
    )
    return scheme
