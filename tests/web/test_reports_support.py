"""Builders the reports tests share (no tests here): runs asked for through the reports
service, runs placed directly in a chosen state, and schedules."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from academy.people.models import Person
from academy.people.permissions import viewer_for
from academy.reports import services
from academy.reports.models import ReportRun, ReportSchedule
from tests.conftest import Academy


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    """Report files go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def requested(
    academy: Academy,
    login: str,
    kind: str = "academy_overview",
    parameters: dict[str, Any] | None = None,
    format: str = "csv",
) -> ReportRun:
    """A run asked for through the service by ``login`` (queued: tests do not commit)."""
    return services.report_request(
        kind=kind,
        parameters=parameters or {},
        format=format,
        actor=viewer_for(academy.user(login)),
    )


def compiled(run: ReportRun) -> ReportRun:
    """Compile a queued run now, as the worker would."""
    done = services.report_compile(run_id=run.pk)
    assert done is not None
    return done


def placed(
    person: Person | None,
    *,
    kind: str = "academy_overview",
    format: str = "csv",
    status: str = ReportRun.Status.QUEUED,
    progress: int = 0,
    schedule: ReportSchedule | None = None,
    **fields: Any,
) -> ReportRun:
    """A run written straight to the table in the state a test needs (no compile)."""
    if status in (ReportRun.Status.RUNNING, ReportRun.Status.DONE, ReportRun.Status.FAILED):
        fields.setdefault("started_at", timezone.now())
    if status in (ReportRun.Status.DONE, ReportRun.Status.FAILED):
        fields.setdefault("finished_at", timezone.now())
    return ReportRun.objects.create(
        kind=kind,
        format=format,
        requested_by=person,
        status=status,
        progress=progress,
        schedule=schedule,
        **fields,
    )


def schedule_for(
    academy: Academy,
    subscribers: list[Person],
    *,
    kind: str = "academy_overview",
    format: str = "xlsx",
    frequency: str = "monthly",
    day: int = 1,
) -> ReportSchedule:
    return services.schedule_save(
        kind=kind,
        parameters={},
        format=format,
        frequency=frequency,
        day=day,
        subscribers=subscribers,
        actor=viewer_for(academy.user("psw")),
    )
