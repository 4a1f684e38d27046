"""The contract of the ``home`` extension point: what an app's ``home.py`` returns.

``home_panels(user, scheme) -> list[HomePanel]`` gives the app's panels of a landlord's
referent's home (``territory:overview``): what waits for them — reports to answer, tonight's
instructions and last night's outcome, last night's digest. An app returns none for a
capability the scheme does not use. Panels are sorted by ``order``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class HomePanel:
    order: int
    template: str
    context: dict[str, Any] = field(default_factory=dict)
