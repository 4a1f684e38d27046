"""The new-scheme wizard: a template fills the defaults, the creator manages the new scheme."""

from __future__ import annotations

from django.urls import reverse

from voisinage.accounts.access import has_capability
from voisinage.schemes.models import Activity, Scheme, ServiceHoursRule, SettingChange
from voisinage.schemes.services import scheme_create

WIZARD = reverse("schemes:wizard")


def form(cast, **over):
    return {
        "shape": "daytime-mediation",
        "name": "Médiation du Nouveau Mons",
        "slug": "mons-en-baroeul",
        "operator": cast.operator.pk,
        "starts_on": "2019-12-01",
        "activity_preset": "mons",
        **over,
    }


def test_an_operator_manager_creates_a_scheme_from_a_template(cast, client):
    client.force_login(cast.operator_manager)
    assert client.get(WIZARD).status_code == 200
    response = client.post(WIZARD, form(cast))
    assert response.status_code == 302
    assert response["Location"] == reverse("schemes:settings", args=["mons-en-baroeul"])
    scheme = Scheme.objects.get(slug="mons-en-baroeul")
    assert scheme.capabilities == ["reports"]  # the daytime template: no patrols, no desk
    rules = list(ServiceHoursRule.objects.filter(scheme=scheme))
    assert [(r.weekdays, r.starts_at.hour, r.ends_at.hour) for r in rules] == [("01234", 9, 18)]
    assert Activity.objects.filter(scheme=scheme).count() == 9
    assert has_capability(cast.operator_manager, scheme.pk, "can_manage")
    assert client.get(response["Location"]).status_code == 200
    assert SettingChange.objects.filter(scheme=scheme).exists()
    # The menu follows the shape: no patrols nor instructions in this scheme's settings.
    page = client.get(reverse("schemes:settings", args=["mons-en-baroeul"])).content.decode()
    assert "Appels et consignes" not in page


def test_a_taken_address_is_refused_and_nothing_is_created(cast, client):
    client.force_login(cast.operator_manager)
    response = client.post(WIZARD, form(cast, slug="rivebourg", name="Doublon"))
    assert response.status_code == 400
    assert "déjà prise" in response.content.decode()
    assert not Scheme.objects.filter(name="Doublon").exists()
    response = client.post(WIZARD, form(cast, slug="nouveau"))
    assert response.status_code == 400


def test_an_unknown_operator_is_refused(cast, client):
    client.force_login(cast.operator_manager)
    response = client.post(WIZARD, form(cast, operator=cast.north.pk))
    assert response.status_code == 400
    assert not Scheme.objects.filter(slug="mons-en-baroeul").exists()


def test_partners_and_staff_do_not_reach_the_wizard(cast, client):
    for user in (cast.city_officer, cast.supervisor, cast.nobody):
        client.force_login(user)
        assert client.get(WIZARD).status_code == 404
        assert client.post(WIZARD, form(cast)).status_code == 404
    assert not Scheme.objects.filter(slug="mons-en-baroeul").exists()


def test_creating_twice_returns_the_same_scheme(cast):
    data = {
        "creator": cast.operator_manager,
        "shape": "night-tranquillity",
        "name": "Nuit",
        "slug": "nuit",
        "operator_id": cast.operator.pk,
        "starts_on": cast.scheme.starts_on,
    }
    first = scheme_create(**data)
    again = scheme_create(**data)
    assert first.pk == again.pk
    assert ServiceHoursRule.objects.filter(scheme=first).count() == 2
    assert Scheme.objects.filter(slug="nuit").count() == 1
