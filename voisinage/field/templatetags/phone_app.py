"""``{% phone_app user scheme as app %}``: what the phone script of every page needs to keep the
agent's data on the device (None for a page outside a scheme where the user records)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from voisinage.accounts.access import has_capability

register = template.Library()


@register.simple_tag
def phone_app(user: Any, scheme: Any) -> dict[str, str] | None:
    if scheme is None or not user.is_authenticated:
        return None
    if not has_capability(user, scheme.pk, "can_record"):
        return None
    slug = scheme.slug
    return {
        "slug": slug,
        "entrances": reverse("api:offline_entrances", args=[slug]),
        "codes": reverse("api:get_field_codes", args=[slug]),
        "outbox": reverse("field:outbox", args=[slug]),
        "record": reverse("field:record", args=[slug]),
    }
