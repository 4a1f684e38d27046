"""The Besançon demo of personal data: the retention rules set through the settings' service,
the oldest calls already without their caller, the data-protection contact's login and two
requests; idempotent. A demo tenant's subject-access export holds every record about them and
nothing about anyone else."""

import json
import re

import pytest
from django.urls import reverse

from voisinage.accounts.models import User
from voisinage.demo.scenario import load_besancon
from voisinage.desk import demo as desk_demo
from voisinage.desk.models import Call, Instruction
from voisinage.field.staffing import demo as demo_staffing
from voisinage.privacy import demo
from voisinage.privacy.models import AnonymisationRun, RetentionRule, SubjectRequest
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
    requests = SubjectRequest.objects.filter(scheme=besancon)
    assert sorted(r.is_open for r in requests) == [False, True]
    counts = (RetentionRule.objects, AnonymisationRun.objects, SubjectRequest.objects)
    first = [m.count() for m in counts]
    demo.load()
    assert [m.count() for m in counts] == first
    client.force_login(User.objects.get(username="protection"))
    assert client.get(reverse("desk:audit", args=["besancon"])).status_code == 200
    assert client.get(reverse("privacy:subject", args=["besancon"])).status_code == 200
    register = client.get(reverse("privacy:requests", args=["besancon"])).content.decode()
    assert "Mme Vuillemin" in register

    # A demo tenant's subject-access export, by the phone of the last instruction naming one.
    tenant = Instruction.objects.filter(scheme=besancon).exclude(tenant_phone="").latest("pk")
    digits = re.sub(r"\D", "", tenant.tenant_phone)
    holding = {
        f"appel n° {c.pk}"
        for c in Call.objects.filter(scheme=besancon)
        if re.sub(r"\D", "", c.caller_phone) == digits
    } | {
        f"consigne n° {i.pk}"
        for i in Instruction.objects.filter(scheme=besancon)
        if re.sub(r"\D", "", i.tenant_phone) == digits
    }
    url = reverse("privacy:subject_export", args=["besancon", "json"])
    export = json.loads(client.get(url, {"telephone": tenant.tenant_phone}).content)
    assert {r["reference"] for r in export["records"]} == holding
    text = json.dumps(export, ensure_ascii=False)
    assert tenant.tenant_name in text
    calls = Call.objects.filter(scheme=besancon)
    phones = {
        *calls.values_list("caller_phone", flat=True),
        *Instruction.objects.filter(scheme=besancon).values_list("tenant_phone", flat=True),
    }
    others = [p for p in phones if p and re.sub(r"\D", "", p) != digits]
    assert others
    assert not [p for p in others if p in text]
    emails = [e for p, e in calls.values_list("caller_phone", "caller_email") if p in others and e]
    assert not [e for e in emails if e in text]
