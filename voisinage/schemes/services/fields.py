"""Mediation fields: the domains a scheme serves, and the one each activity serves."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from voisinage.schemes.changes import setting_change_record
from voisinage.schemes.models import Activity, MediationField, Scheme
from voisinage.schemes.presets import MEDIATION_FIELDS
from voisinage.schemes.services.keys import FIELDS

if TYPE_CHECKING:
    from collections.abc import Iterable

    from voisinage.accounts.models import User


def mediation_fields_ensure() -> None:
    """The fields every installation starts with (``presets.MEDIATION_FIELDS``): loaded by
    migration, and put back here if a database was emptied since (a flush before the demo,
    a test database): one query when they are there."""
    present = set(MediationField.objects.values_list("code", flat=True))
    missing = [
        MediationField(code=code, label=label, position=position)
        for position, (code, label) in enumerate(MEDIATION_FIELDS, start=1)
        if code not in present
    ]
    if missing:
        MediationField.objects.bulk_create(missing, ignore_conflicts=True)


def _labels(fields: Iterable[MediationField]) -> str:
    return ", ".join(f.label for f in fields)


@transaction.atomic
def scheme_fields_set(
    *, scheme: Scheme, author: User | None, codes: list[str]
) -> list[MediationField]:
    """Set the fields the scheme serves. An unknown code, or leaving out a field one of the
    scheme's activities still serves, is refused in French and nothing changes."""
    wanted = list(dict.fromkeys(c.strip() for c in codes if c.strip()))
    mediation_fields_ensure()
    fields = list(MediationField.objects.filter(code__in=wanted))
    unknown = sorted(set(wanted) - {f.code for f in fields})
    if unknown:
        raise ValidationError(
            _("Unknown mediation field: %(codes)s.") % {"codes": ", ".join(unknown)},
            code="unknown_field",
        )
    scheme = Scheme.objects.select_for_update(of=("self",)).get(pk=scheme.pk)
    still_used = (
        Activity.objects.filter(scheme=scheme, field__isnull=False)
        .exclude(field__in=fields)
        .select_related("field")
        .order_by("field__position")
    )
    orphan = still_used.first()
    if orphan is not None:
        raise ValidationError(
            _(
                "The activity « %(activity)s » serves the field « %(field)s »: give it another "
                "field first."
            )
            % {"activity": orphan.label, "field": orphan.field},
            code="field_in_use",
        )
    before = list(scheme.fields.all())
    scheme.fields.set(fields)
    after = list(scheme.fields.all())
    if {f.pk for f in before} != {f.pk for f in after}:
        setting_change_record(
            scheme=scheme,
            author=author,
            section=FIELDS,
            subject=str(_("Mediation fields")),
            before=_labels(before),
            after=_labels(after),
        )
    return after


@transaction.atomic
def activity_field_set(*, activity: Activity, author: User | None, code: str) -> Activity:
    """Say which field an activity serves (empty: none); the field must be one the scheme
    serves."""
    activity = (
        Activity.objects.select_for_update(of=("self",)).select_related("field").get(pk=activity.pk)
    )
    field = None
    if code.strip():
        field = MediationField.objects.filter(code=code.strip(), schemes=activity.scheme_id).first()
        if field is None:
            raise ValidationError(
                _("The scheme does not serve this mediation field."), code="field_not_served"
            )
    if activity.field_id != (field.pk if field else None):
        before = activity.field
        activity.field = field
        activity.full_clean()
        activity.save(update_fields=["field"])
        setting_change_record(
            scheme=activity.scheme,
            author=author,
            section=FIELDS,
            subject=activity.code,
            before=before or "",
            after=field or "",
        )
    return activity


@transaction.atomic
def mediation_field_add(*, code: str, label: str) -> MediationField:
    """A new field (a network adds the ones it steers by); a code taken is refused in French."""
    field = MediationField(code=code.strip(), label=label.strip())
    field.position = MediationField.objects.count() + 1
    try:
        field.full_clean()
    except ValidationError as exc:
        if (
            "code" in getattr(exc, "error_dict", {})
            and MediationField.objects.filter(code=field.code).exists()
        ):
            raise ValidationError(
                {"code": _("A mediation field with this code already exists.")}
            ) from exc
        raise
    field.save()
    return field
