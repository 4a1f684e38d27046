"""Notice deadlines: record the reminders due and e-mail them (through a task)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from voisinage.accounts.models import Membership, User
from voisinage.core.claims import claimed_work
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


def notice_reminder_send(*, reminder_id: int) -> NoticeReminder | None:
    """E-mail the reminder to the agreement's managers, once (a retry after success sends
    nothing). The reminder is claimed (``sent_at``) before the e-mails are written and sent with
    no transaction open (``core.claims``): two workers never send it twice, and a failure gives
    the claim back for the next run."""
    claimed_work(
        NoticeReminder,
        reminder_id,
        unclaimed=Q(sent_at__isnull=True),
        claim_values={"sent_at": clock.now()},
        release_values={"sent_at": None},
        work=lambda: _notice_reminder_mail(reminder_id),
    )
    return NoticeReminder.objects.filter(pk=reminder_id).first()


def _notice_reminder_mail(reminder_id: int) -> int:
    """The claimed reminder: one e-mail per manager, then the count recorded."""
    from django.core.mail import EmailMessage, mailers

    reminder = NoticeReminder.objects.select_related("agreement__scheme").get(pk=reminder_id)
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
    # One message per person: nobody learns the others' addresses.
    mailers.default.send_messages(
        [EmailMessage(subject=subject, body=body, to=[user.email]) for user in recipients]
    )
    NoticeReminder.objects.filter(pk=reminder_id).update(recipients=len(recipients))
    return len(recipients)
