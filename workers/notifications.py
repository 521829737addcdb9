"""Outbox tasks: thin adapters that call the notifications services."""

from __future__ import annotations

from django.conf import settings

from academy.notifications.services import notifications_deliver, notifications_dispatch
from config.celery import app

# A delivery task must end before its rows count as abandoned and are claimed again.
_CLAIM_TIMEOUT = int(settings.NOTIFICATIONS["CLAIM_TIMEOUT_SECONDS"])


@app.task(name="notifications.dispatch_due")
def dispatch_due_notifications() -> int:
    """Claim due outbox rows in batches and queue a delivery task for each batch."""

    def send_batch(ids: list[int]) -> None:
        deliver_notifications.delay(ids)

    return notifications_dispatch(send_batch=send_batch)


@app.task(
    name="notifications.deliver",
    soft_time_limit=_CLAIM_TIMEOUT * 8 // 10,
    time_limit=_CLAIM_TIMEOUT * 9 // 10,
)
def deliver_notifications(ids: list[int]) -> dict[str, int]:
    """Deliver one claimed batch; safe to run twice for the same ids."""
    report = notifications_deliver(ids=ids)
    return {"sent": report.sent, "retried": report.retried, "failed": report.failed}
