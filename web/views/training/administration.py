"""The training coordinator's pages: sessions to come and past, adding and changing a course
(with who must hold it) or an event series, creating and changing a session, cancelling one
(everyone on it is told), the register, booking by CSV file, and completions recorded one at a
time or imported from a CSV file, each with a report by row."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from academy.common.errors import DomainError
from academy.pathways.models import PcfDomain
from academy.people.models import Organisation, Team
from academy.training import selectors, services
from academy.training.models import Completion, Course, EventSeries, Session
from academy.training.services.records import ATTENDANCE
from web.forms import (
    CompletionForm,
    CourseForm,
    CsvUploadForm,
    RegisterForm,
    SeriesForm,
    SessionCancelForm,
    SessionForm,
    TrainingAdminFilterForm,
)
from web.paging import keyset_page
from web.views.base import section
from web.views.pathways.common import posted, show_refusal
from web.views.training import common

#: Sessions on one page of the coordinator's list.
SESSIONS_PAGE = 50
#: How the session services name the fields the session form calls otherwise.
SESSION_FIELDS = {
    "starts_at": "starts",
    "ends_at": "ends",
    "booking_opens_at": "opens_on",
    "booking_closes_at": "closes_on",
}


@login_required
@section("training-admin")
@require_safe
def sessions(request: HttpRequest) -> HttpResponse:
    common.require_coordinator(request)
    form = TrainingAdminFilterForm(request.GET, courses=Course.objects.order_by("title", "id"))
    form.is_valid()
    data = form.cleaned_data
    past = data.get("period") == "past"
    now = timezone.now()
    course = data.get("course")
    listed = selectors.sessions_list(
        course_id=course.pk if course else None,
        starts_after=None if past else now,
        starts_before=now if past else None,
    )
    page = keyset_page(
        listed, fields=("starts_at", "id"), query=request.GET, size=SESSIONS_PAGE, descending=past
    )
    return render(
        request,
        "web/training/admin_sessions.html",
        {
            "form": form,
            "page": page,
            "past": past,
            "rows": [{"session": s, "places_left": common.places_left(s)} for s in page.rows],
        },
    )


def _series() -> Any:
    return EventSeries.objects.order_by("-starts_on", "id")


# ---------------------------------------------------------------------------------------------
# Courses and event series
# ---------------------------------------------------------------------------------------------
def _course_form(request: HttpRequest, course: Course | None) -> CourseForm:
    """The course form, offering the active organisations and teams (and those the course
    already names, should they have closed since)."""
    providers = Q(active=True)
    teams = Q(active=True)
    if course is None:
        initial = CourseForm.initial_new(refresh_months=settings.TRAINING["DEFAULT_REFRESH_MONTHS"])
    else:
        initial = CourseForm.initial_for(course)
        providers |= Q(pk=course.provider_id)
        teams |= Q(pk__in=initial["teams"])
    return CourseForm(
        posted(request),
        providers=Organisation.objects.filter(providers).order_by("name", "id"),
        domains=PcfDomain.objects.order_by("position", "id"),
        teams=Team.objects.filter(teams)
        .select_related("organisation")
        .order_by("organisation__name", "name", "id"),
        initial=initial,
    )


def _save_course(form: CourseForm, course: Course | None) -> Course | None:
    """Save the course through the catalogue service, or put its refusal on the form (None)."""
    try:
        return services.course_save(
            data=form.course_data(),
            course=course,
            requirements=form.requirements(),
            pcf_domains=form.cleaned_data["pcf_domains"],
        )
    except ValidationError as error:
        show_refusal(form, error)
        return None


@login_required
@section("training-admin")
def course_create(request: HttpRequest) -> HttpResponse:
    common.require_coordinator(request)
    form = _course_form(request, None)
    if request.method == "POST" and form.is_valid():
        course = _save_course(form, None)
        if course is not None:
            messages.success(request, f"{course.title} was added to the catalogue.")
            return redirect("web:course", pk=course.pk)
    return render(request, "web/training/course_form.html", {"form": form, "course": None})


def _courses() -> QuerySet[Course]:
    return Course.objects.select_related("provider").prefetch_related("pcf_domains", "requirements")


@login_required
@section("training-admin")
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    common.require_coordinator(request)
    course = get_object_or_404(_courses(), pk=pk)
    form = _course_form(request, course)
    if request.method == "POST" and form.is_valid():
        if _save_course(form, course) is not None:
            messages.success(request, "The course was updated.")
            return redirect("web:course", pk=course.pk)
        course.refresh_from_db()  # the page shows the course as saved, not as tried
    return render(request, "web/training/course_form.html", {"form": form, "course": course})


#: What the page to add an event series says first.
SERIES_INTRO = (
    "An event such as Safeguarding Week, with a page that lists its sessions day by day. Once "
    "it is added, choose it on each session that is part of it."
)


def _series_page(
    request: HttpRequest, form: SeriesForm, series: EventSeries | None
) -> HttpResponse:
    if series is None:
        context = {
            "title": "Add an event series",
            "intro": SERIES_INTRO,
            "button": "Add the event series",
            "back": reverse("web:training-admin"),
        }
    else:
        context = {
            "title": "Change the event series",
            "caption": series.title,
            "button": "Save changes",
            "back": reverse("web:series", args=[series.slug]),
        }
    return render(request, "web/training/form.html", {"form": form, **context})


@login_required
@section("training-admin")
def series_create(request: HttpRequest) -> HttpResponse:
    common.require_coordinator(request)
    form = SeriesForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            series = services.series_save(data=form.series_data())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"{series.title} was added. Choose it on its sessions.")
            return redirect("web:series", slug=series.slug)
    return _series_page(request, form, None)


@login_required
@section("training-admin")
def series_edit(request: HttpRequest, slug: str) -> HttpResponse:
    common.require_coordinator(request)
    series = get_object_or_404(EventSeries, slug=slug)
    form = SeriesForm(posted(request), series=series, initial=SeriesForm.initial_for(series))
    if request.method == "POST" and form.is_valid():
        try:
            services.series_save(data=form.series_data(), series=series)
        except ValidationError as error:
            show_refusal(form, error)
            series.refresh_from_db()  # the page shows the series as saved, not as tried
        else:
            messages.success(request, "The event series was updated.")
            return redirect("web:series", slug=series.slug)
    return _series_page(request, form, series)


@login_required
@section("training-admin")
def session_create(request: HttpRequest) -> HttpResponse:
    common.require_coordinator(request)
    courses = Course.objects.filter(active=True).order_by("title", "id")
    chosen = request.GET.get("course", "")
    form = SessionForm(
        posted(request),
        courses=courses,
        series=_series(),
        initial={"course": int(chosen)} if chosen.isdigit() else {},
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(
                course=form.cleaned_data["course"],
                data=form.session_data(),
                facilitators=form.chosen_facilitators(),
            )
        except ValidationError as error:
            show_refusal(form, error, SESSION_FIELDS)
        else:
            messages.success(request, f"The session of {session.course.title} was created.")
            return redirect("web:session", pk=session.pk)
    return render(request, "web/training/session_form.html", {"form": form, "session": None})


def _coordinated_session(request: HttpRequest, pk: int) -> Session:
    common.require_coordinator(request)
    return common.visible_session(request, pk)


@login_required
@section("training-admin")
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = _coordinated_session(request, pk)
    form = SessionForm(posted(request), series=_series(), initial=SessionForm.initial_for(session))
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(
                session=session, data=form.session_data(), facilitators=form.chosen_facilitators()
            )
        except ValidationError as error:
            show_refusal(form, error, SESSION_FIELDS)
            session.refresh_from_db()  # the page shows the session as saved, not as tried
        else:
            messages.success(
                request,
                "The session was updated. Anyone booked gets an updated invite if its time or "
                "place changed.",
            )
            return redirect("web:session", pk=session.pk)
    return render(request, "web/training/session_form.html", {"form": form, "session": session})


@login_required
@section("training-admin")
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = _coordinated_session(request, pk)
    form = SessionCancelForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.session_cancel(
                session=session,
                reason=form.cleaned_data["reason"],
                actor=common.viewer(request),
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request, "The session was cancelled. Everyone on it has been told why."
            )
            return redirect("web:session", pk=session.pk)
    return render(
        request,
        "web/training/session_cancel.html",
        {
            "session": session,
            "form": form,
            "affected": session.booked_count + session.waitlist_count + session.requested_count,  # type: ignore[attr-defined]
        },
    )


@login_required
@section("training-admin")
def register(request: HttpRequest, pk: int) -> HttpResponse:
    session = _coordinated_session(request, pk)
    bookings = list(selectors.register(session))
    form = RegisterForm(posted(request), bookings=bookings)
    opens = session.starts_at <= timezone.now() and session.status != Session.Status.CANCELLED
    if request.method == "POST" and form.is_valid():
        try:
            marked = services.attendance_record(
                session=session, marks=form.marks(), actor=common.viewer(request)
            )
        except ValidationError as error:
            _register_refusal(form, error)
        else:
            messages.success(request, f"The register was saved: {_tally(marked)}.")
            return redirect("web:register", pk=session.pk)
    return render(
        request,
        "web/training/register.html",
        {"session": session, "form": form, "opens": opens},
    )


def _register_refusal(form: RegisterForm, error: ValidationError) -> None:
    """Put the service's refusals (``<index>.booking``, ``<index>.attendance``) on the rows."""
    marks = form.marks()
    for key, texts in error.message_dict.items():
        index, _, _ = key.partition(".")
        name = f"mark_{marks[int(index)][0]}" if index.isdigit() else None
        form.add_error(name, texts)


