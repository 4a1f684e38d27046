"""The PDF documents (Typst, ``lib/pdf.py``): the review (same content as the deck) and the
monthly summary. Both are a title and a list of sections, each a list of blocks (a table, a
bar chart as a table, a text, an image), built and formatted in French here and laid out by
``analytics/sections.typ``; the templates only loop over them. The map comes in the data
(its PNG's bytes), nothing is fetched."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import translation
from django.utils.translation import gettext as _

from voisinage.analytics.documents import french
from voisinage.lib.pdf import render_pdf

if TYPE_CHECKING:
    from voisinage.analytics.documents.content import MonthlySummary, Review
    from voisinage.analytics.documents.sections import Grid, Section
    from voisinage.analytics.selectors import Chart, IndicatorValue

LANGUAGE = "fr"
Block = dict[str, Any]


def section(title: object, *blocks: Block, page: bool = False) -> dict[str, Any]:
    """A section under a heading; ``page``: it starts a new page."""
    return {"title": str(title), "page": page, "blocks": list(blocks)}


def table(header: list[str], rows: list[list[str]], *, numeric: int = 1) -> Block:
    """A table whose columns from ``numeric`` on are figures (right-aligned)."""
    return {"kind": "table", "header": header, "rows": rows, "numeric": numeric}


def note(text: str, *, muted: bool = False) -> Block:
    return {"kind": "note", "text": text, "muted": muted}


def text(body: str, empty: str) -> Block:
    """Text someone wrote (line breaks kept), or ``empty`` in grey when there is none."""
    return {"kind": "text", "text": body} if body else note(empty, muted=True)


def bars(chart: Chart) -> Block:
    maximum = float(chart.maximum or 0)
    return {
        "kind": "bars",
        "header": [str(chart.title), _("Number")],
        "rows": [
            {
                "label": str(label),
                "value": french.smart_number(value),
                "share": round(float(value) / maximum, 3) if maximum else 0,
            }
            for _key, label, value in chart.rows
        ],
        "empty": _("No intervention."),
    }


def _value_rows(values: list[IndicatorValue]) -> list[list[str]]:
    return [
        [
            str(v.indicator.label),
            french.with_unit(v.value, v.indicator.unit) if v.available else _("not available"),
        ]
        for v in values
    ]


def _compared(v: IndicatorValue, *, last_year_change: bool) -> list[str]:
    previous = french.change(v.change_previous, v.change_in_points)
    last_year = french.with_unit(v.last_year, v.indicator.unit)
    if last_year_change:
        last_year += f" ({french.change(v.change_last_year, v.change_in_points)})"
    return [
        str(v.indicator.label),
        french.with_unit(v.value, v.indicator.unit),
        f"{french.with_unit(v.previous, v.indicator.unit)} ({previous})",
        last_year,
    ]


def grid(g: Grid) -> Block:
    """A grid of figures already written in French; a heading row (a roadmap's axis) spans the
    table."""
    block = table([g.label, *g.columns], [[row.label, *row.cells] for row in g.rows])
    block["headings"] = [index for index, row in enumerate(g.rows) if row.heading]
    block["numeric_at"] = [i + 1 for i, (_head, figure) in enumerate(g.heads) if figure]
    block["widths"] = [3] + [1 if figure else 2.5 for _head, figure in g.heads]
    return block


def steering_section(s: Section, *, page: bool = False) -> dict[str, Any]:
    """A section of ``documents.sections``: its indicators compared, its grid, its charts."""
    not_yet = _("source not available yet")
    blocks: list[Block] = []
    if s.values:
        blocks.append(
            table(
                [_("Indicator"), _("Period"), _("Previous period"), _("Same period last year")],
                [
                    _compared(v, last_year_change=False)
                    if v.available
                    else [str(v.indicator.label), not_yet, "", ""]
                    for v in s.values
                ],
            )
        )
    if s.grid:
        blocks.append(grid(s.grid))
    blocks.extend(bars(chart) for chart in s.charts)
    return section(s.title, *blocks, page=page)


def review_data(review: Review) -> dict[str, Any]:
    period = _("From %(first)s to %(last)s") % {
        "first": french.day(review.period.first),
        "last": french.day(review.period.last),
    }
    made = _("Made on %(day)s with Voisinage") % {"day": french.day(review.generated_on)}
    in_progress = (
        [
            note(
                _(
                    "Period in progress: compared with as many days of the previous period "
                    "and of the same period last year."
                ),
                muted=True,
            )
        ]
        if review.period.so_far
        else []
    )
    response: list[Block]
    if review.response_available:
        response = [table(["", ""], _value_rows(review.response))]
        if review.response_times:
            response.append(
                table(
                    [_("Delay"), _("Median (minutes)"), _("90th percentile (minutes)")],
                    [
                        [row.label, french.smart_number(row.median), french.smart_number(row.p90)]
                        for row in review.response_times
                    ],
                )
            )
    else:
        response = [
            note(
                _(
                    "Not available: the phone desk's calls and instructions are not recorded "
                    "in Voisinage yet."
                )
            )
        ]
    reports: list[Block]
    if review.reports_available:
        reports = [table(["", ""], _value_rows(review.reports))]
        if review.reports_by_month.rows:
            reports.append(bars(review.reports_by_month))
    else:
        reports = [
            note(
                _(
                    "Not available: problem reports and partners' feedback are not recorded in "
                    "Voisinage yet."
                )
            )
        ]
    return {
        "title": f"{review.scheme.name} — {review.title}",
        "subtitle": f"{period} · {made}",
        "sections": [
            section(
                _("Key figures"),
                *in_progress,
                table(
                    [_("Indicator"), _("Period"), _("Previous period"), _("Same period last year")],
                    [_compared(v, last_year_change=True) for v in review.key_figures],
                ),
            ),
            section(review.by_month.title, bars(review.by_month), page=True),
            section(review.by_neighbourhood.title, bars(review.by_neighbourhood), page=True),
            section(review.by_landlord.title, bars(review.by_landlord)),
            *(steering_section(s) for s in review.sections),
            *([section(_("Response times"), *response, page=True)] if review.uses_desk else []),
            *(
                [section(_("Reports and partners' feedback"), *reports)]
                if review.uses_reports
                else []
            ),
            *(
                []
                if review.roadmap
                else [
                    section(
                        _("Roadmap progress"),
                        note(_("No roadmap objective with a measured target for this year.")),
                    )
                ]
            ),
            section(
                _("Map of the interventions"),
                {"kind": "image", "png": list(review.map_png)},
                page=True,
            ),
            section(
                _("Proposals"),
                text(
                    review.proposals,
                    _("The operator has not written proposals for this period yet."),
                ),
                page=True,
            ),
        ],
    }


def summary_data(summary: MonthlySummary) -> dict[str, Any]:
    month = _("Monthly summary, %(month)s") % {"month": french.day(summary.period.first, "F Y")}
    sections = [steering_section(s, page=index == 1) for index, s in enumerate(summary.sections)]
    if summary.in_progress:
        in_progress = _(
            "Month in progress, up to %(day)s: compared with as many days of the previous "
            "month and of the same month last year."
        ) % {"day": french.day(summary.period.last)}
        if sections:
            sections[0]["blocks"].insert(0, note(in_progress, muted=True))
    note_ = summary.note
    sections.append(
        section(
            _("Analysis"),
            text(note_.analysis if note_ else "", _("No analysis written for this month.")),
            page=True,
        )
    )
    sections.append(
        section(
            _("Recommendations"),
            text(
                note_.recommendations if note_ else "",
                _("No recommendation written for this month."),
            ),
        )
    )
    return {
        "title": f"{summary.scheme.name} — {month}",
        "subtitle": _("Made on %(day)s with Voisinage") % {"day": french.day(summary.generated_on)},
        "sections": sections,
    }


def review_pdf(review: Review) -> bytes:
    with translation.override(LANGUAGE):
        return render_pdf("analytics/report.typ", review_data(review))


def summary_pdf(summary: MonthlySummary) -> bytes:
    with translation.override(LANGUAGE):
        return render_pdf("analytics/report.typ", summary_data(summary))
