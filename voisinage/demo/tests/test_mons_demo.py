"""Mons-en-Barœul in the demo with its activity: reports to the partners, governance, funding.
Loading a year of activity takes time, so one test loads the Mons scenario once (with every
app's activity), checks each part, then loads it again."""

from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F

from voisinage.accounts.models import User
from voisinage.analytics.models import MonthlyNote, Roadmap
from voisinage.digests.models import Digest, DigestRecipient
from voisinage.field.logbook.scales import scale_labels
from voisinage.field.models import Intervention, Scale
from voisinage.governance.compliance import compliance_report
from voisinage.governance.models import AttendanceQuota, Body, Meeting
from voisinage.lib import clock
from voisinage.reports.demo_mons import STORY
from voisinage.reports.models import EventKind, Report, ReportEvent, ReportStatus
from voisinage.schemes.models import Scheme, SettingChange

# Dated relative to today.
pytestmark = pytest.mark.time_sensitive


def check_reports(mons: Scheme) -> None:
    reports = Report.objects.filter(scheme=mons)
    assert reports.count() == len(STORY) >= 30
    # Every report found its recipient through Mons' routing table.
    by_recipient = Counter(reports.values_list("recipient__name", flat=True))
    assert set(by_recipient) == {
        "Partenord Habitat",
        "Vilogia",
        "Logis Métropole",
        "Ville de Mons-en-Barœul",
    }
    assert by_recipient["Partenord Habitat"] >= 12
    # Reports at an entrance go to that entrance's landlord.
    at_entrances = reports.filter(entrance__isnull=False)
    assert at_entrances.count() >= 20
    assert not at_entrances.exclude(recipient_id=F("landlord_id")).exists()
    # Spread over the year, on weekdays, none in the future.
    today = clock.today()
    days = [r.created_at.date() for r in reports]
    assert min(days) <= today - timedelta(days=330)
    assert max(days) < today
    assert all(d.weekday() < 5 for d in days)
    # The partners answered some, a few are still open, others were closed by the mediator.
    answers = ReportEvent.objects.filter(report__scheme=mons, kind=EventKind.DONE)
    assert set(answers.values_list("user__username", flat=True)) == {"partenord", "mons"}
    statuses = Counter(reports.values_list("status", flat=True))
    assert statuses[ReportStatus.DONE] >= 15
    assert statuses[ReportStatus.CLOSED] >= 5
    assert 4 <= sum(statuses[s] for s in ("to_route", "sent", "acknowledged", "planned")) <= 10
    # A closed report is closed after it was made, not on the day the demo was loaded.
    for report in reports.filter(status=ReportStatus.CLOSED):
        assert report.closed_at is not None
        assert report.created_at < report.closed_at < report.created_at + timedelta(days=12)

    # Partenord's referent sees Partenord's reports only; the City sees them all.
    partenord = User.objects.get(username="partenord")
    seen = Report.objects.visible_to(partenord).filter(scheme=mons)
    assert seen.count() == reports.filter(landlord__name="Partenord Habitat").count() > 0
    assert set(seen.values_list("landlord__name", flat=True)) == {"Partenord Habitat"}
    assert Report.objects.visible_to(User.objects.get(username="mons")).count() == len(STORY)


def check_governance(mons: Scheme) -> None:
    bodies = dict(Body.objects.filter(scheme=mons).values_list("name", "frequency"))
    assert bodies == {
        "Comité de pilotage du groupement": "months",
        "Comité technique de suivi": "monthly",
        "Commission ad hoc du groupement de commandes": "on_demand",
    }
    now = clock.now()
    meetings = Meeting.objects.filter(scheme=mons)
    past = meetings.filter(starts_at__lt=now)
    technical = past.filter(body__name="Comité technique de suivi")
    assert 10 <= technical.count() <= 12  # a year of months, without August
    assert past.filter(body__name="Comité de pilotage du groupement").count() == 2
    # Every past meeting has its minutes and its attendance; the next ones are planned.
    assert not past.filter(minutes="").exists()
    assert not past.filter(attendances__isnull=True).exists()
    upcoming = set(meetings.filter(starts_at__gte=now).values_list("body__name", flat=True))
    assert {"Comité technique de suivi", "Comité de pilotage du groupement"} <= upcoming
    # Compliance: the operator's attendance counted against the Mons quotas.
    assert AttendanceQuota.objects.filter(scheme=mons).count() == 2
    report = compliance_report(User.objects.get(username="operateur"), mons, now.year, now=now)
    lines = {line.label: line for line in report.quotas}
    line = lines["Participation de l'opérateur au comité technique"]
    this_year = technical.filter(starts_at__year=now.year).count()
    assert (line.minimum, line.attended) == (10, this_year)
    assert report.missing_minutes == []
    # Partenord sees the meetings it is invited to.
    partenord = User.objects.get(username="partenord")
    assert Meeting.objects.visible_to(partenord).filter(scheme=mons).count() > 10


def check_digests_and_roadmap(mons: Scheme) -> None:
    # The daily digests went to the City and the landlords, validated by the operator.
    sent = Digest.objects.filter(scheme=mons, first_sent_at__isnull=False)
    assert sent.count() >= 5
    assert set(sent.values_list("validated_by__username", flat=True)) <= {"operateur", None}
    assert set(
        DigestRecipient.objects.filter(scheme=mons).values_list("organisation__name", flat=True)
    ) == {
        "Ville de Mons-en-Barœul",
        "Partenord Habitat",
        "Vilogia",
        "Logis Métropole",
    }
    # This year's roadmap follows the three aims of the council decision, with daytime texts.
    roadmap = Roadmap.objects.get(scheme=mons, year=clock.today().year)
    assert roadmap.axes.count() == 3
    note = MonthlyNote.objects.filter(scheme=mons).first()
    assert note is not None
    assert "soirée" not in note.analysis


def check_scales(mons: Scheme) -> None:
    """Mons words its results its own way and does not rate the climate: its logbook has no
    climate, and the wording was set through the settings area (its change log says so)."""
    wording = scale_labels(mons)
    assert wording.label(Scale.RESULT, "resolved") == "Réglé sur place"
    assert not wording.rated(Scale.CLIMATE)
    logbook = Intervention.objects.filter(scheme=mons)
    assert logbook.exists()
    assert not logbook.exclude(climate="").exists()
    assert SettingChange.objects.filter(scheme=mons, section="resultats").count() == 4


def test_mons_has_a_year_of_reports_governance_and_funding(db):
    call_command("load_demo", "--scenario", "mons", stdout=StringIO())
    mons = Scheme.objects.get(slug="mons-en-baroeul")
    check_reports(mons)
    check_governance(mons)
    check_digests_and_roadmap(mons)
    check_scales(mons)

    # Loading again adds nothing.
    counts = (Report.objects.count(), ReportEvent.objects.count(), Meeting.objects.count())
    call_command("load_demo", "--scenario", "mons", stdout=StringIO())
    assert (Report.objects.count(), ReportEvent.objects.count(), Meeting.objects.count()) == counts
    check_scales(Scheme.objects.get(slug="mons-en-baroeul"))
