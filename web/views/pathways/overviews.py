"""My pathway, the people an assessor or supervisor holds, a team manager's team, and the
pathways at a glance on the academy's home page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from academy.common.dates import today
from academy.pathways import selectors
from academy.pathways.models import OPEN_OUTCOMES, Enrolment
from academy.pathways.permissions import sees_all_pathways
from academy.people.permissions import Viewer, viewer_for
from web.forms import EnrolmentFilterForm
from web.paging import keyset_page
from web.views.base import section
from web.views.pathways import presenting
from web.views.pathways.charts import status_chart
from web.views.pathways.timeline import KEY

NAME_ORDER = ("person__last_name", "person__first_name", "id")
OPEN_STATUSES = [
    (value, label)
    for value, label in Enrolment.Status.choices
    if value != Enrolment.Status.COMPLETE
]


@login_required
@section("my-pathway")
def my_pathway(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    enrolments = (
        list(
            selectors.enrolments_in_full(
                Enrolment.objects.filter(person_id=viewer.person_id)
            ).order_by("-start_date", "-id")
        )
        if viewer.person_id is not None
        else []
    )
    # Open pathways first, then those finished, each newest first.
    enrolments.sort(key=lambda e: e.outcome not in OPEN_OUTCOMES)
    as_of = today()
    progress = selectors.progress_for(enrolments, as_of=as_of)
    domains = list(selectors.pcf_domains_list()) if enrolments else []
    pictures = [presenting.picture(e, progress[e.pk], domains, as_of=as_of) for e in enrolments]
    user = request.user
    return render(
        request,
        "web/pathways/my_pathway.html",
        {
            "pictures": [
                {
                    "picture": picture,
                    "can_log": picture.enrolment.is_open
                    and user.has_perm("pathways.log_development", picture.enrolment),
                    "can_add_evidence": picture.enrolment.is_open
                    and user.has_perm("pathways.add_evidence", picture.enrolment),
                }
                for picture in pictures
            ],
            "key": KEY,
        },
    )


def _listing(
    request: HttpRequest, enrolments: Any, *, template: str, extra: dict[str, Any]
) -> HttpResponse:
    page = keyset_page(enrolments, fields=NAME_ORDER, query=request.GET, size=50)
    rows = [
        {"enrolment": enrolment, "next": selectors.next_milestones(enrolment, limit=1)}
        for enrolment in page.rows
    ]
    return render(request, template, {"page": page, "rows": rows, **extra})


def _filters(request: HttpRequest) -> tuple[EnrolmentFilterForm, dict[str, Any]]:
    form = EnrolmentFilterForm(request.GET, statuses=OPEN_STATUSES)
    form.is_valid()
    return form, form.cleaned_data


@login_required
@section("assessing")
def assessing(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    form, data = _filters(request)
    enrolments = selectors.held_enrolments(
        viewer=viewer, status=data.get("status") or None, search=data.get("search", "")
    )
    return _listing(
        request,
        enrolments,
        template="web/pathways/assessing.html",
        extra={"form": form, "me": viewer.person_id},
    )


def _manages(viewer: Viewer) -> bool:
    return bool(viewer.managed_team_ids)


@login_required
@section("home")
def team_pathways(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if not _manages(viewer):
        raise PermissionDenied
    form, data = _filters(request)
    enrolments = selectors.team_enrolments(
        viewer=viewer, status=data.get("status") or None, search=data.get("search", "")
    )
    return _listing(request, enrolments, template="web/pathways/team.html", extra={"form": form})


def at_a_glance(viewer: Viewer) -> dict[str, Any]:
    """For the academy's home page: open enrolments by pathway and status, for those who see
    every enrolment (one query); nothing for anyone else."""
    if not sees_all_pathways(viewer):
        return {}
    return {
        "pathway_chart": status_chart(
            "Open enrolments by pathway and status", selectors.status_counts_by_pathway()
        )
    }
