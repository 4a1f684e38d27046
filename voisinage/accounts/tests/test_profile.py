"""The profile page: one's own memberships and tokens, nobody else's."""

from voisinage.accounts.services import api_token_create
from voisinage.accounts.tests.helpers import PROFILE, log_in


def memberships_shown(response):
    return sorted(
        (m.role.code, m.organisation.name, m.scheme.slug) for m in response.context["memberships"]
    )


def test_the_profile_page_lists_the_users_memberships(client, cast):
    log_in(client, cast.north_referent)

    response = client.get(PROFILE)

    assert response.status_code == 200
    assert memberships_shown(response) == [("partner_referent", "Habitat Nord", "rivebourg")]
    html = response.content.decode()
    assert "Référent partenaire" in html
    assert "Habitat Nord" in html
    assert 'href="/dispositifs/rivebourg/"' in html
    assert "helene@example.invalid" in html


def test_a_neighbourhood_perimeter_lists_its_neighbourhoods(client, cast):
    log_in(client, cast.pres_viewer)

    response = client.get(PROFILE)

    assert memberships_shown(response) == [("partner_viewer", "Ville de Rivebourg", "rivebourg")]
    assert "Les Prés" in response.content.decode()


def test_a_manager_sees_only_their_own_memberships_not_those_of_the_scheme(client, cast):
    """Managers may see every membership of their scheme elsewhere; not on their profile."""
    log_in(client, cast.operator_manager)

    response = client.get(PROFILE)

    assert memberships_shown(response) == [("operator_manager", "Médiateurs Unis", "rivebourg")]
    html = response.content.decode()
    assert "Référent partenaire" not in html
    assert "Agent de terrain" not in html
    for other in ["Hélène", "Yanis", "Sonia", "helene@", "yanis@"]:
        assert other not in html


def test_an_inactive_membership_is_not_listed(client, cast):
    cast.supervisor.memberships.update(is_active=False)
    log_in(client, cast.supervisor)

    response = client.get(PROFILE)

    assert memberships_shown(response) == []


def test_a_user_without_a_role_sees_an_empty_list(client, cast):
    log_in(client, cast.nobody)

    response = client.get(PROFILE)

    assert response.status_code == 200
    assert memberships_shown(response) == []
    assert "Rivebourg" not in response.content.decode()


def test_another_schemes_partner_sees_nothing_of_rivebourg(client, cast):
    log_in(client, cast.other_partner)

    response = client.get(PROFILE)

    assert memberships_shown(response) == [("partner_referent", "ASL Autreville", "autreville")]
    html = response.content.decode()
    assert "Rivebourg" not in html
    assert "Habitat Nord" not in html


def test_the_profile_lists_only_the_users_own_tokens(client, cast):
    mine, _raw = api_token_create(user=cast.north_referent, name="Mon logiciel")
    theirs, _raw = api_token_create(user=cast.south_referent, name="Logiciel de Logis Sud")
    log_in(client, cast.north_referent)

    response = client.get(PROFILE)

    assert list(response.context["tokens"]) == [mine]
    html = response.content.decode()
    assert "Mon logiciel" in html
    assert mine.prefix in html
    assert "Logiciel de Logis Sud" not in html
    assert theirs.prefix not in html
    assert f"/compte/jetons/{theirs.pk}/revoquer/" not in html


def test_the_administrator_profile_lists_no_one_elses_membership(client, cast):
    log_in(client, cast.admin)

    response = client.get(PROFILE)

    assert memberships_shown(response) == []
    html = response.content.decode()
    assert "Référent partenaire" not in html
    assert "Hélène" not in html
