"""Report tasks on the ``reports`` queue (thin: take ids, call the reports services)."""

from __future__ import annotations

from academy.reports.services import report_compile, reports_recover_stale, schedules_run_due
from config.celery import app


@app.task(name="reports.compile")
def compile_report(run_id: int) -> str:
    run = report_compile(run_id=run_id)
    return run.status if run is not None else "skipped"


@app.task(name="reports.recover_stale")
def recover_stale_reports() -> list[int]:
    """Runs whose worker died mid-compile are queued again, or failed."""
    return list(reports_recover_stale())


@app.task(name="reports.run_schedules")
def run_report_schedules() -> int:
    return len(schedules_run_due())
