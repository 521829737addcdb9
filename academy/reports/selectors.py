"""Reads about report runs."""

from __future__ import annotations

from django.db.models import QuerySet

from academy.people.permissions import Viewer
from academy.reports.models import ReportRun, ReportSchedule


def runs_for(viewer: Viewer) -> QuerySet[ReportRun]:
    """The runs a person requested (or, for admins, all), newest first."""
    runs = ReportRun.objects.select_related("requested_by", "schedule")
    if viewer.is_superuser:
        return runs.order_by("-created_at", "-id")
    if viewer.person_id is None:
        return runs.none()
    return runs.filter(requested_by_id=viewer.person_id).order_by("-created_at", "-id")


def subscriber_ids(run: ReportRun) -> frozenset[int]:
    if run.schedule_id is None:
        return frozenset()
    return frozenset(
        ReportSchedule.subscribers.through.objects.filter(
            reportschedule_id=run.schedule_id
        ).values_list("person_id", flat=True)
    )


def schedules() -> QuerySet[ReportSchedule]:
    return ReportSchedule.objects.prefetch_related("subscribers").order_by("kind", "id")
