"""Members of the scheme and the operator's contract."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from voisinage.accounts.services.people import memberships_end_for_organisation
from voisinage.lib import clock
from voisinage.schemes.changes import setting_change_record
from voisinage.schemes.models import (
    MemberRole,
    OperatorContract,
    Scheme,
    SchemeMember,
)
from voisinage.schemes.templatetags.voisinage import euros

if TYPE_CHECKING:
    from voisinage.accounts.models import User
from voisinage.schemes.services.keys import CONTRACT, MEMBERS


@transaction.atomic
def scheme_member_add(
    *, scheme: Scheme, author: User | None, organisation_id: int, role: str
) -> SchemeMember:
    """Make an organisation a member of the scheme in a role (idempotent: a member in force
    is returned, one whose end is planned stays on); logged. An organisation that left comes
    back from today, its past membership kept as it was."""
    today = clock.today()
    Scheme.objects.select_for_update().get(pk=scheme.pk)
    rows = SchemeMember.objects.filter(scheme=scheme, organisation_id=organisation_id, role=role)
    member = rows.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today)).first()
    if member is not None:
        if member.ends_on is not None:
            before = _until(member)
            member.ends_on = None
            member.save(update_fields=["ends_on"])
            setting_change_record(
                scheme=scheme,
                author=author,
                section=MEMBERS,
                subject=str(member.organisation),
                before=before,
                after=member.get_role_display(),
            )
        return member
    member = SchemeMember(
        scheme=scheme,
        organisation_id=organisation_id,
        role=role,
        starts_on=today if rows.exists() else None,
    )
    member.full_clean()
    member.save()
    setting_change_record(
        scheme=scheme,
        author=author,
        section=MEMBERS,
        subject=str(member.organisation),
        before="",
        after=member.get_role_display(),
    )
    return member


def _until(member: SchemeMember) -> str:
    if member.ends_on is None:
        return str(member.get_role_display())
    return _("%(role)s until %(day)s") % {
        "role": member.get_role_display(),
        "day": member.ends_on.strftime("%d/%m/%Y"),
    }


@transaction.atomic
def scheme_member_end(*, member: SchemeMember, author: User | None, last_day: date) -> SchemeMember:
    """An organisation leaves the scheme in a role from a date: ``last_day`` is its last day
    (today or later — the past is not rewritten). When it keeps no other role in the scheme
    after that day, its people's memberships of the scheme end the same day. Refused: the
    scheme's operator, its last coordinator, or leaving the scheme without a manager."""
    locked = (
        SchemeMember.objects.select_for_update().select_related("organisation").get(pk=member.pk)
    )
    scheme = locked.scheme
    today = clock.today()
    if last_day < today:
        raise ValidationError(
            {"last_day": _("A member leaves today or later: the past is not rewritten.")}
        )
    if locked.ends_on is not None and locked.ends_on < today:
        raise ValidationError(_("This organisation has already left the scheme."))
    if locked.starts_on and last_day < locked.starts_on:
        raise ValidationError({"last_day": _("The last day cannot be before the first.")})
    if locked.role == MemberRole.OPERATOR:
        raise ValidationError(_("The scheme's operator cannot leave it."))
    day_after = last_day + timedelta(days=1)
    others = SchemeMember.objects.in_force(day_after).filter(scheme=scheme).exclude(pk=locked.pk)
    if (
        locked.role == MemberRole.COORDINATOR
        and not others.filter(role=MemberRole.COORDINATOR).exists()
    ):
        raise ValidationError(
            _("This is the scheme's last coordinator: add another coordinator first.")
        )
    before = _until(locked)
    locked.ends_on = last_day
    locked.full_clean()
    locked.save(update_fields=["ends_on"])
    ended = []
    if not others.filter(organisation_id=locked.organisation_id).exists():
        ended = memberships_end_for_organisation(
            scheme_id=scheme.pk, organisation_id=locked.organisation_id, last_day=last_day
        )
    after = _until(locked)
    if ended:
        after += " — " + ngettext(
            "%(count)d person's access ends that day",
            "%(count)d people's access ends that day",
            len(ended),
        ) % {"count": len(ended)}
    setting_change_record(
        scheme=scheme,
        author=author,
        section=MEMBERS,
        subject=str(locked.organisation),
        before=before,
        after=after,
    )
    return locked


@transaction.atomic
def operator_contract_add(
    *,
    scheme: Scheme,
    author: User | None,
    operator_id: int,
    starts_on: date,
    annual_amount_cents: int,
    initial_term_months: int = 12,
    renewals: int = 0,
    reference: str = "",
    renewal_term_months: int = 12,
    notified_on: date | None = None,
    ceiling_cents: int | None = None,
    weekly_hours: Decimal | None = None,
    supervision_days_per_week: Decimal | None = None,
) -> OperatorContract:
    """Record the operator's contract (idempotent by operator and start); logged. A framework
    contract (a purchasing group's, with purchase orders) has a ``ceiling_cents``; the means it
    provides for may be written too: the average working week, the supervision time."""
    found = OperatorContract.objects.filter(
        scheme=scheme, operator_id=operator_id, starts_on=starts_on
    ).first()
    if found is not None:
        return found
    contract = OperatorContract(
        scheme=scheme,
        operator_id=operator_id,
        starts_on=starts_on,
        annual_amount_cents=annual_amount_cents,
        initial_term_months=initial_term_months,
        renewals=renewals,
        renewal_term_months=renewal_term_months,
        notified_on=notified_on,
        reference=reference,
        ceiling_cents=ceiling_cents,
        weekly_hours=weekly_hours,
        supervision_days_per_week=supervision_days_per_week,
    )
    contract.full_clean()
    contract.save()
    setting_change_record(
        scheme=scheme,
        author=author,
        section=CONTRACT,
        subject=str(contract),
        before="",
        after=euros(annual_amount_cents),
    )
    return contract
