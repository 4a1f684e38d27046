"""What a scheme's home page shows a person, beyond the housing stock: each app may add panels
through ``<app>/home.py``, which defines ``home_panels(user, scheme, profile) ->
list[HomePanel]`` (the profile is ``navigation.nav_profile``'s). Panels are sorted by ``order``.

A landlord's referent opens the product for what waits for them — reports to answer,
tonight's instructions and last night's outcome, last night's digest — so their home is made
of these panels (``schemes.views.detail``); the housing stock and its map are one link away."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any, Protocol

from django.apps import apps

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.navigation import NavProfile
    from voisinage.schemes.models import Scheme


@dataclass(frozen=True)
class HomePanel:
    order: int
    template: str
    context: dict[str, Any] = field(default_factory=dict)


class HomeProvider(Protocol):
    def home_panels(
        self, user: AnyUser, scheme: Scheme, profile: NavProfile
    ) -> list[HomePanel]: ...


def providers() -> list[HomeProvider]:
    found = []
    for config in apps.get_app_configs():
        if config.name.startswith("voisinage.") and find_spec(f"{config.name}.home"):
            found.append(import_module(f"{config.name}.home"))
    return found  # type: ignore[return-value]


def home_panels(user: AnyUser, scheme: Scheme, profile: NavProfile) -> list[HomePanel]:
    panels: list[HomePanel] = []
    for provider in providers():
        panels.extend(provider.home_panels(user, scheme, profile))
    return sorted(panels, key=lambda p: p.order)
