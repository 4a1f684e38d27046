"""The digest words the results and climate levels the scheme's way: its page, its e-mail (text
and PDF) and the ambiance, for the whole night and a partial perimeter alike."""

from __future__ import annotations

from django.urls import reverse

from voisinage.digests.services import digest_dispatch
from voisinage.digests.tests.conftest import at
from voisinage.field.logbook import scale_settings
from voisinage.field.models import Scale
from voisinage.tests.pdf import pdf_text


def test_the_digest_shows_the_schemes_wording(
    scripted_night, client, mailoutbox, django_capture_on_commit_callbacks
):
    cast = scripted_night.cast
    for scale, code, label in (
        (Scale.RESULT, "resolved", "Réglé sur place"),
        (Scale.CLIMATE, "yellow", "Incivilités"),
    ):
        scale_settings.scale_level_rename(
            scheme=cast.scheme, author=cast.operator_manager, scale=scale, code=code, label=label
        )
    with django_capture_on_commit_callbacks(execute=True):
        digest_dispatch(scheme=cast.scheme, night=scripted_night.night, now=at(15, 7, 30))
    north = next(m for m in mailoutbox if m.to == [cast.north_referent.email])
    assert "Réglé sur place · Incivilités" in north.body
    assert "Résolu" not in north.body
    ((_name, pdf, _mime),) = north.attachments
    text = pdf_text(pdf)
    assert "Réglé sur place" in text
    assert "Incivilités" in text
    client.force_login(cast.north_referent)  # a partial perimeter: its own ambiance
    page = client.get(reverse("digests:detail", args=["rivebourg", "2025-06-14"])).content
    assert "Réglé sur place" in page.decode()
    assert "Jaune — incivilités récurrentes" not in page.decode()
