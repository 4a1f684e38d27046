"""Notice deadlines: record the reminders due and e-mail them (through a task)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from voisinage.accounts.models import Membership, User
from voisinage.funding.contracts import next_notice
from voisinage.funding.models import (
    Agreement,
    NoticeReminder,
)
from voisinage.funding.selectors import (
    agreement_timeline,
)
from voisinage.lib import clock
from voisinage.lib.dates import format_date


@transaction.atomic
def notice_reminders_schedule(*, today: date | None = None) -> list[NoticeReminder]:
    """Record and enqueue the reminders due today: an agreement whose next notice deadline is
    at most ``reminder_days`` away and not yet reminded. Run daily; running twice sends
    nothing twice."""
    from voisinage.funding.tasks import send_notice_reminder

    today = today or clock.today()
    created = []
    agreements = Agreement.objects.filter(
        contract__isnull=False, scheme__is_active=True, ends_on__gte=today
    ).select_related("contract")
    for agreement in agreements:
        period = next_notice(agreement_timeline(agreement), today)
        if period is None or period.notice_deadline is None or period.anniversary is None:
            continue
        if today < period.notice_deadline - timedelta(days=agreement.reminder_days):
            continue
        reminder, was_created = NoticeReminder.objects.get_or_create(
            agreement=agreement,
            deadline=period.notice_deadline,
            defaults={"anniversary": period.anniversary},
        )
        if was_created:
            created.append(reminder)
            transaction.on_commit(partial(send_notice_reminder.enqueue, reminder.pk))
    return created


def notice_reminder_recipients(agreement: Agreement) -> list[User]:
    """The scheme's members (memberships in force today) who may manage the agreement — the
    access rule's ``manageable_by``, asked for each — and have an e-mail address."""
    candidates = User.objects.filter(
        is_active=True,
        pk__in=Membership.objects.in_force()
        .filter(scheme_id=agreement.scheme_id)
        .values("user_id"),
    ).exclude(email="")
    return [
        user
        for user in candidates.order_by("pk")
        if Agreement.objects.manageable_by(user).filter(pk=agreement.pk).exists()
    ]


@transaction.atomic
def notice_reminder_send(*, reminder_id: int) -> NoticeReminder | None:
    """E-mail the reminder to the agreement's managers, once (a retry after success sends
    nothing)."""
    from django.core.mail import EmailMessage

    reminder = (
        NoticeReminder.objects.select_for_update(of=("self",))
        .select_related("agreement__scheme")
        .filter(pk=reminder_id)
        .first()
    )
    if reminder is None or reminder.sent_at is not None:
        return reminder
    agreement = reminder.agreement
    url = settings.BASE_URL + reverse(
        "funding:contract", args=[agreement.scheme.slug, agreement.pk]
    )
    recipients = notice_reminder_recipients(agreement)
    with translation.override(settings.LANGUAGE_CODE):
        deadline = format_date(reminder.deadline, "DATE_FORMAT")
        anniversary = format_date(reminder.anniversary, "DATE_FORMAT")
        subject = _("Notice deadline on %(date)s — %(agreement)s") % {
            "date": deadline,
            "agreement": agreement.title,
        }
        body = _(
            "The operator contract funded by “%(agreement)s” (%(scheme)s) reaches its "
            "anniversary on %(anniversary)s. A party that wants to change its share must say "
            "so by %(deadline)s (%(months)s months before).\n\n%(url)s\n"
        ) % {
            "agreement": agreement.title,
            "scheme": agreement.scheme.name,
            "anniversary": anniversary,
            "deadline": deadline,
            "months": agreement.notice_months,
            "url": url,
        }
    for user in recipients:
        EmailMessage(subject=subject, body=body, to=[user.email]).send()
    reminder.sent_at = clock.now()
    reminder.recipients = len(recipients)
    reminder.save(update_fields=["sent_at", "recipients"])
    return reminder
