"""``{% scale_label scheme "result" i.result %}``: a result or climate level as the scheme words
it (one query per request and scheme: ``field.logbook.scales.scale_labels``)."""

from __future__ import annotations

from typing import Any

from django import template

from voisinage.field.logbook.scales import scale_labels

register = template.Library()


@register.simple_tag
def scale_label(scheme: Any, scale: str, code: str) -> str:
    if not code:
        return ""
    return scale_labels(scheme).label(scale, code)
