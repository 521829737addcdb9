"""Outbox tasks: thin adapters that call the notifications services."""

from __future__ import annotations

from academy.notifications.services import notifications_deliver, notifications_dispatch
from config.celery import app


@app.task(name="notifications.dispatch_due")
def dispatch_due_notifications() -> int:
    """Claim due outbox rows in batches and queue a delivery task for each batch."""

    def send_batch(ids: list[int]) -> None:
        deliver_notifications.delay(ids)

    return notifications_dispatch(send_batch=send_batch)


@app.task(name="notifications.deliver")
def deliver_notifications(ids: list[int]) -> dict[str, int]:
    """Deliver one claimed batch; safe to run twice for the same ids."""
    report = notifications_deliver(ids=ids)
    return {"sent": report.sent, "retried": report.retried, "failed": report.failed}
