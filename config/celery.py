"""The Celery app: settings come from Django's (CELERY_*), tasks from workers/, the beat schedule
from workers.schedule."""

from __future__ import annotations

import os
from typing import Any

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("academy")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.imports = (
    "workers.notifications",
    "workers.pathways",
    "workers.training",
    "workers.audits",
    "workers.reports",
)


@app.on_after_configure.connect
def _install_beat_schedule(sender: Celery, **kwargs: Any) -> None:
    from workers.schedule import BEAT_SCHEDULE

    sender.conf.beat_schedule = BEAT_SCHEDULE


@worker_init.connect
def _refuse_insecure_production(**kwargs: Any) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from config.production import require_production_secrets

    # Celery logs and swallows an Exception raised by a signal handler; SystemExit stops the worker.
    try:
        require_production_secrets()
    except ImproperlyConfigured as error:
        raise SystemExit(f"Refusing to start the worker: {error}") from error
