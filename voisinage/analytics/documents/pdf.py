"""The PDF documents (WeasyPrint): the review (same content as the deck) and the monthly
summary. Rendered from templates; the map is embedded as a data URI, nothing is fetched."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

from voisinage.lib.pdf import render_pdf

if TYPE_CHECKING:
    from voisinage.analytics.documents.content import MonthlySummary, Review


def review_pdf(review: Review) -> bytes:
    return render_pdf(
        "analytics/pdf/review.html",
        {
            "review": review,
            "map_uri": "data:image/png;base64," + base64.b64encode(review.map_png).decode(),
        },
    )


def summary_pdf(summary: MonthlySummary) -> bytes:
    return render_pdf("analytics/pdf/summary.html", {"summary": summary})
