"""Every kind of report, requested by the PSW from the demo academy (with a year of training and
audits), compiled by the report task in every format it offers, and read back: the CSV with
the csv module, the workbook with openpyxl, the PDF rendered to images by poppler."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from academy.notifications.models import Notification
from academy.reports.compilers import COMPILERS
from academy.reports.models import ReportRun
from academy.reports.services import report_request
from tests.reports.conftest import DemoAcademy, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db

SHEETS = {
    "cohort_progression": ["Members", "Evidence by kind", "PCF coverage"],
    "academy_overview": ["By pathway", "By cohort", "Trend"],
    "training_compliance": ["Team by course", "Expiring soon", "Not compliant"],
    "audit_summary": ["Grades", "Quota", "Themes", "Moderation"],
    "cpd_readiness": ["CPD readiness"],
}
#: Columns whose cells must come back from the workbook as these types.
TYPED: dict[str, dict[str, dict[str, type]]] = {
    "cohort_progression": {
        "Members": {
            "Name": str,
            "Start": dt.datetime,
            "End": dt.datetime,
            "Milestones met": int,
            "Overdue": int,
            "Supervision %": float,
            "Development hours": float,
            "PCF domains covered": int,
        },
        "PCF coverage": {"Knowledge": int},
    },
    "academy_overview": {
        "By cohort": {"Start": dt.datetime, "Capacity": int, "Enrolled": int},
        "Trend": {"Month": str, "In progress at month end": int},
    },
    "training_compliance": {
        "Team by course": {"Required": int, "Compliant %": float},
        "Expiring soon": {"Expires": dt.datetime, "Days left": int},
    },
    "audit_summary": {
        "Quota": {"Quota": int, "Submitted": int},
        "Grades": {"Good": int, "Total": int},
        "Moderation": {"Agreement %": float},
    },
    "cpd_readiness": {"CPD readiness": {"Entries": int, "With peer reflection": int}},
}
EXPECTED_FORMATS = {
    "cohort_progression": ("csv", "xlsx", "pdf"),
    "academy_overview": ("csv", "xlsx", "pdf"),
    "training_compliance": ("csv", "xlsx", "pdf"),
    "audit_summary": ("csv", "xlsx", "pdf"),
    "cpd_readiness": ("csv", "xlsx", "pdf"),
    "cqc_evidence": ("pdf",),
}
TITLES = {
    "cohort_progression": "Cohort progression",
    "academy_overview": "Academy overview",
    "training_compliance": "Training compliance",
    "audit_summary": "Case file audit summary",
    "cpd_readiness": "CPD readiness",
    "cqc_evidence": "Learning, improvement and innovation",
}
CASES = [(kind, format) for kind, formats in EXPECTED_FORMATS.items() for format in formats]


def parameters(kind: str, demo: DemoAcademy) -> dict[str, Any]:
    options: dict[str, dict[str, Any]] = {
        "cohort_progression": {"cohort": demo.cohort.pk},
        "training_compliance": {"team": demo.team.pk},
        "audit_summary": {"period": "month"},
        "cqc_evidence": {"months": 12},
    }
    return options.get(kind, {})


def compiled(kind: str, format: str, demo: DemoAcademy, capture: Any) -> ReportRun:
    """Requested by the PSW; on commit the report task compiles it (in-process here)."""
    with capture(execute=True):
        run = report_request(
            kind=kind, parameters=parameters(kind, demo), format=format, actor=demo.viewer("psw")
        )
    run.refresh_from_db()
    assert (run.status, run.error) == (ReportRun.Status.DONE, "")
    return run


def test_each_kind_offers_the_formats_the_issue_asks_for():
    assert {kind: compiler.formats for kind, compiler in COMPILERS.items()} == EXPECTED_FORMATS


@pytest.mark.parametrize(("kind", "format"), CASES)
def test_each_kind_compiles_from_the_demo_academy(
    kind, format, demo_academy, django_capture_on_commit_callbacks, tmp_path
):
    run = compiled(kind, format, demo_academy, django_capture_on_commit_callbacks)

    path = Path(run.file.path)
    assert path.exists()
    assert path.suffix == f".{format}"
    assert run.progress == 100
    assert run.attempts == 1
    assert run.row_counts, "the run records how many rows each table has"
    ready = Notification.objects.get(kind="reports.ready", recipient__user__username="psw")
    assert f"({run.get_format_display()})" in ready.body
    if format == "csv":
        check_csv(path, kind, run)
    elif format == "xlsx":
        check_workbook(path, kind, run)
    else:
        check_pdf(path, kind, tmp_path / "pages")


def check_csv(path: Path, kind: str, run: ReportRun) -> None:
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff"), "a byte order mark, so Excel reads it as UTF-8"
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    first = SHEETS[kind][0]
    assert len(rows) == 1 + run.row_counts[first]
    assert len({len(row) for row in rows}) == 1, "every row has the header's columns"


def check_workbook(path: Path, kind: str, run: ReportRun) -> None:
    workbook = load_workbook(path)
    assert workbook.sheetnames == SHEETS[kind]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2", f"{sheet.title}: the header row stays in view"
        assert sheet.max_row == 1 + run.row_counts[sheet.title]
        header = [cell.value for cell in sheet[1]]
        assert all(cell.font.b for cell in sheet[1])
        for index, _ in enumerate(header, start=1):
            letter = sheet.cell(row=1, column=index).column_letter
            assert sheet.column_dimensions[letter].width >= 6, f"{sheet.title}!{letter} width"
    for title, columns in TYPED[kind].items():
        sheet = workbook[title]
        header = [cell.value for cell in sheet[1]]
        assert sheet.max_row > 1, f"{title}: the demo gives it rows"
        for name, expected in columns.items():
            index = header.index(name) + 1
            values = [
                row[0].value
                for row in sheet.iter_rows(min_row=2, min_col=index, max_col=index)
                if row[0].value is not None
            ]
            assert values, f"{title}!{name} has values"
            assert {type(v) for v in values} <= {expected, *(_numbers(expected))}, (
                f"{title}!{name}: {sorted({type(v).__name__ for v in values})}"
            )
            if name.endswith("%"):
                assert sheet.cell(row=2, column=index).number_format == "0.0%"
                assert all(0 <= v <= 2 for v in values), "a percentage, 0.5 for 50%"
            if expected is dt.datetime:
                assert sheet.cell(row=2, column=index).number_format == "dd/mm/yyyy"


def _numbers(expected: type) -> set[type]:
    """openpyxl reads a whole number stored in a decimal column back as an int."""
    return {int} if expected is float else set()


def check_pdf(path: Path, kind: str, pages_dir: Path) -> None:
    assert path.read_bytes().startswith(b"%PDF-")
    pages = pdf_pages(path, pages_dir)
    assert pages, "pdftoppm rendered at least one page"
    for page in pages:
        assert page.read_bytes().startswith(b"\x89PNG")
        assert page.stat().st_size > 1000
    text = pdf_text(path)
    assert TITLES[kind] in text
    assert "Page 1" in text
