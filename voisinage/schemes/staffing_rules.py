"""The staffing rules' writes of the settings area: how many people of each position a night
needs, on which weekdays, with a priority, and — for reduced periods — the date ranges or ISO
weeks the rule is limited to. The highest priority matching rule wins (``lib.staffing``).

A rule is checked whole (``StaffingRule.clean``: date ranges and weeks that parse) before
anything is written; every change goes to the scheme's change log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from voisinage.schemes.changes import setting_change_record
from voisinage.schemes.models import WEEKDAY_LABELS, StaffingRule, StaffPosition

if TYPE_CHECKING:
    from voisinage.accounts.models import User
    from voisinage.schemes.models import Scheme

STAFFING = "effectifs"
RULE_FIELDS = (
    "label",
    "position",
    "headcount",
    "weekdays",
    "priority",
    "date_ranges",
    "iso_weeks",
)


def staffing_rule_text(rule: StaffingRule) -> str:
    """The rule as the change log shows it, e.g. « 3 × Agent de terrain, lundi, mardi ;
    priorité 10 ; 25/07-31/07 »."""
    days = ", ".join(str(WEEKDAY_LABELS[int(d)]) for d in sorted(rule.weekdays))
    text = f"{rule.headcount} × {StaffPosition(rule.position).label}, {days}"
    text += f" ; {_('priority')} {rule.priority}"
    if rule.date_ranges:
        text += f" ; {rule.date_ranges}"
    if rule.iso_weeks:
        text += f" ; {_('weeks')} {rule.iso_weeks}"
    return text


def _normalised(values: dict[str, Any]) -> dict[str, Any]:
    values = dict(values)
    for name in ("label", "date_ranges", "iso_weeks"):
        values[name] = str(values.get(name) or "").strip()
    values["weekdays"] = "".join(sorted(str(values.get("weekdays") or "")))
    if not values["label"]:
        raise ValidationError({"label": _("Give the rule a label.")})
    return values


def _checked(rule: StaffingRule) -> None:
    try:
        rule.full_clean(exclude=["scheme"])
    except ValidationError as exc:
        # Only this rule's own fields matter here; a field-level message explains each.
        raise ValidationError(exc.message_dict) from exc


@transaction.atomic
def staffing_rule_add(
    *,
    scheme: Scheme,
    author: User | None,
    label: str,
    position: str,
    headcount: int,
    weekdays: str,
    priority: int = 0,
    date_ranges: str = "",
    iso_weeks: str = "",
) -> StaffingRule:
    values = _normalised(
        {
            "label": label,
            "position": position,
            "headcount": headcount,
            "weekdays": weekdays,
            "priority": priority,
            "date_ranges": date_ranges,
            "iso_weeks": iso_weeks,
        }
    )
    rule = StaffingRule(scheme=scheme, **values)
    _checked(rule)
    rule.save()
    setting_change_record(
        scheme=scheme,
        author=author,
        section=STAFFING,
        subject=rule.label,
        before="",
        after=staffing_rule_text(rule),
    )
    return rule


@transaction.atomic
def staffing_rule_update(
    *, rule: StaffingRule, author: User | None, **changes: Any
) -> StaffingRule:
    """Change some of a rule's fields (``RULE_FIELDS``); the others stay."""
    unknown = set(changes) - set(RULE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown field(s): %(names)s") % {"names": ", ".join(unknown)})
    locked = StaffingRule.objects.select_for_update().get(pk=rule.pk)
    before = staffing_rule_text(locked)
    before_label = locked.label
    values = _normalised({**{f: getattr(locked, f) for f in RULE_FIELDS}, **changes})
    for name, value in values.items():
        setattr(locked, name, value)
    _checked(locked)
    after = staffing_rule_text(locked)
    if after == before and locked.label == before_label:
        return locked
    locked.save()
    setting_change_record(
        scheme=locked.scheme,
        author=author,
        section=STAFFING,
        subject=locked.label,
        before=before if locked.label == before_label else f"{before_label} : {before}",
        after=after,
    )
    return locked


@transaction.atomic
def staffing_rule_remove(*, rule: StaffingRule, author: User | None) -> None:
    """Remove a rule: the nights already staffed keep who was on duty; only the levels the rota
    compares against change."""
    locked = StaffingRule.objects.select_for_update().get(pk=rule.pk)
    setting_change_record(
        scheme=locked.scheme,
        author=author,
        section=STAFFING,
        subject=locked.label,
        before=staffing_rule_text(locked),
        after="",
    )
    locked.delete()
