"""The review deck as PowerPoint, with native charts the operator can edit (series are data in
the file, not pictures): docs/adr/0017-native-charts.md."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any, cast

from django.utils.translation import gettext as _
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Emu, Inches, Pt

from voisinage.analytics.documents import french

if TYPE_CHECKING:
    from pptx.presentation import Presentation as Deck
    from pptx.slide import Slide

    from voisinage.analytics.documents.content import Review
    from voisinage.analytics.documents.sections import Section
    from voisinage.analytics.selectors import Chart
    from voisinage.core.indicators import IndicatorValue

NAVY = RGBColor(0x1D, 0x2A, 0x3A)
RED = RGBColor(0xB3, 0x26, 0x1E)
GREY = RGBColor(0x9A, 0x94, 0x88)
WIDE, TALL = Inches(13.333), Inches(7.5)
PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def _title(slide: Slide, text: str) -> None:
    box = slide.shapes.add_textbox(Inches(0.5), Inches(0.3), Emu(WIDE - Inches(1)), Inches(0.9))
    box.text_frame.word_wrap = True
    paragraph = box.text_frame.paragraphs[0]
    paragraph.text = text
    paragraph.font.size = Pt(30 if len(text) < 60 else 24)
    paragraph.font.bold = True
    paragraph.font.color.rgb = NAVY


def _text(slide: Slide, lines: list[str], *, top: float = 1.4, size: int = 18) -> None:
    box = slide.shapes.add_textbox(Inches(0.6), Inches(top), Emu(WIDE - Inches(1.2)), Inches(5))
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.font.size = Pt(size)


def in_progress_line() -> str:
    return _(
        "Period in progress: compared with as many days of the previous period and of the "
        "same period last year."
    )


def _blank(deck: Deck, title: str) -> Slide:
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    _title(slide, title)
    return slide


def _chart(
    slide: Slide,
    chart: Chart,
    kind: XL_CHART_TYPE,
    *,
    extra: Chart | None = None,
    names: tuple[str, str] = ("", ""),
    with_table: bool = True,
    legend: bool = False,
) -> None:
    data = CategoryChartData(number_format="#,##0")
    data.categories = [r[1] for r in chart.rows] or [_("none")]
    data.add_series(names[0] or str(chart.title), [r[2] for r in chart.rows] or [0])
    if extra is not None:
        values = [r[2] for r in extra.rows][: len(chart.rows)]
        data.add_series(names[1], values + [0] * (len(chart.rows) - len(values)) or [0])
    # python-pptx's annotations: add_chart takes any chart data and returns the graphic frame.
    frame: Any = slide.shapes.add_chart(
        kind, Inches(0.5), Inches(1.3), Inches(8.3), Inches(5.8), cast(Any, data)
    )
    graph = frame.chart
    graph.has_title = False  # the slide's title says it
    if kind == XL_CHART_TYPE.BAR_CLUSTERED:  # horizontal bars: first category on top
        graph.category_axis.reverse_order = True
    graph.has_legend = extra is not None or legend  # the series' name says what is counted
    if graph.has_legend:
        graph.legend.position = XL_LEGEND_POSITION.BOTTOM
        graph.legend.include_in_layout = False
    plot = graph.plots[0]
    plot.has_data_labels = True
    plot.data_labels.number_format = "#,##0"
    plot.data_labels.number_format_is_linked = False
    plot.data_labels.font.size = Pt(10)
    plot.series[0].format.fill.solid()
    plot.series[0].format.fill.fore_color.rgb = RED
    if extra is not None:
        plot.series[1].format.fill.solid()
        plot.series[1].format.fill.fore_color.rgb = GREY
    if not with_table:
        return
    # The same figures as a table beside the chart (readable when printed in black and white).
    rows = chart.rows[:14]
    table = slide.shapes.add_table(
        len(rows) + 1, 2, Inches(9.0), Inches(1.3), Inches(3.9), Emu(Inches(0.32) * (len(rows) + 1))
    ).table
    table.cell(0, 0).text = str(chart.title)
    table.cell(0, 1).text = _("Number")
    for i, row in enumerate(rows, start=1):
        table.cell(i, 0).text = row[1]
        table.cell(i, 1).text = french.smart_number(row[2])
    for cell in table.iter_cells():
        for paragraph in cell.text_frame.paragraphs:
            paragraph.font.size = Pt(11)


def _key_figures(slide: Slide, values: list[IndicatorValue]) -> None:
    table = slide.shapes.add_table(
        len(values) + 1,
        4,
        Inches(0.6),
        Inches(1.4),
        Inches(12),
        Emu(Inches(0.45) * (len(values) + 1)),
    ).table
    heads = [_("Indicator"), _("Period"), _("Previous period"), _("Same period last year")]
    for col, head in enumerate(heads):
        table.cell(0, col).text = head
    for row, value in enumerate(values, start=1):
        unit = value.indicator.unit
        table.cell(row, 0).text = str(value.indicator.label)
        table.cell(row, 1).text = french.with_unit(value.value, unit)
        points = value.change_in_points
        previous = french.change(value.change_previous, points)
        last_year = french.change(value.change_last_year, points)
        table.cell(row, 2).text = f"{french.with_unit(value.previous, unit)} ({previous})"
        table.cell(row, 3).text = f"{french.with_unit(value.last_year, unit)} ({last_year})"
    for cell in table.iter_cells():
        for paragraph in cell.text_frame.paragraphs:
            paragraph.font.size = Pt(14)


def _figures(slide: Slide, values: list[IndicatorValue]) -> None:
    """The indicators' figures as a table beside a chart."""
    table = slide.shapes.add_table(
        len(values) + 1,
        2,
        Inches(9.0),
        Inches(1.3),
        Inches(3.9),
        Emu(Inches(0.4) * (len(values) + 1)),
    ).table
    table.cell(0, 0).text = _("Indicator")
    table.cell(0, 1).text = _("Period")
    for row, value in enumerate(values, start=1):
        table.cell(row, 0).text = str(value.indicator.label)
        table.cell(row, 1).text = (
            french.with_unit(value.value, value.indicator.unit)
            if value.available
            else _("not available")
        )
    for cell in table.iter_cells():
        for paragraph in cell.text_frame.paragraphs:
            paragraph.font.size = Pt(12)


