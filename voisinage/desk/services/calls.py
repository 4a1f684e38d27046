"""Every write on calls: record, dispatch, alert, on site, close, call back, link to an event,
and the caller's satisfaction (at the callback or through a signed, single-use link)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from voisinage.accounts.models import User as UserModel
from voisinage.desk.models import (
    TRANSITIONS,
    Answer,
    Call,
    CallNature,
    CallStatus,
    CallStatusChange,
    EmergencyAlert,
    EmergencyService,
    Event,
    SatisfactionSurvey,
    SurveyChannel,
    Urgency,
)
from voisinage.desk.services.common import (
    checked_moment,
    checked_nature,
    desk_settings,
)
from voisinage.field.logbook.services import intervention_record
from voisinage.field.models import InterventionStatus, Origin
from voisinage.lib import clock
from voisinage.lib.service_hours import service_night
from voisinage.schemes.selectors import scheme_service_hours
from voisinage.territory.located import place_fields

if TYPE_CHECKING:
    from voisinage.accounts.models import User
    from voisinage.schemes.models import Scheme
    from voisinage.territory.models import Entrance, Neighbourhood

SURVEY_SALT = "voisinage.desk.survey"
FUTURE_TOLERANCE = timedelta(minutes=5)  # clocks of phones and servers drift a little
LIMITS = {
    "caller_name": 150,
    "caller_phone": 40,
    "caller_dwelling": 20,
    "other_place_label": 255,
}


def call_record(
    *,
    scheme: Scheme,
    user: User,
    nature: CallNature | None,
    received_at: datetime | None = None,
    entrance: Entrance | None = None,
    other_place_kind: str = "",
    other_place_label: str = "",
    neighbourhood: Neighbourhood | None = None,
    caller_name: str = "",
    caller_phone: str = "",
    caller_email: str = "",
    caller_dwelling: str = "",
    urgency: str = Urgency.NORMAL,
    description: str = "",
    same_event_as: Call | None = None,
    idempotency_key: str | None = None,
) -> tuple[Call, bool]:
    """Record a call (status "received"); returns it and whether it was created.

    Each call starts its own event unless ``same_event_as`` names a call of the same scheme.
    A replayed ``idempotency_key`` of the same user answers the first call unchanged.
    """
    if idempotency_key:
        existing = Call.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return _replayed(existing, scheme, user), False
    received_at = checked_moment(received_at)
    if received_at > clock.now() + FUTURE_TOLERANCE:
        raise ValidationError({"received_at": _("A call cannot be received in the future.")})
    nature = checked_nature(scheme, nature)
    if urgency not in Urgency.values:
        raise ValidationError({"urgency": _("Unknown urgency.")})
    if same_event_as is not None and same_event_as.scheme_id != scheme.pk:
        raise ValidationError(_("The other call is not in this scheme."))
    place = place_fields(scheme, entrance, neighbourhood, other_place_kind)
    night = service_night(received_at, scheme_service_hours(scheme)).night
    call = Call(
        scheme=scheme,
        night=night,
        received_at=received_at,
        received_by=user,
        caller_name=caller_name.strip(),
        caller_phone=caller_phone.strip(),
        caller_email=caller_email.strip(),
        caller_dwelling=caller_dwelling.strip(),
        entrance=entrance,
        other_place_label=other_place_label.strip(),
        nature=nature,
        urgency=urgency,
        description=description.strip(),
        idempotency_key=idempotency_key or None,
        **place,
    )
    call.full_clean(exclude=["event", "idempotency_key", "scheme", "received_by", "nature"])
    try:
        with transaction.atomic():
            if same_event_as is not None:
                call.event_id = same_event_as.event_id
            else:
                call.event = Event.objects.create(
                    scheme=scheme,
                    night=night,
                    landlord_id=call.landlord_id,
                    neighbourhood_id=call.neighbourhood_id,
                )
            call.save()
            CallStatusChange.objects.create(
                call=call, status=CallStatus.RECEIVED, at=received_at, user=user
            )
    except IntegrityError:
        if idempotency_key:
            existing = Call.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return _replayed(existing, scheme, user), False
        raise
    return call, True


def _replayed(existing: Call, scheme: Scheme, user: User) -> Call:
    if existing.scheme_id != scheme.pk or existing.received_by_id != user.pk:
        raise ValidationError(_("This idempotency key was already used for another record."))
    return existing


def _move(locked: Call, status: str, user: User, at: datetime, note: str = "") -> None:
    """Append the timeline row of a move allowed by TRANSITIONS, or refuse it."""
    if status not in TRANSITIONS[locked.status]:
        raise ValidationError(
            _("A call that is “%(current)s” cannot become “%(next)s”.")
            % {
                "current": CallStatus(locked.status).label,
                "next": CallStatus(status).label,
            }
        )
    if at < locked.received_at:
        raise ValidationError(_("This time is before the call was received."))
    locked.status = status
    CallStatusChange.objects.create(call=locked, status=status, at=at, user=user, note=note)


def _locked(call: Call) -> Call:
    return (
        Call.objects.select_for_update(of=("self",))
        .select_related("scheme", "entrance")
        .get(pk=call.pk)
    )


@transaction.atomic
def call_dispatch(
    *,
    call: Call,
    user: User,
    team_label: str,
    agent_ids: Sequence[int],
    at: datetime | None = None,
) -> Call:
    """Send a team: the call becomes "dispatched" and the team gets a pending intervention
    (origin "phone call", source the call) to complete once on site."""
    at = checked_moment(at)
    if not agent_ids:
        raise ValidationError({"team": _("Choose a team on duty tonight.")})
    locked = _locked(call)
    _move(locked, CallStatus.DISPATCHED, user, at, note=team_label)
    first, *others = agent_ids

    author = UserModel.objects.get(pk=first)
    # The pending entry belongs to the team (its first member records it once on site); no
    # caller's name in it: the logbook is read by partners.
    intervention, _created = intervention_record(
        scheme=locked.scheme,
        author=author,
        started_at=at,
        origin=Origin.PHONE_CALL,
        entrance=locked.entrance,
        other_place_kind=locked.other_place_kind,
        other_place_label=locked.other_place_label,
        neighbourhood=locked.neighbourhood if locked.entrance_id is None else None,
        agent_ids=others,
        narrative=_("Phone call: %(nature)s.") % {"nature": locked.nature.label},
        status=InterventionStatus.PENDING,
        source=locked,
    )
    locked.team = team_label[:40]
    locked.dispatched_at = at
    locked.intervention = intervention
    locked.save(update_fields=["status", "team", "dispatched_at", "intervention"])
    return locked


@transaction.atomic
def call_alert(
    *, call: Call, user: User, service: str, at: datetime | None = None
) -> EmergencyAlert:
    """Record that the supervisor alerted the police (17), the fire brigade (18) or the SAMU
    (15) about the call, and when."""
    at = checked_moment(at)
    if service not in EmergencyService.values:
        raise ValidationError({"service": _("Choose 17, 18 or 15.")})
    locked = _locked(call)
    if locked.status == CallStatus.CALLED_BACK:
        raise ValidationError(_("This call is done."))
    if at < locked.received_at:
        raise ValidationError(_("This time is before the call was received."))
    return EmergencyAlert.objects.create(call=locked, service=service, at=at, user=user)


ARRIVED = (CallStatus.ON_SITE, CallStatus.CLOSED, CallStatus.CALLED_BACK)


@transaction.atomic
def call_on_site(*, call: Call, user: User, at: datetime | None = None, once: bool = False) -> Call:
    """The team is on site (the agent then completes the pending intervention).

    With ``once`` a call already on site (or closed since) is answered unchanged: the phone
    marks "on site" when the agent opens the call, and may send that again after a lost
    answer or from a second opening."""
    at = checked_moment(at)
    locked = _locked(call)
    if once and locked.status in ARRIVED:
        return locked
    _move(locked, CallStatus.ON_SITE, user, at)
    locked.on_site_at = at
    locked.save(update_fields=["status", "on_site_at"])
    return locked


@transaction.atomic
def call_close(*, call: Call, user: User, note: str = "", at: datetime | None = None) -> Call:
    """The call is closed: what had to be done was done; the caller is still to be called
    back."""
    at = checked_moment(at)
    locked = _locked(call)
    _move(locked, CallStatus.CLOSED, user, at, note=note.strip()[:255])
    locked.closed_at = at
    locked.save(update_fields=["status", "closed_at"])
    return locked


def _checked_answers(quick: str, solved: str, satisfied: str) -> dict[str, str]:
    answers = {"quick": quick, "solved": solved, "satisfied": satisfied}
    if any(v not in Answer.values for v in answers.values()):
        raise ValidationError(_("Answer the three questions with yes, partly or no."))
    return answers


@transaction.atomic
def call_callback(
    *,
    call: Call,
    user: User,
    note: str = "",
    answers: dict[str, str] | None = None,
    at: datetime | None = None,
) -> Call:
    """The caller was called back (the call is then done); ``answers`` (quick, solved,
    satisfied: yes, partly or no) are the survey taken on the phone."""
    at = checked_moment(at)
    checked = _checked_answers(**answers) if answers else None
    locked = _locked(call)
    _move(locked, CallStatus.CALLED_BACK, user, at, note=note.strip()[:255])
    locked.called_back_at = at
    if checked:
        locked.satisfaction = checked["satisfied"]
    locked.save(update_fields=["status", "called_back_at", "satisfaction"])
    if checked:
        SatisfactionSurvey.objects.update_or_create(
            call=locked,
            defaults={"channel": SurveyChannel.CALLBACK, "answered_at": at, **checked},
        )
    return locked


@transaction.atomic
def call_link_event(*, call: Call, other: Call) -> Call:
    """Put ``call`` (and any call already linked to it) on the event of ``other``: several
    calls about one event count once. An event left without calls is removed."""
    if call.pk == other.pk or call.event_id == other.event_id:
        return call
    if call.scheme_id != other.scheme_id:
        raise ValidationError(_("The other call is not in this scheme."))
    old_event_id = call.event_id
    Call.objects.filter(event_id=old_event_id).update(event_id=other.event_id)
    Event.objects.filter(pk=old_event_id, calls__isnull=True).delete()
    call.event_id = other.event_id
    return call


# --- Satisfaction link ----------------------------------------------------------------------


def survey_link_issue(*, call: Call, at: datetime | None = None) -> tuple[str, str]:
    """A signed, expiring, single-use link for the caller; returns (url, SMS-ready text).

    Issuing again replaces the nonce, so an older link stops working. The link is e-mailed
    (after commit) when the caller gave an address.
    """
    at = checked_moment(at)
    with transaction.atomic():
        locked = _locked(call)
        if locked.status not in (CallStatus.CLOSED, CallStatus.CALLED_BACK):
            raise ValidationError(_("Send the survey once the call is closed."))
        survey = SatisfactionSurvey.objects.filter(call=locked).first()
        if survey is not None and survey.answered_at is not None:
            raise ValidationError(_("The caller has already answered."))
        nonce = secrets.token_hex(8)
        SatisfactionSurvey.objects.update_or_create(
            call=locked,
            defaults={"nonce": nonce, "link_sent_at": at, "channel": SurveyChannel.LINK},
        )
        token = signing.dumps({"c": locked.pk, "n": nonce}, salt=SURVEY_SALT)
        url = settings.BASE_URL + reverse("desk:survey", args=[token])
        text = _(
            "%(scheme)s: you called us about your building. Tell us in one minute what you "
            "thought of our answer: %(url)s"
        ) % {"scheme": locked.scheme.name, "url": url}
        if locked.caller_email:
            from voisinage.desk.tasks import send_survey_link

            transaction.on_commit(partial(send_survey_link.enqueue, call_id=locked.pk, url=url))
    return url, text


def survey_for_token(token: str) -> SatisfactionSurvey:
    """The survey a link points to, if it is genuine, unexpired, current and unanswered."""
    try:
        data: Any = signing.loads(token, salt=SURVEY_SALT, max_age=None)
    except signing.BadSignature as exc:
        raise ValidationError(_("This link is not valid.")) from exc
    survey = (
        SatisfactionSurvey.objects.select_related("call", "call__scheme")
        .filter(call_id=data.get("c"), nonce=data.get("n"))
        .first()
    )
    if survey is None or not survey.nonce:
        raise ValidationError(_("This link is not valid any more."))
    days = desk_settings(survey.call.scheme).survey_link_days
    try:
        signing.loads(token, salt=SURVEY_SALT, max_age=days * 86400)
    except signing.SignatureExpired as exc:
        raise ValidationError(_("This link has expired.")) from exc
    if survey.answered_at is not None:
        raise ValidationError(_("You have already answered: thank you."))
    return survey


@transaction.atomic
def survey_answer(
    *, token: str, quick: str, solved: str, satisfied: str, at: datetime | None = None
) -> SatisfactionSurvey:
    """The caller's answers through the link (once)."""
    at = checked_moment(at)
    answers = _checked_answers(quick, solved, satisfied)
    survey = survey_for_token(token)
    locked = SatisfactionSurvey.objects.select_for_update().get(pk=survey.pk)
    if locked.answered_at is not None or locked.nonce != survey.nonce:
        raise ValidationError(_("You have already answered: thank you."))
    for name, value in answers.items():
        setattr(locked, name, value)
    locked.answered_at = at
    locked.channel = SurveyChannel.LINK
    locked.save(update_fields=["quick", "solved", "satisfied", "answered_at", "channel"])
    Call.objects.filter(pk=locked.call_id).update(satisfaction=answers["satisfied"])
    return locked


def survey_link_send(*, call_id: int, url: str) -> int:
    """E-mail the link to the caller (the task's body)."""
    from django.core.mail import send_mail

    call = Call.objects.select_related("scheme").get(pk=call_id)
    if not call.caller_email:
        return 0
    subject = _("%(scheme)s — your opinion on our answer") % {"scheme": call.scheme.name}
    body = "\n\n".join(
        [
            _("Hello,"),
            _(
                "You called %(scheme)s's phone line. Could you tell us in one minute what you "
                "thought of our answer?"
            )
            % {"scheme": call.scheme.name},
            url,
            _("This link works once and for a few days."),
        ]
    )
    return send_mail(subject, body, None, [call.caller_email])
