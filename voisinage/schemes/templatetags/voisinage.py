"""Template filters for French display of money and weekdays."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

from voisinage.schemes.models import WEEKDAY_LABELS

register = template.Library()


@register.filter
def euros(cents: int | None) -> str:
    """12345678 → "123 456,78 €" (whole euros shown without decimals)."""
    if cents is None:
        return "—"
    whole, rest = divmod(int(cents), 100)
    if rest == 0:
        return f"{number_format(whole, force_grouping=True)} €"
    return f"{number_format(cents / 100, decimal_pos=2, force_grouping=True)} €"


@register.filter
def weekday_names(value: str) -> str:
    """ "012345" → "lundi, mardi, …" (or a range "lundi – samedi" when consecutive)."""
    days = sorted(int(c) for c in value or "")
    if not days:
        return "—"
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{WEEKDAY_LABELS[days[0]]} – {WEEKDAY_LABELS[days[-1]]}"
    return ", ".join(str(WEEKDAY_LABELS[d]) for d in days)


@register.simple_tag
def bar_width(part: float | int | None, whole: float | int | None) -> str:
    """The class giving a progress bar its width: part/whole as "w-0" … "w-100".

    Widths are classes (app.css), not style attributes, because the Content-Security-Policy
    allows no inline style; the share is clamped to 0–100 and rounded to the percent.
    """
    try:
        share = 100 * float(part or 0) / float(whole or 0)
    except ZeroDivisionError:
        share = 0.0
    return f"w-{max(0, min(100, round(share)))}"
