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
