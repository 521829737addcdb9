"""PDF documents: a title block, headings, paragraphs, bar charts and tables whose header row
repeats on each page; black on white with grey rules so they read well printed. A4, landscape
when a table would not fit across a portrait page.

Column widths are measured, not guessed: a number or a date never wraps, a header wraps only
between words, and a table too wide for the page is cut into column groups that each repeat
its first column (the name of the row), rather than squeezing every column unreadably thin.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)

from academy.reports.document import Chart, Column, Document, Table, Type

# The Government Analysis Function's categorical palette: told apart by people with colour
# vision deficiencies, and by lightness when printed in greyscale.
PALETTE = [
    colors.HexColor("#12436d"),
    colors.HexColor("#f46a25"),
    colors.HexColor("#28a197"),
    colors.HexColor("#801650"),
    colors.HexColor("#a285d1"),
    colors.HexColor("#3d3d3d"),
]
RULE = colors.HexColor("#b1b4b6")
SHADE = colors.HexColor("#f3f2f1")
GREY_TEXT = colors.HexColor("#505a5f")

FONT, BOLD = "Helvetica", "Helvetica-Bold"
CELL_SIZE = 7.5
PAD = 3.0  # points of padding each side of a cell
MARGIN = 16 * mm
NUMERIC = (Type.INTEGER, Type.DECIMAL, Type.PERCENT)
MEASURED_ROWS = 500  # rows measured for column widths; later rows wrap if they must
SHORT_TEXT = 60.0  # text this wide (points) never wraps
TEXT_MIN_CAP = 110.0  # a single long word may wrap rather than widen its column beyond this
TEXT_COMFORTABLE = 150.0  # long text gets this much before a table is cut into column groups
TEXT_NATURAL_CAP = 230.0

_styles = getSampleStyleSheet()
TITLE = ParagraphStyle("title", parent=_styles["Title"], alignment=TA_LEFT, fontSize=22, leading=26)
SUBTITLE = ParagraphStyle(
    "subtitle", parent=_styles["Normal"], fontSize=11, leading=14, textColor=GREY_TEXT
)
HEADING = ParagraphStyle(
    "heading", parent=_styles["Heading2"], fontSize=15, leading=19, spaceBefore=10
)
TABLE_TITLE = ParagraphStyle("table_title", parent=_styles["Heading4"], fontSize=10.5, leading=13)
BODY = ParagraphStyle("body", parent=_styles["Normal"], fontSize=10, leading=14, spaceAfter=4)
NOTE = ParagraphStyle("note", parent=BODY, textColor=GREY_TEXT)
CELL = ParagraphStyle(
    "cell", parent=_styles["Normal"], fontName=FONT, fontSize=CELL_SIZE, leading=9
)
HEAD_CELL = ParagraphStyle("head_cell", parent=CELL, fontName=BOLD)
HEAD_CELL_RIGHT = ParagraphStyle("head_cell_right", parent=HEAD_CELL, alignment=TA_RIGHT)


def _cell(value: Any, kind: Type) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value:%d %b %Y}"
    if kind is Type.PERCENT and isinstance(value, int | float | Decimal):
        return f"{value:.0f}%"
    if isinstance(value, float | Decimal):
        return f"{value:.1f}"
    return str(value)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _width(text: str, font: str = FONT, size: float = CELL_SIZE) -> float:
    return stringWidth(text, font, size)


# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Measure:
    least: float  # narrower, and a number, a date, a short label or a header word would break
    comfortable: float  # long text wraps in a paragraph-like column rather than a sliver
    natural: float  # wide enough for the longest value on one line


def _measure(table: Table, cells: list[list[str]]) -> list[_Measure]:
    measures = []
    for index, column in enumerate(table.columns):
        head_words = max((_width(w, BOLD) for w in column.name.split()), default=0.0)
        head_line = _width(column.name, BOLD)
        values = [row[index] for row in cells[:MEASURED_ROWS]]
        longest = max((_width(v) for v in values), default=0.0)
        if column.type in NUMERIC or column.type is Type.DATE:
            least = comfortable = max(head_words, longest)
            natural = max(least, min(head_line, 1.6 * least))
        else:
            words = max((_width(w) for v in values for w in v.split()), default=0.0)
            # A short label ("In progress", "On track") stays on one line.
            shortest_line = longest if longest <= SHORT_TEXT else min(words, TEXT_MIN_CAP)
            least = max(head_words, shortest_line)
            natural = max(least, min(max(longest, head_line), TEXT_NATURAL_CAP))
            comfortable = min(natural, max(least, TEXT_COMFORTABLE))
        measures.append(_Measure(least + 2 * PAD, comfortable + 2 * PAD, natural + 2 * PAD))
    return measures


def _column_groups(measures: Sequence[_Measure], width: float) -> list[list[int]]:
    """Columns in page-wide groups, each starting with the first column (what the row is)."""
    if sum(m.comfortable for m in measures) <= width or len(measures) < 3:
        return [list(range(len(measures)))]
    groups: list[list[int]] = []
    current = [0]
    used = measures[0].comfortable
    for index in range(1, len(measures)):
        if used + measures[index].comfortable > width and len(current) > 1:
            groups.append(current)
            current, used = [0], measures[0].comfortable
        current.append(index)
        used += measures[index].comfortable
    groups.append(current)
    return groups


def _fit(columns: Sequence[Column], measures: Sequence[_Measure], width: float) -> list[float]:
    """Widths in points: every column its least; then the room left goes first to text columns
    (so names and courses need not wrap), then to number headers, each up to its natural
    width. The table is no wider than its content needs."""
    widths = [m.least for m in measures]
    for numbers in (False, True):
        spare = width - sum(widths)
        wants = [
            m.natural - w if (c.type in NUMERIC or c.type is Type.DATE) == numbers else 0.0
            for c, m, w in zip(columns, measures, widths, strict=True)
        ]
        wanted = sum(wants)
        if spare <= 0 or wanted <= 0:
            continue
        share = min(1.0, spare / wanted)
        widths = [w + share * want for w, want in zip(widths, wants, strict=True)]
    return widths


def _cells(table: Table) -> list[list[str]]:
    return [
        [_cell(value, column.type) for value, column in zip(row, table.columns, strict=True)]
        for row in table.rows
    ]


def _table(table: Table, cells: list[list[str]], width: float) -> list[Any]:
    measures = _measure(table, cells)
    groups = _column_groups(measures, width)
    title = table.title or table.name
    parts: list[Any] = []
    for number, group in enumerate(groups):
        label = title if number == 0 else f"{title} (continued)"
        # The title never ends a page alone: it starts a new one unless a few rows fit below.
        parts.append(CondPageBreak(30 * mm))
        parts.append(Paragraph(_escape(label), TABLE_TITLE))
        widths = _fit([table.columns[i] for i in group], [measures[i] for i in group], width)
        parts.append(_table_flowable(table, cells, group, widths))
        parts.append(Spacer(1, 6 * mm))
    return parts


def _table_flowable(
    table: Table, cells: list[list[str]], group: list[int], widths: list[float]
) -> LongTable:
    columns = [table.columns[i] for i in group]
    header = [
        Paragraph(_escape(c.name), HEAD_CELL_RIGHT if c.type in NUMERIC else HEAD_CELL)
        for c in columns
    ]
    # A plain string is drawn on one line (and fast); a Paragraph wraps between words. Numbers
    # and dates always fit (their columns are measured to), so only text is measured here.
    may_wrap = [
        (position, index, width - 2 * PAD)
        for position, (index, width) in enumerate(zip(group, widths, strict=True))
        if columns[position].type not in NUMERIC and columns[position].type is not Type.DATE
    ]
    data: list[list[Any]] = [header]
    for row in cells:
        line: list[Any] = [row[index] for index in group]
        for position, index, room in may_wrap:
            text = row[index]
            if text and _width(text) > room:
                line[position] = Paragraph(_escape(text), CELL)
        data.append(line)
    if len(data) == 1:
        data.append(["None."] + [""] * (len(columns) - 1))
    flow = LongTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 1), (-1, -1), FONT, CELL_SIZE, 9),
        ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    style.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, SHADE]))
    for index, column in enumerate(columns):
        if column.type in NUMERIC:
            style.append(("ALIGN", (index, 1), (index, -1), "RIGHT"))
    flow.setStyle(TableStyle(style))
    return flow


# ---------------------------------------------------------------------------------------------
# Charts
# ---------------------------------------------------------------------------------------------
def nice_step(top: float, ticks: int = 5) -> float:
    """A round step (1, 2 or 5 × 10ⁿ) giving about ``ticks`` gridlines up to ``top``."""
    if top <= 0:
        return 1.0
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * power:
            return max(float(multiple * power), 1.0)
    return max(10.0 * power, 1.0)


def _top(chart: Chart) -> float:
    if chart.stacked:
        columns = zip(*[values for _, values in chart.series], strict=True)
        return max((sum(column) for column in columns), default=0.0)
    return max((max(values, default=0.0) for _, values in chart.series), default=0.0)


def _fitted(label: str, room: float, size: float) -> str:
    if _width(label, FONT, size) <= room:
        return label
    while label and _width(label + "…", FONT, size) > room:
        label = label[:-1]
    return label.rstrip() + "…"


def _label_format(top: float, length: float, *, inside: bool) -> Callable[[float], str]:
    """Bar labels: the value, left out for zero; inside a stacked segment only if it fits."""

    def label(value: float) -> str:
        if not value:
            return ""
        text = f"{value:.0f}"
        if inside and value / top * length < _width(text, BOLD, 7) + 4:
            return ""
        return text

    return label


def _legend(chart: Chart, x: float, y: float) -> Legend:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontName, legend.fontSize = FONT, 8
    legend.alignment = "right"
    legend.boxAnchor = "nw"
    legend.columnMaximum = 1
    legend.deltax = 0
    legend.dx = legend.dy = 8
    legend.dxTextSpace = 4
    legend.autoXPadding = 14
    legend.colorNamePairs = [
        (PALETTE[i % len(PALETTE)], name) for i, (name, _) in enumerate(chart.series)
    ]
    return legend


def _chart(chart: Chart, width: float) -> Drawing:
    """Bars with a legend above them when there are several series, the values printed on
    the bars (colour is never the only cue), and round numbers on the value axis."""
    if chart.over_time:
        return _columns(chart, width)
    labels = chart.labels
    rows = len(labels) * (1 if chart.stacked else max(len(chart.series), 1))
    bar_area = max(16.0 * rows, 40.0)
    legend_room = 18.0 if len(chart.series) > 1 else 0.0
    height = bar_area + 40 + legend_room
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 11, chart.title, fontName=BOLD, fontSize=10))
    label_room = min(max(_width(label, FONT, 8) for label in labels) + 8, 0.4 * width)
    plot = HorizontalBarChart()
    plot.x, plot.y = label_room, 20
    plot.width, plot.height = width - label_room - 30, bar_area
    plot.data = [list(values) for _, values in chart.series]
    plot.categoryAxis.categoryNames = [_fitted(label, label_room - 8, 8) for label in labels]
    plot.categoryAxis.labels.fontName = FONT
    plot.categoryAxis.labels.fontSize = 8
    plot.categoryAxis.labels.boxAnchor = "e"
    plot.categoryAxis.labels.dx = -4
    plot.categoryAxis.reverseDirection = True
    plot.categoryAxis.visibleTicks = False
    _value_axis(plot, _top(chart))
    _bars(plot, chart, length=plot.width)
    plot.groupSpacing = 4
    drawing.add(plot)
    if legend_room:
        drawing.add(_legend(chart, label_room, height - 18))
    return drawing


def _columns(chart: Chart, width: float) -> Drawing:
    """Vertical columns for a series over time, oldest on the left."""
    legend_room = 18.0 if len(chart.series) > 1 else 0.0
    plot_height = 110.0
    height = plot_height + 50 + legend_room
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 11, chart.title, fontName=BOLD, fontSize=10))
    plot = VerticalBarChart()
    plot.x, plot.y = 30, 24
    plot.width, plot.height = width - 40, plot_height
    plot.data = [list(values) for _, values in chart.series]
    plot.categoryAxis.categoryNames = chart.labels
    plot.categoryAxis.labels.fontName = FONT
    plot.categoryAxis.labels.fontSize = 7.5
    plot.categoryAxis.labels.boxAnchor = "n"
    plot.categoryAxis.labels.dy = -3
    plot.categoryAxis.visibleTicks = False
    _value_axis(plot, _top(chart))
    _bars(plot, chart, length=plot.height)
    plot.groupSpacing = 6
    drawing.add(plot)
    if legend_room:
        drawing.add(_legend(chart, 30, height - 18))
    return drawing


def _bars(plot: Any, chart: Chart, *, length: float) -> None:
    """Colours, and the values: past the end of each bar, or in white inside each stacked
    segment wide enough to hold its number."""
    plot.barLabels.fontName = BOLD
    plot.barLabels.fontSize = 7
    if chart.stacked:
        plot.categoryAxis.style = "stacked"
        plot.barLabels.boxTarget = "mid"
        plot.barLabels.fillColor = colors.white
    else:
        plot.barLabels.nudge = 7
    plot.barLabelFormat = _label_format(plot.valueAxis.valueMax, length, inside=chart.stacked)
    for index in range(len(plot.data)):
        plot.bars[index].fillColor = PALETTE[index % len(PALETTE)]
        plot.bars[index].strokeColor = None


def _value_axis(plot: Any, top: float) -> None:
    step = nice_step(top)
    plot.valueAxis.valueMin = 0
    plot.valueAxis.valueStep = step
    plot.valueAxis.valueMax = max(step, math.ceil(top * 1.08 / step) * step)
    plot.valueAxis.labels.fontName = FONT
    plot.valueAxis.labels.fontSize = 7.5
    plot.valueAxis.labelTextFormat = "%.0f" if step >= 1 else "%.1f"
    plot.valueAxis.visibleGrid = True
    plot.valueAxis.gridStrokeColor = RULE
    plot.valueAxis.gridStrokeWidth = 0.5
    plot.valueAxis.visibleAxis = False


def _has_figures(chart: Chart) -> bool:
    return bool(chart.labels) and any(any(values) for _, values in chart.series)


# ---------------------------------------------------------------------------------------------
# The document
# ---------------------------------------------------------------------------------------------
def _page_size(tables: Sequence[tuple[Table, list[list[str]]]]) -> tuple[float, float]:
    portrait_width = A4[0] - 2 * MARGIN
    for table, cells in tables:
        if sum(m.comfortable for m in _measure(table, cells)) > portrait_width:
            return landscape(A4)
    return A4


def write_pdf(document: Document) -> bytes:
    cells = {id(table): _cells(table) for table in document.tables()}
    page = _page_size([(table, cells[id(table)]) for table in document.tables()])
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=18 * mm,
        title=document.title,
        author="Academy tracker",
    )
    width = page[0] - 2 * MARGIN
    story: list[Any] = [
        Paragraph(_escape(document.title), TITLE),
        Paragraph(_escape(document.subtitle), SUBTITLE),
        Paragraph(
            f"Compiled {timezone.localtime(document.generated_at):%d %B %Y at %H:%M}", SUBTITLE
        ),
        Spacer(1, 8 * mm),
    ]
    for section in document.sections:
        story.append(CondPageBreak(45 * mm))
        story.append(Paragraph(_escape(section.heading), HEADING))
        story.extend(Paragraph(_escape(text), BODY) for text in section.paragraphs)
        for chart in section.charts:
            if _has_figures(chart):
                story.append(
                    KeepTogether([Spacer(1, 3 * mm), _chart(chart, width), Spacer(1, 4 * mm)])
                )
            else:
                story.append(Paragraph(_escape(f"{chart.title}: nothing to chart yet."), NOTE))
        for table in section.tables:
            story.extend(_table(table, cells[id(table)], width))

    def footer(canvas: Any, template: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(GREY_TEXT)
        canvas.drawString(MARGIN, 10 * mm, document.title)
        canvas.drawRightString(page[0] - MARGIN, 10 * mm, f"Page {template.page}")
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
