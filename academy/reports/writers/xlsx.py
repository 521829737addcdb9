"""Workbooks: a sheet per table, the header row bold and frozen, typed cells (numbers as
numbers, dates as dates, percentages as Excel percentages), column widths and a filter."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from academy.reports.document import Document, Type

HEADER = PatternFill("solid", fgColor="DDE6F0")
BOLD = Font(bold=True)
HEADER_ALIGNMENT = Alignment(vertical="top", wrap_text=True)
NUMBER_FORMATS = {
    Type.INTEGER: "0",
    Type.DECIMAL: "0.0",
    Type.PERCENT: "0.0%",
    Type.DATE: "dd/mm/yyyy",
}


def _sheet_name(name: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", name).strip()[:31] or "Sheet"
    candidate, n = base, 2
    while candidate in taken:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate)
    return candidate


def _typed(value: Any, kind: Type) -> Any:
    if value is None:
        return None
    if kind is Type.INTEGER and isinstance(value, int | float | Decimal):
        return int(value)
    if kind is Type.PERCENT and isinstance(value, int | float | Decimal):
        return float(value) / 100  # the document holds 0–100; Excel shows 0.5 as 50.0%
    if kind is Type.DECIMAL and isinstance(value, int | float | Decimal):
        return float(value)
    if kind is Type.DATE and isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return value


def write_xlsx(document: Document) -> bytes:
    """A sheet per table: typed cells, a bold frozen header row, column widths. Written in
    openpyxl's streaming (write-only) mode: time and memory grow with the rows, no faster."""
    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    for table in document.tables():
        sheet = workbook.create_sheet(_sheet_name(table.name, taken))
        # Sheet properties first: a streamed sheet writes them before its first row.
        sheet.freeze_panes = "A2"
        for index, width in enumerate(table.widths(), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        if table.rows:
            last = get_column_letter(len(table.columns))
            sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
        sheet.append([_header(sheet, column.name) for column in table.columns])
        formats = [NUMBER_FORMATS.get(column.type) for column in table.columns]
        for row in table.rows:
            sheet.append(
                [
                    _cell(sheet, _typed(value, column.type), number_format)
                    for value, column, number_format in zip(
                        row, table.columns, formats, strict=True
                    )
                ]
            )
    if not workbook.sheetnames:
        workbook.create_sheet("Report").append([document.title])
    workbook.properties.title = document.title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header(sheet: Any, name: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=name)
    cell.font = BOLD
    cell.fill = HEADER
    cell.alignment = HEADER_ALIGNMENT
    return cell


def _cell(sheet: Any, value: Any, number_format: str | None) -> Any:
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=value)
        # Text that starts with "=" is someone's words, not a formula to run.
        cell.data_type = "s"
        return cell
    if number_format is None or value is None:
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell
