""" "Ce soir pour moi": what is for the agent tonight, gathered from the apps.

Each app may add items through ``<app>/tonight.py``, which defines
``tonight_items(user, scheme, night) -> list[TonightItem]`` (the same extension point as the
navigation's ``nav.py``): the desk gives the calls and instructions dispatched to the agent, the
field app its planned patrol entries and due courtesy visits. Every provider reads through
``visible_to`` / ``access_*`` for the user, so the page holds only what the agent may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import import_module
from importlib.util import find_spec
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlencode

from django.apps import apps
from django.urls import reverse

from voisinage.lib import clock
from voisinage.lib.service_hours import service_night
from voisinage.schemes.selectors import scheme_service_hours

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.field.logbook.models import Intervention
    from voisinage.schemes.models import Scheme

# Kinds, in the order the page shows them.
CALL = "call"
INSTRUCTION = "instruction"
PATROL = "patrol"
COURTESY = "courtesy"
KINDS = (CALL, INSTRUCTION, PATROL, COURTESY)


@dataclass(frozen=True)
class TonightItem:
    kind: str
    title: str
    place: str
    url: str  # where the item opens: the record page with its prefill, or a page
    at: datetime | None = None
    detail: str = ""
    urgent: bool = False
    done: bool = False
    # Data attributes the phone script reads (e.g. the call to mark "on site" when opened).
    data: dict[str, str] = field(default_factory=dict)


class TonightProvider(Protocol):
    def tonight_items(self, user: AnyUser, scheme: Scheme, night: date) -> list[TonightItem]: ...


def providers() -> list[TonightProvider]:
    found = []
    for config in apps.get_app_configs():
        if config.name.startswith("voisinage.") and find_spec(f"{config.name}.tonight"):
            found.append(import_module(f"{config.name}.tonight"))
    return found  # type: ignore[return-value]


def tonight_night(scheme: Scheme) -> date:
    """The service night we are in (or whose day it is), as the patrol list decides it."""
    return service_night(clock.now(), scheme_service_hours(scheme)).night


def tonight_for(user: AnyUser, scheme: Scheme, night: date) -> dict[str, list[TonightItem]]:
    """The items of every provider, by kind in the page's order (empty kinds left out), each
    kind's items urgent first, then by time."""
    by_kind: dict[str, list[TonightItem]] = {kind: [] for kind in KINDS}
    for provider in providers():
        for item in provider.tonight_items(user, scheme, night):
            by_kind.setdefault(item.kind, []).append(item)
    return {
        kind: sorted(items, key=lambda i: (not i.urgent, i.done, i.at is None, i.at or clock.now()))
        for kind, items in by_kind.items()
        if items
    }


def record_url(
    scheme: Scheme,
    *,
    origin: str,
    entrance_code: str = "",
    pending: Intervention | None = None,
    label: str = "",
    on_site: str = "",
) -> str:
    """The recording page, pre-filled by the phone script from its query: the origin, the
    entrance, and for a dispatched call or instruction the pending intervention to complete
    (its id and version, so the entry completes it instead of recording a second one) and, for
    a call, the API route that marks the team on site when the agent opens it."""
    query: dict[str, str | int] = {"origine": origin}
    if entrance_code:
        query["entree"] = entrance_code
    if label:
        query["libelle"] = label
    if pending is not None:
        query["intervention"] = pending.pk
        query["version"] = pending.version
        if pending.narrative:
            query["texte"] = pending.narrative
        if pending.other_place_kind:
            query["autre"] = pending.other_place_kind
    if on_site:
        query["arrivee"] = on_site
    return f"{reverse('field:record', args=[scheme.slug])}?{urlencode(query)}"
