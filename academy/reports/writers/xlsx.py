from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from academy.reports.document import Document, Type

HEADER = PatternFill("solid", fgColor="DDE6F0")
NUMBER_FORMATS = {
    Type.INTEGER: "0",
    Type.DECIMAL: "0.0",
    Type.PERCENT: "0.0",
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
    if kind is Type.INTEGER:
        return int(value)
    if kind in (Type.DECIMAL, Type.PERCENT):
        return float(value) if isinstance(value, Decimal | int | float) else value
    if kind is Type.DATE and isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return value


def write_xlsx(document: Document) -> bytes:
    """A sheet per table: typed cells, a bold frozen header row, column widths."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for table in document.tables() or []:
        sheet = workbook.create_sheet(_sheet_name(table.name, taken))
        sheet.append([column.name for column in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = HEADER
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        for row in table.rows:
            sheet.append(
                [
                    _typed(value, column.type)
                    for value, column in zip(row, table.columns, strict=True)
                ]
            )
        for index, (column, width) in enumerate(
            zip(table.columns, table.widths(), strict=True), start=1
        ):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = width
            number_format = NUMBER_FORMATS.get(column.type)
            if number_format:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = number_format
        sheet.freeze_panes = "A2"
    if not workbook.sheetnames:
        workbook.create_sheet("Report").append([document.title])
    workbook.properties.title = document.title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
