"""The governance demo on top of the Besançon and Humanicité scenarios: the Besançon agreement's
bodies and quotas, a year of meetings around today, something to see on the compliance page;
idempotent."""

import pytest
from django.db.models import Count
from django.utils import timezone

from voisinage.demo.scenario import load_besancon, load_humanicite
from voisinage.governance import demo
from voisinage.governance.compliance import compliance_report
from voisinage.governance.models import (
    ActionItem,
    Attendance,
    AttendanceQuota,
    Body,
    Decision,
    Meeting,
)
from voisinage.governance.selectors import local_date
from voisinage.lib import clock

# Reads the real date (today, tonight, the current period): scripts/test also runs it at
# 23:59 and 05:59 Paris time.
pytestmark = pytest.mark.time_sensitive


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Body, AttendanceQuota, Meeting, Attendance, Decision, ActionItem)
    }


def test_the_demo_has_besancon_s_bodies_quotas_and_a_year_of_meetings(db):
    besancon, humanicite = load_besancon(), load_humanicite()
    summary = demo.load()
    assert "besancon: 7 bodies" in summary
    assert "humanicite: 2 bodies" in summary

    quotas = {
        q.label: (q.minimum_per_year, sorted(b.kind for b in q.bodies.all()))
        for q in AttendanceQuota.objects.filter(scheme=besancon)
    }
    assert quotas == {
        "Instances de suivi du dispositif (comité technique et comité de pilotage)": (
            14,
            ["steering", "technical"],
        ),
        "Cellule des correspondants de sécurité et CLSPDR": (
            13,
            ["crime_prevention", "security_correspondents"],
        ),
        "Réunions et événements supplémentaires": (5, ["crisis", "neighbourhood_event", "other"]),
    }
    steering = Body.objects.get(scheme=besancon, kind="steering")
    assert (
        steering.months,
        steering.deck_required,
        steering.deck_lead_days,
        steering.deck_reminder_days,
    ) == ("1, 9", True, 7, 10)

    per_kind = dict(
        Meeting.objects.filter(scheme=besancon).values_list("body__kind").annotate(n=Count("id"))
    )
    assert per_kind["technical"] >= 14
    assert per_kind["security_correspondents"] >= 14
    assert per_kind["crisis"] == 1
    assert per_kind["crime_prevention"] == 1
    assert per_kind["neighbourhood_event"] == 4
    assert {
        m.starts_at.astimezone(timezone.get_current_timezone()).month
        for m in Meeting.objects.filter(body=steering, title="")
    } <= {1, 9}
    assert ActionItem.objects.filter(scheme=besancon, status__in=["open", "in_progress"]).exists()
    assert Meeting.objects.filter(scheme=humanicite, body__kind="monitoring").count() >= 12
    assert set(Body.objects.filter(scheme=humanicite).values_list("kind", flat=True)) == {
        "steering",
        "monitoring",
    }

    now = clock.now()
    this_year = local_date(now, besancon).year
    admin = None  # the report is computed as a platform administrator would see it
    from voisinage.accounts.models import User

    admin = User.objects.create(username="root", is_superuser=True)
    current = compliance_report(admin, besancon, this_year, now=now)
    previous = compliance_report(admin, besancon, this_year - 1, now=now)
    # The operator is slightly short of a quota, this year or the last.
    assert any(q.state == "behind" for q in current.quotas) or any(
        q.state == "missed" for q in previous.quotas
    )
    # The steering committee in a few days has no deck yet.
    assert any(
        status.state == "missing" and m.starts_at > now for m, status in current.deck_warnings
    ) or any(
        status.state == "missing" and m.starts_at > now
        for m, status in compliance_report(admin, besancon, this_year + 1, now=now).deck_warnings
    )
    assert current.missing_minutes or previous.missing_minutes

    first = counts()
    assert "new" not in demo.load()
    assert counts() == first


def test_the_demo_sets_bodies_and_quotas_through_the_settings_area(db):
    """Each body and quota is in the change log; a second load records nothing; a value
    changed since is brought back (by the same services), a body missing is added again."""
    from voisinage.schemes.models import SettingChange

    besancon = load_besancon()
    load_humanicite()
    demo.load()
    logged = SettingChange.objects.filter(scheme=besancon, section__in=["instances", "quotas"])
    assert logged.filter(section="instances").count() == 7
    assert logged.filter(section="quotas").count() == 3
    assert set(logged.values_list("author__username", flat=True)) == {"operateur"}
    steering = Body.objects.get(scheme=besancon, kind="steering")
    assert set(steering.usual_invitees.values_list("name", flat=True)) >= {"Ville de Besançon"}
    quota = AttendanceQuota.objects.get(scheme=besancon, label__startswith="Instances de suivi")
    assert quota.from_year == besancon.starts_on.year

    first = logged.count()
    demo.load()
    assert logged.count() == first

    Body.objects.filter(pk=steering.pk).update(months="2")
    steering.usual_invitees.clear()
    AttendanceQuota.objects.filter(pk=quota.pk).update(minimum_per_year=3)
    demo.load()
    steering.refresh_from_db()
    quota.refresh_from_db()
    assert steering.months == "1, 9"
    assert steering.usual_invitees.filter(name="Ville de Besançon").exists()
    assert quota.minimum_per_year == 14
    assert logged.count() == first + 2
