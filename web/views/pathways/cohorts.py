"""The PSW's cohort planner, a cohort's page with its timeline, and enrolling people into it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from academy.common.dates import today
from academy.common.errors import ConflictError
from academy.pathways import selectors, services
from academy.pathways.models import Cohort, Enrolment, PathwayTemplate
from academy.people import selectors as people_selectors
from academy.people.models import Role
from academy.people.permissions import viewer_for
from web.forms import CandidateFilterForm, CohortForm, EnrolForm, EnrolmentFilterForm
from web.paging import keyset_page
from web.views.base import section
from web.views.pathways.common import actor, posted, require, show_refusal
from web.views.pathways.presenting import MilestoneRow, member_span, milestone_rows
from web.views.pathways.timeline import timeline

#: The enrol page offers this many people at most; a search narrows the rest.
CANDIDATES_SHOWN = 100
#: Members of a cohort on one page (a cohort is seldom larger).
MEMBERS_PAGE = 50


@login_required
@section("cohorts")
def cohort_list(request: HttpRequest) -> HttpResponse:
    require(request, "pathways.view_all")
    page = keyset_page(
        selectors.cohorts_overview(),
        fields=("start_date", "id"),
        query=request.GET,
        size=25,
        descending=True,
    )
    return render(
        request,
        "web/pathways/cohorts.html",
        {
            "page": page,
            "cohorts": [(cohort, _places_left(cohort)) for cohort in page.rows],
            "can_plan": request.user.has_perm("pathways.plan"),
        },
    )


def _places_left(cohort: Cohort) -> int:
    """Places not taken by an open enrolment (``cohort`` comes from ``cohorts_overview``)."""
    enrolled: int = getattr(cohort, "enrolled", 0)
    return max(cohort.capacity - enrolled, 0)


@login_required
@section("cohorts")
def cohort_create(request: HttpRequest) -> HttpResponse:
    require(request, "pathways.plan")
    form = CohortForm(
        posted(request),
        pathways=selectors.templates_list(active_only=True),
        leads=selectors.role_holders(r for r in Role.values if r != Role.LEARNER),
    )
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_create(**form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error, {"pathway_template": "pathway"})
        else:
            messages.success(request, f"{cohort.name} was created.")
            return redirect("web:cohort", pk=cohort.pk)
    return render(request, "web/pathways/cohort_form.html", {"form": form})


def _cohort(request: HttpRequest, pk: int) -> Cohort:
    """The cohort with its counts, for those who see every cohort; a 404 for anyone else."""
    if not request.user.has_perm("pathways.view_all"):
        raise Http404
    cohort = selectors.cohort_with_counts(pk)
    if cohort is None:
        raise Http404
    return cohort


@login_required
@section("cohorts")
def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort(request, pk)
    form = EnrolmentFilterForm(
        request.GET,
        statuses=Enrolment.Status.choices,
        assessors=selectors.cohort_assessors(cohort.pk),
    )
    form.is_valid()
    # A filter the form refused is left out; the ones it accepted still apply.
    data = form.cleaned_data
    assessor = data.get("assessor")
    members = selectors.cohort_members(
        viewer=viewer_for(request.user),
        cohort_id=cohort.pk,
        status=data.get("status") or None,
        assessor_id=assessor.pk if assessor else None,
        search=data.get("search", ""),
    )
    page = keyset_page(
        members,
        fields=("person__last_name", "person__first_name", "id"),
        query=request.GET,
        size=MEMBERS_PAGE,
    )
    as_of = today()
    rows = [(enrolment, milestone_rows(enrolment, as_of=as_of)) for enrolment in page.rows]
    columns = _milestone_columns(rows)
    return render(
        request,
        "web/pathways/cohort.html",
        {
            "cohort": cohort,
            "form": form,
            "page": page,
            "filtered": any(data.get(name) for name in ("status", "assessor", "search")),
            "members": [_member(enrolment, milestones, columns) for enrolment, milestones in rows],
            "columns": columns,
            "timeline": timeline(
                f"Milestones of {cohort.name}",
                [member_span(enrolment, milestones) for enrolment, milestones in rows],
                today=as_of,
            ),
            "places_left": _places_left(cohort),
            "can_plan": request.user.has_perm("pathways.plan"),
        },
    )


def _member(
    enrolment: Enrolment, milestones: list[MilestoneRow], columns: list[tuple[str, str]]
) -> dict[str, Any]:
    """A member's row: their milestones lined up under the columns, and the next to do."""
    by_key = {row.milestone.key: row for row in milestones}
    return {
        "enrolment": enrolment,
        "cells": [by_key.get(key) for key, _ in columns],
        "next": next((row for row in milestones if row.is_open), None),
    }


