"""Requesting, compiling and scheduling reports.

A request makes a queued ``ReportRun``; after commit the ``report_queued`` signal puts the
compile on the reports queue. ``report_compile`` claims the run (queued → running, one worker
only), compiles with progress and a heartbeat, stores the file and marks it done, or failed with
the error, and tells the requester. ``reports_recover_stale`` finds runs whose worker died (no
heartbeat) and queues them again, or fails them once the attempts are used up.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from academy.common.dates import today
from academy.common.links import link_to
from academy.notifications.services import NotificationDraft, notifications_enqueue
from academy.people.permissions import Viewer
from academy.reports.compilers import COMPILERS
from academy.reports.models import Kind, ReportRun, ReportSchedule
from academy.reports.permissions import may_request
from academy.reports.signals import report_queued
from academy.reports.writers import WRITERS

logger = logging.getLogger(__name__)
Status = ReportRun.Status


def _config(name: str) -> int:
    return int(settings.REPORTS[name])


def _clean(kind: str, parameters: Any, format: str) -> dict[str, Any]:
    if kind not in COMPILERS:
        raise ValidationError({"kind": f"Choose one of: {', '.join(COMPILERS)}."})
    compiler = COMPILERS[kind]
    if format not in compiler.formats:
        raise ValidationError(
            {"format": f"{Kind(kind).label} comes as: {', '.join(compiler.formats)}."}
        )
    if not isinstance(parameters, Mapping):
        raise ValidationError({"parameters": "Give the parameters as an object."})
    return compiler.clean(parameters)


def _queue(run: ReportRun) -> None:
    transaction.on_commit(lambda: report_queued.send(sender=ReportRun, run_id=run.pk), robust=True)


def report_request(
    *, kind: str, parameters: Mapping[str, Any], format: str, actor: Viewer
) -> ReportRun:
    """Queue a report for the requester."""
    cleaned = _clean(kind, parameters, format)
    if not may_request(actor, kind, cleaned):
        raise PermissionDenied("Your role does not give you this report.")
    with transaction.atomic():
        run = ReportRun.objects.create(
            kind=kind, parameters=cleaned, format=format, requested_by_id=actor.person_id
        )
        _queue(run)
    return run


def report_compile(*, run_id: int, as_of: dt.date | None = None) -> ReportRun | None:
    """Compile a queued run. Safe to call twice: only the call that moves it from queued to
    running compiles; any other returns None."""
    now = timezone.now()
    claimed = ReportRun.objects.filter(pk=run_id, status=Status.QUEUED).update(
        status=Status.RUNNING,
        attempts=F("attempts") + 1,
        started_at=now,
        heartbeat_at=now,
        progress=1,
        error="",
    )
    if not claimed:
        return None
    run = ReportRun.objects.get(pk=run_id)
    this_run = ReportRun.objects.filter(pk=run_id, status=Status.RUNNING)

    def progress(percent: int) -> None:
        this_run.update(progress=min(max(percent, 1), 99), heartbeat_at=timezone.now())

    try:
        document = COMPILERS[run.kind].compile(run.parameters, as_of or today(), progress)
        writer, _ = WRITERS[run.format]
        content = writer(document)
        progress(95)
        name = f"{run.kind}-{timezone.localdate():%Y-%m-%d}-{run.pk}.{run.format}"
        run.file.save(name, ContentFile(content), save=False)
    except Exception as exc:
        logger.exception("report run %s failed", run_id)
        _fail(run, f"{type(exc).__name__}: {exc}")
        return run
    ReportRun.objects.filter(pk=run.pk).update(
        status=Status.DONE,
        progress=100,
        finished_at=timezone.now(),
        file=run.file.name,
        row_counts=document.row_counts(),
        heartbeat_at=timezone.now(),
    )
    run.refresh_from_db()
    _tell_ready(run)
    return run


def _fail(run: ReportRun, error: str) -> None:
    ReportRun.objects.filter(pk=run.pk).update(
        status=Status.FAILED, error=error[:4000], finished_at=timezone.now()
    )
    if run.requested_by_id is not None:
        notifications_enqueue(
            drafts=[
                NotificationDraft(
                    recipient_id=run.requested_by_id,
                    kind="reports.failed",
                    subject=f"Your {run.get_kind_display().lower()} report could not be compiled",
                    body=(
                        f"The report failed: {error[:500]}. Try again; if it fails again, "
                        "tell the academy's administrators."
                    ),
                    link=link_to("report", run.pk),
                    dedupe_key=f"reports:failed:{run.pk}:{run.attempts}",
                )
            ]
        )


def _tell_ready(run: ReportRun) -> None:
    """The requester (and a schedule's subscribers) get a link to the file, not an attachment."""
    recipients = set()
    if run.schedule is not None:
        recipients |= set(run.schedule.subscribers.values_list("id", flat=True))
    elif run.requested_by_id is not None:
        recipients.add(run.requested_by_id)
    notifications_enqueue(
        drafts=[
            NotificationDraft(
                recipient_id=person_id,
                kind="reports.ready",
                subject=f"Report ready: {run.get_kind_display()}",
                body=(
                    f"Your {run.get_kind_display().lower()} report ({run.get_format_display()}) "
                    "is ready to download."
                ),
                link=link_to("report", run.pk),
                dedupe_key=f"reports:ready:{run.pk}:{person_id}",
            )
            for person_id in sorted(recipients)
        ]
    )


def reports_recover_stale(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Runs still "running" with no heartbeat for a while lost their worker: queue them again,
    or fail them (telling the requester) when the attempts are used up. (requeued, failed)"""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=_config("STALE_SECONDS"))
    stale = list(ReportRun.objects.filter(status=Status.RUNNING, heartbeat_at__lt=cutoff))
    requeued = failed = 0
    for run in stale:
        with transaction.atomic():
            if run.attempts >= _config("MAX_ATTEMPTS"):
                updated = ReportRun.objects.filter(
                    pk=run.pk, status=Status.RUNNING, heartbeat_at__lt=cutoff
                ).update(status=Status.FAILED)
                if updated:
                    _fail(
                        run,
                        "The worker compiling this report stopped, and the attempts are used up.",
                    )
                    failed += 1
            else:
                updated = ReportRun.objects.filter(
                    pk=run.pk, status=Status.RUNNING, heartbeat_at__lt=cutoff
                ).update(
                    status=Status.QUEUED,
                    progress=0,
                    error="The worker stopped while compiling; queued again.",
                )
                if updated:
                    _queue(run)
                    requeued += 1
    return requeued, failed


# ---------------------------------------------------------------------------------------------
# Schedules
# ---------------------------------------------------------------------------------------------
def schedule_save(
    *,
    kind: str,
    parameters: Mapping[str, Any],
    format: str,
    frequency: str,
    day: int,
    subscribers: list[Any],
    actor: Viewer,
    schedule: ReportSchedule | None = None,
) -> ReportSchedule:
    """The PSW subscribes people with accounts to a report on a day each month or week."""
    cleaned = _clean(kind, parameters, format)
    errors: dict[str, str] = {}
    if frequency not in ReportSchedule.Frequency.values:
        errors["frequency"] = "Choose monthly or weekly."
    elif frequency == "monthly" and not 1 <= day <= 28:
        errors["day"] = "Choose a day of the month from 1 to 28."
    elif frequency == "weekly" and not 1 <= day <= 7:
        errors["day"] = "Choose a day of the week from 1 (Monday) to 7 (Sunday)."
    without = [p.full_name for p in subscribers if p.user_id is None]
    if not subscribers:
        errors["subscribers"] = "Choose at least one person."
    elif without:
        errors["subscribers"] = (
            f"Only people with accounts can download reports: {', '.join(without)}."
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        schedule = schedule or ReportSchedule(created_by_id=actor.person_id)
        schedule.kind, schedule.parameters, schedule.format = kind, cleaned, format
        schedule.frequency, schedule.day = frequency, day
        schedule.save()
        schedule.subscribers.set(subscribers)
    return schedule


def schedule_is_due(schedule: ReportSchedule, day: dt.date) -> bool:
    if not schedule.active or schedule.last_run_on == day:
        return False
    if schedule.frequency == ReportSchedule.Frequency.WEEKLY:
        return day.isoweekday() == schedule.day
    return day.day == schedule.day


def schedules_run_due(*, day: dt.date | None = None) -> list[ReportRun]:
    """Queue a run for every schedule due today (once a day, however often this is called)."""
    day = day or today()
    runs = []
    for schedule in ReportSchedule.objects.filter(active=True).exclude(last_run_on=day):
        if not schedule_is_due(schedule, day):
            continue
        with transaction.atomic():
            updated = (
                ReportSchedule.objects.filter(pk=schedule.pk)
                .exclude(last_run_on=day)
                .update(last_run_on=day)
            )
            if not updated:
                continue
            run = ReportRun.objects.create(
                kind=schedule.kind,
                parameters=schedule.parameters,
                format=schedule.format,
                requested_by_id=schedule.created_by_id,
                schedule=schedule,
            )
            _queue(run)
            runs.append(run)
    return runs
