"""Photos are stored without their EXIF metadata (position, phone, date)."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from voisinage.reports.models import ReportPhoto
from voisinage.reports.photos import clean_photo
from voisinage.reports.services import Place, report_create


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "PhoneModel 12"  # Model
    exif[0x0132] = "2025:06:11 22:30:00"  # DateTime
    exif[0x0112] = 6  # Orientation: rotated
    gps = {1: "N", 2: (47.0, 14.0, 24.0), 3: "E", 4: (6.0, 1.0, 12.0)}
    exif[0x8825] = gps  # GPSInfo
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    data = out.getvalue()
    assert Image.open(io.BytesIO(data)).getexif()  # the test photo does carry EXIF
    return data


def test_the_stored_photo_has_no_exif_and_is_upright(cast, reporting):
    result = report_create(
        scheme=cast.scheme,
        author=cast.agent,
        category=reporting.categories["tags"],
        description="Tags dans le hall",
        place=Place(entrance=cast.north_entrances[0]),
        photos=[jpeg_with_exif()],
    )
    photo = ReportPhoto.objects.get(occurrence=result.occurrence)
    with photo.image.open("rb") as f:
        stored = f.read()
    image = Image.open(io.BytesIO(stored))
    assert dict(image.getexif()) == {}
    assert b"Exif" not in stored
    assert b"PhoneModel" not in stored
    assert "exif" not in image.info
    # Orientation 6 was applied to the pixels: 64×48 became 48×64.
    assert (image.width, image.height) == (48, 64) == (photo.width, photo.height)


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_is_written(cast, reporting, english):
    with pytest.raises(ValidationError, match="not a photo"):
        report_create(
            scheme=cast.scheme,
            author=cast.agent,
            category=reporting.categories["tags"],
            description="Tags",
            place=Place(entrance=cast.north_entrances[0]),
            photos=[b"%PDF-1.4 not a photo"],
        )
    from voisinage.reports.models import Report

    assert not Report.objects.exists()


def test_png_with_transparency_becomes_a_plain_jpeg():
    image = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, format="PNG")
    clean = clean_photo(out.getvalue())
    assert clean.content[:2] == b"\xff\xd8"


def test_a_social_situation_s_photos_are_read_as_its_description(cast, reporting, client):
    """Logis Sud reads the social report made at its entrance, not its photo."""
    from django.urls import reverse

    result = report_create(
        scheme=cast.scheme,
        author=cast.agent,
        category=reporting.categories["personne-vulnerable"],
        description="Personne âgée isolée",
        place=Place(entrance=cast.south_entrances[0]),
        photos=[jpeg_with_exif()],
    )
    photo = ReportPhoto.objects.get(occurrence=result.occurrence)
    url = reverse("reports:photo", args=["rivebourg", photo.pk])
    report = reverse("reports:detail", args=["rivebourg", result.report.pk])
    for user, status in ((cast.south_referent, 404), (cast.supervisor, 200), (cast.admin, 200)):
        client.force_login(user)
        assert client.get(report).status_code == 200
        assert client.get(url).status_code == status, user
    # Each photo shown is in the log of access to personal data; a refusal writes nothing.
    from voisinage.desk.models import PersonalDataView

    logged = PersonalDataView.objects.filter(where="reports:photo")
    assert sorted(v.user_id for v in logged) == sorted([cast.admin.pk, cast.supervisor.pk])
    assert {v.record for v in logged} == {f"photo n° {photo.pk}"}
    client.force_login(cast.operator_manager)
    audit = client.get(reverse("desk:audit", args=["rivebourg"])).content.decode()
    assert f"photo n° {photo.pk}" in audit
