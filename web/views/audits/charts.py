"""Grades stacked in bars (a month, a quarter or a team each), laid out on the server and drawn
by templates/web/audits/includes/grade_chart.html as SVG above a table of the same figures;
and the months of a year gathered into quarters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from academy.audits.models import Grade
from academy.audits.rules import quarter_start
from web.charts import Bar, BarChart, StackedBar, stacked_bars

#: The grades stacked in each bar, best first, with their names in the key.
GRADES: tuple[tuple[str, str], ...] = tuple(Grade.choices)


@dataclass(frozen=True)
class GradeRow:
    label: str
    counts: dict[str, int]

    @property
    def cells(self) -> list[int]:
        return [self.counts.get(grade, 0) for grade, _ in GRADES]

    @property
    def total(self) -> int:
        return sum(self.cells)


@dataclass(frozen=True)
class GradeChart:
    title: str
    label_heading: str
    rows: Sequence[GradeRow] = ()
    bars: list[StackedBar] = field(default_factory=list)
    width: int = 640
    label_width: int = 200
    bar_height: int = 22
    height: int = 0

    @property
    def label_characters(self) -> int:
        return (self.label_width - 8) // 8

    @property
    def key(self) -> tuple[tuple[str, str], ...]:
        return GRADES

    @property
    def any(self) -> bool:
        return any(row.total for row in self.rows)


def grade_chart(
    title: str,
    rows: Iterable[GradeRow],
    *,
    label_heading: str,
    width: int = 640,
    label_width: int = 200,
) -> GradeChart:
    """One bar per row, its length the audits graded, split by grade; the longest bar fills
    the plot."""
    items = list(rows)
    bar_height, gap = 22, 10
    bars = stacked_bars(
        ((row.label, list(zip((g for g, _ in GRADES), row.cells, strict=True))) for row in items),
        width=width,
        label_width=label_width,
        bar_height=bar_height,
        gap=gap,
    )
    return GradeChart(
        title=title,
        label_heading=label_heading,
        rows=items,
        bars=bars,
        width=width,
        label_width=label_width,
        bar_height=bar_height,
        height=max(len(items) * (bar_height + gap) - gap, 0),
    )


def month_label(month: dt.date) -> str:
    return f"{month:%b %Y}"


def quarter_label(quarter: dt.date) -> str:
    return f"{quarter:%b}–{dt.date(quarter.year, quarter.month + 2, 1):%b %Y}"


def by_quarter(
    months: Sequence[tuple[dt.date, dict[str, int]]],
) -> list[tuple[dt.date, dict[str, int]]]:
    """Monthly grade counts added up by calendar quarter, oldest first."""
    quarters: dict[dt.date, dict[str, int]] = {}
    for month, counts in months:
        total = quarters.setdefault(quarter_start(month), dict.fromkeys(counts, 0))
        for grade, n in counts.items():
            total[grade] = total.get(grade, 0) + n
    return list(quarters.items())


def percent_chart(
    title: str,
    rows: Iterable[tuple[str, int]],
    *,
    label_heading: str,
    value_heading: str,
    width: int = 640,
    label_width: int = 270,
) -> BarChart:
    """Bars of percentages on a scale of 0 to 100 (not stretched to the largest), drawn by
    templates/web/includes/bar_chart.html."""
    items = list(rows)
    bar_height, gap = 22, 10
    plot_width = width - label_width - 50
    bars = []
    for index, (label, value) in enumerate(items):
        y = index * (bar_height + gap)
        bar_width = max(1, round(plot_width * min(value, 100) / 100)) if value else 0
        bars.append(
            Bar(
                label=label,
                value=value,
                y=y,
                width=bar_width,
                text_y=y + bar_height - 6,
                value_x=label_width + bar_width + 6,
            )
        )
    return BarChart(
        title=title,
        label_heading=label_heading,
        value_heading=value_heading,
        bars=bars,
        width=width,
        label_width=label_width,
        bar_height=bar_height,
        height=max(len(items) * (bar_height + gap) - gap, 0),
    )