def _tally(marked: list[Any]) -> str:
    labels = {
        "attended": "attended",
        "partially_attended": "partly attended",
        "no_show": "did not attend",
    }
    counts = {mark: sum(1 for b in marked if b.status == mark) for mark in ATTENDANCE}
    return ", ".join(f"{counts[mark]} {labels[mark]}" for mark in ATTENDANCE)


@login_required
@section("training-admin")
def bookings_import(request: HttpRequest, pk: int) -> HttpResponse:
    session = _coordinated_session(request, pk)
    form = CsvUploadForm(
        posted(request),
        posted(request, files=True),
        help_text="One column headed work_email, one person a row",
    )
    results = None
    if request.method == "POST" and form.is_valid():
        try:
            results = services.bookings_import_csv(
                session=session, text=form.cleaned_data["file"], actor=common.viewer(request)
            )
        except (ValidationError, DomainError) as error:
            show_refusal(form, error)
    return render(
        request,
        "web/training/import.html",
        {
            "form": form,
            "results": results,
            "report": _report(results),
            "session": session,
            "title": "Book people from a file",
            "button": "Book the people listed",
        },
    )


def _report(results: list[services.RowResult] | None) -> dict[str, int]:
    if results is None:
        return {}
    refused = sum(1 for row in results if row.refused)
    return {"rows": len(results), "refused": refused, "done": len(results) - refused}


