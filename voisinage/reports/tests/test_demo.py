"""The demo's reports: every status, overdue ones, a merged duplicate, answers; idempotent; and
in the demo, loge.GBM's referent sees only reports sent to loge.GBM or at its entrances."""

import pytest
from django.core import mail
from django.db.models import Count

from voisinage.accounts.models import User
from voisinage.demo.scenario import load_besancon
from voisinage.reports import demo
from voisinage.reports.models import Report, ReportEvent, ReportStatus
from voisinage.reports.selectors import local_today, overdue, scheme_reports

# Reads the real date (today, tonight, the current period): scripts/test also runs it at
# 23:59 and 05:59 Paris time.
pytestmark = pytest.mark.time_sensitive


def test_the_demo_shows_every_status_and_logegbm_never_sees_neolia(db):
    scheme = load_besancon()
    demo.load()
    assert "kept" in demo.load()  # a second run adds nothing
    reports = Report.objects.filter(scheme=scheme)
    statuses = set(reports.values_list("status", flat=True))
    assert statuses == set(ReportStatus.values)
    assert overdue(reports, local_today(scheme)).count() >= 3
    assert reports.annotate(n=Count("occurrences")).filter(n__gte=2).exists()
    assert ReportEvent.objects.filter(report__scheme=scheme, kind="done").exists()
    assert mail.outbox == []  # the demo sends nothing
    logegbm = User.objects.get(username="logegbm")
    seen = list(scheme_reports(logegbm, scheme))
    assert seen
    for report in seen:
        assert "loge.GBM" in {
            report.landlord.name if report.landlord else "",
            report.recipient.name if report.recipient else "",
        }
        assert "Néolia" not in {
            report.landlord.name if report.landlord else "",
            report.recipient.name if report.recipient else "",
        }
