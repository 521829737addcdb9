"""Reports: the form to ask for one and the list of my runs; a run's page, whose bar follows the
compile and which offers the file once done; and the file itself."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from academy.common.dates import today
from academy.pathways.models import Cohort
from academy.people import selectors as people_selectors
from academy.people.permissions import Viewer, viewer_for
from academy.reports import selectors, services
from academy.reports.models import Kind, ReportRun
from academy.reports.permissions import may_request, requests_some_report
from academy.reports.writers import WRITERS
from web.forms import ReportRequestForm
from web.paging import keyset_page
from web.views.base import section
from web.views.reports.common import (
    KIND_HINTS,
    STATUS_TAGS,
    describe,
    kinds_for,
    readable_run,
)

#: Runs on one page of the list.
RUNS_PAGE = 25
#: How often a run's page asks how the compile is going (milliseconds).
POLL_MS = 1500


def request_form(request: HttpRequest, viewer: Viewer) -> ReportRequestForm:
    whole_academy = may_request(viewer, Kind.TRAINING_COMPLIANCE, {})
    teams = people_selectors.teams_list()
    if not whole_academy:
        teams = teams.filter(pk__in=viewer.managed_team_ids)
    return ReportRequestForm(
        request.POST if request.method == "POST" else None,
        kinds=kinds_for(viewer),
        cohorts=Cohort.objects.order_by("-start_date", "id"),
        teams=teams,
        whole_academy=whole_academy,
        as_of=today(),
    )


@login_required
@section("reports")
def reports(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("reports.request"):
        raise PermissionDenied
    viewer = viewer_for(request.user)
    form = request_form(request, viewer)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.report_request(
                kind=form.cleaned_data["kind"],
                parameters=form.parameters(),
                format=form.cleaned_data["format"],
                actor=viewer,
            )
        except ValidationError as error:
            form.refuse(error)
        else:
            return redirect("web:report", pk=run.pk)
    page = keyset_page(
        selectors.runs_for(viewer),
        fields=("created_at", "id"),
        query=request.GET,
        size=RUNS_PAGE,
        descending=True,
    )
    return render(
        request,
        "web/reports/reports.html",
        {
            "form": form,
            "kind_options": form.kind_options(KIND_HINTS),
            "page": page,
            "runs": _rows(page.rows),
            "everyone": viewer.is_superuser,
            "keeps_schedules": request.user.has_perm("reports.schedule"),
        },
    )


def _rows(runs: list[ReportRun]) -> list[dict[str, Any]]:
    return [
        {"run": run, "covers": covers, "tag": STATUS_TAGS[ReportRun.Status(run.status)]}
        for run, covers in zip(runs, describe(runs), strict=True)
    ]


#: What the run's page says in each state; its script says the same as the run moves on.
TEXTS = {
    status.value: {
        "tag": ReportRun.Status(status).label,
        "tag_class": STATUS_TAGS[ReportRun.Status(status)],
        "text": text,
    }
    for status, text in (
        (ReportRun.Status.QUEUED, "Waiting to start."),
        (ReportRun.Status.RUNNING, "Compiling: {progress}% done."),
        (ReportRun.Status.DONE, "Ready to download."),
        (ReportRun.Status.FAILED, "The report could not be compiled."),
    )
}


def status_text(run: ReportRun) -> str:
    return TEXTS[run.status]["text"].replace("{progress}", str(run.progress))


@login_required
@section("reports")
@require_safe
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = readable_run(request, pk)
    return render(
        request,
        "web/reports/run.html",
        {
            "run": run,
            "covers": describe([run])[0],
            "tag": STATUS_TAGS[ReportRun.Status(run.status)],
            "finished": run.status in (ReportRun.Status.DONE, ReportRun.Status.FAILED),
            "poll_ms": POLL_MS,
            "status_text": status_text(run),
            "texts": TEXTS,
            "may_ask": requests_some_report.test(request.user),
        },
    )


@login_required
@require_safe
def report_download(request: HttpRequest, pk: int) -> FileResponse:
    run = readable_run(request, pk)
    if run.status != ReportRun.Status.DONE or not run.file:
        raise Http404
    _, content_type = WRITERS[run.format]
    try:
        handle = run.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = (run.file.name or "").rsplit("/", 1)[-1]
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
