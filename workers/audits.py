"""Audit tasks: the daily reminder sweep and the monthly moderation draw (thin)."""

from __future__ import annotations

from academy.audits.reminders import audit_reminders_sweep
from academy.audits.rules import month_start
from academy.audits.services import moderation_draw
from academy.common.dates import add_months, today
from config.celery import app


@app.task(name="audits.send_reminders")
def send_audit_reminders() -> int:
    return audit_reminders_sweep()


@app.task(name="audits.draw_moderation_sample")
def draw_moderation_sample() -> int:
    """Last month's sample for the PSW to re-grade (drawing twice adds nothing)."""
    return len(moderation_draw(month=add_months(month_start(today()), -1)))
