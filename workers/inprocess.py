"""The beat schedule run in a thread of the web process, for the embedded first run.

When no broker is configured, tasks run in-process (Celery's eager mode) and no beat process is
running; this loop calls each scheduled task when it falls due, so reminders and the outbox
dispatcher still run on a laptop. Production runs ``celery beat`` instead.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from typing import Any

from django.db import close_old_connections, connections
from django.utils import timezone

from config.celery import app

logger = logging.getLogger(__name__)


def start_inprocess_beat(
    *,
    tick_seconds: float = 5.0,
    schedule: Mapping[str, Mapping[str, Any]] | None = None,
    stop: threading.Event | None = None,
) -> threading.Thread:
    """Run ``schedule`` (the app's beat schedule unless given) in a daemon thread until
    ``stop`` is set. Each entry is first due one period after the start, as with beat."""
    thread = threading.Thread(
        target=_loop,
        kwargs={
            "tick_seconds": tick_seconds,
            "schedule": dict(app.conf.beat_schedule if schedule is None else schedule),
            "stop": stop or threading.Event(),
        },
        name="inprocess-beat",
        daemon=True,
    )
    thread.start()
    return thread


def _loop(
    *, tick_seconds: float, schedule: dict[str, Mapping[str, Any]], stop: threading.Event
) -> None:
    last_run = {name: timezone.now() for name in schedule}
    logger.info("in-process beat: %s", ", ".join(sorted(schedule)))
    try:
        while not stop.wait(tick_seconds):
            for name, entry in schedule.items():
                _run_if_due(name, entry, last_run)
    finally:
        connections.close_all()


def _run_if_due(name: str, entry: Mapping[str, Any], last_run: dict[str, Any]) -> None:
    try:
        due, _ = entry["schedule"].is_due(last_run[name])
        if not due:
            return
        last_run[name] = timezone.now()
        app.tasks[entry["task"]].apply(args=entry.get("args", ()), kwargs=entry.get("kwargs", {}))
    except Exception:
        logger.exception("in-process beat: %s failed", name)
    finally:
        close_old_connections()
