"""The recipient's answers: logged in, or through the signed single-report link."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from voisinage.accounts.models import User
from voisinage.lib import clock
from voisinage.lib.bounds import PLANNED_AHEAD
from voisinage.reports.links import LinkRefused, read_token, unsigned_claim
from voisinage.reports.models import (
    ANSWER_TRANSITIONS,
    Answer,
    EventKind,
    Report,
    ReportEvent,
    ReportSettings,
    ReportStatus,
)
from voisinage.reports.services.routing import local_date

NEW_STATUS = {
    Answer.ACKNOWLEDGED: ReportStatus.ACKNOWLEDGED,
    Answer.PLANNED: ReportStatus.PLANNED,
    Answer.DONE: ReportStatus.DONE,
    Answer.NOT_OURS: ReportStatus.TO_ROUTE,
}


def _apply(
    report: Report,
    *,
    answer: str,
    planned_for: date | None,
    comment: str,
    user: User | None,
    via_link: bool,
    at: datetime | None = None,
    notify: bool = True,
) -> ReportEvent:
    """Append the answer (the caller holds the report's row lock)."""
    allowed = ANSWER_TRANSITIONS.get(report.status, ())
    if answer not in Answer.values:
        raise ValidationError({"answer": _("Unknown answer.")})
    if answer not in allowed:
        raise ValidationError(
            _("This answer is not possible while the report is “%(status)s”.")
            % {"status": report.get_status_display()}
        )
    now = at or clock.now()
    if answer == Answer.PLANNED:
        if planned_for is None:
            raise ValidationError({"planned_for": _("Give the planned date.")})
        today = local_date(now, report.scheme.time_zone)
        if planned_for < today:
            raise ValidationError({"planned_for": _("The planned date cannot be in the past.")})
        if planned_for > today + PLANNED_AHEAD:
            raise ValidationError(
                {"planned_for": _("Plan it within a year; answer again when the date is known.")}
            )
    else:
        planned_for = None
    comment = comment.strip()
    if len(comment) > 2000:
        raise ValidationError({"comment": _("The comment is too long (2,000 characters at most).")})
    if answer == Answer.NOT_OURS and not comment:
        raise ValidationError({"comment": _("Say who should handle it, or why it is not yours.")})
    report.status = NEW_STATUS[Answer(answer)]
    report.answered_at = now
    report.answer_seq += 1
    fields = ["status", "answered_at", "answer_seq"]
    if report.first_answered_at is None or now < report.first_answered_at:
        report.first_answered_at = now  # an imported past answer may come after a later one
        fields.append("first_answered_at")
    if planned_for is not None:
        report.planned_for = planned_for
        fields.append("planned_for")
    if report.status == ReportStatus.DONE:
        report.closed_at = now
        fields.append("closed_at")
    report.save(update_fields=fields)
    event = ReportEvent.objects.create(
        report=report,
        at=now,
        kind=EventKind(answer),
        user=user,
        organisation_id=report.recipient_id,
        via_link=via_link,
        planned_for=planned_for,
        comment=comment,
    )
    if notify:
        from voisinage.reports.tasks import notify_supervisors

        transaction.on_commit(lambda: notify_supervisors.enqueue(event.pk))
    return event


def report_answer(
    *,
    report: Report,
    user: User,
    answer: str,
    planned_for: date | None = None,
    comment: str = "",
    at: datetime | None = None,
    notify: bool = True,
) -> ReportEvent:
    """A logged-in recipient answers (the caller checked ``can_answer``). ``at`` and
    ``notify=False`` are for the demo and imports of past answers."""
    with transaction.atomic():
        locked = (
            Report.objects.select_for_update(of=("self",))
            .select_related("scheme")
            .get(pk=report.pk)
        )
        return _apply(
            locked,
            answer=answer,
            planned_for=planned_for,
            comment=comment,
            user=user,
            via_link=False,
            at=at,
            notify=notify,
        )


def report_for_link(token: str) -> Report:
    """The report a link is for, if the link may still answer it; LinkRefused otherwise."""
    report_id = unsigned_claim(token)
    if report_id is None:
        raise LinkRefused(
            _("This link is not valid: it may have been cut or altered. Nothing was changed.")
        )
    report = (
        Report.objects.select_related("scheme", "category", "entrance", "recipient")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        raise LinkRefused(_("This report no longer exists. Nothing was changed."))
    config = ReportSettings.objects.filter(scheme_id=report.scheme_id).first()
    claim = read_token(token, max_age_days=config.link_valid_days if config else 30)
    _check_claim(report, claim.organisation_id, claim.seq)
    return report


def _check_claim(report: Report, organisation_id: int, seq: int) -> None:
    if report.recipient_id != organisation_id:
        raise LinkRefused(
            _("This report has been handed to another organisation: this link no longer works.")
        )
    if report.status not in ANSWER_TRANSITIONS:
        raise LinkRefused(
            _("This report is “%(status)s”: this link no longer works. Nothing was changed.")
            % {"status": report.get_status_display()}
        )
    if seq != report.answer_seq:
        raise LinkRefused(
            _(
                "This link has already been used to answer. Use the newer link you received, "
                "or log in to Voisinage. Nothing was changed."
            )
        )


def report_answer_by_link(
    *, token: str, answer: str, planned_for: date | None = None, comment: str = ""
) -> ReportEvent:
    """An answer through the e-mailed link, without an account. A forged, expired, spent or
    out-of-date link raises LinkRefused and changes nothing."""
    report = report_for_link(token)
    claim = read_token(token, max_age_days=36_500)  # age already checked above
    with transaction.atomic():
        locked = (
            Report.objects.select_for_update(of=("self",))
            .select_related("scheme")
            .get(pk=report.pk)
        )
        # Checked again under the lock: two clicks on the same link answer once.
        _check_claim(locked, claim.organisation_id, claim.seq)
        return _apply(
            locked,
            answer=answer,
            planned_for=planned_for,
            comment=comment,
            user=None,
            via_link=True,
        )
