"""The review deck and the PDFs, re-opened: python-pptx for the deck's native charts,
LibreOffice (real soffice, headless) for its conversion to PDF, pdftotext for the PDFs."""

import io
import os
import shutil
import subprocess
from datetime import date

import pytest
from django.db.models import Count
from django.utils import translation
from pptx import Presentation

from voisinage.analytics.documents.content import build_monthly_summary, build_review
from voisinage.analytics.documents.deck import build_deck
from voisinage.analytics.documents.pdf import review_pdf, summary_pdf
from voisinage.analytics.periods import Period, PeriodKind
from voisinage.analytics.services import monthly_note_save, review_note_save
from voisinage.field.models import Intervention
from voisinage.tests.pdf import pdf_text

# Reads the real date (today, tonight, the current period): scripts/test also runs it at
# 23:59 and 05:59 Paris time.
pytestmark = [pytest.mark.django_db, pytest.mark.time_sensitive]
SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
H1 = Period.around(PeriodKind.HALF_YEAR, date(2026, 3, 1))


def charts(deck_bytes: bytes) -> dict[str, tuple[list[str], list[list[float]]]]:
    """Each chart of the deck by its slide's title: categories and series values."""
    found = {}
    for slide in Presentation(io.BytesIO(deck_bytes)).slides:
        title = slide.shapes[0].text_frame.text
        for shape in slide.shapes:
            if shape.has_chart:
                plot = shape.chart.plots[0]
                found[title] = (list(plot.categories), [list(s.values) for s in plot.series])
    return found


def deck_text(deck_bytes: bytes) -> str:
    parts = []
    for slide in Presentation(io.BytesIO(deck_bytes)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts.extend(c.text for c in shape.table.iter_cells())
            if shape.has_chart:
                parts.extend(str(c) for c in shape.chart.plots[0].categories)
    return "\n".join(parts)


def test_the_decks_chart_series_are_the_databases_figures(dataset):
    cast = dataset.cast
    review_note_save(
        scheme=cast.scheme,
        starts_on=H1.first,
        ends_on=H1.last,
        proposals="Renforcer le vendredi.\nÉtendre les visites.",
        version=0,
        user=cast.operator_manager,
    )
    with translation.override("en"):
        deck = build_deck(build_review(cast.admin, cast.scheme, H1))
        found = charts(deck)
        text = deck_text(deck)
    months, (period, last_year) = found["Interventions by month"]
    assert len(months) == 6
    assert period == [0.0, 1.0, 6.0, 0.0, 0.0, 0.0]
    assert last_year == [0.0, 0.0, 1.0, 0.0, 0.0, 0.0]
    db = dict(
        Intervention.objects.filter(scheme=cast.scheme, night__range=(H1.first, H1.last))
        .values_list("landlord__name")
        .annotate(n=Count("pk"))
    )
    landlords, (values,) = found["Interventions by landlord"]
    assert dict(zip(landlords, values, strict=True)) == {k: float(v) for k, v in db.items()}
    assert dict(
        zip(
            *found["Interventions by neighbourhood"][0:1],
            found["Interventions by neighbourhood"][1][0],
            strict=True,
        )
    ) == {"Les Prés": 5.0, "Centre": 2.0}
    assert "Renforcer le vendredi." in text
    assert "Étendre les visites." in text
    # The desk and the reports are installed: their slides carry (here empty) figures.
    assert "not recorded in Voisinage yet" not in text
    delays, (medians, p90s) = found["Response times"]
    assert len(delays) == 3
    assert medians == p90s == [None, None, None]  # no call, no instruction in this dataset
    assert found["Reports and partners' feedback"][1] == [[0.0] * 6]
    assert "Rivebourg" in text


def test_a_landlord_referents_deck_and_pdf_hold_only_its_stock(dataset, tmp_path):
    cast = dataset.cast
    with translation.override("en"):
        review = build_review(cast.north_referent, cast.scheme, H1)
        deck = build_deck(review)
        text = deck_text(deck)
        found = charts(deck)
        pdf = pdf_text(review_pdf(review))
    assert found["Interventions by landlord"][0] == ["Habitat Nord"]
    assert found["Interventions by landlord"][1] == [[5.0]]
    assert found["Interventions by neighbourhood"][0] == ["Les Prés"]
    assert "Logis Sud" not in text
    assert "Centre" not in text
    assert "Logis Sud" not in pdf
    assert "Habitat Nord" in pdf


def test_libreoffice_converts_the_deck_to_pdf(dataset, tmp_path):
    cast = dataset.cast
    with translation.override("fr"):
        deck = build_deck(build_review(cast.admin, cast.scheme, H1))
    source = tmp_path / "bilan.pptx"
    source.write_bytes(deck)
    env = {**os.environ, "HOME": str(tmp_path)}  # LibreOffice writes its profile there
    done = subprocess.run(
        [
            SOFFICE,
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    converted = tmp_path / "bilan.pdf"
    assert converted.exists(), done.stdout + done.stderr
    text = pdf_text(converted.read_bytes())
    assert "Rivebourg" in text
    assert "Habitat Nord" in text


def test_the_review_pdf_has_the_decks_content_in_french_formats(dataset, tmp_path):
    cast = dataset.cast
    review_note_save(
        scheme=cast.scheme,
        starts_on=H1.first,
        ends_on=H1.last,
        proposals="Proposition unique.",
        version=0,
        user=cast.supervisor,
    )
    text = pdf_text(review_pdf(build_review(cast.admin, cast.scheme, H1)))
    assert "Rivebourg" in text
    assert "1er janvier 2026" in text
    assert "30 juin 2026" in text
    assert "Habitat Nord" in text
    assert "Logis Sud" in text
    assert "Proposition unique." in text
    assert "66,7" in text  # resolved on the spot: 4 of the 6 with a result, in French


def test_the_monthly_summary_pdf_carries_the_analysis(dataset, tmp_path):
    cast = dataset.cast
    monthly_note_save(
        scheme=cast.scheme,
        month=date(2026, 3, 1),
        analysis="Mois calme à Centre.\n#1 *priorité* : $x$ _y_ @z <w> \\ fin",
        recommendations="Patrouiller HN-1.",
        version=0,
        user=cast.supervisor,
    )
    summary = build_monthly_summary(cast.admin, cast.scheme, date(2026, 3, 1))
    text = pdf_text(summary_pdf(summary))
    # What the supervisor typed prints as typed, line breaks kept, never read as Typst markup.
    lines = [line.strip() for line in text.splitlines()]
    assert "Mois calme à Centre." in lines
    assert "#1 *priorité* : $x$ _y_ @z <w> \\ fin" in lines
    assert "Patrouiller HN-1." in text
    assert "mars 2026" in text
    assert "60,0" in text  # resolved on the spot in March
