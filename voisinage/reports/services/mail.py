"""E-mails of reports, sent by tasks after commit (voisinage/reports/tasks.py): the report to
its recipient, answers to the supervisors, daily reminders and escalation of overdue reports."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from voisinage.accounts.access import readers
from voisinage.core.claims import claimed_work
from voisinage.lib import clock
from voisinage.lib.text import render_subject, render_text
from voisinage.reports.links import answer_url
from voisinage.reports.models import ANSWERABLE, EventKind, Report, ReportEvent, ReportPhoto
from voisinage.reports.photos import MAX_PHOTOS
from voisinage.reports.selectors import description_section
from voisinage.reports.services.config import report_settings_for
from voisinage.reports.services.routing import local_date

logger = logging.getLogger(__name__)


def recipient_emails(report: Report) -> list[str]:
    """Who receives a report: the recipient organisation's people who may read it, description
    included (``accounts.access.readers``): the routing rule's referents if it names some of
    them, else its referents (``can_act_as_partner``); failing both, the organisation's own
    address."""
    if report.recipient_id is None:
        return []
    audience = readers(report, section=description_section, organisations=[report.recipient_id])
    if report.routing_rule_id is not None:
        named = set(
            report.routing_rule.referents.values_list("pk", flat=True)  # type: ignore[union-attr]
        )
        emails = [u.email for u in audience if u.pk in named and u.email]
        if emails:
            return emails
    emails = [
        u.email
        for u in readers(
            report,
            require="can_act_as_partner",
            section=description_section,
            organisations=[report.recipient_id],
        )
        if u.email
    ]
    if not emails and report.recipient and report.recipient.email:
        emails = [report.recipient.email]
    return emails


def supervisor_emails(report: Report) -> list[str]:
    """The supervisors who read the report and what the recipient said about it."""
    return [
        u.email
        for u in readers(report, require="can_supervise", section=description_section)
        if u.email
    ]


def _context(report: Report) -> dict[str, object]:
    return {
        "report": report,
        "occurrences": report.occurrences.count(),
        "url": settings.BASE_URL + reverse("reports:detail", args=[report.scheme.slug, report.pk]),
        "answer_url": answer_url(report) if report.status in ANSWERABLE else "",
    }


Attachment = tuple[str, bytes, str]


def _send(
    template: str,
    context: dict[str, object],
    recipients: list[str],
    attachments: list[Attachment] | None = None,
) -> int:
    """One message per person: nobody learns the others' addresses."""
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_subject(f"reports/email/{template}_subject.txt", context)
        body = render_text(f"reports/email/{template}.txt", context)
    messages = [
        EmailMessage(subject=subject, body=body, to=[email], attachments=attachments or None)
        for email in recipients
    ]
    return mailers.default.send_messages(messages) or 0


def _photos(report: Report) -> list[Attachment]:
    """The report's photos for its recipient (stored re-encoded, without metadata), oldest
    first; a file lost from the storage is left out rather than holding the e-mail back."""
    out: list[Attachment] = []
    photos = ReportPhoto.objects.filter(occurrence__report=report).order_by("occurrence__at", "pk")
    for number, photo in enumerate(photos[:MAX_PHOTOS], start=1):
        try:
            with photo.image.open("rb") as handle:
                content = handle.read()
        except OSError:
            logger.warning("Photo %s of report %s is missing from the storage", photo.pk, report.pk)
            continue
        out.append((f"signalement-{report.pk}-photo-{number}.jpg", content, "image/jpeg"))
    return out


def _report(report_id: int) -> Report | None:
    return (
        Report.objects.select_related(
            "scheme", "category", "entrance", "recipient", "routing_rule", "neighbourhood"
        )
        .filter(pk=report_id)
        .first()
    )


def report_dispatch_send(*, report_id: int) -> int:
    """E-mail the report to its recipient with the answer link; log it in the history."""
    report = _report(report_id)
    if report is None or report.recipient_id is None or report.status not in ANSWERABLE:
        return 0
    recipients = recipient_emails(report)
    photos = _photos(report) if recipients else []
    sent = _send("report", {**_context(report), "photos": len(photos)}, recipients, photos)
    now = clock.now()
    with transaction.atomic():
        Report.objects.filter(pk=report.pk).update(sent_at=now)
        ReportEvent.objects.create(
            report=report,
            at=now,
            kind=EventKind.SENT,
            recipient=report.recipient,
            data={"emails": sent},
        )
    return sent


