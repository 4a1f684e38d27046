"""A daytime scheme reads as a day's work: its menu group, logbook and dashboard say « Journée »,
« Jour », « par journée » where a night scheme says « Nuit », « nuit », « par soirée »; its
dashboard has no patrol figures when it does not patrol; the dashboard never links into the
future; the overview's stock-table title stays readable on a phone."""

from __future__ import annotations

from datetime import time, timedelta
from html import unescape

import pytest
from django.urls import reverse

from voisinage.conftest import log_in
from voisinage.lib import clock
from voisinage.schemes.models import Capability, Scheme, ServiceHoursRule
from voisinage.schemes.selectors import scheme_works_in_daytime, with_daytime


def hours(scheme: Scheme, *shifts: tuple[time, time]) -> None:
    ServiceHoursRule.objects.filter(scheme=scheme).delete()
    for position, (start, end) in enumerate(shifts):
        ServiceHoursRule.objects.create(
            scheme=scheme,
            position=position,
            start_month=1,
            start_day=1,
            end_month=12,
            end_day=31,
            weekdays="01234",
            starts_at=start,
            ends_at=end,
        )


def daytime(scheme: Scheme) -> Scheme:
    """Humanicité's shape: weekdays 09:00–18:00, no patrols nor courtesy visits."""
    hours(scheme, (time(9), time(18)))
    scheme.capabilities = [
        c for c in Capability.values if c not in (Capability.PATROLS, Capability.COURTESY_VISITS)
    ]
    scheme.save(update_fields=["capabilities"])
    return scheme


@pytest.mark.parametrize(
    ("shifts", "expected"),
    [
        ([(time(9), time(18))], True),
        ([(time(6), time(12)), (time(13), time(23, 59))], True),
        ([(time(18), time(1))], False),  # across midnight
        ([(time(17), time(0))], False),  # up to midnight
        ([(time(5), time(12))], False),  # before 06:00
        ([(time(9), time(18)), (time(20), time(2))], False),  # one night rule is enough
        ([], False),  # no hours yet: the night wording stays
    ],
)
def test_a_scheme_works_in_daytime_when_every_rule_is_within_a_day(cast, shifts, expected):
    hours(cast.scheme, *shifts)
    assert scheme_works_in_daytime(cast.scheme) is expected
    # The navigation reads the same rule in the scheme's own query.
    annotated = with_daytime(Scheme.objects.filter(pk=cast.scheme.pk)).get()
    assert annotated.works_in_daytime is expected
    assert scheme_works_in_daytime(annotated) is expected


def _page(client, user, url: str, **params: str) -> str:
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_the_logbook_of_a_day_scheme_says_day_and_a_night_scheme_s_says_night(cast, client):
    url = reverse("field:logbook", args=[cast.scheme.slug])
    night = _page(client, cast.supervisor, url)
    assert "Nuit du " in night
    assert 'aria-label="Nuit précédente"' in night
    assert "Nuit</" in night  # the menu group
    assert "Journée" not in night

    daytime(cast.scheme)
    day = _page(client, cast.supervisor, url)
    assert "Journée du " in day
    assert 'aria-label="Journée précédente"' in day
    assert "Journée</" in day
    assert "Nuit du " not in day
    assert "Nuit</" not in day
    assert "Nuit précédente" not in day


def test_the_dashboard_of_a_day_scheme_counts_by_day_without_patrol_figures(cast, client):
    url = reverse("analytics:dashboard", args=[cast.scheme.slug])
    night = _page(client, cast.operator_manager, url)
    assert "Interventions par soirée" in night
    assert "Entrées visitées en veille" in night
    assert "Visites de courtoisie réalisées" in night

    daytime(cast.scheme)
    day = _page(client, cast.operator_manager, url)
    assert "Interventions par journée" in day
    assert "par soirée" not in day
    assert "Entrées visitées en veille" not in day
    assert "Objectif de veille atteint" not in day
    assert "Visites de courtoisie réalisées" not in day
    assert '<option value="night">Jour</option>' in day
    # What the scheme does measure is still there.
    assert "Interventions réalisées" in day or 'data-testid="kpi-interventions"' in day


def test_the_dashboard_links_to_the_next_period_only_when_it_has_begun(cast, client):
    url = reverse("analytics:dashboard", args=[cast.scheme.slug])
    current = _page(client, cast.operator_manager, url, periode="month")
    assert 'data-testid="next-period"' not in current
    assert "Période suivante" not in current
    assert "Période précédente" in current

    earlier = (clock.today().replace(day=1) - timedelta(days=40)).isoformat()
    past = _page(client, cast.operator_manager, url, periode="month", date=earlier)
    assert 'data-testid="next-period"' in past
    assert "Période suivante" in past


def test_the_stock_table_title_sits_above_the_scrolled_table(cast, client):
    page = _page(client, cast.operator_manager, reverse("territory:overview", args=["rivebourg"]))
    title = page.index('data-testid="stock-table-title"')
    box = page.index('<div class="table-wrap">', title)
    assert box < page.index('data-testid="stock-table"', title + 30)
    assert "Entrées et logements par quartier et par bailleur" in page[title:box]
    table = page[box : page.index("</table>", box)]
    assert "<caption" not in table
    assert 'aria-labelledby="stock-table-title"' in table


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_a_360_px_phone_the_stock_table_title_is_whole(cast, browser_page, live_server):
    browser_page.set_viewport_size({"width": 360, "height": 780})
    log_in(browser_page, "olivier")
    browser_page.goto(reverse("territory:overview", args=["rivebourg"]))
    title = browser_page.get_by_test_id("stock-table-title")
    box = title.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 360
    assert title.evaluate("e => e.scrollWidth <= e.clientWidth")
    assert title.inner_text().endswith("par bailleur")
