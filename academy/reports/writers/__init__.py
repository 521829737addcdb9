"""Writers turn a Document into file bytes: CSV (its first table), XLSX (a sheet per table),
PDF (designed pages with charts and tables)."""

from __future__ import annotations

from collections.abc import Callable

from academy.reports.document import Document
from academy.reports.writers.csv import write_csv
from academy.reports.writers.pdf import write_pdf
from academy.reports.writers.xlsx import write_xlsx

WRITERS: dict[str, tuple[Callable[[Document], bytes], str]] = {
    "csv": (write_csv, "text/csv"),
    "xlsx": (write_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pdf": (write_pdf, "application/pdf"),
}
