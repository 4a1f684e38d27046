"""The Done-when of the settings area, in a real Chromium: the operator manager — not staff, no
admin — creates Mons-en-Barœul through the wizard and the settings pages, invites the City's
referent, who accepts, chooses a password and sees Mons only."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import Page, expect

from voisinage.accounts.demo_users import DEMO_PASSWORD
from voisinage.accounts.models import User
from voisinage.conftest import screenshot
from voisinage.schemes.models import Scheme

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def section(page: Page, title: str) -> None:
    page.locator("nav.settings-sections").get_by_role("link", name=title, exact=True).click()
    expect(page.locator("h1")).to_have_text(title)


def add_form(page: Page, action: str = "add"):
    return page.locator(f"form:has(input[name=action][value={action}])")


def saved(page: Page) -> None:
    expect(page.locator(".messages")).to_contain_text("Enregistré")


def test_the_operator_manager_sets_up_mons_and_invites_the_citys_referent(browser_page: Page):
    call_command(
        "load_demo",
        "--no-activity",
        "--scenario",
        "besancon",
        "--scenario",
        "humanicite",
        verbosity=0,
    )
    manager = User.objects.get(username="operateur")
    assert not manager.is_staff
    assert not manager.is_superuser
    page = browser_page
    page.goto("/compte/connexion/")
    page.fill("#id_username", "operateur")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.get_by_role("link", name="Nouveau dispositif").click()

    # The wizard: the daytime template, Mons' 9 activities.
    page.get_by_label("Médiation de quartier en journée").check()
    page.fill("#id_name", "Médiation sociale du Nouveau Mons")
    page.fill("#id_slug", "mons-en-baroeul")
    page.select_option("#id_operator", label="Citéo")
    page.fill("#id_starts_on", "2019-12-01")
    page.select_option("#id_activity_preset", "mons")
    page.get_by_role("button", name="Créer le dispositif").click()
    expect(page.locator("h1")).to_have_text("Paramètres du dispositif")
    # The menu follows the daytime shape: no patrols, no instructions.
    expect(page.locator("nav.settings-sections")).not_to_contain_text("Appels et consignes")

    section(page, "Membres")
    for name, kind, role in (
        ("Ville de Mons-en-Barœul", "city", "coordinator"),
        ("Partenord Habitat", "landlord", "landlord"),
    ):
        page.fill("#id_name", name)
        page.select_option("#id_kind", kind)
        page.select_option("#id_role", role)
        page.get_by_role("button", name="Ajouter").click()
        saved(page)
    expect(page.locator("main table").first).to_contain_text("Partenord Habitat")

    section(page, "Activités")
    expect(page.locator("table.settings-list tbody tr")).to_have_count(9)

    section(page, "Horaires d'intervention")
    page.locator("form:has(input[name=action][value=remove]) button").first.click()
    saved(page)
    form = add_form(page)
    form.locator("#id_start_day").fill("1")
    form.locator("#id_start_month").fill("1")
    form.locator("#id_end_day").fill("31")
    form.locator("#id_end_month").fill("12")
    for day in ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"):
        form.get_by_label(day, exact=True).check()
    form.locator("#id_starts_at").fill("09:00")
    form.locator("#id_ends_at").fill("19:00")
    form.get_by_role("button", name="Ajouter").click()
    saved(page)
    expect(page.locator("main table").first).to_contain_text("09:00 – 19:00")

    section(page, "Quartiers")
    page.fill("#id_name", "Nouveau Mons")
    page.select_option("#id_kind", "priority")
    add_form(page).get_by_role("button", name="Ajouter").click()
    saved(page)

    section(page, "Résidences et entrées")
    for code, dwellings in (("PH-001", "140"), ("PH-002", "96")):
        form = add_form(page)
        form.locator("#id_code").fill(code)
        form.locator("#id_address").fill(f"{code[-1]} avenue du Nouveau Mons")
        form.locator("#id_landlord").select_option(label="Partenord Habitat")
        form.locator("#id_neighbourhood").select_option(label="Nouveau Mons")
        form.locator("#id_dwellings").fill(dwellings)
        form.get_by_role("button", name="Ajouter").click()
        saved(page)
    expect(page.locator("table.settings-list tbody tr")).to_have_count(2)

    section(page, "Marché avec l'opérateur")
    page.fill("#id_reference", "Marché de médiation sociale")
    page.fill("#id_starts_on", "2019-12-01")
    page.fill("#id_initial_term_months", "12")
    page.fill("#id_renewals", "2")
    page.fill("#id_annual_amount_cents", "160 000,00 €")
    page.get_by_role("button", name="Ajouter").click()
    saved(page)
    expect(page.locator("main table").first).to_contain_text(re.compile(r"160\s000 €"))

    section(page, "Personnes")
    page.fill("#id_email", "referente@mons.example")
    page.select_option("#id_organisation", label="Ville de Mons-en-Barœul")
    page.select_option("#id_role", "partner_referent")
    page.select_option("#id_perimeter", "scheme")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    saved(page)
    screenshot(page, "settings-people-desktop")
    page.set_viewport_size({"width": 360, "height": 800})
    screenshot(page, "settings-people-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.locator("table.settings-changes")).to_contain_text("referente@mons.example")

    # The City's referent opens the e-mailed link, chooses a password, sees Mons only.
    assert [m.to for m in mail.outbox] == [["referente@mons.example"]]
    link = re.search(r"https?://[^/\s]+(/compte/invitation/\S+/)", str(mail.outbox[0].body))
    assert link is not None
    page.context.clear_cookies()
    page.goto(link.group(1))
    page.fill("#id_username", "referente.mons")
    page.fill("#id_password1", "Nouveau Mons 2019 !")
    page.fill("#id_password2", "Nouveau Mons 2019 !")
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url(re.compile(r"/dispositifs/mons-en-baroeul/"))
    for slug in ("besancon", "humanicite"):
        response = page.goto(f"/dispositifs/{slug}/")
        assert response is not None
        assert response.status == 404, slug
    response = page.goto("/dispositifs/mons-en-baroeul/fiche/")
    assert response is not None
    assert response.status == 200
    expect(page.locator("main")).to_contain_text("Partenord Habitat")
    mons = Scheme.objects.get(slug="mons-en-baroeul")
    assert mons.activities.count() == 9
    assert mons.entrances.count() == 2
