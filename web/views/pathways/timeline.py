"""Timelines laid out on the server, drawn by templates/web/pathways/includes/timeline.html as
SVG: one row per member (or per milestone), months across, a marker for each milestone shaped
and coloured by its status, and a line for today. The picture is hidden from screen readers;
a table beside it carries the same facts."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from academy.pathways.rules import MilestoneStatus, add_months

#: What each marker's shape and colour stand for, in the order the key lists them.
KEY = (
    (MilestoneStatus.DONE, "Done"),
    (MilestoneStatus.OVERDUE, "Overdue"),
    (MilestoneStatus.DUE_SOON, "Due soon"),
    (MilestoneStatus.UPCOMING, "Upcoming"),
)


@dataclass(frozen=True)
class Marker:
    x: int
    status: str
    title: str


@dataclass(frozen=True)
class Row:
    label: str
    y: int
    start_x: int
    end_x: int
    elapsed_x: int
    markers: list[Marker]
    shaded: bool

    @property
    def has_elapsed(self) -> bool:
        return self.elapsed_x > self.start_x


@dataclass(frozen=True)
class MonthTick:
    x: int
    label: str
    year: str


@dataclass(frozen=True)
class Timeline:
    title: str
    rows: list[Row] = field(default_factory=list)
    months: list[MonthTick] = field(default_factory=list)
    today_x: int | None = None
    width: int = 960
    label_width: int = 220
    row_height: int = 30
    axis_height: int = 56

    @property
    def height(self) -> int:
        return self.axis_height + len(self.rows) * self.row_height + 4

    @property
    def row_mid(self) -> int:
        return self.row_height // 2

    @property
    def label_y(self) -> int:
        """Where a row's label sits: its baseline, so the text is centred on the row."""
        return self.row_height // 2 + 5

    @property
    def label_characters(self) -> int:
        """How many characters fit in the label column (Arial at 15px: about 7px each)."""
        return (self.label_width - 12) // 7

    @property
    def plot_bottom(self) -> int:
        return self.height - 4

    @property
    def grid_top(self) -> int:
        return self.axis_height - 18

    @property
    def key(self) -> tuple[tuple[MilestoneStatus, str], ...]:
        return KEY


@dataclass(frozen=True)
class Span:
    """One row to draw: a label, the dates its track runs between, and its milestones as
    (title, due date, status)."""

    label: str
    start: dt.date
    end: dt.date
    milestones: Sequence[tuple[str, dt.date, str]]


def timeline(
    title: str,
    spans: Sequence[Span],
    *,
    today: dt.date,
    width: int = 960,
    label_width: int = 220,
) -> Timeline:
    """Scale every span's dates onto one axis of whole months, from the earliest start to the
    latest end or due date; switched-off milestones are left out of the picture."""
    if not spans:
        return Timeline(title=title, width=width, label_width=label_width)
    dates = [d for s in spans for d in (s.start, s.end, *(due for _, due, _ in s.milestones))]
    first = min(dates).replace(day=1)
    last = add_months(max(dates).replace(day=1), 1)
    left, right = label_width + 10, width - 20
    scale = (right - left) / max((last - first).days, 1)

    def x_of(day: dt.date) -> int:
        return round(left + (day - first).days * scale)

    months = _ticks(first, last, x_of, plot_width=right - left)
    row_height, axis = 30, 56
    rows = [
        Row(
            label=span.label,
            y=axis + index * row_height,
            start_x=x_of(span.start),
            end_x=x_of(span.end),
            elapsed_x=x_of(min(max(today, span.start), span.end)),
            markers=[
                Marker(x=x_of(due), status=status, title=f"{name}: {_long(due)}")
                for name, due, status in span.milestones
                if status != MilestoneStatus.SWITCHED_OFF
            ],
            shaded=index % 2 == 1,
        )
        for index, span in enumerate(spans)
    ]
    today_x = x_of(today) if first <= today <= last else None
    return Timeline(
        title=title,
        rows=rows,
        months=months,
        today_x=today_x,
        width=width,
        label_width=label_width,
        row_height=row_height,
        axis_height=axis,
    )


def _ticks(
    first: dt.date, last: dt.date, x_of: Callable[[dt.date], int], *, plot_width: int
) -> list[MonthTick]:
    """A tick at the start of every month; a label on every month there is room for (about
    40 pixels each), with the year under January and under the first label."""
    count = (last.year - first.year) * 12 + last.month - first.month
    every = max(1, math.ceil(count * 40 / max(plot_width, 1)))
    ticks = []
    for index in range(count + 1):
        day = add_months(first, index)
        labelled = index % every == 0 and index < count
        ticks.append(
            MonthTick(
                x=x_of(day),
                label=f"{day:%b}" if labelled else "",
                year=str(day.year) if labelled and (index == 0 or day.month <= every) else "",
            )
        )
    return ticks


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"
