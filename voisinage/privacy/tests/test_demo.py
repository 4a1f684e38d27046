"""The Besançon demo of personal data: the retention rules set through the settings' service,
the oldest calls already without their caller, the data-protection contact's login; idempotent."""

import pytest
from django.urls import reverse

from voisinage.demo.scenario import load_besancon
from voisinage.desk import demo as desk_demo
from voisinage.desk.models import Call
from voisinage.field.staffing import demo as demo_staffing
from voisinage.privacy import demo
from voisinage.privacy.models import AnonymisationRun, RetentionRule
from voisinage.privacy.selectors import retention_months

# Reads the real date (the demo is dated relative to today).
pytestmark = pytest.mark.time_sensitive


def test_the_besancon_privacy_demo(db, client):
    besancon = load_besancon()
    demo_staffing.load()
    desk_demo.load()
    demo.load()
    assert retention_months(besancon)["caller"] == 1
    run = AnonymisationRun.objects.get(scheme=besancon)
    assert run.counts["caller"] > 0
    calls = Call.objects.filter(scheme=besancon)
    assert calls.filter(caller_name="", caller_phone="").exists()  # the oldest
    assert calls.exclude(caller_name="").exists()  # the recent ones keep their caller
    first = (RetentionRule.objects.count(), AnonymisationRun.objects.count())
    demo.load()
    assert (RetentionRule.objects.count(), AnonymisationRun.objects.count()) == first
    client.force_login(besancon_user("protection"))
    assert client.get(reverse("desk:audit", args=["besancon"])).status_code == 200
    assert client.get(reverse("privacy:subject", args=["besancon"])).status_code == 200


def besancon_user(username):
    from voisinage.accounts.models import User

    return User.objects.get(username=username)
