"""The PSW's report schedules: the list, subscribing people to a report, and stopping one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from academy.common.dates import today
from academy.pathways.models import Cohort
from academy.pathways.selectors import role_holders
from academy.people import selectors as people_selectors
from academy.people.models import Role
from academy.people.permissions import viewer_for
from academy.reports import selectors, services
from academy.reports.compilers import COMPILERS
from academy.reports.models import Kind, ReportSchedule
from web.forms import WEEKDAYS, ReportScheduleForm
from web.paging import keyset_page
from web.views.base import section
from web.views.reports.common import KIND_HINTS, describe

#: Whom the form offers as subscribers (anyone else with an account by work email).
SUBSCRIBER_ROLES = (
    Role.PSW,
    Role.DASS,
    Role.PRINCIPAL_OT,
    Role.TEAM_MANAGER,
    Role.TRAINING_COORDINATOR,
)
SCHEDULES_PAGE = 50


def _require_keeper(request: HttpRequest) -> None:
    if not request.user.has_perm("reports.schedule"):
        raise PermissionDenied


@login_required
@require_safe
@section("reports")
def schedule_list(request: HttpRequest) -> HttpResponse:
    _require_keeper(request)
    page = keyset_page(
        selectors.schedules(), fields=("kind", "id"), query=request.GET, size=SCHEDULES_PAGE
    )
    return render(
        request,
        "web/reports/schedules.html",
        {
            "page": page,
            "schedules": [
                {
                    "schedule": schedule,
                    "covers": covers,
                    "when": when(schedule),
                    "people": sorted(
                        schedule.subscribers.all(), key=lambda p: (p.last_name, p.first_name, p.pk)
                    ),
                }
                for schedule, covers in zip(page.rows, describe(page.rows), strict=True)
            ],
        },
    )


def when(schedule: ReportSchedule) -> str:
    if schedule.frequency == ReportSchedule.Frequency.WEEKLY:
        return f"Every {dict(WEEKDAYS).get(schedule.day, '')}"
    return f"Monthly, on day {schedule.day}"


@login_required
@section("reports")
def schedule_create(request: HttpRequest) -> HttpResponse:
    _require_keeper(request)
    form = ReportScheduleForm(
        request.POST if request.method == "POST" else None,
        kinds=[(kind, Kind(kind).label) for kind in COMPILERS],
        cohorts=Cohort.objects.order_by("-start_date", "id"),
        teams=people_selectors.teams_list(),
        whole_academy=True,
        as_of=today(),
        subscribers=role_holders(SUBSCRIBER_ROLES).filter(user__isnull=False),
    )
    if request.method == "POST" and form.is_valid():
        data: dict[str, Any] = form.cleaned_data
        try:
            schedule = services.schedule_save(
                kind=data["kind"],
                parameters=form.parameters(),
                format=data["format"],
                frequency=data["frequency"],
                day=form.day(),
                subscribers=form.people(),
                actor=viewer_for(request.user),
            )
        except ValidationError as error:
            form.refuse(error)
        else:
            messages.success(request, f"The {schedule.get_kind_display().lower()} is scheduled.")
            return redirect("web:report-schedules")
    return render(
        request,
        "web/reports/schedule_form.html",
        {
            "form": form,
            "kind_options": form.kind_options(KIND_HINTS),
            "frequency_options": form.frequency_options(),
        },
    )


@login_required
@require_POST
def schedule_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    _require_keeper(request)
    schedule = get_object_or_404(ReportSchedule, pk=pk)
    services.schedule_deactivate(schedule=schedule, actor=viewer_for(request.user))
    messages.success(
        request,
        f"The {schedule.get_kind_display().lower()} ({when(schedule).lower()}) is stopped. "
        "Reports already sent can still be downloaded.",
    )
    return redirect("web:report-schedules")
