"""What a compiler produces and every writer reads: a document of sections holding paragraphs,
charts and typed tables. Writers never query the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any


class Type(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    PERCENT = "percent"  # a number 0–100
    DATE = "date"


@dataclass(frozen=True)
class Column:
    name: str
    type: Type = Type.TEXT
    width: int | None = None  # characters; writers pick one from the content when None


@dataclass
class Table:
    """One table: a sheet in a workbook, a table in a PDF, the whole of a CSV file."""

    name: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    title: str = ""

    def widths(self) -> list[int]:
        """Characters per column: the given width, or the longest value (first 500 rows), never
        narrower than the header's longest word so headers wrap between words."""
        widths = []
        for index, column in enumerate(self.columns):
            floor = max((len(word) for word in column.name.split()), default=4) + 2
            if column.width:
                widths.append(max(column.width, floor))
                continue
            longest = max((len(_text(row[index])) for row in self.rows[:500]), default=0)
            widths.append(min(max(floor, longest + 2, 6), 60))
        return widths


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal | float):
        return f"{value:.1f}"
    return str(value)


@dataclass
class Chart:
    """A bar chart: one bar per label for each series. ``over_time``: the labels are periods,
    oldest first (drawn as columns left to right)."""

    title: str
    labels: list[str]
    series: list[tuple[str, list[float]]]
    stacked: bool = False
    over_time: bool = False


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class Document:
    title: str
    subtitle: str
    generated_at: dt.datetime
    sections: list[Section] = field(default_factory=list)

    def tables(self) -> list[Table]:
        return [table for section in self.sections for table in section.tables]

    def row_counts(self) -> dict[str, int]:
        return {table.name: len(table.rows) for table in self.tables()}
