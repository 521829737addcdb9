"""CSV: the document's first table, for spreadsheets and other systems."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

from academy.reports.document import Document

#: A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float | Decimal):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value  # shown as text, never run
    return value


def write_csv(document: Document) -> bytes:
    """The document's first table, with a header row; UTF-8 with a BOM so Excel reads it."""
    tables = document.tables()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if tables:
        table = tables[0]
        writer.writerow([column.name for column in table.columns])
        for row in table.rows:
            writer.writerow([_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
