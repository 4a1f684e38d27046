"""The contract of the ``digest`` extension point: a block of the daily digest contributed by an
app (calls, instructions, reports…), returned by its ``digest.py``'s
``digest_sections(scheme, night) -> list[Section]``. The digests app compiles and cuts them."""

from __future__ import annotations

from collections.abc import Callable
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
    # Summarises the count of the rows a reader gets, e.g. "3 calls about 2 events" (each real
    # event counted once): a module-level function of the rows, called when the digest is read.
    counted_by: Callable[[list[dict[str, Any]]], str] | None = None
    # Where the section goes among the others (smaller first).
    order: int = 50
