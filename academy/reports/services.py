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
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from academy.common.dates import today
from academy.common.links import link_to
from academy.notifications.services import NotificationDraft, notifications_enqueue
from academy.people.permissions import Viewer
from academy.reports.compilers import COMPILERS
from academy.reports.models import Kind, ReportRun, ReportSchedule
from academy.reports.permissions import may_keep_schedules, may_request
from academy.reports.rules import schedule_due
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
    running compiles; any other returns None.

    Call outside a transaction: the claim, each progress step (the heartbeat) and the outcome
    commit as they happen, so the page sees progress and a dead worker's run is found stale.
    A call whose claim was taken back meanwhile (found stale and queued again) leaves the run
    to the call that holds it now."""
    now = timezone.now()
    claimed = ReportRun.objects.filter(pk=run_id, status=Status.QUEUED).update(
        status=Status.RUNNING,
        attempts=F("attempts") + 1,
        started_at=now,
        heartbeat_at=now,
        finished_at=None,
        progress=1,
        error="",
    )
    if not claimed:
        return None
    run = ReportRun.objects.select_related("schedule").get(pk=run_id)
    # This claim: the run as long as it is still running on the attempt this call made.
    this_claim = ReportRun.objects.filter(pk=run_id, status=Status.RUNNING, attempts=run.attempts)

    def progress(percent: int) -> None:
        this_claim.update(progress=min(max(percent, 1), 99), heartbeat_at=timezone.now())

    try:
        document = COMPILERS[run.kind].compile(run.parameters, as_of or today(), progress)
        writer, _ = WRITERS[run.format]
        content = writer(document)
        progress(95)
        name = f"{run.kind}-{timezone.localdate():%Y-%m-%d}-{run.pk}.{run.format}"
        run.file.save(name, ContentFile(content), save=False)
    except Exception as exc:
        logger.exception("report run %s failed", run_id)
        _fail(run, f"{type(exc).__name__}: {exc}", claim=this_claim)
        run.refresh_from_db()
        return run
    with transaction.atomic():
        finished = this_claim.update(
            status=Status.DONE,
            progress=100,
            finished_at=timezone.now(),
            file=run.file.name,
            row_counts=document.row_counts(),
            heartbeat_at=timezone.now(),
        )
        if finished:
            _tell_ready(run)
    if not finished:
        logger.warning("report run %s was taken back while compiling; its file is dropped", run_id)
        run.file.delete(save=False)
    run.refresh_from_db()
    return run


def _fail(run: ReportRun, error: str, *, claim: QuerySet[ReportRun]) -> bool:
    """Mark the run failed (through ``claim``, so only while the caller still holds it) and tell
    the requester, in one transaction."""
    with transaction.atomic():
        failed = claim.update(status=Status.FAILED, error=error[:4000], finished_at=timezone.now())
        if failed and run.requested_by_id is not None:
            notifications_enqueue(
                drafts=[
                    NotificationDraft(
                        recipient_id=run.requested_by_id,
                        kind="reports.failed",
                        subject=(
                            f"Your {run.get_kind_display().lower()} report could not be compiled"
                        ),
                        body=(
                            f"The report failed: {error[:500]}. Try again; if it fails again, "
                            "tell the academy's administrators."
                        ),
                        link=link_to("report", run.pk),
                        dedupe_key=f"reports:failed:{run.pk}:{run.attempts}",
                    )
                ]
            )
    return bool(failed)


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


STOPPED = "The worker compiling this report stopped"


def reports_recover_stale(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Runs still "running" with no heartbeat for ``REPORTS["STALE_SECONDS"]`` lost their
    worker: queue them again, or fail them (telling the requester) once ``MAX_ATTEMPTS`` are
    used up. Runs queued that long without a worker taking them (the broker lost the message,
    or was down when they were queued) are sent again. Returns (queued again, failed)."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=_config("STALE_SECONDS"))
    requeued = failed = 0
    stale = ReportRun.objects.filter(status=Status.RUNNING, heartbeat_at__lt=cutoff)
    for run in stale.select_related("schedule").order_by("id"):
        # Each change is conditional on the heartbeat still being the stale one: a worker that
        # was only slow and beats again keeps its run.
        same = ReportRun.objects.filter(
            pk=run.pk, status=Status.RUNNING, attempts=run.attempts, heartbeat_at=run.heartbeat_at
        )
        if run.attempts >= _config("MAX_ATTEMPTS"):
            failed += _fail(run, f"{STOPPED}, and the attempts are used up.", claim=same)
            continue
        with transaction.atomic():
            if same.update(
                status=Status.QUEUED,
                progress=0,
                heartbeat_at=now,
                error=f"{STOPPED} (attempt {run.attempts}); queued again.",
            ):
                _queue(run)
                requeued += 1
    waiting = ReportRun.objects.filter(status=Status.QUEUED).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
    )
    for run in waiting.order_by("id"):
        with transaction.atomic():
            if ReportRun.objects.filter(
                pk=run.pk, status=Status.QUEUED, heartbeat_at=run.heartbeat_at
            ).update(heartbeat_at=now):
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
    if not may_keep_schedules(actor):
        raise PermissionDenied("Only the Principal Social Worker keeps report schedules.")
    cleaned = _clean(kind, parameters, format)
    errors: dict[str, str] = {}
    if frequency not in ReportSchedule.Frequency.values:
        errors["frequency"] = "Choose monthly or weekly."
    elif not isinstance(day, int) or isinstance(day, bool):
        errors["day"] = "Give the day as a number."
    elif frequency == "monthly" and not 1 <= day <= 28:
        errors["day"] = "Choose a day of the month from 1 to 28."
    elif frequency == "weekly" and not 1 <= day <= 7:
        errors["day"] = "Choose a day of the week from 1 (Monday) to 7 (Sunday)."
    without = [p.full_name for p in subscribers if p.user_id is None]
    gone = [p.full_name for p in subscribers if not p.active]
    if not subscribers:
        errors["subscribers"] = "Choose at least one person."
    elif without:
        errors["subscribers"] = (
            f"Only people with accounts can download reports: {', '.join(without)}."
        )
    elif gone:
        errors["subscribers"] = f"These people have left: {', '.join(gone)}."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        schedule = schedule or ReportSchedule(created_by_id=actor.person_id)
        schedule.kind, schedule.parameters, schedule.format = kind, cleaned, format
        schedule.frequency, schedule.day = frequency, day
        schedule.save()
        schedule.subscribers.set(subscribers)
    return schedule


def schedule_deactivate(*, schedule: ReportSchedule, actor: Viewer) -> ReportSchedule:
    """Stop a schedule: no more runs. Runs already made keep their files and their readers."""
    if not may_keep_schedules(actor):
        raise PermissionDenied("Only the Principal Social Worker keeps report schedules.")
    ReportSchedule.objects.filter(pk=schedule.pk).update(active=False)
    schedule.active = False
    return schedule


def schedule_is_due(schedule: ReportSchedule, day: dt.date) -> bool:
    """Due on ``day``: see ``rules.schedule_due`` (a missed day is made up once)."""
    if not schedule.active:
        return False
    return schedule_due(
        frequency=schedule.frequency,
        day=schedule.day,
        on=day,
        last_run_on=schedule.last_run_on,
        created_on=timezone.localdate(schedule.created_at),
    )


def schedules_run_due(*, day: dt.date | None = None) -> list[ReportRun]:
    """Queue a run for every schedule due on ``day`` (by default today), once however often
    this is called or however many schedulers call it."""
    day = day or today()
    runs = []
    for schedule in ReportSchedule.objects.filter(active=True).exclude(last_run_on=day):
        if not schedule_is_due(schedule, day):
            continue
        with transaction.atomic():
            # Compare and set: only the caller that still sees the last run it read queues one.
            updated = ReportSchedule.objects.filter(
                pk=schedule.pk, last_run_on=schedule.last_run_on
            ).update(last_run_on=day)
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