def _response_slide(deck: Deck, review: Review) -> None:
    slide = _blank(deck, _("Response times"))
    if not review.response_available:
        _text(
            slide,
            [
                _(
                    "Not available: the phone desk's calls and instructions are not recorded in "
                    "Voisinage yet."
                )
            ],
        )
        return
    if review.response_times:
        # Medians and 90th percentiles in minutes, as an editable chart (blank: no delay).
        data = CategoryChartData(number_format="0.0")
        data.categories = [row.label for row in review.response_times]
        data.add_series(_("Median (minutes)"), [row.median for row in review.response_times])
        data.add_series(_("90th percentile (minutes)"), [row.p90 for row in review.response_times])
        frame: Any = slide.shapes.add_chart(
            XL_CHART_TYPE.COLUMN_CLUSTERED,
            Inches(0.5),
            Inches(1.3),
            Inches(8.3),
            Inches(5.8),
            cast(Any, data),
        )
        graph = frame.chart
        graph.has_title = False
        graph.has_legend = True
        graph.legend.position = XL_LEGEND_POSITION.BOTTOM
        graph.legend.include_in_layout = False
        plot = graph.plots[0]
        plot.has_data_labels = True
        plot.data_labels.number_format = "0"
        plot.data_labels.number_format_is_linked = False
        for series, colour in zip(plot.series, (RED, GREY), strict=True):
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = colour
    _figures(slide, review.response)


def _reports_slide(deck: Deck, review: Review) -> None:
    slide = _blank(deck, _("Reports and partners' feedback"))
    if not review.reports_available:
        _text(
            slide,
            [
                _(
                    "Not available: problem reports and partners' feedback are not recorded in "
                    "Voisinage yet."
                )
            ],
        )
        return
    if review.reports_by_month.rows:
        _chart(
            slide,
            review.reports_by_month,
            XL_CHART_TYPE.COLUMN_CLUSTERED,
            with_table=False,
            legend=True,
        )
    _figures(slide, review.reports)