@login_required
@section("training-admin")
def completion_create(request: HttpRequest) -> HttpResponse:
    common.require_coordinator(request)
    sources = [
        (Completion.Source.E_LEARNING.value, Completion.Source.E_LEARNING.label),
        (Completion.Source.RECORDED.value, "Evidence from elsewhere, such as a certificate"),
    ]
    form = CompletionForm(
        posted(request), courses=Course.objects.order_by("title", "id"), sources=sources
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            completion = services.completion_record(
                person=data["work_email"],
                course=data["course"],
                completed_on=data["completed_on"],
                source=data["source"],
                actor=common.viewer(request),
            )
        except ValidationError as error:
            show_refusal(form, error, {"person": "work_email", "course": "course"})
        else:
            messages.success(
                request,
                f"{completion.person.full_name}'s completion of {completion.course.title} was "
                f"recorded (certificate {completion.certificate_number}).",
            )
            return redirect("web:completion-create")
    return render(
        request,
        "web/training/form.html",
        {
            "form": form,
            "title": "Record a completion",
            "intro": "For e-learning, or training done elsewhere. The person gets a certificate, "
            "and the completion counts towards their compliance.",
            "button": "Record the completion",
            "back": reverse("web:training-admin"),
        },
    )


@login_required
@section("training-admin")
def completions_import(request: HttpRequest) -> HttpResponse:
    common.require_coordinator(request)
    form = CsvUploadForm(
        posted(request),
        posted(request, files=True),
        help_text="Columns headed work_email, course (its title) and completed_on "
        "(like 2026-03-31 or 31/03/2026)",
    )
    results = None
    if request.method == "POST" and form.is_valid():
        try:
            results = services.completions_import_csv(
                text=form.cleaned_data["file"], actor=common.viewer(request)
            )
        except (ValidationError, DomainError) as error:
            show_refusal(form, error)
    return render(
        request,
        "web/training/import.html",
        {
            "form": form,
            "results": results,
            "report": _report(results),
            "session": None,
            "title": "Import completions",
            "button": "Import completions",
        },
    )
