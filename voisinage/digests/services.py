"""Writes of the digests app: compile, validate, dispatch, deliver (with retries), override an
ambiance level. Every write is one transaction; e-mails leave from tasks after commit."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from voisinage.accounts.access import readers
from voisinage.accounts.models import User
from voisinage.digests.ambiance import LEVELS
from voisinage.digests.compile import changes_between, compile_night, version_reading
from voisinage.digests.deadlines import deadline_for, operator_deadlines
from voisinage.digests.models import (
    AmbianceOverride,
    DeliveryStatus,
    Digest,
    DigestDelivery,
    DigestRecipient,
    DigestSettings,
    DigestVersion,
    OperatorDeadline,
    PeriodKind,
)
from voisinage.lib import clock
from voisinage.lib.dates import format_clock
from voisinage.schemes.changes import setting_change_record
from voisinage.schemes.models import MemberRole
from voisinage.schemes.selectors import scheme_service_hours

if TYPE_CHECKING:
    from voisinage.schemes.models import Scheme
    from voisinage.territory.models import Neighbourhood

MAX_RETRY_MINUTES = 60


def digest_settings(scheme: Scheme) -> DigestSettings:
    settings, _created = DigestSettings.objects.get_or_create(scheme=scheme)
    return settings


def dispatch_moment(scheme: Scheme, night: date) -> datetime:
    zone = scheme_service_hours(scheme).zone
    return datetime.combine(
        night + timedelta(days=1), digest_settings(scheme).dispatch_time, tzinfo=zone
    )


def _draft(digest: Digest) -> DigestVersion | None:
    return digest.versions.filter(sent_at__isnull=True).order_by("-number").first()


def _last_sent(digest: Digest) -> DigestVersion | None:
    return digest.versions.filter(sent_at__isnull=False).order_by("-number").first()


@transaction.atomic
def digest_compile(*, scheme: Scheme, night: date) -> DigestVersion:
    """(Re)compile the night's draft from the logbook. The draft keeps its validation when its
    lines did not change; after a dispatch, the next draft is the next version."""
    digest, _created = Digest.objects.get_or_create(scheme=scheme, night=night)
    digest = Digest.objects.select_for_update().get(pk=digest.pk)
    content = compile_night(scheme, night)
    draft = _draft(digest)
    sent = _last_sent(digest)
    changes = changes_between(sent.content, content) if sent else []
    if draft is None:
        number = (sent.number + 1) if sent else 1
        return DigestVersion.objects.create(
            digest=digest,
            number=number,
            compiled_at=clock.now(),
            content=content,
            changes=changes,
        )
    if changes_between(draft.content, content):
        draft.validated = False
        if digest.validated_at and not sent:
            digest.validated_at, digest.validated_by = None, None
            digest.save(update_fields=["validated_at", "validated_by"])
    draft.content, draft.changes, draft.compiled_at = content, changes, clock.now()
    draft.save(update_fields=["content", "changes", "compiled_at", "validated"])
    return draft


@transaction.atomic
def digest_validate(*, scheme: Scheme, night: date, user: User) -> DigestVersion:
    """The supervisor has read the draft (compiled afresh here) and validates it."""
    draft = digest_compile(scheme=scheme, night=night)
    draft.validated = True
    draft.save(update_fields=["validated"])
    digest = draft.digest
    digest.validated_at, digest.validated_by = clock.now(), user
    digest.save(update_fields=["validated_at", "validated_by"])
    return draft


def recipients(version: DigestVersion) -> list[User]:
    """Who receives a version: the readers of the digest (``accounts.access.readers``) among the
    organisations configured as recipients, with an e-mail address; from version 2 on, only
    those who read at least one of its changes (the others have nothing new to read)."""
    digest = version.digest
    orgs = DigestRecipient.objects.filter(scheme_id=digest.scheme_id, is_active=True)
    users = [
        user
        for user in readers(digest, organisations=orgs.values_list("organisation_id", flat=True))
        if user.email
    ]
    if version.number == 1:
        return users
    return [user for user in users if version_reading(version, user).changes]


@transaction.atomic
def digest_dispatch(
    *, scheme: Scheme, night: date, now: datetime | None = None, automatic: bool = False
) -> DigestVersion | None:
    """Send the night's draft to every recipient (each within their perimeter), validated or
    not. ``automatic`` (the scheduler at the dispatch time) does nothing when a version was
    already sent. Returns the version sent, or None."""
    from voisinage.digests.tasks import send_digest_deliveries

    now = now or clock.now()
    digest, _created = Digest.objects.get_or_create(scheme=scheme, night=night)
    digest = Digest.objects.select_for_update().get(pk=digest.pk)
    if automatic and digest.first_sent_at is not None:
        return None
    draft = _draft(digest)
    if draft is None or not draft.validated:
        draft = digest_compile(scheme=scheme, night=night)
    if digest.first_sent_at is not None and not draft.changes:
        raise ValidationError(_("Nothing changed since the version already sent."))
    draft.sent_at = now
    draft.save(update_fields=["sent_at"])
    if digest.first_sent_at is None:
        digest.first_sent_at = now
        digest.on_time = now <= deadline_for(scheme, night)
        digest.save(update_fields=["first_sent_at", "on_time"])
    DigestDelivery.objects.bulk_create(
        [DigestDelivery(version=draft, user=u, email=u.email) for u in recipients(draft)]
    )
    version_id, moment = draft.pk, now.isoformat()
    transaction.on_commit(lambda: send_digest_deliveries.enqueue(version_id, moment))
    return draft


def _due_deliveries(now: datetime) -> QuerySet[DigestDelivery]:
    """Deliveries to send at ``now``: never tried, or failed and due again at ``now``; or
    claimed by a worker whose claim has run out on the real clock (a claim lasts as long as a
    task may run, ``VOISINAGE_TASK_TIMEOUT``: that worker stopped mid-send)."""
    waiting = Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED]) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    abandoned = Q(status=DeliveryStatus.SENDING, next_attempt_at__lte=clock.now())
    return DigestDelivery.objects.filter(waiting | abandoned)


def deliveries_send(*, version_id: int | None = None, now: datetime | None = None) -> int:
    """Send the deliveries that are due (of one version, or all), one e-mail per person; a
    failure leaves the delivery to be retried later with a growing delay. Returns the number
    sent.

    Nothing slow runs inside a transaction: each delivery is claimed by one conditional UPDATE
    (committed at once, so a second worker skips it), then its PDF is rendered and its e-mail
    sent with no lock held, then the outcome is recorded by another short UPDATE. Recordings in
    the field and other workers never wait for a PDF or a mail server."""
    from voisinage.digests.mail import digest_message

    now = now or clock.now()
    due = _due_deliveries(now)
    if version_id is not None:
        due = due.filter(version_id=version_id)
    sent = 0
    pdfs: dict[tuple[object, ...], bytes] = {}
    for pk in list(due.order_by("pk").values_list("pk", flat=True)):
        claimed = (
            _due_deliveries(now)
            .filter(pk=pk)
            .update(
                status=DeliveryStatus.SENDING,
                attempts=F("attempts") + 1,
                next_attempt_at=clock.now() + timedelta(seconds=settings.VOISINAGE_TASK_TIMEOUT),
            )
        )
        if not claimed:  # another worker has it
            continue
        delivery = DigestDelivery.objects.select_related("version__digest__scheme", "user").get(
            pk=pk
        )
        try:
            digest_message(delivery, pdfs).send()
        except Exception as exc:  # any mail failure: retried later
            delay = min(2 ** (delivery.attempts - 1) * 5, MAX_RETRY_MINUTES)
            DigestDelivery.objects.filter(pk=pk).update(
                status=DeliveryStatus.FAILED,
                next_attempt_at=now + timedelta(minutes=delay),
                last_error=f"{type(exc).__name__}: {exc}"[:300],
            )
        else:
            DigestDelivery.objects.filter(pk=pk).update(
                status=DeliveryStatus.SENT,
                sent_at=clock.now(),
                next_attempt_at=None,
                last_error="",
            )
            sent += 1
    return sent


@transaction.atomic
def ambiance_override(
    *,
    scheme: Scheme,
    neighbourhood: Neighbourhood,
    period: str,
    starts_on: date,
    level: str,
    reason: str,
    user: User,
) -> AmbianceOverride:
    if neighbourhood.scheme_id != scheme.pk:
        raise ValidationError(_("This neighbourhood is not in the scheme."))
    if period not in PeriodKind.values:
        raise ValidationError(_("Unknown period."))
    if level not in LEVELS:
        raise ValidationError(_("Unknown level."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for changing the computed level."))
    override, _created = AmbianceOverride.objects.update_or_create(
        neighbourhood=neighbourhood,
        period=period,
        starts_on=starts_on,
        defaults={
            "scheme": scheme,
            "level": level,
            "reason": reason.strip(),
            "by": user,
            "at": clock.now(),
        },
    )
    return override


DIGEST = "digest"


@transaction.atomic
def digest_settings_update(
    *,
    scheme: Scheme,
    author: User | None,
    dispatch_time: time,
    is_enabled: bool,
    organisation_ids: list[int],
    deadline: time | None = None,
) -> DigestSettings:
    """Dispatch time, deadline (None: unchanged; the digest leaves before it and before every
    operator's own) and recipient organisations (members of the scheme); each change is written
    to the scheme's change log."""
    settings = DigestSettings.objects.select_for_update().get(pk=digest_settings(scheme).pk)
    deadline = settings.deadline if deadline is None else deadline
    if dispatch_time >= deadline:
        raise ValidationError(
            {
                "dispatch_time": _("The digest must leave before its deadline (%(time)s).")
                % {"time": format_clock(deadline)}
            }
        )
    earliest = min(operator_deadlines(scheme).values(), default=None)
    if earliest is not None and dispatch_time >= earliest:
        raise ValidationError(
            {
                "dispatch_time": _(
                    "The digest must leave before every operator's deadline (the earliest is "
                    "%(time)s)."
                )
                % {"time": format_clock(earliest)}
            }
        )
    members = set(scheme.members.values_list("organisation_id", flat=True))
    unknown = set(organisation_ids) - members
    if unknown:
        raise ValidationError(_("Only the scheme's members can receive its digest."))
    before = (
        settings.dispatch_time,
        settings.deadline,
        settings.is_enabled,
        _recipient_names(scheme),
    )
    settings.dispatch_time, settings.deadline, settings.is_enabled = (
        dispatch_time,
        deadline,
        is_enabled,
    )
    settings.save(update_fields=["dispatch_time", "deadline", "is_enabled"])
    DigestRecipient.objects.filter(scheme=scheme).exclude(
        organisation_id__in=organisation_ids
    ).update(is_active=False)
    for pk in organisation_ids:
        DigestRecipient.objects.update_or_create(
            scheme=scheme, organisation_id=pk, defaults={"is_active": True}
        )
    after = (dispatch_time, deadline, is_enabled, _recipient_names(scheme))
    subjects = (
        DigestSettings._meta.get_field("dispatch_time").verbose_name,
        DigestSettings._meta.get_field("deadline").verbose_name,
        DigestSettings._meta.get_field("is_enabled").verbose_name,
        _("Digest recipients"),
    )
    for subject, old, new in zip(subjects, before, after, strict=True):
        if old != new:
            setting_change_record(
                scheme=scheme,
                author=author,
                section=DIGEST,
                subject=str(subject),
                before=_setting_text(old),
                after=_setting_text(new),
            )
    return settings


@transaction.atomic
def operator_deadline_set(
    *, scheme: Scheme, author: User | None, operator_id: int, deadline: time | None
) -> OperatorDeadline | None:
    """An operator's own contractual deadline for the digest (None: the scheme's again).
    Refused: an organisation that is not an operator of the scheme, a deadline not after the
    dispatch time. Written to the scheme's change log."""
    settings = DigestSettings.objects.select_for_update().get(pk=digest_settings(scheme).pk)
    member = (
        scheme.members.in_force()
        .filter(organisation_id=operator_id, role=MemberRole.OPERATOR)
        .select_related("organisation")
        .first()
    )
    if member is None:
        raise ValidationError({"operator_id": _("Choose one of the scheme's operators.")})
    if deadline is not None and deadline <= settings.dispatch_time:
        raise ValidationError(
            {
                "deadline": _("The deadline must come after the dispatch time (%(time)s).")
                % {"time": format_clock(settings.dispatch_time)}
            }
        )
    current = OperatorDeadline.objects.filter(scheme=scheme, operator_id=operator_id).first()
    before = current.deadline if current else None
    if deadline is None:
        if current is not None:
            current.delete()
        found = None
    else:
        found, _created = OperatorDeadline.objects.update_or_create(
            scheme=scheme, operator_id=operator_id, defaults={"deadline": deadline}
        )
    if before != deadline:
        setting_change_record(
            scheme=scheme,
            author=author,
            section=DIGEST,
            subject=_("Digest deadline — %(operator)s") % {"operator": member.organisation},
            before=_setting_text(before) if before else _("the scheme's"),
            after=_setting_text(deadline) if deadline else _("the scheme's"),
        )
    return found


def _recipient_names(scheme: Scheme) -> str:
    return ", ".join(
        sorted(
            str(r.organisation)
            for r in DigestRecipient.objects.filter(scheme=scheme, is_active=True).select_related(
                "organisation"
            )
        )
    )


def _setting_text(value: object) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value)
