"""The training coordinator's pages: sessions to come and past, creating and changing a
session, cancelling one (everyone on it is told), the register, booking by CSV file, and
completions recorded one at a time or imported from a CSV file, each with a report by row."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from academy.common.errors import DomainError
from academy.training import selectors, services
from academy.training.models import Completion, Course, EventSeries, Session
from academy.training.services.records import ATTENDANCE
from web.forms import (
    CompletionForm,
    CsvUploadForm,
    RegisterForm,
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
                course=form.cleaned_data["course"], data=form.session_data()
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
            services.session_update(session=session, data=form.session_data())
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