def answer_notify(*, event_id: int) -> int:
    """Tell the scheme's supervisors that a recipient answered."""
    event = ReportEvent.objects.select_related("organisation", "user").filter(pk=event_id).first()
    if event is None:
        return 0
    report = _report(event.report_id)
    if report is None:
        return 0
    context = {**_context(report), "event": event}
    return _send("answer", context, supervisor_emails(report))


@dataclass(frozen=True)
class ReminderResult:
    reminded: int
    escalated: int


def report_reminders_send(*, now: datetime | None = None) -> ReminderResult:
    """Once a day: remind the recipient's referents of each overdue report (past its due date,
    not answered "done"), and tell the organisation's manager once the report is
    ``escalation_after_days`` overdue. Each reminder and each escalation is claimed on the
    report (``last_reminded_on``, ``escalated_on``) before its e-mail is written and sent with
    no transaction open (``core.claims``), so two workers never remind twice on the same day and
    the field never waits for the mail server."""
    now = now or clock.now()
    candidates = (
        Report.objects.filter(
            status__in=ANSWERABLE,
            recipient__isnull=False,
            due_on__isnull=False,
            # Prefilter in SQL (local dates are at most a day ahead of UTC), exact test below.
            due_on__lt=now.date() + timedelta(days=1),
        )
        .select_related("scheme")
        .order_by("due_on", "pk")
    )
    reminded = escalated = 0
    limits: dict[int, int] = {}
    for candidate in candidates:
        today = local_date(now, candidate.scheme.time_zone)
        assert candidate.due_on is not None
        if candidate.due_on >= today:
            continue
        days_late = (today - candidate.due_on).days
        overdue = Q(status__in=ANSWERABLE, due_on=candidate.due_on)
        if candidate.last_reminded_on != today:
            won, _sent = claimed_work(
                Report,
                candidate.pk,
                unclaimed=overdue & (Q(last_reminded_on__isnull=True) | ~Q(last_reminded_on=today)),
                claim_values={"last_reminded_on": today},
                release_values={"last_reminded_on": candidate.last_reminded_on},
                work=partial(_remind, candidate.pk, now, days_late),
            )
            reminded += won
        if candidate.scheme_id not in limits:
            limits[candidate.scheme_id] = report_settings_for(
                candidate.scheme
            ).escalation_after_days
        if candidate.escalated_on is None and days_late >= limits[candidate.scheme_id]:
            won, _sent = claimed_work(
                Report,
                candidate.pk,
                unclaimed=overdue & Q(escalated_on__isnull=True, recipient__manager_email__gt=""),
                claim_values={"escalated_on": today},
                release_values={"escalated_on": None},
                work=partial(_escalate, candidate.pk, now, days_late),
            )
            escalated += won
    return ReminderResult(reminded=reminded, escalated=escalated)


def _remind(report_id: int, now: datetime, days_late: int) -> int:
    """The claimed reminder: e-mail the recipient's referents, then record it."""
    report = _report(report_id)
    assert report is not None  # claimed just now; reports are never deleted
    sent = _send("reminder", {**_context(report), "days_late": days_late}, recipient_emails(report))
    ReportEvent.objects.create(
        report=report,
        at=now,
        kind=EventKind.REMINDED,
        recipient=report.recipient,
        data={"emails": sent, "days_late": days_late},
    )
    return sent


def _escalate(report_id: int, now: datetime, days_late: int) -> int:
    """The claimed escalation: e-mail the recipient organisation's manager, then record it."""
    report = _report(report_id)
    assert report is not None
    assert report.recipient is not None
    context = {**_context(report), "days_late": days_late}
    sent = _send("escalation", context, [report.recipient.manager_email])
    ReportEvent.objects.create(
        report=report,
        at=now,
        kind=EventKind.ESCALATED,
        recipient=report.recipient,
        data={"days_late": days_late},
    )
    return sent
