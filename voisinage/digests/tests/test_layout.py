"""How the digest reads: patrol passages with nothing to report are grouped by entrance (not a
row of dashes each), an ambiance without any climate coded is « non renseigné », French
punctuation, the wording of a corrected version, the notable events one click away, and plain
text e-mails without HTML entities or empty codes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from voisinage.digests.services import digest_compile, digest_dispatch
from voisinage.digests.tests.conftest import at, codes, record
from voisinage.factories import NeighbourhoodFactory
from voisinage.field.logbook.services import intervention_update
from voisinage.field.models import DutyAssignment
from voisinage.tests.pdf import pdf_text

NBSP = "\u00a0"


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    def dispatch(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return digest_dispatch(**kwargs)

    return dispatch


@pytest.fixture
def patrolled(scripted_night):
    """The scripted night plus 30 patrol passages with nothing to report at three entrances."""
    cast = scripted_night.cast
    entrances = [cast.north_entrances[0], cast.north_entrances[1], cast.south_entrances[0]]
    for n in range(30):
        record(cast, at(14, 18 + n // 6, (n % 6) * 10), entrance=entrances[n % 3])
    return scripted_night


def _page(client, user, night):
    """The digest's page (the draft, compiled now, for the operator's staff)."""
    digest_compile(scheme=user.memberships.get().scheme, night=night)
    client.force_login(user)
    response = client.get(reverse("digests:detail", args=["rivebourg", night.isoformat()]))
    assert response.status_code == 200
    return response.content.decode()


def test_passages_with_nothing_to_report_are_one_line_per_entrance(patrolled, client, send):
    cast = patrolled.cast
    page = _page(client, cast.supervisor, patrolled.night)
    # The four interventions that say something keep their row; the 30 passages are grouped.
    lines = page.split('data-testid="lines"')[1].split("</table>")[0]
    assert lines.count('<tr id="intervention-') == 4
    passages = page.split('data-testid="passages"')[1].split("</table>")[0]
    assert passages.count("<tr>") == 4  # header + three entrances
    assert "30 passages dans 3 lieux" in page
    assert "Constaté : —" not in page

    send(scheme=cast.scheme, night=patrolled.night, now=at(15, 7, 30))
    from django.core import mail

    (city,) = [m for m in mail.outbox if m.to == [cast.city_officer.email]]
    ((_name, pdf, _type),) = city.attachments
    text = pdf_text(pdf)
    assert "Constaté : —" not in text
    assert "Réalisé : —" not in text
    assert "30 passages dans 3 lieux" in text
    assert text.count("\f") == 2  # two pages, where a row per passage took three
    assert "30 passages dans 3 lieux" in city.body
    assert " →  · " not in city.body


def test_a_neighbourhood_without_any_climate_coded_reads_not_filled_in(scripted_night, client):
    cast = scripted_night.cast
    vignes = NeighbourhoodFactory.create(scheme=cast.scheme, name="Les Vignes")
    record(
        cast,
        at(14, 20),
        entrance=None,
        other_place_kind="public_space",
        neighbourhood=vignes,
        origin="own_initiative",
    )
    page = _page(client, cast.supervisor, scripted_night.night)
    ambiance = page.split('data-testid="ambiance"')[1].split("</table>")[0]
    row = ambiance.split("<strong>Les Vignes</strong>")[1].split("</tr>")[0]
    assert "non renseigné" in row


def test_on_duty_has_its_french_non_breaking_space(scripted_night, client):
    cast = scripted_night.cast
    DutyAssignment.objects.create(
        scheme=cast.scheme, night=scripted_night.night, user=cast.agent, position="agent"
    )
    page = _page(client, cast.supervisor, scripted_night.night)
    assert f"En service{NBSP}:" in page
    assert "En service:" not in page


def test_notable_events_are_linked_from_the_ambiance(scripted_night, client, send):
    cast = scripted_night.cast
    send(scheme=cast.scheme, night=scripted_night.night, now=at(15, 7, 30))
    page = _page(client, cast.city_officer, scripted_night.night)
    ambiance = page.split('data-testid="ambiance"')[1].split("</table>")[0]
    # The call at 00:30 (orange, police alerted) is Centre's notable event.
    target = f"#intervention-{scripted_night.north_sensitive.pk}"
    assert f'href="{target}"' in ambiance
    assert f'id="{target[1:]}"' in page


def test_a_correction_sent_by_hand_is_not_said_to_have_left_unvalidated(
    scripted_night, send, mailoutbox
):
    cast = scripted_night.cast
    send(scheme=cast.scheme, night=scripted_night.night, now=at(15, 7, 30), automatic=True)
    first = next(m for m in mailoutbox if m.to == [cast.city_officer.email])
    assert "sans la validation de l'encadrant" in first.body
    assert "(non validé)" in first.subject
    mailoutbox.clear()
    intervention_update(
        intervention=scripted_night.south,
        user=cast.supervisor,
        can_supervise=True,
        action_ids=codes(cast.scheme, "signalement-bailleur", "dialogue"),
    )
    digest_compile(scheme=cast.scheme, night=scripted_night.night)
    send(scheme=cast.scheme, night=scripted_night.night, now=at(15, 9, 40))
    second = next(m for m in mailoutbox if m.to == [cast.city_officer.email])
    for part in (second.body, second.alternatives[0][0]):
        assert "sans la validation" not in part
        assert "heure d'envoi" not in part
        assert "correction envoyée par l'encadrant" in part
    assert "non validé" not in second.subject


def test_the_plain_text_e_mail_has_no_html_entities_and_no_empty_codes(
    scripted_night, send, mailoutbox
):
    cast = scripted_night.cast
    # Nothing coded but the origin, whose label has an apostrophe.
    record(cast, at(14, 22, 15), entrance=cast.north_entrances[1], origin="partner_request")
    send(scheme=cast.scheme, night=scripted_night.night, now=at(15, 7, 30))
    body = next(m for m in mailoutbox if m.to == [cast.city_officer.email]).body
    assert "Demande d'un partenaire" in body
    assert "&#x27;" not in body
    assert "&amp;" not in body
    line = next(row for row in body.splitlines() if row.startswith("22:15"))
    assert line.endswith("Demande d'un partenaire")
    assert "→" not in line
