"""The digest's deadline is data: the scheme's (08:00 unless its managers set another, the
dispatch time always before it) and, in a scheme with several operators, an operator's own
contractual deadline. The digest is one document: its first sending is judged against the
scheme's deadline and, for each operator, against that operator's. Refusals come in French
and change nothing; every change is in the scheme's change log."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from voisinage.accounts.services import api_token_create
from voisinage.digests.deadlines import deadline_for, punctuality
from voisinage.digests.models import Digest, DigestSettings, OperatorDeadline
from voisinage.digests.services import (
    digest_dispatch,
    digest_settings,
    digest_settings_update,
    operator_deadline_set,
)
from voisinage.lib import clock
from voisinage.schemes import services as scheme_services
from voisinage.schemes.models import SettingChange

PARIS = ZoneInfo("Europe/Paris")


def _settings(scheme, **changes):
    values = {
        "scheme": scheme,
        "author": None,
        "dispatch_time": time(7, 30),
        "is_enabled": True,
        "organisation_ids": [],
        **changes,
    }
    return digest_settings_update(**values)


@pytest.fixture
def two_operators(cast, relais):
    """Médiateurs Unis holds Les Prés, Relais Centre holds Centre."""
    scheme_services.operator_site_add(
        scheme=cast.scheme,
        author=None,
        operator_id=cast.operator.pk,
        neighbourhood_id=cast.pres.pk,
        starts_on=clock.today() - timedelta(days=365),
    )
    return relais


def _sent(cast, days_ago: int, at: time) -> Digest:
    night = clock.today() - timedelta(days=days_ago)
    moment = datetime.combine(night + timedelta(days=1), at, tzinfo=PARIS)
    return Digest.objects.create(
        scheme=cast.scheme,
        night=night,
        first_sent_at=moment,
        on_time=moment <= deadline_for(cast.scheme, night),
    )


def test_the_schemes_deadline_is_set_recorded_and_judges_the_first_sending(cast):
    _settings(cast.scheme, dispatch_time=time(8, 15), deadline=time(9, 0))
    assert DigestSettings.objects.get(scheme=cast.scheme).deadline == time(9, 0)
    assert {(c.before, c.after) for c in SettingChange.objects.filter(section="digest")} >= {
        ("08:00", "09:00"),
        ("07:30", "08:15"),
    }
    night = clock.today() - timedelta(days=3)
    morning = datetime.combine(night + timedelta(days=1), time(8, 40), tzinfo=PARIS)
    digest_dispatch(scheme=cast.scheme, night=night, now=morning)
    assert Digest.objects.get(scheme=cast.scheme, night=night).on_time is True  # 08:40 < 09:00


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"dispatch_time": time(8, 0)}, "avant son heure limite (8 h)"),
        ({"dispatch_time": time(9, 45), "deadline": time(9, 30)}, "(9 h 30)"),
    ],
)
def test_a_dispatch_time_not_before_the_deadline_is_refused_in_french(cast, changes, message):
    logged = SettingChange.objects.count()
    with translation.override("fr"), pytest.raises(ValidationError) as refusal:
        _settings(cast.scheme, **changes)
    assert message in " ".join(refusal.value.messages)
    settings = digest_settings(cast.scheme)
    assert (settings.dispatch_time, settings.deadline) == (time(7, 30), time(8, 0))
    assert SettingChange.objects.count() == logged


def test_an_operators_own_deadline_is_set_cleared_and_bad_input_refused(cast, relais):
    logged = SettingChange.objects.count()
    with translation.override("fr"):
        with pytest.raises(ValidationError, match="opérateurs du dispositif"):
            operator_deadline_set(
                scheme=cast.scheme, author=None, operator_id=cast.city.pk, deadline=time(9, 0)
            )
        with pytest.raises(ValidationError, match=r"après l'heure d'envoi \(7 h 30\)"):
            operator_deadline_set(
                scheme=cast.scheme,
                author=None,
                operator_id=relais.operator.pk,
                deadline=time(7, 0),
            )
    assert not OperatorDeadline.objects.exists()
    assert SettingChange.objects.count() == logged

    operator_deadline_set(
        scheme=cast.scheme, author=cast.admin, operator_id=relais.operator.pk, deadline=time(9, 0)
    )
    night = clock.today() - timedelta(days=1)
    assert deadline_for(cast.scheme, night, relais.operator.pk).time() == time(9, 0)
    assert deadline_for(cast.scheme, night, cast.operator.pk).time() == time(8, 0)
    assert deadline_for(cast.scheme, night).time() == time(8, 0)
    change = SettingChange.objects.latest("pk")
    assert "Relais Centre" in change.subject
    assert change.after == "09:00"
    # The dispatch time cannot move past an operator's deadline.
    with translation.override("fr"), pytest.raises(ValidationError, match="chaque opérateur"):
        _settings(cast.scheme, dispatch_time=time(9, 15), deadline=time(10, 0))
    operator_deadline_set(
        scheme=cast.scheme, author=None, operator_id=relais.operator.pk, deadline=None
    )
    assert not OperatorDeadline.objects.exists()
    assert SettingChange.objects.count() == logged + 2


def test_each_operator_is_judged_against_its_own_deadline(cast, two_operators):
    relais = two_operators
    operator_deadline_set(
        scheme=cast.scheme, author=None, operator_id=relais.operator.pk, deadline=time(9, 0)
    )
    digests = [_sent(cast, 2, time(7, 30)), _sent(cast, 3, time(8, 30)), _sent(cast, 4, time(9, 5))]
    rows = punctuality(cast.scheme, digests, [cast.operator, relais.operator])
    assert [(r.operator, r.deadline, r.on_time, r.sent) for r in rows] == [
        (None, time(8, 0), 1, 3),
        (cast.operator, time(8, 0), 1, 3),
        (relais.operator, time(9, 0), 2, 3),  # 08:30 is on time for Relais Centre
    ]

    url = reverse("digests:list", args=["rivebourg"])
    client_page = _page(cast, url, cast.city_officer)
    assert "Comptes rendus envoyés avant 8 h : 1 sur 3." in client_page
    lines = re.search(r'data-testid="operator-on-time">(.*?)</ul>', client_page, re.S).group(1)
    assert "Relais Centre : 2 sur 3 à l’heure (heure limite : 9 h)" in lines
    assert "Médiateurs Unis : 1 sur 3 à l’heure (heure limite : 8 h)" in lines
    # A reader bounded to one operator's sites sees the scheme's figure only.
    bounded = _page(cast, url, relais.supervisor)
    assert 'data-testid="operator-on-time"' not in bounded


def _page(cast, url, user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return re.sub(r"[\u00a0\u202f]", " ", client.get(url).content.decode())


def test_the_settings_page_sets_the_deadline_and_each_operators(cast, relais, client):
    url = reverse("digests:settings", args=["rivebourg"])
    client.force_login(cast.admin)
    page = client.get(url).content.decode()
    assert 'data-testid="operator-deadlines"' in page
    refused = client.post(url, {"dispatch_time": "08:30", "deadline": "08:15"})
    assert "avant son heure limite (8 h 15)" in refused.content.decode()
    assert DigestSettings.objects.get(scheme=cast.scheme).deadline == time(8, 0)
    done = client.post(url, {"dispatch_time": "07:30", "deadline": "08:30", "is_enabled": "on"})
    assert done.status_code == 302
    assert DigestSettings.objects.get(scheme=cast.scheme).deadline == time(8, 30)

    form = {"action": "operator_deadline", "operator_id": str(relais.operator.pk)}
    bad = client.post(url, {**form, "deadline": "06:00"}, follow=True).content.decode()
    assert "après l&#x27;heure d&#x27;envoi (7 h 30)" in bad
    assert not OperatorDeadline.objects.exists()
    client.post(url, {**form, "deadline": "09:00"})
    assert OperatorDeadline.objects.get().deadline == time(9, 0)
    # The operator's own manager does not set its contract's terms.
    client.force_login(relais.manager)
    assert client.post(url, {**form, "deadline": "10:00"}).status_code == 404
    assert OperatorDeadline.objects.get().deadline == time(9, 0)


def test_the_settings_api_reads_and_writes_the_deadlines(cast, relais, client):
    _token, raw = api_token_create(user=cast.admin, name="api")
    auth = {"authorization": f"Bearer {raw}"}
    url = reverse("api:get_digest_settings", args=["rivebourg"])
    assert client.get(url, headers=auth).json()["deadline"] == "08:00"
    body = {"dispatch_time": "09:00", "deadline": "08:30"}
    refused = client.put(url, body, content_type="application/json", headers=auth)
    assert refused.status_code == 422
    assert "heure limite" in refused.json()["detail"]
    body = {"dispatch_time": "07:00", "deadline": "08:30", "recipient_ids": [cast.city.pk]}
    done = client.put(url, body, content_type="application/json", headers=auth).json()
    assert (done["dispatch_time"], done["deadline"], done["recipient_ids"]) == (
        "07:00",
        "08:30",
        [cast.city.pk],
    )
    own = reverse("api:put_operator_deadline", args=["rivebourg", relais.operator.pk])
    set_ = client.put(own, {"deadline": "09:00"}, content_type="application/json", headers=auth)
    assert set_.json()["operator_deadlines"] == [
        {"operator_id": relais.operator.pk, "deadline": "09:00"}
    ]
    bad = client.put(own, {"deadline": "9h"}, content_type="application/json", headers=auth)
    assert bad.status_code == 422
    _token, other = api_token_create(user=relais.manager, name="api")
    theirs = client.put(
        own,
        {"deadline": "10:00"},
        content_type="application/json",
        headers={"authorization": f"Bearer {other}"},
    )
    assert theirs.status_code == 404
    assert OperatorDeadline.objects.get().deadline == time(9, 0)
