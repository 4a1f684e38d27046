"""The PDF documents (WeasyPrint): the review (same content as the deck) and the monthly
summary. Rendered from templates; the map is embedded as a data URI, nothing is fetched."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import translation

if TYPE_CHECKING:
    from voisinage.analytics.documents.content import MonthlySummary, Review


def _pdf(template: str, context: dict[str, object]) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]

    with translation.override("fr"):
        html = render_to_string(template, context)
    return HTML(string=html, base_url=None).write_pdf()


def review_pdf(review: Review) -> bytes:
    return _pdf(
        "analytics/pdf/review.html",
        {
            "review": review,
            "map_uri": "data:image/png;base64," + base64.b64encode(review.map_png).decode(),
        },
    )


def summary_pdf(summary: MonthlySummary) -> bytes:
    return _pdf("analytics/pdf/summary.html", {"summary": summary})
