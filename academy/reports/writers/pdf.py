"""PDF documents: a title block, headings, paragraphs, bar charts and tables whose header row
repeats on each page; black on white with grey rules so they read well printed. A4, landscape
when a table is too wide for portrait."""

from __future__ import annotations

import datetime as dt
import io
import math
from decimal import Decimal
from typing import Any

from django.utils import timezone
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)

from academy.reports.document import Chart, Document, Table, Type

PALETTE = [
    colors.HexColor("#1d70b8"),
    colors.HexColor("#00703c"),
    colors.HexColor("#f47738"),
    colors.HexColor("#d4351c"),
    colors.HexColor("#4c2c92"),
    colors.HexColor("#505a5f"),
]
RULE = colors.HexColor("#b1b4b6")
SHADE = colors.HexColor("#f3f2f1")

_styles = getSampleStyleSheet()
TITLE = ParagraphStyle("title", parent=_styles["Title"], alignment=TA_LEFT, fontSize=22, leading=26)
SUBTITLE = ParagraphStyle(
    "subtitle",
    parent=_styles["Normal"],
    fontSize=11,
    leading=14,
    textColor=colors.HexColor("#505a5f"),
)
HEADING = ParagraphStyle(
    "heading", parent=_styles["Heading2"], fontSize=15, leading=19, spaceBefore=10
)
TABLE_TITLE = ParagraphStyle("table_title", parent=_styles["Heading4"], fontSize=10.5, leading=13)
BODY = ParagraphStyle("body", parent=_styles["Normal"], fontSize=10, leading=14)
CELL = ParagraphStyle("cell", parent=_styles["Normal"], fontSize=7.5, leading=9)
HEAD_CELL = ParagraphStyle("head_cell", parent=CELL, fontName="Helvetica-Bold")


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


def _table(table: Table, width: float) -> list[Any]:
    weights = table.widths()
    total = sum(weights) or 1
    col_widths = [width * w / total for w in weights]
    data = [[Paragraph(_escape(c.name), HEAD_CELL) for c in table.columns]]
    for row in table.rows:
        data.append(
            [
                Paragraph(_escape(_cell(v, c.type)), CELL)
                for v, c in zip(row, table.columns, strict=True)
            ]
        )
    if len(data) == 1:
        data.append([Paragraph("No rows.", CELL)] + [""] * (len(table.columns) - 1))
    flow = LongTable(data, colWidths=col_widths, repeatRows=1)
    style = [
        ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for index in range(2, len(data), 2):
        style.append(("BACKGROUND", (0, index), (-1, index), SHADE))
    for index, column in enumerate(table.columns):
        if column.type in (Type.INTEGER, Type.DECIMAL, Type.PERCENT):
            style.append(("ALIGN", (index, 0), (index, -1), "RIGHT"))
    flow.setStyle(TableStyle(style))
    parts: list[Any] = []
    if table.title:
        parts.append(Paragraph(_escape(table.title), TABLE_TITLE))
    parts.append(flow)
    parts.append(Spacer(1, 6 * mm))
    return parts


def _chart(chart: Chart, width: float) -> Drawing:
    """Horizontal bars: long labels stay readable, and colour is never the only cue (a legend
    names each series and the values are printed)."""
    labels = chart.labels or ["(none)"]
    bar_area = max(18 * len(labels) * max(len(chart.series), 1) * (0.5 if chart.stacked else 1), 60)
    height = bar_area + 60
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, chart.title, fontName="Helvetica-Bold", fontSize=10))
    plot = HorizontalBarChart()
    plot.x, plot.y = 150, 30
    plot.width, plot.height = width - 170, bar_area
    plot.data = [list(values) or [0] for _, values in chart.series] or [[0]]
    plot.categoryAxis.categoryNames = [label[:32] for label in labels]
    plot.categoryAxis.labels.fontSize = 7.5
    plot.categoryAxis.labels.boxAnchor = "e"
    plot.categoryAxis.reverseDirection = True
    top = max((max(values, default=0) for _, values in chart.series), default=0)
    if chart.stacked:
        columns = zip(*[values for _, values in chart.series], strict=True)
        top = max((sum(column) for column in columns), default=0)
    plot.valueAxis.valueMin = 0
    plot.valueAxis.valueMax = max(top, 1) * 1.1
    plot.valueAxis.valueStep = max(1, math.ceil(top / 5))
    plot.valueAxis.labels.fontSize = 7.5
    plot.valueAxis.visibleGrid = True
    plot.valueAxis.gridStrokeColor = RULE
    plot.barLabelFormat = "%.0f"
    plot.barLabels.fontSize = 7
    plot.barLabels.nudge = 8
    if chart.stacked:
        plot.categoryAxis.style = "stacked"
        plot.barLabelFormat = None
    for index in range(len(plot.data)):
        plot.bars[index].fillColor = PALETTE[index % len(PALETTE)]
        plot.bars[index].strokeColor = None
    drawing.add(plot)
    if len(chart.series) > 1:
        legend = Legend()
        legend.x, legend.y = 150, 14
        legend.fontSize = 7.5
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.deltax = 90
        legend.colorNamePairs = [
            (PALETTE[i % len(PALETTE)], name) for i, (name, _) in enumerate(chart.series)
        ]
        legend.boxAnchor = "sw"
        legend.dx = legend.dy = 7
        legend.variColumn = True
        drawing.add(legend)
    return drawing


def write_pdf(document: Document) -> bytes:
    wide = any(len(table.columns) > 8 for table in document.tables())
    page = landscape(A4) if wide else A4
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=16 * mm,
        rightMargin=16 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=document.title,
        author="Academy tracker",
    )
    width = page[0] - 32 * mm
    story: list[Any] = [
        Paragraph(_escape(document.title), TITLE),
        Paragraph(_escape(document.subtitle), SUBTITLE),
        Paragraph(
            f"Compiled {timezone.localtime(document.generated_at):%d %B %Y at %H:%M}", SUBTITLE
        ),
        Spacer(1, 8 * mm),
    ]
    for section in document.sections:
        story.append(Paragraph(_escape(section.heading), HEADING))
        story.extend(Paragraph(_escape(text), BODY) for text in section.paragraphs)
        for chart in section.charts:
            story.append(KeepTogether([Spacer(1, 3 * mm), _chart(chart, width), Spacer(1, 3 * mm)]))
        for table in section.tables:
            story.extend(_table(table, width))

    def footer(canvas: Any, template: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(colors.HexColor("#505a5f"))
        canvas.drawString(16 * mm, 10 * mm, document.title)
        canvas.drawRightString(page[0] - 16 * mm, 10 * mm, f"Page {template.page}")
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
