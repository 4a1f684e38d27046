"""The digest and the ambiance summary as PDF: their data for the Typst templates
(``digests/digest.typ``, ``digests/ambiance.typ``), every string translated and formatted in
French here, for one reader's part only (the ``Reading`` or the rows already cut to them)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from voisinage.digests.compile import Reading
from voisinage.digests.presentation import STAT_BLOCKS, ambiance_rows, layout
from voisinage.lib import clock
from voisinage.lib.dates import format_date
from voisinage.lib.pdf import render_pdf

if TYPE_CHECKING:
    from voisinage.digests.ambiance import NeighbourhoodAmbiance
    from voisinage.digests.models import DigestVersion
    from voisinage.schemes.models import Scheme

LANGUAGE = "fr"


def _n(value: int) -> str:
    return str(formats.localize(value, use_l10n=True))


def _subtitle(version: DigestVersion, zone: str) -> str:
    parts = [_("Version %(number)s") % {"number": version.number}]
    if version.sent_at:
        at = clock.local(version.sent_at, zone)
        parts.append(_("sent %(at)s") % {"at": format_date(at, "j F Y, H:i")})
    return " · ".join(parts)


def _summary(reading: Reading) -> dict[str, Any]:
    content = reading.content
    count = len(reading.interventions)
    head = [ngettext("%(n)s intervention", "%(n)s interventions", count) % {"n": _n(count)}]
    if content.get("shift"):
        shift = content["shift"]
        head.append(
            _("service from %(start)s to %(end)s")
            % {"start": shift["start"][11:16], "end": shift["end"][11:16]}
        )
    if content.get("staff"):
        staff = ", ".join(
            f"{s['name']} ({s['position']}{', ' + s['team'] if s.get('team') else ''})"
            for s in content["staff"]
        )
    elif reading.staff_count:
        n = reading.staff_count
        staff = ngettext("%(n)s person", "%(n)s people", n) % {"n": _n(n)}
    else:
        staff = ""
    return {
        "head": " · ".join(head),
        "limited": "" if reading.whole else _("limited to your perimeter"),
        "staff_label": _("On duty:"),
        "staff": staff,
        "stats": [
            {
                "title": f"{title} :",
                "text": " · ".join(f"{label} {_n(n)}" for label, n in reading.stats[key]) or "—",
            }
            for key, title in STAT_BLOCKS
        ],
    }


def _line(line: dict[str, Any]) -> dict[str, Any]:
    """One intervention as the PDF prints it: the time and place in bold, then the rest."""
    rest = f" ({line['landlord']})" if line.get("landlord") else ""
    if line.get("neighbourhood"):
        rest += f", {line['neighbourhood']}"
    rest += f" · {line['origin_label']}"
    if line.get("activities"):
        rest += f" ({', '.join(line['activities'])})"
    if line.get("climate_label"):
        rest += f" · {_('Climate')} : {line['climate_label']}"
    found = ", ".join([*line.get("material", []), *line.get("behaviour", [])])
    detail = []
    if found:
        detail.append(f"{_('Found')} : {found}")
    if line.get("actions"):
        detail.append(f"{_('Done')} : {', '.join(line['actions'])}")
    if line.get("result_label"):
        detail.append(f"{_('Result')} : {line['result_label']}")
    if line.get("narrative"):
        narrative = line["narrative"]
    elif line.get("sensitive"):
        narrative = _("Narrative withheld (sensitive)")
    else:
        narrative = ""
    departure = f"–{line['departure']}" if line.get("departure") else ""
    return {
        "id": line["id"],
        "climate": line.get("climate") or "",
        "time": f"{line['arrival']}{departure}",
        "place": line["place"],
        "rest": rest,
        "detail": " · ".join(detail),
        "narrative": narrative,
    }


def _level(row: dict[str, Any]) -> dict[str, str]:
    if row.get("level"):
        return {"level": row["level"], "label": row.get("level_label") or row["level"]}
    return {"level": "", "label": pgettext("ambiance level", "not filled in")}


def digest_data(version: DigestVersion, reading: Reading) -> dict[str, Any]:
    digest = version.digest
    scheme = digest.scheme
    arranged = layout(reading.interventions)
    night = format_date(digest.night, "l j F Y")
    return {
        "title": _("Digest of the night of %(night)s") % {"night": format_date(digest.night)},
        "heading": f"{scheme.name} — " + _("digest of the night of %(night)s") % {"night": night},
        "subtitle": _subtitle(version, scheme.time_zone),
        "validation": _("validated by the supervisor")
        if version.validated
        else _("not validated by the supervisor"),
        "validated": bool(version.validated),
        "summary_title": _("Summary"),
        "summary": _summary(reading),
        "ambiance_title": _("Ambiance by neighbourhood"),
        "ambiance_header": [_("Neighbourhood"), _("Level"), _("Interventions"), _("Notable")],
        "ambiance": [
            {
                "neighbourhood": row["neighbourhood"],
                **_level(row),
                "interventions": _n(row["interventions"]),
                "notable": _n(row["notable"]),
                "notable_lines": [
                    {"id": line["id"], "time": line["arrival"]} for line in row["notable_lines"]
                ],
            }
            for row in ambiance_rows(reading.content.get("ambiance", []), arranged.notable)
        ],
        "interventions_title": _("Interventions"),
        "lines": [_line(line) for line in arranged.detailed],
        "passages_title": ngettext(
            "Patrol passages with nothing to report: %(n)s passage at %(places)s place(s)",
            "Patrol passages with nothing to report: %(n)s passages at %(places)s place(s)",
            arranged.passage_count,
        )
        % {"n": _n(arranged.passage_count), "places": _n(len(arranged.passages))},
        "passages": [
            {
                "neighbourhood": group.neighbourhood or "—",
                "place": group.place,
                "times": [{"id": line["id"], "time": line["arrival"]} for line in group.lines],
            }
            for group in arranged.passages
        ],
        "empty": ""
        if reading.interventions
        else _("No intervention in your perimeter this night."),
        "sections": [
            {
                "title": section["title"],
                "count": section.get("count_label", "") if section["rows"] else "",
                "header": [label for _key, label in section["columns"]],
                "rows": [[cell[1] or "—" for cell in row["cells"]] for row in section["rows"]],
            }
            for section in reading.sections
        ],
        "nothing": _("Nothing in your perimeter."),
    }


def digest_pdf(version: DigestVersion, reading: Reading) -> bytes:
    with translation.override(LANGUAGE):
        return render_pdf("digests/digest.typ", digest_data(version, reading))


def _trend(trend: str | None) -> str:
    words = {"worse": f"↗ {_('worse')}", "better": f"↘ {_('better')}", "same": f"→ {_('stable')}"}
    return words.get(trend or "", "—")


def ambiance_data(
    scheme: Scheme, rows: list[NeighbourhoodAmbiance], *, period: str, start: date, end: date
) -> dict[str, Any]:
    """The ambiance summary of a period: ``rows`` are already the reader's neighbourhoods."""
    if period == "week":
        when = _("Week of %(start)s to %(end)s") % {
            "start": format_date(start, "j F"),
            "end": format_date(end, "j F Y"),
        }
    else:
        when = format_date(start, "F Y").capitalize()
    return {
        "title": _("Ambiance by neighbourhood"),
        "heading": f"{scheme.name} — {_('ambiance by neighbourhood')}",
        "period": when,
        "header": [
            _("Neighbourhood"),
            _("Level"),
            _("Trend"),
            _("Interventions"),
            _("Climates coded"),
            _("Notable events"),
        ],
        "rows": [
            {
                "neighbourhood": row.neighbourhood,
                **_level({"level": row.level, "level_label": row.level_label}),
                "reason": f"{_('set by the supervisor:')} {row.override_reason}"
                if row.override_reason
                else "",
                "trend": _trend(row.trend),
                "interventions": _n(row.interventions),
                "counts": [{"level": level, "n": _n(n)} for level, n in row.counts.items() if n],
                "notable": _n(row.notable),
            }
            for row in rows
        ],
        "empty": _("Nothing coded in your perimeter for this period."),
        "note": _(
            "Level: red when a serious incident (red) was coded; orange when delinquent "
            "activity (orange) was coded, or when yellow codes are at least 3 and half of the "
            "coded interventions; yellow when incivilities were coded; green when everything "
            "coded was calm; no level without coded interventions. The trend compares with the "
            "previous period."
        ),
    }


def ambiance_summary_pdf(
    scheme: Scheme, rows: list[NeighbourhoodAmbiance], *, period: str, start: date, end: date
) -> bytes:
    with translation.override(LANGUAGE):
        data = ambiance_data(scheme, rows, period=period, start=start, end=end)
        return render_pdf("digests/ambiance.typ", data)
