"""How a reader's part of a digest is laid out (page, e-mail, PDF): which lines are worth a row,
which patrol passages are only counted, and where each neighbourhood's notable events are.

Nothing here decides what a reader may see (that is ``compile.reading_for``); it only arranges
the lines they already have."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy

from voisinage.field.models import Origin

# What an intervention may say besides where and when; a patrol passage with none of these is
# "nothing to report" and is grouped with the others at its entrance.
SAID = ("material", "behaviour", "actions", "result", "climate", "narrative")
NOTABLE_CLIMATES = ("orange", "red")
# The statistics blocks of the summary (page, e-mail, PDF): the key in ``Reading.stats``, its title.
STAT_BLOCKS = (
    ("origin", gettext_lazy("By origin")),
    ("activity", gettext_lazy("By activity")),
    ("neighbourhood", gettext_lazy("By neighbourhood")),
    ("landlord", gettext_lazy("By landlord")),
    ("situation", gettext_lazy("By situation found")),
    ("climate", gettext_lazy("By residence climate")),
)


def is_bare_passage(line: dict[str, Any]) -> bool:
    """A patrol passage where nothing was found, done or noted."""
    return (
        line.get("origin") == Origin.PATROL
        and not line.get("sensitive")
        and not any(line.get(key) for key in SAID)
    )


def is_notable(line: dict[str, Any]) -> bool:
    """The ambiance's "notable event": coded orange or red, or an emergency service alerted
    (the same rule as ``ambiance._counts``)."""
    return line.get("climate") in NOTABLE_CLIMATES or bool(line.get("alerted"))


@dataclass
class PassageGroup:
    """The bare patrol passages at one place, in the order of the night."""

    place: str
    landlord: str
    neighbourhood: str
    lines: list[dict[str, Any]] = field(default_factory=list)

    @property
    def times(self) -> list[str]:
        return [line["arrival"] for line in self.lines]


@dataclass
class Layout:
    detailed: list[dict[str, Any]]
    passages: list[PassageGroup]
    passage_count: int
    # Neighbourhood name → its notable lines (for the ambiance table's links).
    notable: dict[str, list[dict[str, Any]]]


def layout(lines: list[dict[str, Any]]) -> Layout:
    detailed: list[dict[str, Any]] = []
    groups: dict[tuple[str, str], PassageGroup] = {}
    notable: dict[str, list[dict[str, Any]]] = {}
    for line in lines:
        if is_notable(line) and line.get("neighbourhood"):
            notable.setdefault(line["neighbourhood"], []).append(line)
        if not is_bare_passage(line):
            detailed.append(line)
            continue
        key = (line.get("entrance") or line["place"], line["place"])
        if key not in groups:
            groups[key] = PassageGroup(
                place=line["place"],
                landlord=line.get("landlord", ""),
                neighbourhood=line.get("neighbourhood", ""),
            )
        groups[key].lines.append(line)
    # By neighbourhood, then in the order of the night (the lines come in it; sorted is stable).
    passages = sorted(groups.values(), key=lambda g: g.neighbourhood)
    return Layout(
        detailed=detailed,
        passages=passages,
        passage_count=sum(len(g.lines) for g in passages),
        notable=notable,
    )


def ambiance_rows(
    rows: list[dict[str, Any]], notable: dict[str, list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    """The ambiance rows with the reader's notable lines of each neighbourhood attached."""
    return [{**row, "notable_lines": notable.get(row["neighbourhood"], [])} for row in rows]
