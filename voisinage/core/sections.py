"""The contract of the ``digest`` extension point: a block of the daily digest contributed by an
app (calls, instructions, reports…), returned by its ``digest.py``'s
``digest_sections(scheme, night) -> list[Section]``. The digests app compiles and cuts them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model


@dataclass
class Section:
    """``model`` is the class whose ``objects.visible_to(user)`` decides which rows (by their
    ``"id"``) a reader gets; ``columns`` are (key, label) pairs shown in that order."""

    key: str
    title: str
    model: type[Model]
    columns: list[tuple[str, str]]
    rows: list[dict[str, Any]] = field(default_factory=list)
    # A summary of the count, e.g. "3 calls about 2 events" (each real event counted once).
    count_label: str = ""
    # Where the section goes among the others (smaller first).
    order: int = 50
