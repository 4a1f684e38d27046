"""Every write of the privacy app: the retention rules (settings area, change-logged) and the
anonymisation of what has passed its period (the scheduler's daily job); people's requests
are in ``privacy.rights``, re-exported here."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from voisinage.core.extensions import PERSONAL_DATA
from voisinage.core.personal_data import DataKind
from voisinage.lib import clock
from voisinage.lib.money import add_months
from voisinage.privacy.models import (
    DEFAULT_MONTHS,
    MAXIMUM_MONTHS,
    MINIMUM_MONTHS,
    AnonymisationRun,
    RetentionRule,
)
from voisinage.privacy.rights import (
    subject_erase,
    subject_rectify,
    subject_request_answer,
    subject_request_record,
)
from voisinage.privacy.selectors import retention_months
from voisinage.schemes.changes import setting_change_record

if TYPE_CHECKING:
    from voisinage.accounts.models import User
    from voisinage.schemes.models import Scheme

__all__ = [
    "months_before",
    "personal_data_anonymise",
    "retention_rules_set",
    "subject_erase",
    "subject_rectify",
    "subject_request_answer",
    "subject_request_record",
]

RETENTION = "donnees-personnelles"  # the settings area's section


def months_before(moment: datetime, months: int) -> datetime:
    """The same moment ``months`` earlier (clamped to the month's last day)."""
    day = add_months(moment.date(), -months)
    return moment.replace(year=day.year, month=day.month, day=day.day)


def _check_months(kind: str, months: int) -> None:
    if kind not in DataKind.values:
        raise ValidationError({"kind": _("Unknown kind of personal data.")})
    minimum = MINIMUM_MONTHS.get(kind, 1)
    if months < minimum:
        label = DataKind(kind).label
        raise ValidationError(
            {
                kind: _(
                    "%(kind)s must be kept at least %(minimum)s months (the legal minimum): "
                    "%(months)s is too short."
                )
                % {"kind": label, "minimum": minimum, "months": months}
            }
        )
    if months > MAXIMUM_MONTHS:
        raise ValidationError(
            {
                kind: _("Personal data may not be kept more than %(maximum)s months.")
                % {"maximum": MAXIMUM_MONTHS}
            }
        )


@transaction.atomic
def retention_rules_set(
    *, scheme: Scheme, author: User | None, months: dict[str, int]
) -> dict[str, int]:
    """Set the periods of some kinds of data (all or nothing: one refused, none changed); each
    change is logged in the settings' change log. Returns the scheme's rules after the change."""
    errors: dict[str, list[str]] = {}
    for kind, value in months.items():
        try:
            _check_months(kind, value)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    current = retention_months(scheme)
    for kind, value in months.items():
        if current[kind] == value:
            continue
        RetentionRule.objects.update_or_create(scheme=scheme, kind=kind, defaults={"months": value})
        setting_change_record(
            scheme=scheme,
            author=author,
            section=RETENTION,
            subject=str(DataKind(kind).label),
            before=_("%(months)s months") % {"months": current[kind]},
            after=_("%(months)s months") % {"months": value},
        )
    return retention_months(scheme)


def personal_data_anonymise(*, scheme: Scheme, now: datetime | None = None) -> AnonymisationRun:
    """Anonymise what has passed its period, kind by kind, through each app's holders (the
    ``personal_data`` extension point), in one transaction; the run is appended to the history
    with what each kind changed. Counts and codes stay, so past figures do not move."""
    now = now or clock.now()
    periods = retention_months(scheme)
    counts: dict[str, int] = dict.fromkeys(DEFAULT_MONTHS, 0)
    with transaction.atomic():
        for holders in PERSONAL_DATA.values():
            for holder in holders():
                before = months_before(now, periods[holder.kind])
                counts[holder.kind] += holder.anonymise(scheme, before)
        return AnonymisationRun.objects.create(scheme=scheme, at=now, counts=counts)
