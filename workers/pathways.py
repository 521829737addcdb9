"""Pathway tasks: the daily status refresh and reminder sweep (thin: call the services)."""

from __future__ import annotations

from academy.pathways.reminders import pathway_reminders_sweep
from academy.pathways.services import enrolments_refresh_status
from config.celery import app


@app.task(name="pathways.refresh_status")
def refresh_enrolment_status() -> int:
    """Time passing changes status (a milestone falls due): recompute every open enrolment."""
    return enrolments_refresh_status()


@app.task(name="pathways.send_reminders")
def send_pathway_reminders() -> int:
    """Milestones due soon and overdue, supervision overdue, ASYE portal registration."""
    return pathway_reminders_sweep()
