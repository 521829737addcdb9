"""The catalogue with its search and filters, a course with its dates to come, and an event
series (such as Safeguarding Week) with its sessions day by day."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from academy.common.cqc import QualityStatement
from academy.common.dates import today
from academy.pathways.models import PcfDomain
from academy.people.models import Organisation
from academy.training import selectors
from academy.training.models import Course, EventSeries, Session
from academy.training.permissions import coordinates
from web.forms import CatalogueFilterForm
from web.paging import keyset_page
from web.views.base import section
from web.views.training import common

#: Courses on one page of the catalogue.
CATALOGUE_PAGE = 25
#: Event series shown beside the catalogue (those running or to come).
SERIES_SHOWN = 5


@login_required
@require_safe
@section("training")
def catalogue(request: HttpRequest) -> HttpResponse:
    who = common.viewer(request)
    form = CatalogueFilterForm(
        request.GET,
        modes=Course.Mode.choices,
        domains=PcfDomain.objects.order_by("position"),
        statements=QualityStatement.choices,
    )
    form.is_valid()
    # A filter the form refused is left out; the ones it accepted still apply.
    data = form.cleaned_data
    domain = data.get("domain")
    courses = selectors.courses_list(
        active_only=not coordinates(who),
        search=data.get("search", ""),
        mode=data.get("mode", ""),
    ).prefetch_related(None)  # the list shows neither domains nor requirements
    courses = common.catalogue(
        courses,
        domain_id=domain.pk if domain else None,
        statement=data.get("statement", ""),
        open_to_partners=bool(data.get("open_to_partners")),
        has_places=bool(data.get("has_places")),
    )
    page = keyset_page(courses, fields=("title", "id"), query=request.GET, size=CATALOGUE_PAGE)
    return render(
        request,
        "web/training/catalogue.html",
        {
            "form": form,
            "page": page,
            "filtered": any(data.get(name) for name in form.fields),
            "series": list(
                EventSeries.objects.filter(ends_on__gte=today()).order_by("starts_on", "id")[
                    :SERIES_SHOWN
                ]
            ),
            "partner_kinds": dict(Organisation.Kind.choices),
            "approves": common.approves(who),
            "coordinates": coordinates(who),
            "has_record": who.person_id is not None,
        },
    )


@login_required
@require_safe
@section("training")
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    who = common.viewer(request)
    course = common.visible_course(request, pk)
    sessions = list(common.upcoming_sessions(course))
    mine = common.own_bookings(who.person_id, [s.pk for s in sessions])
    return render(
        request,
        "web/training/course.html",
        {
            "course": course,
            "sessions": [
                {"session": s, "places_left": common.places_left(s), "mine": mine.get(s.pk)}
                for s in sessions
            ],
            "partner_kinds": _partner_kinds(course),
            "statements": _statements(course),
            "coordinates": coordinates(who),
        },
    )


def _partner_kinds(course: Course) -> list[str]:
    labels = dict(Organisation.Kind.choices)
    return [str(labels.get(kind, kind)) for kind in course.partner_kinds or []]


def _statements(course: Course) -> list[str]:
    labels = dict(QualityStatement.choices)
    return [str(labels.get(value, value)) for value in course.cqc_statements or []]


@login_required
@require_safe
@section("training")
def series_detail(request: HttpRequest, slug: str) -> HttpResponse:
    who = common.viewer(request)
    series = get_object_or_404(EventSeries, slug=slug)
    listed = selectors.sessions_list(series_id=series.pk)
    if not coordinates(who):
        listed = listed.filter(course__active=True)
    sessions = list(listed.order_by("starts_at", "id"))
    mine = common.own_bookings(who.person_id, [s.pk for s in sessions])
    days = [
        (day, [_listed(s, mine) for s in group])
        for day, group in groupby(sessions, key=lambda s: timezone.localtime(s.starts_at).date())
    ]
    return render(
        request,
        "web/training/series.html",
        {
            "series": series,
            "days": days,
            "session_total": len(sessions),
            "coordinates": coordinates(who),
        },
    )


def _listed(session: Session, mine: dict[int, Any]) -> dict[str, Any]:
    return {
        "session": session,
        "places_left": common.places_left(session),
        "mine": mine.get(session.pk),
        "past": session.starts_at <= timezone.now(),
    }
