"""A report raised from an intervention: the category follows the situation found (a scheme's
own mapping, data), the position is a pin on a map rather than two numbers to type, and the
photo reaches the partner with the e-mail."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from voisinage.field.logbook.services import field_codes_ensure_defaults, intervention_record
from voisinage.field.models import FieldCode
from voisinage.reports.models import Report
from voisinage.reports.services import Place, report_create
from voisinage.reports.tests.helpers import WEDNESDAY
from voisinage.reports.tests.test_photos import jpeg_with_exif

CREATE = "/dispositifs/rivebourg/signalements/nouveau/"


def found(cast, *codes: str):
    field_codes_ensure_defaults(scheme=cast.scheme)
    ids = FieldCode.objects.filter(scheme=cast.scheme, code__in=codes).values_list("pk", flat=True)
    return intervention_record(
        scheme=cast.scheme,
        author=cast.agent,
        started_at=WEDNESDAY,
        origin="patrol",
        entrance=cast.north_entrances[0],
        situation_ids=list(ids),
    )[0]


def selected_category(page: str) -> str:
    """The label of the category the form starts with ("" for none)."""
    select = page.split('name="category"')[1].split("</select>")[0]
    chosen = [o for o in select.split("<option")[1:] if "selected" in o]
    if not chosen or 'value=""' in chosen[0]:
        return ""
    return chosen[0].split(">", 1)[1].split("<")[0]


def test_the_category_follows_the_situation_found(cast, reporting, client):
    intervention = found(cast, "eclairage")  # « Panne d'éclairage » in the logbook
    client.force_login(cast.supervisor)
    page = client.get(f"{CREATE}?intervention={intervention.pk}").content.decode()
    assert selected_category(page) == "Éclairage en panne"


def test_the_mapping_is_the_scheme_s_own_data(cast, reporting, client):
    hygiene = reporting.categories["hygiene"]
    hygiene.situation_codes = ["bruit"]
    hygiene.full_clean()
    hygiene.save()
    intervention = found(cast, "bruit")
    client.force_login(cast.supervisor)
    page = client.get(f"{CREATE}?intervention={intervention.pk}").content.decode()
    assert selected_category(page) == hygiene.label
    # A situation no category lists leaves the choice to the agent.
    nothing = found(cast, "rodeo")
    page = client.get(f"{CREATE}?intervention={nothing.pk}").content.decode()
    assert selected_category(page) == ""


def test_situation_codes_must_be_a_list_of_codes(reporting):
    category = reporting.categories["tags"]
    category.situation_codes = "tags"
    with pytest.raises(ValidationError):
        category.full_clean()


def test_the_position_is_a_pin_not_two_numbers_to_type(cast, reporting, client):
    client.force_login(cast.agent)
    page = client.get(CREATE).content.decode()
    assert 'type="hidden" name="lat"' in page
    assert 'type="hidden" name="lon"' in page
    assert 'for="id_lat"' not in page
    assert "Latitude" not in page
    assert 'id="pin-map"' in page
    assert "js/report-pin.js" in page
    # The map opens on the entrances the agent may see.
    assert 'data-lat="' in page
    created = client.post(
        CREATE,
        {
            "category": reporting.categories["encombrants"].pk,
            "urgency": "normal",
            "place_label": "Parking du stade",
            "description": "Canapé abandonné.",
            "lat": "47.221500",
            "lon": "5.955100",
            "idempotency_key": "pin-1",
        },
    )
    assert created.status_code == 302
    from voisinage.reports.models import Report

    report = Report.objects.get()
    assert (round(report.lat, 4), round(report.lon, 4)) == (47.2215, 5.9551)


def test_the_photo_is_attached_to_the_partner_s_e_mail(
    cast, reporting, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report_create(
            scheme=cast.scheme,
            author=cast.agent,
            category=reporting.categories["ascenseur"],
            description="Ascenseur bloqué, porte palière forcée",
            place=Place(entrance=cast.north_entrances[0]),
            photos=[jpeg_with_exif(), jpeg_with_exif()],
        )
    # One e-mail per reader of the recipient organisation (Habitat Nord's referents who may read
    # the report), each with the photos.
    assert cast.north_referent.email in {to for m in mailoutbox for to in m.to}
    number = Report.objects.get().pk
    for message in mailoutbox:
        assert len(message.to) == 1
        assert "2 photos sont jointes." in message.body
        assert [(name, mime) for name, _data, mime in message.attachments] == [
            (f"signalement-{number}-photo-1.jpg", "image/jpeg"),
            (f"signalement-{number}-photo-2.jpg", "image/jpeg"),
        ]
    with Image.open(io.BytesIO(message.attachments[0][1])) as photo:
        assert photo.format == "JPEG"
        assert not photo.getexif()  # the stored, cleaned photo: no position, no phone


def test_the_intervention_is_named_by_its_day_in_a_daytime_scheme(cast, reporting, client):
    from html import unescape

    from voisinage.tests.test_daytime_scheme import daytime

    intervention = found(cast, "eclairage")
    client.force_login(cast.supervisor)
    url = f"{CREATE}?intervention={intervention.pk}"
    assert ", nuit du " in unescape(client.get(url).content.decode())
    daytime(cast.scheme)
    page = unescape(client.get(url).content.decode())
    assert ", journée du " in page
    assert ", nuit du " not in page
