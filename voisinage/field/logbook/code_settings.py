"""The field codes' writes of the settings area: the scheme's three coded lists of the logbook
(material situations, behavioural situations, actions taken — an action may carry the number
of the emergency service it alerts), through the shared coded-list implementation. Results and
climate levels are fixed scales, not settings (docs/setup.md)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from voisinage.field.logbook.models import CodeKind, FieldCode
from voisinage.schemes.changes import setting_change_record
from voisinage.schemes.referential import coded_add, coded_move, coded_rename, coded_retire

if TYPE_CHECKING:
    from voisinage.accounts.models import User
    from voisinage.schemes.models import Scheme

# The settings area's section of each list (its URL segment and its change-log section).
SECTIONS: dict[str, str] = {
    CodeKind.MATERIAL: "situations-materielles",
    CodeKind.BEHAVIOUR: "situations-comportements",
    CodeKind.ACTION: "actions",
}
SCOPE = ("kind",)
EMERGENCY_NUMBER = re.compile(r"\d{2,4}")


def _emergency_number(kind: str, number: str) -> str:
    number = number.strip()
    if number and kind != CodeKind.ACTION:
        raise ValidationError(
            {"emergency_number": _("Only an action taken carries an emergency number.")}
        )
    if number and not EMERGENCY_NUMBER.fullmatch(number):
        raise ValidationError(
            {"emergency_number": _("An emergency number is 2 to 4 digits, e.g. 17 or 112.")}
        )
    return number


def field_code_add(
    *,
    scheme: Scheme,
    author: User | None,
    kind: str,
    code: str,
    label: str,
    emergency_number: str = "",
) -> FieldCode:
    """Add a code at the end of its list. Its code must be new in the whole scheme (the API
    names codes without their list); its label new in its list."""
    if kind not in CodeKind.values:
        raise ValidationError({"kind": _("Unknown list of codes.")})
    number = _emergency_number(kind, emergency_number)
    return coded_add(
        model=FieldCode,
        scheme=scheme,
        author=author,
        section=SECTIONS[kind],
        code=code,
        label=label,
        scope=SCOPE,
        kind=kind,
        emergency_number=number,
    )


def field_code_rename(*, field_code: FieldCode, author: User | None, label: str) -> FieldCode:
    return coded_rename(
        entry=field_code, author=author, section=SECTIONS[field_code.kind], label=label, scope=SCOPE
    )


def field_code_move(*, field_code: FieldCode, author: User | None, by: int) -> FieldCode:
    return coded_move(
        entry=field_code, author=author, section=SECTIONS[field_code.kind], by=by, scope=SCOPE
    )


def field_code_retire(
    *, field_code: FieldCode, author: User | None, retire: bool = True
) -> FieldCode:
    return coded_retire(
        entry=field_code, author=author, section=SECTIONS[field_code.kind], retire=retire
    )


@transaction.atomic
def field_code_emergency_set(
    *, field_code: FieldCode, author: User | None, emergency_number: str
) -> FieldCode:
    """Set (or, empty, clear) the emergency number an action alerts."""
    locked = FieldCode.objects.select_for_update().get(pk=field_code.pk)
    number = _emergency_number(locked.kind, emergency_number)
    if number == locked.emergency_number:
        return locked
    before = locked.emergency_number
    locked.emergency_number = number
    locked.save(update_fields=["emergency_number"])
    setting_change_record(
        scheme=locked.scheme,
        author=author,
        section=SECTIONS[locked.kind],
        subject=f"{locked.code} ({_('emergency number')})",
        before=before,
        after=number,
    )
    return locked
