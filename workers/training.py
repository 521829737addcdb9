"""Training tasks: expiring unapproved requests and the daily reminder sweep (thin)."""

from __future__ import annotations

from academy.training.reminders import training_reminders_sweep
from academy.training.services import requests_expire
from config.celery import app


@app.task(name="training.expire_requests")
def expire_booking_requests() -> int:
    """Requests still awaiting approval when booking closes expire."""
    return requests_expire()


@app.task(name="training.send_reminders")
def send_training_reminders() -> int:
    """Sessions soon, approvals waiting, training expiring, Social Work England renewal."""
    return training_reminders_sweep()