def _milestone_columns(
    rows: list[tuple[Enrolment, list[MilestoneRow]]],
) -> list[tuple[str, str]]:
    """The milestones the members hold, in the pathway's order, as (key, title); a milestone
    switched off for everyone (the ASYE's optional review, usually) is left out."""
    columns: dict[str, tuple[int, str]] = {}
    for _, milestones in rows:
        for row in milestones:
            if row.milestone.enabled:
                columns.setdefault(row.milestone.key, (row.milestone.position, row.milestone.title))
    ordered = sorted(columns.items(), key=lambda item: item[1][0])
    return [(key, title) for key, (_, title) in ordered]


def _candidates(request: HttpRequest, cohort: Cohort) -> tuple[CandidateFilterForm, list[Any]]:
    """The filters and the people offered: by default those at the pathway's usual PCF level;
    one more than are shown, to tell whether there are more."""
    query = request.GET.copy()
    if "pcf_level" not in query:
        entry_level = selectors.ENTRY_LEVELS.get(PathwayTemplate.Kind(cohort.pathway.kind))
        query["pcf_level"] = entry_level or ""
    filters = CandidateFilterForm(query, teams=people_selectors.teams_list())
    filters.is_valid()
    wanted = filters.cleaned_data
    team = wanted.get("team")
    people = selectors.enrolment_candidates(
        pathway=cohort.pathway,
        search=wanted.get("search", ""),
        team_id=team.pk if team else None,
        pcf_level=wanted.get("pcf_level") or None,
    )
    return filters, list(people[: CANDIDATES_SHOWN + 1])


def _enrol(request: HttpRequest, cohort: Cohort, form: EnrolForm) -> str:
    """Enrol the people chosen through the service; what to tell the PSW."""
    data = form.cleaned_data
    people = sorted(data["people"], key=lambda p: (p.last_name, p.first_name, p.pk))
    enrolled = services.enrolments_create(
        people=people,
        pathway=cohort.pathway,
        start_date=data["start_date"],
        cohort=cohort,
        assessor=data["assessor"],
        supervisor=data["supervisor"],
        override_reason=data["override_reason"],
        optional_milestones=data["optional_milestones"],
        actor=actor(request),
    )
    names = _and([p.full_name for p in people])
    return f"{names} {'was' if len(enrolled) == 1 else 'were'} enrolled on {cohort.name}."


@login_required
@section("cohorts")
def cohort_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort(request, pk)
    require(request, "pathways.plan")
    filters, candidates = _candidates(request, cohort)
    form = EnrolForm(
        posted(request),
        initial={"start_date": cohort.start_date},
        people=people_selectors.people_visible_to(viewer_for(request.user)),
        assessors=selectors.role_holders(selectors.ASSESSING_ROLES),
        supervisors=selectors.role_holders(selectors.SUPERVISING_ROLES),
        optional_milestones=[
            (m.key, m.title) for m in cohort.pathway.milestones.all() if m.optional
        ],
    )
    if request.method == "POST" and form.is_valid():
        try:
            done = _enrol(request, cohort, form)
        except (ValidationError, ConflictError) as error:
            show_refusal(form, error, {"person": "people"})
        else:
            messages.success(request, done)
            return redirect("web:cohort", pk=cohort.pk)
    return render(
        request,
        "web/pathways/enrol.html",
        {
            "cohort": cohort,
            "filters": filters,
            "form": form,
            "candidates": candidates[:CANDIDATES_SHOWN],
            "more_candidates": len(candidates) > CANDIDATES_SHOWN,
            "chosen": [str(value) for value in (form["people"].value() or [])],
            "show_override": bool(
                form.errors.get("override_reason") or form["override_reason"].value()
            ),
            "places_left": _places_left(cohort),
        },
    )


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
