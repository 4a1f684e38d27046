"""The contract of the ``settings_area`` extension point: the sections of a scheme's settings
area ("Paramètres du dispositif").

An app's ``settings_area.py`` defines ``settings_sections(scheme) -> list[SettingsSection]``:
the pages through which the scheme's managers change what that app owns (territory's
neighbourhoods and entrances, the desk's call natures…). The area (``schemes``) checks access
once — a manager of the scheme, 404 for anyone else — then hands the request to the section's
``view``, which reads and writes only through its app's selectors and services. Sections are
sorted by ``order``; ``key`` is the section's URL segment, unique across the apps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpResponse
    from django.utils.functional import Promise


@dataclass(frozen=True)
class SettingsSection:
    order: int
    key: str
    title: str | Promise
    # (request, scheme) -> response; called only for a manager of the scheme.
    view: Callable[[Any, Any], HttpResponse]
    summary: str | Promise = ""