def _section_slide(deck: Deck, section: Section) -> None:
    """A section's table (the referential's activities month by month, the roadmap's axes and
    objectives): as many columns as fit, the latest kept when there are more."""
    slide = _blank(deck, section.title)
    grid = section.grid
    if grid is None:
        return
    columns = grid.columns[-8:]  # 7 months and the total at most on one slide
    skip = len(grid.columns) - len(columns)
    rows = grid.rows[:16]
    width = Inches(12.3)
    table = slide.shapes.add_table(
        len(rows) + 1,
        len(columns) + 1,
        Inches(0.5),
        Inches(1.3),
        width,
        Emu(Inches(0.34) * (len(rows) + 1)),
    ).table
    table.columns[0].width = Emu(width - Inches(1.1) * len(columns))
    for col in range(1, len(columns) + 1):
        table.columns[col].width = Inches(1.1)
    table.cell(0, 0).text = grid.label
    for col, head in enumerate(columns, start=1):
        table.cell(0, col).text = head
    for i, row in enumerate(rows, start=1):
        table.cell(i, 0).text = row.label
        for col, text in enumerate(row.cells[skip:], start=1):
            table.cell(i, col).text = text
    for cell in table.iter_cells():
        for paragraph in cell.text_frame.paragraphs:
            paragraph.font.size = Pt(11)


def build_deck(review: Review) -> bytes:
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDE, TALL

    slide = _blank(deck, f"{review.scheme.name} — {review.title}")
    _text(
        slide,
        [
            _("From %(first)s to %(last)s")
            % {"first": french.day(review.period.first), "last": french.day(review.period.last)},
            _("Made on %(day)s with Voisinage") % {"day": french.day(review.generated_on)},
            *([in_progress_line()] if review.period.so_far else []),
        ],
        top=2.5,
        size=24,
    )

    _key_figures(_blank(deck, _("Key figures")), review.key_figures)

    slide = _blank(deck, str(review.by_month.title))
    _chart(
        slide,
        review.by_month,
        XL_CHART_TYPE.COLUMN_CLUSTERED,
        extra=review.by_month_last_year,
        names=(_("Period"), _("Same period last year")),
    )
    for chart in (review.by_neighbourhood, review.by_landlord):
        _chart(_blank(deck, str(chart.title)), chart, XL_CHART_TYPE.BAR_CLUSTERED)

    for section in review.sections:
        _section_slide(deck, section)
    if review.uses_desk:
        _response_slide(deck, review)
    if review.uses_reports:
        _reports_slide(deck, review)

    slide = _blank(deck, _("Roadmap progress"))
    measured = [p for p in review.roadmap if p.progress is not None]
    if measured:
        data = CategoryChartData(number_format='0" %"')
        data.categories = [p.objective.title[:60] for p in measured]
        data.add_series(_("Progress towards the target (%)"), [p.progress for p in measured])
        frame: Any = slide.shapes.add_chart(
            XL_CHART_TYPE.BAR_CLUSTERED,
            Inches(0.5),
            Inches(1.3),
            Inches(12.3),
            Inches(5.8),
            cast(Any, data),
        )
        graph = frame.chart
        graph.has_legend = False
        graph.has_title = False
        graph.category_axis.reverse_order = True
        graph.plots[0].has_data_labels = True
        graph.value_axis.maximum_scale = 100
    else:
        _text(slide, [_("No roadmap objective with a measured target for this year.")])

    slide = _blank(deck, _("Map of the interventions"))
    slide.shapes.add_picture(
        io.BytesIO(review.map_png), Inches(1.4), Inches(1.2), height=Inches(6.1)
    )

    proposals = [line for line in review.proposals.splitlines() if line.strip()]
    _text(
        _blank(deck, _("Proposals")),
        proposals or [_("The operator has not written proposals for this period yet.")],
    )
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
