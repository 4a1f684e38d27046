"""Evaluation registers as data: every avoided-cost type a scheme defines is counted on the
evaluation page (and by ``evaluation_lines``, which the summary and the deck read), reference
figures quoted from outside are shown apart, and bad types or figures are refused in French."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from pptx import Presentation

from voisinage.analytics import services
from voisinage.analytics.documents.content import build_monthly_summary, build_review
from voisinage.analytics.documents.deck import build_deck
from voisinage.analytics.documents.pdf import summary_pdf
from voisinage.analytics.evaluation import evaluation_lines
from voisinage.analytics.indicators import Filters, Scope
from voisinage.analytics.models import AvoidedCostUnit, ReferenceFigure
from voisinage.analytics.periods import period_from
from voisinage.analytics.tests.test_pages import MARCH
from voisinage.schemes.models import SettingChange
from voisinage.schemes.tests.settings_walk import call, refused, walk
from voisinage.tests.pdf import pdf_text

LILLE = "Métropole européenne de Lille, plan de développement de la médiation sociale (RTES)"


def _presence_type(cast):
    return services.avoided_cost_type_save(
        scheme=cast.scheme,
        author=cast.operator_manager,
        code="presence-active",
        label="Présence active",
        counted_as="activity",
        counted_code="presence",
        unit="passage",
        unit_cost_cents=10_00,
        reference_figure="10 € le passage",
        source="Étude du dispositif, 2025",
    )


def test_every_type_is_counted_and_references_are_kept_apart(dataset, client):
    cast = dataset.cast
    _presence_type(cast)
    services.reference_figure_add(
        scheme=cast.scheme,
        author=cast.operator_manager,
        register="economic",
        label="Contentieux évités",
        figure="−385 500 €",
        source=LILLE,
    )
    client.force_login(cast.operator_manager)
    html = client.get(reverse("analytics:evaluation", args=["rivebourg"]), MARCH).content.decode()
    measured, references = html.split('data-testid="reference-figures"')
    assert 'data-testid="avoided-presence-active"' in measured
    assert "Présence active" in measured
    assert "10 € le passage" in measured
    # 550 € of the three defaults + one presence at 10 €; the reference is not added.
    assert "560" in measured.split('data-testid="avoided-total"')[1][:60]
    assert "−385 500 €" in references
    assert LILLE in references
    assert "385 500" not in measured.split('data-testid="avoided-costs"')[1].split("<tfoot>")[1]


def test_evaluation_lines_are_measured_in_the_readers_perimeter(dataset):
    cast = dataset.cast
    _presence_type(cast)
    period = period_from("month", "2026-03-15", None, None, today=date(2026, 4, 1))
    lines = evaluation_lines(Scope(cast.north_referent, cast.scheme, period, Filters()))
    counts = {line.event: line.count for line in lines.measured}
    assert counts == {
        "conflict_resolved": 1,
        "anomaly_reported": 1,
        "handed_over": 1,
        "presence-active": 1,
    }
    assert lines.measured_total == 410
    assert lines.references == []


def test_the_summary_and_the_deck_show_every_type_and_the_references_apart(dataset):
    cast = dataset.cast
    _presence_type(cast)
    services.reference_figure_add(
        scheme=cast.scheme,
        author=cast.operator_manager,
        register="economic",
        label="Contentieux évités",
        figure="−385 500 €",
        source=LILLE,
    )
    with translation.override("fr"):
        summary = build_monthly_summary(cast.admin, cast.scheme, date(2026, 3, 1))
        text = " ".join(pdf_text(summary_pdf(summary)).split())
        review = build_review(cast.admin, cast.scheme, summary.period)
        deck = Presentation(io.BytesIO(build_deck(review)))
    measured, quoted = text.split("Chiffres de référence (cités, non mesurés)")
    assert "Coûts évités estimés (mesurés dans la main courante)" in measured
    assert "Présence active" in measured
    assert "Étude du dispositif, 2025" in measured
    assert "Contentieux évités" in quoted
    assert "−385 500 €" in quoted
    assert "385 500" not in measured  # a reference is never added to what was measured
    slides = [
        " ".join(
            cell.text
            for shape in slide.shapes
            if shape.has_table
            for row in shape.table.rows
            for cell in row.cells
        )
        for slide in deck.slides
    ]
    assert any("Présence active" in s for s in slides)
    assert any("Contentieux évités" in s and "Présence active" not in s for s in slides)


def test_bad_types_and_figures_are_refused_in_french_and_change_nothing(dataset):
    cast = dataset.cast
    base = {
        "scheme": cast.scheme,
        "author": cast.operator_manager,
        "code": "transport",
        "label": "Trajet sécurisé",
        "counted_as": "activity",
        "counted_code": "presence",
        "unit": "trajet",
        "unit_cost_cents": 500,
        "source": "Étude",
    }
    with pytest.raises(ValidationError, match="Indiquez l'unité"):
        services.avoided_cost_type_save(**{**base, "unit": " "})
    with pytest.raises(ValidationError, match="Indiquez la source"):
        services.avoided_cost_type_save(**{**base, "source": ""})
    with pytest.raises(ValidationError, match="aucune activité"):
        services.avoided_cost_type_save(**{**base, "counted_code": "inconnue"})
    with pytest.raises(ValidationError, match="Indiquez la source"):
        services.reference_figure_add(
            scheme=cast.scheme,
            author=cast.operator_manager,
            register="economic",
            label="Dégradations",
            figure="−60 à −75 %",
            source="",
        )
    assert not AvoidedCostUnit.objects.filter(event="transport").exists()
    assert not ReferenceFigure.objects.exists()
    assert not SettingChange.objects.filter(section=services.EVALUATION).exists()


def test_the_settings_page_and_api_are_for_managers_only(dataset, client):
    cast = dataset.cast
    url = reverse("schemes:settings_section", args=["rivebourg", services.EVALUATION])
    client.force_login(cast.operator_manager)
    response = client.post(
        url,
        {
            "action": "type",
            "code": "guichet",
            "label": "Orientation au guichet",
            "counted_as": "handed_over",
            "unit": "",
            "unit_cost": "12,50",
            "source": "Étude",
        },
    )
    assert response.status_code == 400
    assert "unité comptée" in response.content.decode()
    assert not AvoidedCostUnit.objects.filter(event="guichet").exists()
    api = lambda name, *args: reverse(f"api:{name}", args=["rivebourg", *args])  # noqa: E731
    body = {
        "code": "guichet",
        "label": "Orientation au guichet",
        "counted_as": "handed_over",
        "unit": "personne orientée",
        "unit_cost_cents": 1250,
        "source": "Étude",
    }
    figure = {
        "evaluation_register": "recognition",
        "label": "Fréquentation",
        "figure": "+9 %",
        "source": LILLE,
    }
    walk(
        cast,
        client,
        [
            (
                "PUT",
                api("save_avoided_cost_type"),
                body,
                lambda: AvoidedCostUnit.objects.filter(event="guichet").exists(),
            ),
            (
                "POST",
                api("add_reference_figure"),
                figure,
                lambda: ReferenceFigure.objects.filter(figure="+9 %").exists(),
            ),
        ],
    )
    detail = refused(
        client,
        cast.operator_manager,
        "POST",
        api("add_reference_figure"),
        {**figure, "figure": "−60 à −75 %", "source": " "},
    )
    assert "Indiquez la source" in detail
    saved = call(client, cast.operator_manager, "GET", api("get_evaluation_settings")).json()
    assert [r["figure"] for r in saved["reference_figures"]] == ["+9 %"]
    assert "guichet" in [t["code"] for t in saved["avoided_cost_types"]]
    pk = saved["reference_figures"][0]["id"]
    assert (
        call(client, cast.city_officer, "DELETE", api("remove_reference_figure", pk)).status_code
        == 404
    )
    assert (
        call(
            client, cast.operator_manager, "DELETE", api("remove_reference_figure", pk)
        ).status_code
        == 204
    )
    assert not ReferenceFigure.objects.exists()
