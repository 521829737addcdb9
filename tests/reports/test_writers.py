"""The writers on documents made here: typed workbook cells, text that looks like a formula
kept as text, and PDF tables too wide for a page cut into column groups that read on paper."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from academy.reports.document import Chart, Column, Document, Section, Table, Type
from academy.reports.writers.csv import write_csv
from academy.reports.writers.pdf import nice_step, write_pdf
from academy.reports.writers.xlsx import write_xlsx
from tests.reports.conftest import pdf_pages, pdf_text


def document(*tables: Table, charts: tuple[Chart, ...] = ()) -> Document:
    return Document(
        title="Test report",
        subtitle="For the writers",
        generated_at=timezone.now(),
        sections=[Section("Figures", paragraphs=["Some figures."], charts=list(charts))]
        + [Section(f"Table {n}", tables=[table]) for n, table in enumerate(tables, 1)],
    )


def people() -> Table:
    return Table(
        "People",
        [
            Column("Name"),
            Column("Started", Type.DATE),
            Column("Sessions", Type.INTEGER),
            Column("Hours", Type.DECIMAL),
            Column("Supervision %", Type.PERCENT),
        ],
        rows=[
            ["Ada Lovelace", dt.date(2026, 4, 1), 3, Decimal("12.50"), 75.0],
            ['=HYPERLINK("http://example.org")', dt.date(2026, 5, 2), 0, Decimal("0"), None],
        ],
    )


def test_workbook_cells_are_typed_and_formats_set():
    sheet = load_workbook(io.BytesIO(write_xlsx(document(people()))))["People"]
    first = [cell.value for cell in sheet[2]]
    # A workbook's dates carry no time zone: openpyxl reads them back as naive datetimes.
    assert first == ["Ada Lovelace", dt.datetime(2026, 4, 1), 3, 12.5, 0.75]  # noqa: DTZ001
    assert [cell.number_format for cell in sheet[2]][1:] == ["dd/mm/yyyy", "0", "0.0", "0.0%"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E3"
    assert sheet["E3"].value is None, "a figure that cannot be worked out stays empty"


def test_text_that_looks_like_a_formula_stays_text():
    sheet = load_workbook(io.BytesIO(write_xlsx(document(people()))))["People"]
    assert sheet["A3"].data_type == "s"
    assert sheet["A3"].value == '=HYPERLINK("http://example.org")'
    rows = list(csv.reader(io.StringIO(write_csv(document(people())).decode("utf-8-sig"))))
    assert rows[2][0] == '\'=HYPERLINK("http://example.org")'
    assert rows[1] == ["Ada Lovelace", "2026-04-01", "3", "12.5", "75"]


def test_sheet_names_are_unique_and_short_enough():
    long = "Very long table name that Excel would refuse: [x]"
    tables = [Table(long, [Column("A")], rows=[["1"]]) for _ in range(2)]
    names = load_workbook(io.BytesIO(write_xlsx(document(*tables)))).sheetnames
    assert len(names) == 2
    assert len(set(names)) == 2
    assert all(len(name) <= 31 and "[" not in name for name in names)


def wide() -> Table:
    columns = [Column("Name")] + [Column(f"Figure number {n}", Type.INTEGER) for n in range(1, 25)]
    rows = [[f"Person {p}"] + [p * n for n in range(1, 25)] for p in range(1, 4)]
    return Table("Wide", columns, rows=rows, title="A table wider than a page")


def test_a_table_too_wide_for_the_page_is_cut_into_groups_that_repeat_its_first_column(tmp_path):
    path = tmp_path / "wide.pdf"
    path.write_bytes(write_pdf(document(wide())))
    text = pdf_text(path)
    assert "A table wider than a page (continued)" in text
    assert text.count("Person 2") >= 2, "each group names its rows"
    for n in range(1, 25):
        assert f"{2 * n}" in text
    assert pdf_pages(path, tmp_path / "pages")


def test_numbers_and_dates_are_never_broken_across_lines(tmp_path):
    table = Table(
        "Dates",
        [Column("When", Type.DATE), Column("A much longer heading than its numbers", Type.INTEGER)],
        rows=[[dt.date(2026, 11, 30), 123456789]],
    )
    path = tmp_path / "dates.pdf"
    path.write_bytes(write_pdf(document(table)))
    text = pdf_text(path)
    assert "30 Nov 2026" in text
    assert "123456789" in text


def test_a_chart_with_nothing_to_show_says_so(tmp_path):
    empty = Chart("Audits by grade", ["Good", "Inadequate"], [("Audits", [0.0, 0.0])])
    path = tmp_path / "empty.pdf"
    path.write_bytes(write_pdf(document(people(), charts=(empty,))))
    assert "Audits by grade: nothing to chart yet." in pdf_text(path)


def test_charts_print_their_values_and_name_their_series(tmp_path):
    charts = (
        Chart(
            "Open enrolments by status",
            ["ASYE (adults)", "A pathway with a name far too long to print in full beside a bar"],
            [("On track", [40.0, 3.0]), ("At risk", [12.0, 0.0])],
            stacked=True,
        ),
        Chart("Per month", ["Jan 2026", "Feb 2026"], [("Started", [7.0, 19.0])], over_time=True),
    )
    path = tmp_path / "charts.pdf"
    path.write_bytes(write_pdf(document(people(), charts=charts)))
    text = pdf_text(path)
    for expected in ("On track", "At risk", "40", "12", "19", "Jan 2026", "…"):
        assert expected in text


@pytest.mark.parametrize(
    ("top", "step"), [(0, 1), (3, 1), (7, 2), (10, 2), (67, 20), (100, 20), (240, 50), (1999, 500)]
)
def test_value_axes_step_in_round_numbers(top, step):
    assert nice_step(top) == step
