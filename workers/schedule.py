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
    # Times are UTC (CELERY_TIMEZONE): early morning in the UK all year round.
    "refresh-enrolment-status": {
        "task": "pathways.refresh_status",
        "schedule": crontab(hour=5, minute=30),
        "options": {"queue": "reports", "expires": 6 * 3600},
    },
    "expire-booking-requests": {
        "task": "training.expire_requests",
        "schedule": crontab(minute="*/15"),
        "options": {"queue": "notifications", "expires": 14 * 60},
    },
    "send-training-reminders": {
        "task": "training.send_reminders",
        "schedule": crontab(hour=6, minute=15),
        "options": {"queue": "notifications", "expires": 6 * 3600},
    },
    "send-audit-reminders": {
        "task": "audits.send_reminders",
        "schedule": crontab(hour=6, minute=30),
        "options": {"queue": "notifications", "expires": 6 * 3600},
    },
    "draw-moderation-sample": {
        "task": "audits.draw_moderation_sample",
        "schedule": crontab(day_of_month=1, hour=4, minute=0),
        "options": {"queue": "notifications", "expires": 20 * 3600},
    },
    "recover-stale-reports": {
        "task": "reports.recover_stale",
        "schedule": crontab(minute="*/2"),
        "options": {"queue": "reports", "expires": 110},
    },
    "run-report-schedules": {
        "task": "reports.run_schedules",
        "schedule": crontab(hour=5, minute=0),
        "options": {"queue": "reports", "expires": 6 * 3600},
    },
    "send-pathway-reminders": {
        "task": "pathways.send_reminders",
        "schedule": crontab(hour=6, minute=0),
        "options": {"queue": "notifications", "expires": 6 * 3600},
    },
}
