"""The digest's PDF (Typst): what people typed prints as they typed it, markup characters
included, and the document is laid out as before (title, night, sections, page number)."""

from __future__ import annotations

from django.urls import reverse

from voisinage.digests.services import digest_dispatch
from voisinage.digests.tests.conftest import at, record
from voisinage.tests.pdf import pdf_text

# Characters that mean something in Typst markup and code.
PLACE = "Cour #3 $x$ *a* _b_ @c <d> \\e [f]"
NARRATIVE = 'Tag « #set text(red) » et `code` // fin = "1"'


def test_markup_characters_typed_by_people_print_literally(
    scripted_night, client, django_capture_on_commit_callbacks
):
    cast = scripted_night.cast
    record(
        cast,
        at(14, 22, 15),
        entrance=None,
        other_place_kind="public_space",
        other_place_label=PLACE,
        neighbourhood=cast.pres,
        origin="own_initiative",
        narrative=NARRATIVE,
    )
    with django_capture_on_commit_callbacks(execute=True):
        digest_dispatch(scheme=cast.scheme, night=scripted_night.night, now=at(15, 7, 30))
    client.force_login(cast.operator_manager)
    response = client.get(reverse("digests:pdf", args=["rivebourg", "2025-06-14"]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert PLACE in text
    assert NARRATIVE in text
    assert "Rivebourg — compte rendu de la nuit du samedi 14 juin 2025" in text
    assert "Version 1 · envoyé le 15 juin 2025, 07:30" in text
    for heading in ("Synthèse", "Ambiance par quartier", "Interventions"):
        assert heading in text
    pages = [page for page in text.split("\f") if page.strip()]
    for number, page in enumerate(pages, start=1):
        assert page.rstrip().endswith(str(number))  # the page number, bottom right
