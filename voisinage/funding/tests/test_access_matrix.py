"""The agreement-specific routes as every persona. The Rivebourg agreement has the city
(Vincent's organisation, also Quentin's) and Habitat Nord (Hélène's, the coordinator) as
parties, but not Logis Sud: Nicolas, the operator's staff and other schemes see nothing."""

from datetime import date

import pytest
from django.urls import reverse

from voisinage.accounts.services import api_token_create
from voisinage.factories import UserFactory, grant
from voisinage.funding.models import Agreement, PurchaseOrder
from voisinage.funding.services import party_add, purchase_order_create
from voisinage.funding.tests.builders import besancon_like, contract_for
from voisinage.tests.test_persona_matrix import param_id

# Reads the real date (today, tonight, the current period): scripts/test also runs it at
# 23:59 and 05:59 Paris time.
pytestmark = pytest.mark.time_sensitive

# Léa (north_pres_referent) is Habitat Nord's referent limited to Les Prés: an agreement is not
# located, so she reads and acts for it as her organisation's other referent does.
READERS = {"north_referent", "north_pres_referent", "city_officer", "pres_viewer", "admin"}
WRITERS = {"north_referent", "north_pres_referent", "admin"}

PAGES = [
    ("funding:agreement", READERS),
    ("funding:schedule_export", READERS),
    ("funding:what_if", READERS),
    ("funding:contract", READERS),
    ("funding:agreement_setup", WRITERS),
    ("funding:payment_record", WRITERS),
]
API = [
    ("api:get_agreement", READERS),
    ("api:get_agreement_schedule", READERS),
    ("api:get_agreement_contract", READERS),
]


@pytest.fixture
def rivebourg_agreement(cast):
    return besancon_like(
        cast.scheme,
        coordinator=cast.north,
        city=cast.city,
        contract=contract_for(cast.scheme),
    ).agreement


@pytest.mark.parametrize(("name", "allowed"), PAGES, ids=param_id)
def test_agreement_pages_answer_200_to_parties_and_404_to_everyone_else(
    cast, client, rivebourg_agreement, name, allowed
):
    url = reverse(name, args=["rivebourg", rivebourg_agreement.pk])
    for persona, user in cast.personas().items():
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == (200 if persona in allowed else 404), f"{persona} {url}"
        client.logout()


@pytest.mark.parametrize(("name", "allowed"), API, ids=param_id)
def test_agreement_endpoints_answer_200_to_parties_and_404_to_everyone_else(
    cast, client, rivebourg_agreement, name, allowed
):
    url = reverse(name, args=[rivebourg_agreement.pk])
    for persona, user in cast.personas().items():
        _token, raw = api_token_create(user=user, name="matrix")
        response = client.get(url, headers={"authorization": f"Bearer {raw}"})
        assert response.status_code == (200 if persona in allowed else 404), f"{persona} {url}"
        client.force_login(user)
        assert client.get(url).status_code == response.status_code, f"{persona} session"
        client.logout()


@pytest.mark.parametrize(("name", "allowed"), PAGES + API, ids=param_id)
def test_anonymous_visitors_are_sent_to_login_or_refused(
    client, rivebourg_agreement, name, allowed
):
    args = (
        [rivebourg_agreement.pk]
        if name.startswith("api:")
        else ["rivebourg", rivebourg_agreement.pk]
    )
    response = client.get(reverse(name, args=args))
    if name.startswith("api:"):
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_an_agreement_of_another_scheme_is_404_under_this_schemes_address(
    cast, client, rivebourg_agreement
):
    # Hugo's scheme URL with Rivebourg's agreement id: not found, even for the administrator.
    client.force_login(cast.admin)
    url = reverse("funding:agreement", args=["autreville", rivebourg_agreement.pk])
    assert client.get(url).status_code == 404


def test_a_missing_agreement_and_a_forbidden_one_look_the_same(cast, client, rivebourg_agreement):
    client.force_login(cast.south_referent)
    forbidden = client.get(reverse("funding:agreement", args=["rivebourg", rivebourg_agreement.pk]))
    missing = client.get(reverse("funding:agreement", args=["rivebourg", 999_999]))
    assert forbidden.status_code == missing.status_code == 404


def test_a_scheme_administrator_sees_and_manages_every_agreement_of_the_scheme(
    cast, client, rivebourg_agreement
):
    clerk = UserFactory.create(username="clerk")
    grant(clerk, cast.scheme, cast.city, "administrator")
    client.force_login(clerk)

    for name in ("funding:agreement", "funding:agreement_setup", "funding:payment_record"):
        url = reverse(name, args=["rivebourg", rivebourg_agreement.pk])
        assert client.get(url).status_code == 200, name
    assert client.get(reverse("funding:agreement_create", args=["rivebourg"])).status_code == 200


def test_the_operators_staff_see_an_agreement_once_the_operator_is_a_party(
    cast, client, rivebourg_agreement
):
    url = reverse("funding:agreement", args=["rivebourg", rivebourg_agreement.pk])
    client.force_login(cast.operator_manager)
    assert client.get(url).status_code == 404

    party_add(agreement=rivebourg_agreement, organisation=cast.operator, role_label="Opérateur")

    assert client.get(url).status_code == 200
    # The operator's manager manages the scheme (can_manage) and its organisation is now a
    # party: it may update the agreement too; the field agent only reads.
    setup = reverse("funding:agreement_setup", args=["rivebourg", rivebourg_agreement.pk])
    assert client.get(setup).status_code == 200
    client.force_login(cast.agent)
    assert client.get(url).status_code == 200
    assert client.get(setup).status_code == 404


def test_lists_show_only_the_agreements_one_is_party_to(cast, client, rivebourg_agreement):
    only_south = Agreement.objects.create(
        scheme=cast.scheme,
        title="Convention Logis Sud",
        starts_on=rivebourg_agreement.starts_on,
        ends_on=rivebourg_agreement.ends_on,
    )
    party_add(agreement=only_south, organisation=cast.south, role_label="Financeur")
    expectations = {
        "north_referent": ["Convention pluriannuelle"],
        "south_referent": ["Convention Logis Sud"],
        "city_officer": ["Convention pluriannuelle"],
        "supervisor": [],
        "admin": ["Convention Logis Sud", "Convention pluriannuelle"],
    }
    for persona, titles in expectations.items():
        user = cast.personas()[persona]
        client.force_login(user)
        data = client.get(reverse("api:list_agreements", args=["rivebourg"])).json()
        assert sorted(a["title"] for a in data["items"]) == titles, persona
        assert data["count"] == len(titles)
        page = client.get(reverse("funding:agreements", args=["rivebourg"])).content.decode()
        for title in ("Convention Logis Sud", "Convention pluriannuelle"):
            assert (title in page) == (title in titles), (persona, title)


def test_purchase_orders_follow_the_agreements_that_fund_their_contract(cast, rivebourg_agreement):
    purchase_order_create(
        contract=rivebourg_agreement.contract,
        reference="BC-1",
        ordered_on=date(2024, 6, 1),
        amount_cents=1_000_00,
        description="Médiation",
    )
    seen = {
        persona: PurchaseOrder.objects.visible_to(user).count()
        for persona, user in cast.personas().items()
    }
    assert {p for p, n in seen.items() if n} == READERS
