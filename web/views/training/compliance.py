"""The compliance matrix: each person against each course they must hold, as compliant,
expiring, expired or missing (a GOV.UK tag with words, never colour alone), with a legend and
totals. A team manager sees their teams; a partner coordinator their organisation; the PSW,
DASS, principal OT and training coordinators the academy, by team or organisation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from academy.common.dates import today
from academy.people import selectors as people_selectors
from academy.people.models import Organisation, Person, Team
from academy.people.permissions import Viewer
from academy.training import rules, selectors
from academy.training.permissions import sees_all_training
from web.forms import ComplianceFilterForm
from web.paging import keyset_page
from web.views.base import section
from web.views.training import common

#: People on one page of the matrix.
MATRIX_PAGE = 50
NAME_ORDER = ("last_name", "first_name", "id")
#: The states in the order the legend and the totals give them.
STATES = [state.value for state in rules.Compliance]


def shows_compliance(who: Viewer) -> bool:
    """Who has the matrix: those who see all training, team managers, partner coordinators."""
    return sees_all_training(who) or bool(who.managed_team_ids or who.coordinated_organisation_ids)


def _scope(who: Viewer) -> QuerySet[Person]:
    people = Person.objects.filter(active=True)
    if sees_all_training(who):
        return people
    scope = Q(pk__in=[])
    if who.managed_team_ids:
        scope |= Q(team_id__in=who.managed_team_ids)
    if who.coordinated_organisation_ids:
        scope |= Q(organisation_id__in=who.coordinated_organisation_ids)
    return people.filter(scope)


def _filters(request: HttpRequest, who: Viewer) -> ComplianceFilterForm:
    if sees_all_training(who):
        teams: QuerySet[Team] = people_selectors.teams_list()
        organisations: QuerySet[Organisation] | None = people_selectors.organisations_list()
    else:
        teams = Team.objects.filter(
            Q(pk__in=who.managed_team_ids) | Q(organisation_id__in=who.coordinated_organisation_ids)
        ).order_by("name", "id")
        organisations = None
    form = ComplianceFilterForm(request.GET, teams=teams, organisations=organisations)
    form.is_valid()
    return form


@login_required
@section("compliance")
@require_safe
def compliance(request: HttpRequest) -> HttpResponse:
    who = common.viewer(request)
    if not shows_compliance(who):
        raise PermissionDenied
    form = _filters(request, who)
    data = form.cleaned_data
    people = _scope(who)
    if data.get("team"):
        people = people.filter(team=data["team"])
    if data.get("organisation"):
        people = people.filter(organisation=data["organisation"])
    people = people_selectors.people_matching(people, data.get("search", ""))
    expiring_days = int(settings.TRAINING["EXPIRING_DAYS"])
    # The whole scope's matrix gives the totals; the page shows its people's rows.
    matrix = selectors.compliance_matrix(people, as_of=today(), expiring_days=expiring_days)
    page = keyset_page(
        people.only("id", "last_name", "first_name"),
        fields=NAME_ORDER,
        query=request.GET,
        size=MATRIX_PAGE,
    )
    by_person = {row.person.pk: row for row in matrix.rows}
    rows = [by_person[p.pk] for p in page.rows if p.pk in by_person]
    return render(
        request,
        "web/training/compliance.html",
        {
            "form": form,
            "page": page,
            "courses": matrix.courses,
            "rows": [
                {"person": row.person, "cells": [row.cells.get(c.pk) for c in matrix.courses]}
                for row in rows
            ],
            "totals": _totals(matrix),
            "people_total": len(matrix.rows),
            "expiring_days": expiring_days,
            "academy_wide": sees_all_training(who),
            "approves": common.approves(who),
            "filtered": any(data.get(name) for name in form.fields),
        },
    )


def _totals(matrix: selectors.ComplianceMatrix) -> dict[str, Any]:
    """Each state's count across the matrix, and each course's counts by state."""
    by_course = {c.pk: dict.fromkeys(STATES, 0) for c in matrix.courses}
    for row in matrix.rows:
        for course_id, cell in row.cells.items():
            by_course[course_id][cell.state.value] += 1
    overall = matrix.counts()
    return {
        "overall": [(state, overall[state]) for state in STATES],
        "required": sum(overall.values()),
        "by_course": [
            {
                "course": course,
                "counts": [(state, by_course[course.pk][state]) for state in STATES],
                "required": sum(by_course[course.pk].values()),
            }
            for course in matrix.courses
        ],
    }
