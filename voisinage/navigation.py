"""The shell's navigation. Each app may add entries for a scheme through ``<app>/nav.py``,
which defines ``scheme_entries(user, scheme) -> list[NavEntry]``; entries are sorted by
``order``. The current page is marked by its full view name (``namespace:name``)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec
from typing import TYPE_CHECKING, Protocol

from django.apps import apps

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme


@dataclass(frozen=True)
class NavEntry:
    order: int
    label: str | Promise
    view_name: str
    # Other view names under which this entry is the current one (sub-pages).
    also_active_for: tuple[str, ...] = ()


class NavProvider(Protocol):
    def scheme_entries(self, user: AnyUser, scheme: Scheme) -> list[NavEntry]: ...


def providers() -> list[NavProvider]:
    found = []
    for config in apps.get_app_configs():
        if config.name.startswith("voisinage.") and find_spec(f"{config.name}.nav"):
            found.append(import_module(f"{config.name}.nav"))
    return found  # type: ignore[return-value]


def scheme_entries(user: AnyUser, scheme: Scheme) -> list[NavEntry]:
    entries: list[NavEntry] = []
    for provider in providers():
        entries.extend(provider.scheme_entries(user, scheme))
    return sorted(entries, key=lambda e: e.order)
