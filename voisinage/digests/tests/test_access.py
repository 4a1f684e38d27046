"""The digest's own routes walked as every persona: a sent digest is readable by every member
of the scheme, each within their perimeter; a draft only by operator staff; writes only by
supervisors; 404 alike for missing and forbidden."""

from __future__ import annotations

import pytest
from django.urls import reverse

from voisinage.accounts.services import api_token_create
from voisinage.digests.models import AmbianceOverride, Digest, DigestVersion
from voisinage.digests.services import digest_compile, digest_dispatch
from voisinage.digests.tests.conftest import at
from voisinage.digests.tests.matrix import RIVEBOURG
from voisinage.tests.pdf import pdf_text

NIGHT = "2025-06-14"
OPERATOR = {"supervisor", "agent", "operator_manager", "centre_supervisor", "admin"}
SUPERVISORS = {"supervisor", "operator_manager", "centre_supervisor", "admin"}


@pytest.fixture
def sent(scripted_night, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        digest_dispatch(
            scheme=scripted_night.cast.scheme, night=scripted_night.night, now=at(15, 7, 30)
        )
    return scripted_night


@pytest.mark.parametrize(
    "name", ["digests:detail", "digests:pdf", "api:get_digest", "api:get_digest_pdf"]
)
def test_a_sent_digest_as_every_persona(sent, client, name):
    url = reverse(name, args=["rivebourg", NIGHT])
    for persona, user in sent.cast.personas().items():
        if name.startswith("api:"):
            _token, raw = api_token_create(user=user, name="matrix")
            response = client.get(url, headers={"authorization": f"Bearer {raw}"})
        else:
            client.force_login(user)
            response = client.get(url)
        assert response.status_code == (200 if persona in RIVEBOURG else 404), persona


def test_a_missing_night_and_a_malformed_one_are_404(sent, client):
    client.force_login(sent.cast.supervisor)
    for night in ("2025-06-13", "2025-13-40", "hier"):
        assert client.get(reverse("digests:detail", args=["rivebourg", night])).status_code == 404


def test_a_draft_is_seen_by_operator_staff_only(scripted_night, client):
    digest_compile(scheme=scripted_night.cast.scheme, night=scripted_night.night)
    url = reverse("digests:detail", args=["rivebourg", NIGHT])
    for persona, user in scripted_night.cast.personas().items():
        client.force_login(user)
        assert client.get(url).status_code == (200 if persona in OPERATOR else 404), persona


def test_each_reader_sees_its_perimeter_on_the_page_and_in_the_api(sent, client):
    cast = sent.cast
    client.force_login(cast.south_referent)
    page = client.get(reverse("digests:detail", args=["rivebourg", NIGHT])).content.decode()
    assert "19:05" in page
    assert "21:10" not in page
    assert "Habitat Nord" not in page
    data = client.get(reverse("api:get_digest", args=["rivebourg", NIGHT])).json()
    assert [line["arrival"] for line in data["interventions"]] == ["19:05"]
    assert data["whole_night"] is False
    pdf = client.get(reverse("digests:pdf", args=["rivebourg", NIGHT])).content
    text = pdf_text(pdf)
    assert "19:05" in text
    assert "21:10" not in text


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("digests:prepare", SUPERVISORS),
        ("digests:validate", SUPERVISORS),
        # The override names Les Prés: Centre's supervisor may not change it.
        ("digests:ambiance_override", SUPERVISORS - {"centre_supervisor"}),
    ],
)
def test_writes_as_every_persona(scripted_night, client, name, allowed):
    cast = scripted_night.cast
    digest_compile(scheme=cast.scheme, night=scripted_night.night)
    args = ["rivebourg"] if name == "digests:ambiance_override" else ["rivebourg", NIGHT]
    url = reverse(name, args=args)
    data = {"neighbourhood": cast.pres.pk, "level": "orange", "reason": "Test"}
    for persona, user in cast.personas().items():
        client.force_login(user)
        response = client.post(url + "?periode=week&date=2025-06-14", data)
        assert response.status_code == (302 if persona in allowed else 404), persona
    if name == "digests:ambiance_override":
        assert AmbianceOverride.objects.get().level == "orange"


def test_sending_as_every_persona(scripted_night, client, mailoutbox):
    cast = scripted_night.cast
    url = reverse("digests:send", args=["rivebourg", NIGHT])
    digest_compile(scheme=cast.scheme, night=scripted_night.night)
    for persona, user in cast.personas().items():
        if persona in SUPERVISORS:
            continue
        client.force_login(user)
        assert client.post(url).status_code == 404, persona
    assert DigestVersion.objects.filter(sent_at__isnull=False).count() == 0
    client.force_login(cast.supervisor)
    assert client.post(url).status_code == 302
    assert Digest.objects.get().first_sent_at is not None


def test_a_get_on_a_write_route_is_refused(scripted_night, client):
    client.force_login(scripted_night.cast.supervisor)
    response = client.get(reverse("digests:prepare", args=["rivebourg", NIGHT]))
    assert response.status_code == 405


def test_the_ambiance_pdf_holds_the_readers_neighbourhoods(scripted_night, client):
    from voisinage.conftest import ARTIFACTS
    from voisinage.tests.pdf import pdf_to_png

    url = reverse("digests:ambiance_pdf", args=["rivebourg"]) + "?periode=week&date=2025-06-14"
    client.force_login(scripted_night.cast.city_officer)
    pdf = client.get(url).content
    text = pdf_text(pdf)
    assert "Les Prés" in text
    assert "Centre" in text
    pdf_to_png(pdf, ARTIFACTS / "ambiance-city")
    client.force_login(scripted_night.cast.south_referent)
    text = pdf_text(client.get(url).content)
    assert "Centre" in text
    assert "Les Prés" not in text


def test_managers_set_the_dispatch_time_and_recipients_and_bad_input_changes_nothing(
    scripted_night, client
):
    from voisinage.digests.models import DigestRecipient, DigestSettings

    cast = scripted_night.cast
    url = reverse("digests:settings", args=["rivebourg"])
    client.force_login(cast.operator_manager)
    late = client.post(url, {"dispatch_time": "08:15", "organisations": [str(cast.city.pk)]})
    assert late.status_code == 200
    assert "avant son heure limite (8 h)" in late.content.decode()
    assert (
        not DigestSettings.objects.filter(scheme=cast.scheme)
        .exclude(dispatch_time="07:30")
        .exists()
    )
    assert DigestRecipient.objects.filter(scheme=cast.scheme, is_active=True).count() == 3
    ok = client.post(
        url,
        {"dispatch_time": "06:45", "is_enabled": "on", "organisations": [str(cast.city.pk)]},
    )
    assert ok.status_code == 302
    assert str(DigestSettings.objects.get(scheme=cast.scheme).dispatch_time) == "06:45:00"
    active = DigestRecipient.objects.filter(scheme=cast.scheme, is_active=True)
    assert list(active.values_list("organisation_id", flat=True)) == [cast.city.pk]
