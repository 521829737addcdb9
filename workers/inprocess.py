"""The beat schedule run in a thread of the web process, for the embedded first run.

When no broker is configured, tasks run in-process (Celery's eager mode) and no beat process is
running; this loop calls each scheduled task when it falls due, so reminders and the outbox
dispatcher still run on a laptop. Production runs ``celery beat`` instead.
"""

from __future__ import annotations

import logging
import threading
import time

from django.db import close_old_connections
from django.utils import timezone

from config.celery import app

logger = logging.getLogger(__name__)


def start_inprocess_beat(*, tick_seconds: float = 5.0) -> threading.Thread:
    thread = threading.Thread(
        target=_loop, kwargs={"tick_seconds": tick_seconds}, name="inprocess-beat", daemon=True
    )
    thread.start()
    return thread


def _loop(*, tick_seconds: float) -> None:
    schedule = dict(app.conf.beat_schedule)
    last_run = {name: timezone.now() for name in schedule}
    logger.info("in-process beat: %s", ", ".join(sorted(schedule)))
    while True:
        time.sleep(tick_seconds)
        for name, entry in schedule.items():
            due, _ = entry["schedule"].is_due(last_run[name])
            if not due:
                continue
            last_run[name] = timezone.now()
            try:
                app.tasks[entry["task"]].apply()
            except Exception:
                logger.exception("in-process beat: %s failed", name)
            finally:
                close_old_connections()
