"""PDF documents from templates (WeasyPrint), in French: the digests, the ambiance summaries,
the monthly summary and the review. Nothing is fetched while rendering (images are embedded as
data URIs by the callers)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation


def render_pdf(template: str, context: dict[str, Any], *, language: str = "fr") -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(template, context)
    return HTML(string=html, base_url=None).write_pdf() or b""
