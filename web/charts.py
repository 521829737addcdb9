"""Bar charts laid out on the server, drawn by templates/web/includes/bar_chart.html as SVG;
and the layout of stacked bars (each bar split into parts), which each area's chart wraps."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: int
    text_y: int
    value_x: int


@dataclass(frozen=True)
class BarChart:
    title: str
    label_heading: str
    value_heading: str
    bars: list[Bar] = field(default_factory=list)
    width: int = 640
    label_width: int = 270
    bar_height: int = 22
    height: int = 0

    @property
    def label_characters(self) -> int:
        """How many characters of a label fit beside the bars (Arial at 16px)."""
        return (self.label_width - 8) // 8


def bar_chart(
    title: str,
    rows: Iterable[tuple[str, int]],
    *,
    label_heading: str = "Group",
    value_heading: str = "Number",
    width: int = 640,
    label_width: int = 270,
) -> BarChart:
    """Scale each value to the widest bar; leave room on the right for the figure."""
    items = list(rows)
    bar_height, gap = 22, 10
    plot_width = width - label_width - 50
    top = max((value for _, value in items), default=0) or 1
    bars = []
    for index, (label, value) in enumerate(items):
        y = index * (bar_height + gap)
        bar_width = max(1, round(plot_width * value / top)) if value else 0
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
    height = max(len(items) * (bar_height + gap) - gap, 0)
    return BarChart(
        title=title,
        label_heading=label_heading,
        value_heading=value_heading,
        bars=bars,
        width=width,
        label_width=label_width,
        bar_height=bar_height,
        height=height,
    )


@dataclass(frozen=True)
class Segment:
    """One part of a stacked bar; ``key`` names what it counts (a status, a grade)."""

    x: int
    width: int
    key: str


@dataclass(frozen=True)
class StackedBar:
    label: str
    y: int
    text_y: int
    segments: list[Segment]
    total: int
    total_x: int


#: A stacked bar's label and its parts in order, each a key and a count.
StackRow = tuple[str, Sequence[tuple[str, int]]]


def stacked_bars(
    rows: Iterable[StackRow], *, width: int, label_width: int, bar_height: int, gap: int
) -> list[StackedBar]:
    """One bar per row, its length the sum of its parts, the longest filling the plot; a part
    of nothing takes no room, any other at least a pixel."""
    items = [(label, list(parts)) for label, parts in rows]
    plot_width = width - label_width - 50
    top = max((sum(count for _, count in parts) for _, parts in items), default=0) or 1
    bars = []
    for index, (label, parts) in enumerate(items):
        y = index * (bar_height + gap)
        x = label_width
        segments = []
        for key, count in parts:
            if not count:
                continue
            segment_width = max(1, round(plot_width * count / top))
            segments.append(Segment(x=x, width=segment_width, key=key))
            x += segment_width
        bars.append(
            StackedBar(
                label=label,
                y=y,
                text_y=y + bar_height - 6,
                segments=segments,
                total=sum(count for _, count in parts),
                total_x=x + 6,
            )
        )
    return bars
