"""The desk's writes of the settings area: the coded list of call natures and the instruction
cut-off."""

from __future__ import annotations

from datetime import time
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from voisinage.desk.models import CallNature, DeskSettings
from voisinage.desk.services.common import desk_settings
from voisinage.schemes.changes import setting_change_record
from voisinage.schemes.referential import coded_add, coded_move, coded_rename, coded_retire
from voisinage.schemes.selectors import scheme_serves_at

if TYPE_CHECKING:
    from voisinage.accounts.models import User
    from voisinage.schemes.models import Scheme

CALLS = "appels"


def call_nature_add(*, scheme: Scheme, author: User | None, code: str, label: str) -> CallNature:
    return coded_add(
        model=CallNature, scheme=scheme, author=author, section=CALLS, code=code, label=label
    )


def call_nature_rename(*, nature: CallNature, author: User | None, label: str) -> CallNature:
    return coded_rename(entry=nature, author=author, section=CALLS, label=label)


def call_nature_move(*, nature: CallNature, author: User | None, by: int) -> CallNature:
    return coded_move(entry=nature, author=author, section=CALLS, by=by)


def call_nature_retire(
    *, nature: CallNature, author: User | None, retire: bool = True
) -> CallNature:
    return coded_retire(entry=nature, author=author, section=CALLS, retire=retire)


@transaction.atomic
def desk_cutoff_set(*, scheme: Scheme, author: User | None, cutoff: time) -> DeskSettings:
    """Set the instruction cut-off: instructions received before it are for tonight's team.
    It must come before the service starts, so a time within the service hours is refused
    (the team is already out)."""
    rule = scheme_serves_at(scheme, cutoff)
    if rule is not None:
        raise ValidationError(
            {
                "cutoff": _(
                    "The cut-off %(cutoff)s falls within the service hours (%(hours)s): "
                    "choose a time before the team starts."
                )
                % {"cutoff": cutoff.strftime("%H:%M"), "hours": str(rule)}
            }
        )
    settings = DeskSettings.objects.select_for_update().get(pk=desk_settings(scheme).pk)
    before = settings.instruction_cutoff
    if before != cutoff:
        settings.instruction_cutoff = cutoff
        settings.full_clean()
        settings.save(update_fields=["instruction_cutoff"])
        setting_change_record(
            scheme=scheme,
            author=author,
            section=CALLS,
            subject=str(DeskSettings._meta.get_field("instruction_cutoff").verbose_name),
            before=before.strftime("%H:%M"),
            after=cutoff.strftime("%H:%M"),
        )
    return settings


@transaction.atomic
def desk_instruction_address_set(
    *, scheme: Scheme, author: User | None, address: str
) -> DeskSettings:
    """Set the address landlords e-mail their instructions to (empty: none); one scheme per
    address, whatever the case."""
    address = address.strip().lower()
    settings = DeskSettings.objects.select_for_update().get(pk=desk_settings(scheme).pk)
    before = settings.instruction_address
    if before != address:
        taken = (
            DeskSettings.objects.filter(instruction_address__iexact=address)
            .exclude(pk=settings.pk)
            .exists()
        )
        if address and taken:
            raise ValidationError(
                {"instruction_address": _("Another scheme already receives this address.")}
            )
        settings.instruction_address = address
        settings.full_clean()
        settings.save(update_fields=["instruction_address"])
        setting_change_record(
            scheme=scheme,
            author=author,
            section=CALLS,
            subject=str(DeskSettings._meta.get_field("instruction_address").verbose_name),
            before=before,
            after=address,
        )
    return settings
