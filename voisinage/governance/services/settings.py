"""The governance writes of the settings area: the scheme's bodies (add, edit, retire, bring
back — a retired body keeps its meetings) and the operator's yearly attendance quotas (add,
change, retire). A quota's change never rewrites past years: the minimum before the change is
kept for the years it applied to, a new quota counts from its year, a retired one until the
year before (``governance.compliance`` reads them per year)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from voisinage.governance.models import AttendanceQuota, AttendanceQuotaPast, Body
from voisinage.lib import clock
from voisinage.schemes.changes import setting_change_record

if TYPE_CHECKING:
    from voisinage.accounts.models import User
    from voisinage.schemes.models import Scheme
    from voisinage.territory.models import Organisation

BODIES = "instances"
QUOTAS = "quotas"
BODY_FIELDS = (
    "name",
    "kind",
    "description",
    "frequency",
    "months",
    "frequency_note",
    "default_duration_minutes",
    "minutes_expected",
    "documents_expected",
    "deck_required",
    "deck_lead_days",
    "deck_reminder_days",
)


def _body_text(body: Body) -> str:
    text = f"{body.get_kind_display()} ; {body.frequency_display}"
    return text + ("" if body.is_active else f" ({_('retired')})")


def _body_checked(body: Body) -> None:
    body.name = body.name.strip()
    body.months = body.months.strip()
    if not body.name:
        raise ValidationError({"name": _("Give the body a name.")})
    clash = Body.objects.filter(scheme_id=body.scheme_id, name__iexact=body.name)
    if clash.exclude(pk=body.pk).exists():
        raise ValidationError(
            {"name": _("The scheme already has a body named “%(name)s”.") % {"name": body.name}}
        )
    body.full_clean(exclude=["scheme", "usual_invitees"], validate_constraints=False)


def _invitees_checked(
    scheme: Scheme, invitees: Iterable[Organisation], *, kept: Iterable[Organisation] = ()
) -> list[Organisation]:
    """The usual invitees of a body: the scheme's operator or its members in force; an
    organisation the body already invites stays allowed after its membership ended (``kept``)."""
    from voisinage.schemes.models import SchemeMember

    chosen = list(dict.fromkeys(invitees))
    allowed = set(
        SchemeMember.objects.in_force()
        .filter(scheme=scheme)
        .values_list("organisation_id", flat=True)
    )
    allowed |= {scheme.operator_id, *(o.pk for o in kept)}
    if any(o.pk not in allowed for o in chosen):
        raise ValidationError(
            {"usual_invitees": _("Invite the scheme's operator or its member organisations.")}
        )
    return sorted(chosen, key=lambda o: o.name)


def _invitees_text(invitees: Iterable[Organisation]) -> str:
    return _("usual invitees: %(names)s") % {"names": ", ".join(o.name for o in invitees) or "—"}


@transaction.atomic
def body_add(
    *,
    scheme: Scheme,
    author: User | None,
    invitees: Iterable[Organisation] = (),
    **values: Any,
) -> Body:
    """Add a body at the end of the scheme's list (``BODY_FIELDS``), with the organisations
    usually invited to its meetings."""
    unknown = set(values) - set(BODY_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown field(s): %(names)s") % {"names": ", ".join(unknown)})
    last = max(Body.objects.filter(scheme=scheme).values_list("position", flat=True), default=0)
    body = Body(scheme=scheme, position=last + 1, **values)
    _body_checked(body)
    invited = _invitees_checked(scheme, invitees)
    body.save()
    body.usual_invitees.set(invited)
    after = _body_text(body)
    setting_change_record(
        scheme=scheme,
        author=author,
        section=BODIES,
        subject=body.name,
        before="",
        after=f"{after} ; {_invitees_text(invited)}" if invited else after,
    )
    return body


@transaction.atomic
def body_update(
    *,
    body: Body,
    author: User | None,
    invitees: Iterable[Organisation] | None = None,
    **changes: Any,
) -> Body:
    """Change some of a body's fields (and its usual invitees when given); its past meetings
    stay as they were."""
    unknown = set(changes) - set(BODY_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown field(s): %(names)s") % {"names": ", ".join(unknown)})
    locked = Body.objects.select_for_update().get(pk=body.pk)
    before_name, before = locked.name, _body_text(locked)
    for name, value in changes.items():
        setattr(locked, name, value)
    _body_checked(locked)
    locked.save()
    after = _body_text(locked)
    if invitees is not None:
        was = sorted(locked.usual_invitees.all(), key=lambda o: o.name)
        invited = _invitees_checked(locked.scheme, invitees, kept=was)
        if [o.pk for o in was] != [o.pk for o in invited]:
            locked.usual_invitees.set(invited)
            before = f"{before} ; {_invitees_text(was)}"
            after = f"{after} ; {_invitees_text(invited)}"
    if (before_name, before) != (locked.name, after):
        setting_change_record(
            scheme=locked.scheme,
            author=author,
            section=BODIES,
            subject=locked.name,
            before=before if before_name == locked.name else f"{before_name} : {before}",
            after=after,
        )
    return locked


@transaction.atomic
def body_retire(*, body: Body, author: User | None, retire: bool = True) -> Body:
    """Retire a body (no new meeting; its meetings, minutes and quotas' past stay) or bring it
    back."""
    locked = Body.objects.select_for_update().get(pk=body.pk)
    if locked.is_active != retire:
        return locked
    before = _body_text(locked)
    locked.is_active = not retire
    locked.save(update_fields=["is_active"])
    setting_change_record(
        scheme=locked.scheme,
        author=author,
        section=BODIES,
        subject=locked.name,
        before=before,
        after=_body_text(locked),
    )
    return locked


def _year(scheme: Scheme) -> int:
    return clock.local_today(scheme.time_zone).year


def _minimum(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError({"minimum_per_year": _("Give a whole number of meetings.")})
    if value < 0:
        raise ValidationError({"minimum_per_year": _("A quota cannot be below zero.")})
    if value == 0:
        raise ValidationError(
            {"minimum_per_year": _("A quota is at least one meeting a year; retire it instead.")}
        )
    return value


def _quota_text(quota: AttendanceQuota, bodies: Iterable[Body]) -> str:
    names = ", ".join(b.name for b in bodies)
    return _("%(n)s a year (%(bodies)s)") % {"n": quota.minimum_per_year, "bodies": names}


def _quota_label(scheme: Scheme, label: str, *, exclude: int | None = None) -> str:
    label = label.strip()
    if not label:
        raise ValidationError({"label": _("Give the quota a label.")})
    clash = AttendanceQuota.objects.filter(scheme=scheme, label__iexact=label)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError(
            {"label": _("The scheme already has a quota named “%(label)s”.") % {"label": label}}
        )
    return label


def _quota_bodies(scheme: Scheme, bodies: Iterable[Body]) -> list[Body]:
    chosen = sorted(set(bodies), key=lambda b: (b.position, b.name))
    if not chosen:
        raise ValidationError({"bodies": _("Choose the bodies whose meetings count.")})
    if any(b.scheme_id != scheme.pk for b in chosen):
        raise ValidationError({"bodies": _("Choose bodies of this scheme.")})
    return chosen


@transaction.atomic
def attendance_quota_add(
    *,
    scheme: Scheme,
    author: User | None,
    label: str,
    minimum_per_year: int,
    bodies: Iterable[Body],
    counts_from: int | None = None,
) -> AttendanceQuota:
    """Add a yearly quota of meetings the operator attends, over some of the scheme's bodies;
    it counts from this year on (past years' compliance stays as it was), or from
    ``counts_from`` when a scheme is set up with the quotas its contract had from the start."""
    chosen = _quota_bodies(scheme, bodies)
    year = _year(scheme) if counts_from is None else counts_from
    if counts_from is not None and not scheme.starts_on.year <= counts_from <= _year(scheme):
        raise ValidationError(
            {"counts_from": _("A quota counts from a year between the scheme's start and now.")}
        )
    last = max(
        AttendanceQuota.objects.filter(scheme=scheme).values_list("position", flat=True), default=0
    )
    quota = AttendanceQuota.objects.create(
        scheme=scheme,
        label=_quota_label(scheme, label),
        minimum_per_year=_minimum(minimum_per_year),
        position=last + 1,
        from_year=year,
    )
    quota.bodies.set(chosen)
    setting_change_record(
        scheme=scheme,
        author=author,
        section=QUOTAS,
        subject=quota.label,
        before="",
        after=_quota_text(quota, chosen),
    )
    return quota


@transaction.atomic
def attendance_quota_update(
    *,
    quota: AttendanceQuota,
    author: User | None,
    label: str | None = None,
    minimum_per_year: int | None = None,
) -> AttendanceQuota:
    """Rename a quota or change its minimum from this year on: the minimum it had is kept for
    the years before, so their compliance does not change."""
    locked = AttendanceQuota.objects.select_for_update().get(pk=quota.pk)
    bodies = list(locked.bodies.order_by("position", "name"))
    before_label, before = locked.label, _quota_text(locked, bodies)
    if label is not None:
        locked.label = _quota_label(locked.scheme, label, exclude=locked.pk)
    if minimum_per_year is not None:
        minimum = _minimum(minimum_per_year)
        if minimum != locked.minimum_per_year:
            year = _year(locked.scheme)
            if locked.from_year is None or locked.from_year < year:
                AttendanceQuotaPast.objects.get_or_create(
                    quota=locked,
                    until_year=year - 1,
                    defaults={"minimum_per_year": locked.minimum_per_year},
                )
            locked.minimum_per_year = minimum
    after = _quota_text(locked, bodies)
    if (before_label, before) == (locked.label, after):
        return locked
    locked.save(update_fields=["label", "minimum_per_year"])
    setting_change_record(
        scheme=locked.scheme,
        author=author,
        section=QUOTAS,
        subject=locked.label,
        before=before if before_label == locked.label else f"{before_label} : {before}",
        after=after,
    )
    return locked


@transaction.atomic
def attendance_quota_retire(*, quota: AttendanceQuota, author: User | None) -> AttendanceQuota:
    """Stop a quota from this year on; past years keep it."""
    locked = AttendanceQuota.objects.select_for_update().get(pk=quota.pk)
    if locked.until_year is not None:
        return locked
    year = _year(locked.scheme)
    if locked.from_year is not None and locked.from_year >= year:
        # Added this year: it never applied to a finished year, so it simply stops now.
        locked.from_year = year
    locked.until_year = year - 1
    locked.save(update_fields=["from_year", "until_year"])
    setting_change_record(
        scheme=locked.scheme,
        author=author,
        section=QUOTAS,
        subject=locked.label,
        before=_quota_text(locked, locked.bodies.all()),
        after=_("retired"),
    )
    return locked
