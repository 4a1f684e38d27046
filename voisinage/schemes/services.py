"""Every write on schemes goes through here (keyword-only, typed, one transaction)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from voisinage.accounts.models import Invitation, Membership
from voisinage.accounts.services.people import invitation_create, membership_end
from voisinage.core.extensions import SCHEME_SETUP
from voisinage.lib import clock
from voisinage.schemes.changes import setting_change_record
from voisinage.schemes.models import (
    Activity,
    Capability,
    OperatorContract,
    Scheme,
    SchemeMember,
    ServiceHoursRule,
)
from voisinage.schemes.presets import PRESETS
from voisinage.schemes.referential import coded_add, coded_move, coded_rename, coded_retire
from voisinage.schemes.templatetags.voisinage import euros

if TYPE_CHECKING:
    from voisinage.accounts.models import User

ACTIVITIES = "activites"
SHEET = "fiche"
HOURS = "horaires"
CONTRACT = "contrat"
MEMBERS = "membres"


@transaction.atomic
def scheme_capabilities_set(*, scheme: Scheme, capabilities: Iterable[str]) -> Scheme:
    """Say which optional parts the scheme uses (``Capability`` values, in any order; unknown
    ones are refused and nothing changes). Returns the scheme, saved."""
    wanted = set(capabilities)
    unknown = wanted - set(Capability.values)
    if unknown:
        raise ValidationError(
            {
                "capabilities": _("Unknown capability: %(names)s.")
                % {"names": ", ".join(sorted(unknown))}
            }
        )
    locked = Scheme.objects.select_for_update().get(pk=scheme.pk)
    locked.capabilities = [c for c in Capability.values if c in wanted]
    locked.full_clean()
    locked.save(update_fields=["capabilities"])
    scheme.capabilities = locked.capabilities
    return locked


@transaction.atomic
def scheme_defaults_ensure(*, scheme: Scheme) -> None:
    """Give a scheme what each app gives a new scheme by default (the ``setup.py`` extension
    point: the logbook's French code lists…). Idempotent."""
    for scheme_defaults in SCHEME_SETUP.values():
        scheme_defaults(scheme=scheme)


@transaction.atomic
def activity_referential_apply_preset(*, scheme: Scheme, preset: str) -> list[Activity]:
    """Add the preset's activities that the scheme lacks (by code); existing ones are kept,
    retired ones stay retired. Idempotent."""
    if preset not in PRESETS:
        raise ValidationError(_("Unknown activity preset."))
    existing = set(Activity.objects.filter(scheme=scheme).values_list("code", flat=True))
    created = []
    for position, (code, label) in enumerate(PRESETS[preset], start=1):
        if code in existing:
            continue
        activity = Activity(scheme=scheme, code=code, label=label, position=position)
        activity.full_clean()
        activity.save()
        created.append(activity)
    return created


@transaction.atomic
def activity_create(
    *, scheme: Scheme, code: str, label: str, description: str = "", position: int | None = None
) -> Activity:
    if position is None:
        position = Activity.objects.filter(scheme=scheme).count() + 1
    activity = Activity(
        scheme=scheme, code=code, label=label, description=description, position=position
    )
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_retire(*, activity: Activity, at: datetime | None = None) -> Activity:
    """Retire an activity: it stays in history and statistics but is no longer offered."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.retired_at is None:
        activity.retired_at = at or clock.now()
        activity.save(update_fields=["retired_at"])
    return activity


@transaction.atomic
def activity_restore(*, activity: Activity) -> Activity:
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.retired_at is not None:
        activity.retired_at = None
        activity.save(update_fields=["retired_at"])
    return activity


# --- The settings area's writes ---------------------------------------------------------------

SHEET_FIELDS = (
    "name",
    "description",
    "public_phone",
    "starts_on",
    "ends_on",
    "time_zone",
    "holidays_included",
)


@transaction.atomic
def scheme_sheet_update(
    *,
    scheme: Scheme,
    author: User | None,
    name: str,
    description: str,
    public_phone: str,
    starts_on: date,
    ends_on: date | None,
    time_zone: str,
    holidays_included: bool,
) -> Scheme:
    """Change the scheme's sheet; each field that changed gets a line in the change log."""
    locked = Scheme.objects.select_for_update().get(pk=scheme.pk)
    before = {f: getattr(locked, f) for f in SHEET_FIELDS}
    locked.name = name.strip()
    locked.description = description.strip()
    locked.public_phone = public_phone.strip()
    locked.starts_on = starts_on
    locked.ends_on = ends_on
    locked.time_zone = time_zone.strip()
    locked.holidays_included = holidays_included
    locked.full_clean()
    changed = [f for f in SHEET_FIELDS if getattr(locked, f) != before[f]]
    if changed:
        locked.save(update_fields=changed)
    for field in changed:
        setting_change_record(
            scheme=locked,
            author=author,
            section=SHEET,
            subject=str(getattr(Scheme._meta.get_field(field), "verbose_name", field)),
            before=before[field],
            after=getattr(locked, field),
        )
    return locked


def _week_windows(rule: ServiceHoursRule) -> list[tuple[int, int]]:
    """The rule's shifts as minute intervals on a week (Monday 00:00 = 0); a shift across
    midnight runs into the next day (and Sunday's into Monday, wrapped)."""
    start = rule.starts_at.hour * 60 + rule.starts_at.minute
    end = rule.ends_at.hour * 60 + rule.ends_at.minute
    if end <= start:
        end += 24 * 60
    week = 7 * 24 * 60
    windows = []
    for day in {int(d) for d in rule.weekdays}:
        a, b = day * 24 * 60 + start, day * 24 * 60 + end
        windows.append((a, min(b, week)))
        if b > week:
            windows.append((0, b - week))
    return windows


def _days_of_year(rule: ServiceHoursRule) -> set[int]:
    """The rule's season as days of a leap year (1 January = 0)."""
    first = date(2024, rule.start_month, rule.start_day).timetuple().tm_yday - 1
    last = date(2024, rule.end_month, rule.end_day).timetuple().tm_yday - 1
    if first <= last:
        return set(range(first, last + 1))
    return set(range(first, 366)) | set(range(0, last + 1))


def hours_rules_overlap(a: ServiceHoursRule, b: ServiceHoursRule) -> bool:
    """Whether two rules give shifts at the same moment of a same season."""
    if not _days_of_year(a) & _days_of_year(b):
        return False
    return any(x0 < y1 and y0 < x1 for x0, x1 in _week_windows(a) for y0, y1 in _week_windows(b))


@transaction.atomic
def service_hours_rule_add(
    *,
    scheme: Scheme,
    author: User | None,
    start_month: int,
    start_day: int,
    end_month: int,
    end_day: int,
    weekdays: str,
    starts_at: time,
    ends_at: time,
) -> ServiceHoursRule:
    """Add a season of service hours; refused when it overlaps one the scheme has."""
    Scheme.objects.select_for_update().get(pk=scheme.pk)
    existing = list(ServiceHoursRule.objects.filter(scheme=scheme))
    rule = ServiceHoursRule(
        scheme=scheme,
        position=max((r.position for r in existing), default=0) + 1,
        start_month=start_month,
        start_day=start_day,
        end_month=end_month,
        end_day=end_day,
        weekdays=weekdays,
        starts_at=starts_at,
        ends_at=ends_at,
    )
    rule.full_clean()
    try:
        date(2024, start_month, start_day)
        date(2024, end_month, end_day)
    except ValueError as exc:
        raise ValidationError(_("This day does not exist in that month.")) from exc
    clash = next((r for r in existing if hours_rules_overlap(rule, r)), None)
    if clash is not None:
        raise ValidationError(_("These hours overlap the hours %(other)s.") % {"other": str(clash)})
    rule.save()
    setting_change_record(
        scheme=scheme,
        author=author,
        section=HOURS,
        subject=str(rule),
        before="",
        after=_hours_text(rule),
    )
    return rule


def _hours_text(rule: ServiceHoursRule) -> str:
    return f"{rule} ({rule.weekdays})"


@transaction.atomic
def service_hours_rule_remove(*, rule: ServiceHoursRule, author: User | None) -> None:
    """Remove a season of hours: the nights already recorded keep their dates."""
    locked = ServiceHoursRule.objects.select_for_update().get(pk=rule.pk)
    setting_change_record(
        scheme=locked.scheme,
        author=author,
        section=HOURS,
        subject=str(locked),
        before=_hours_text(locked),
        after="",
    )
    locked.delete()


def activity_add(*, scheme: Scheme, author: User | None, code: str, label: str) -> Activity:
    return coded_add(
        model=Activity, scheme=scheme, author=author, section=ACTIVITIES, code=code, label=label
    )


def activity_rename(*, activity: Activity, author: User | None, label: str) -> Activity:
    return coded_rename(entry=activity, author=author, section=ACTIVITIES, label=label)


def activity_move(*, activity: Activity, author: User | None, by: int) -> Activity:
    return coded_move(entry=activity, author=author, section=ACTIVITIES, by=by)


def activity_retire_by(*, activity: Activity, author: User | None, retire: bool = True) -> Activity:
    """Retire (or bring back) an activity from the settings area, with its change-log line."""
    return coded_retire(entry=activity, author=author, section=ACTIVITIES, retire=retire)


@transaction.atomic
def activity_preset_apply(*, scheme: Scheme, author: User | None, preset: str) -> list[Activity]:
    """Add a preset's missing activities, logged."""
    created = activity_referential_apply_preset(scheme=scheme, preset=preset)
    for activity in created:
        setting_change_record(
            scheme=scheme,
            author=author,
            section=ACTIVITIES,
            subject=activity.code,
            before="",
            after=activity.label,
        )
    return created


# --- People: invitations and the end of a membership, logged ---------------------------------

PEOPLE = "personnes"


@transaction.atomic
def person_invite(
    *,
    scheme: Scheme,
    inviter: User,
    email: str,
    organisation_id: int,
    role_code: str,
    perimeter: str,
    neighbourhood_ids: Iterable[int] = (),
) -> Invitation:
    """Invite a person (``accounts``' rules: never wider than the inviter) to an organisation
    that is a member of the scheme; logged."""
    if not scheme.members.filter(organisation_id=organisation_id).exists():
        raise ValidationError(
            {"organisation": _("This organisation is not a member of the scheme.")}
        )
    nids = list(neighbourhood_ids)
    if scheme.neighbourhoods.filter(pk__in=nids).count() != len(set(nids)):
        raise ValidationError({"neighbourhoods": _("This neighbourhood is not in the scheme.")})
    invitation = invitation_create(
        inviter=inviter,
        scheme_id=scheme.pk,
        email=email,
        organisation_id=organisation_id,
        role_code=role_code,
        perimeter=perimeter,
        neighbourhood_ids=nids,
    )
    setting_change_record(
        scheme=scheme,
        author=inviter,
        section=PEOPLE,
        subject=invitation.email,
        before="",
        after=f"{invitation.role.label} — {invitation.organisation} — "
        f"{invitation.get_perimeter_display()}",
    )
    return invitation


@transaction.atomic
def person_membership_end(
    *, scheme: Scheme, author: User, membership: Membership, last_day: date
) -> Membership:
    """End a membership of the scheme from a date (``accounts.membership_end``); logged."""
    if membership.scheme_id != scheme.pk:
        raise ValidationError(_("This membership is not in the scheme."))
    before = membership.ends_on
    ended = membership_end(membership=membership, last_day=last_day)
    setting_change_record(
        scheme=scheme,
        author=author,
        section=PEOPLE,
        subject=f"{ended.user} — {ended.role.label}",
        before=before.strftime("%d/%m/%Y") if before else "",
        after=last_day.strftime("%d/%m/%Y"),
    )
    return ended


# --- The new-scheme wizard ----------------------------------------------------------------------

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


@transaction.atomic
def scheme_member_add(
    *, scheme: Scheme, author: User | None, organisation_id: int, role: str
) -> SchemeMember:
    """Make an organisation a member of the scheme in a role (idempotent); logged."""
    member, created = SchemeMember.objects.get_or_create(
        scheme=scheme, organisation_id=organisation_id, role=role
    )
    if created:
        member.full_clean()
        setting_change_record(
            scheme=scheme,
            author=author,
            section=MEMBERS,
            subject=str(member.organisation),
            before="",
            after=member.get_role_display(),
        )
    return member


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
) -> OperatorContract:
    """Record the operator's contract (idempotent by operator and start); logged."""
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
        reference=reference,
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
