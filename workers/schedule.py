"""The beat schedule, in code. Run exactly one beat process (``make beat``)."""

from __future__ import annotations

from typing import Any

from celery.schedules import crontab

BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    "dispatch-due-notifications": {
        "task": "notifications.dispatch_due",
        "schedule": crontab(),  # every minute
        "options": {"queue": "notifications", "expires": 55},
    },
}
