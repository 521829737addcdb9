"""What the reports pages share: which kinds a viewer may ask for, the run an address names (a
404 for anyone who may not read it), and how a run or schedule is described."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from academy.pathways.models import Cohort
from academy.people.models import Team
from academy.people.permissions import Viewer, viewer_for
from academy.reports import selectors
from academy.reports.compilers import COMPILERS
from academy.reports.models import Kind, ReportRun
from academy.reports.permissions import may_read, requestable
from web.forms import report_period_label

#: What each kind holds, under its radio.
KIND_HINTS: dict[str, str] = {
    Kind.COHORT_PROGRESSION: "Each member's milestones, supervision, development time, "
    "evidence and outcome",
    Kind.ACADEMY_OVERVIEW: "Open enrolments by pathway and cohort, with the trend over the "
    "last year",
    Kind.TRAINING_COMPLIANCE: "Each team's required courses, and whose training expires soon",
    Kind.AUDIT_SUMMARY: "Case file audits in a month or quarter: quota, grades, themes and "
    "moderation",
    Kind.CPD_READINESS: "Registered social workers short of Social Work England's CPD rule",
    Kind.CQC_EVIDENCE: "An evidence pack for ‘Learning, improvement and innovation’, as a PDF only",
}

STATUS_TAGS = {
    ReportRun.Status.QUEUED: "govuk-tag--grey",
    ReportRun.Status.RUNNING: "govuk-tag--blue",
    ReportRun.Status.DONE: "govuk-tag--green",
    ReportRun.Status.FAILED: "govuk-tag--red",
}


def kinds_for(viewer: Viewer) -> list[tuple[str, str]]:
    return [(kind, Kind(kind).label) for kind in COMPILERS if requestable(viewer, kind)]


def readable_run(request: HttpRequest, pk: int) -> ReportRun:
    """The run if the viewer may read it (who asked for it, its schedule's subscribers and
    admins); a 404 for anyone else."""
    run = get_object_or_404(ReportRun.objects.select_related("requested_by"), pk=pk)
    if not may_read(viewer_for(request.user), run, selectors.subscriber_ids(run)):
        raise Http404
    return run


def describe(items: Sequence[Any]) -> list[str]:
    """What each run or schedule covers, from its kind and parameters, in order (at most two
    queries: the cohorts and teams named)."""
    cohort_ids = {item.parameters.get("cohort") for item in items} - {None}
    team_ids = {item.parameters.get("team") for item in items} - {None}
    cohorts = dict(Cohort.objects.filter(pk__in=cohort_ids).values_list("id", "name"))
    teams = dict(Team.objects.filter(pk__in=team_ids).values_list("id", "name"))
    return [_describe(item.kind, item.parameters, cohorts, teams) for item in items]


def _describe(
    kind: str, parameters: Mapping[str, Any], cohorts: dict[int, str], teams: dict[int, str]
) -> str:
    if kind == Kind.COHORT_PROGRESSION:
        return cohorts.get(int(parameters.get("cohort") or 0), "A cohort no longer held")
    if kind == Kind.TRAINING_COMPLIANCE:
        team = parameters.get("team")
        return "The whole academy" if team is None else teams.get(team, "A team no longer held")
    if kind == Kind.AUDIT_SUMMARY:
        return _period(parameters)
    if kind == Kind.CQC_EVIDENCE and "months" in parameters:
        return f"The last {parameters['months']} months"
    return "The whole academy"


def _period(parameters: Mapping[str, Any]) -> str:
    try:
        start = dt.date.fromisoformat(f"{parameters.get('start', '')}-01")
    except ValueError:
        return ""
    return report_period_label(str(parameters.get("period", "month")), start)
