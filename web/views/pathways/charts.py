"""A stacked bar chart of enrolment statuses per pathway, laid out on the server and drawn by
templates/web/pathways/includes/status_chart.html as SVG beside a table of the same figures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from academy.pathways.selectors import PathwayStatusCount

#: The statuses stacked in each bar, left to right, with their names in the key.
STACK = (("on_track", "On track"), ("at_risk", "At risk"), ("overdue", "Overdue"))


@dataclass(frozen=True)
class Segment:
    x: int
    width: int
    status: str


@dataclass(frozen=True)
class StackedBar:
    label: str
    y: int
    text_y: int
    segments: list[Segment]
    total: int
    total_x: int


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
    plot_width = width - label_width - 50
    top = max((row.total for row in rows), default=0) or 1
    bars = []
    for index, row in enumerate(rows):
        y = index * (bar_height + gap)
        x = label_width
        segments = []
        for status, _ in STACK:
            count = getattr(row, status)
            if not count:
                continue
            segment_width = max(1, round(plot_width * count / top))
            segments.append(Segment(x=x, width=segment_width, status=status))
            x += segment_width
        bars.append(
            StackedBar(
                label=row.pathway,
                y=y,
                text_y=y + bar_height - 6,
                segments=segments,
                total=row.total,
                total_x=x + 6,
            )
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
