"""A stacked bar chart of enrolment statuses per pathway, laid out on the server and drawn by
templates/web/pathways/includes/status_chart.html as SVG beside a table of the same figures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from academy.pathways.selectors import PathwayStatusCount
from web.charts import StackedBar, stacked_bars

#: The statuses stacked in each bar, left to right, with their names in the key.
STACK = (("on_track", "On track"), ("at_risk", "At risk"), ("overdue", "Overdue"))


@dataclass(frozen=True)
class StackedChart:
    title: str
    rows: Sequence[PathwayStatusCount] = ()
    bars: list[StackedBar] = field(default_factory=list)
    width: int = 640
    label_width: int = 270
    bar_height: int = 22
    height: int = 0

    @property
    def label_characters(self) -> int:
        return (self.label_width - 8) // 8

    @property
    def key(self) -> tuple[tuple[str, str], ...]:
        return STACK


def status_chart(
    title: str, rows: Sequence[PathwayStatusCount], *, width: int = 640, label_width: int = 270
) -> StackedChart:
    """One bar per pathway, its length the open enrolments, split by status; the longest bar
    fills the plot."""
    bar_height, gap = 22, 10
    bars = stacked_bars(
        ((row.pathway, [(status, getattr(row, status)) for status, _ in STACK]) for row in rows),
        width=width,
        label_width=label_width,
        bar_height=bar_height,
        gap=gap,
    )
    return StackedChart(
        title=title,
        rows=rows,
        bars=bars,
        width=width,
        label_width=label_width,
        bar_height=bar_height,
        height=max(len(rows) * (bar_height + gap) - gap, 0),
    )
