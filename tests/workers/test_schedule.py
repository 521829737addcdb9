"""The beat schedule, the Celery settings ARCHITECTURE.md asks for, and the in-process beat."""

import datetime as dt
import os
import subprocess
import sys
import threading

import pytest
from celery.schedules import crontab, schedule
from django.conf import settings
from django.utils import timezone

from academy.notifications.models import Notification
from config.celery import app
from tests.factories import NotificationFactory, PersonFactory
from tests.notifications.conftest import point_email_at
from tests.workers.conftest import wait_for
from workers.inprocess import start_inprocess_beat
from workers.notifications import deliver_notifications, dispatch_due_notifications


def queue_of(task_name: str) -> str:
    return app.amqp.router.route({}, task_name, (), {})["queue"].name


def test_beat_dispatches_the_outbox_every_minute_on_the_notifications_queue():
    entry = app.conf.beat_schedule["dispatch-due-notifications"]

    assert entry["task"] == dispatch_due_notifications.name
    every = entry["schedule"]
    assert isinstance(every, crontab)
    assert every.minute == set(range(60))
    assert every.hour == set(range(24))
    assert every.day_of_week == set(range(7))
    assert entry["options"]["queue"] == "notifications"
    # A run the workers could not start within the minute is dropped, not piled up.
    assert entry["options"]["expires"] < 60


def test_every_scheduled_task_is_registered_in_a_web_process_too():
    # A fresh Django process that imports no task module itself, as ``manage.py serve`` is:
    # the in-process beat finds the scheduled tasks by name there.
    script = (
        "import django; django.setup(); from config.celery import app; "
        "print(sorted(e['task'] for e in app.conf.beat_schedule.values() "
        "if e['task'] not in app.tasks))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_outbox_tasks_go_to_the_notifications_queue_and_reports_to_theirs():
    assert queue_of(dispatch_due_notifications.name) == "notifications"
    assert queue_of(deliver_notifications.name) == "notifications"
    assert queue_of("reports.compile") == "reports"


def test_celery_settings_follow_the_reliability_rules():
    conf = app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_serializer == "json"
    assert list(conf.accept_content) == ["json"]
    assert conf.timezone == "UTC"
    assert conf.enable_utc is True
    assert conf.task_ignore_result is True
    assert 0 < conf.task_soft_time_limit < conf.task_time_limit
    # Redis hands an unacknowledged message to another worker after the visibility timeout:
    # it must outlast the longest task, or a running task would be run twice.
    assert conf.broker_transport_options["visibility_timeout"] > conf.task_time_limit


@pytest.mark.django_db(transaction=True)
def test_inprocess_beat_runs_the_dispatcher_when_it_falls_due(mail_server, settings):
    point_email_at(settings, mail_server)
    row = NotificationFactory(recipient=PersonFactory(work_email="ada@example.org"))
    stop = threading.Event()
    beat = start_inprocess_beat(
        tick_seconds=0.05,
        schedule={
            # An entry that fails each time must not stop the others.
            "missing": {"task": "no.such.task", "schedule": schedule(dt.timedelta(seconds=0.1))},
            "dispatch": {
                "task": dispatch_due_notifications.name,
                "schedule": schedule(dt.timedelta(seconds=0.3)),
            },
        },
        stop=stop,
    )
    try:

        def sent() -> bool:
            row.refresh_from_db()
            return row.status == Notification.Status.SENT

        wait_for(sent, seconds=15)
    finally:
        stop.set()
        beat.join(timeout=5)
    assert not beat.is_alive()
    assert mail_server.handler.count_by_recipient() == {"ada@example.org": 1}


@pytest.mark.django_db(transaction=True)
def test_inprocess_beat_waits_for_a_task_to_fall_due():
    row = NotificationFactory(channel=Notification.Channel.IN_APP, due_at=timezone.now())
    stop = threading.Event()
    beat = start_inprocess_beat(
        tick_seconds=0.05,
        schedule={
            "dispatch": {
                "task": dispatch_due_notifications.name,
                "schedule": schedule(dt.timedelta(hours=1)),
            }
        },
        stop=stop,
    )
    stop.wait(0.5)
    stop.set()
    beat.join(timeout=5)
    assert not beat.is_alive()
    row.refresh_from_db()
    assert row.status == Notification.Status.PENDING
