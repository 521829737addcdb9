"""A session's page (its facilitators, places left, the viewer's booking, a clash warning) and
booking a place: for oneself, or for someone a manager, partner coordinator or training
coordinator books for."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from academy.common.errors import DomainError
from academy.people.models import Person
from academy.people.permissions import Viewer
from academy.training import rules, selectors, services
from academy.training.models import BookingStatus, Session
from academy.training.permissions import coordinates, may_approve_for
from academy.training.services.bookings import may_join
from web.forms import BookSomeoneForm
from web.views.base import section
from web.views.pathways.common import show_refusal
from web.views.training import common
from web.views.training.presenting import booking_outcome, when


def _booking_open(session: Session) -> bool:
    return session.status == Session.Status.SCHEDULED and rules.booking_window_open(
        now=timezone.now(),
        opens_at=session.booking_opens_at,
        closes_at=session.booking_closes_at,
        starts_at=session.starts_at,
    )


def _session_page(
    request: HttpRequest,
    session: Session,
    *,
    self_errors: list[str] | None = None,
    other_form: BookSomeoneForm | None = None,
) -> HttpResponse:
    who = common.viewer(request)
    person = common.me(request)
    # The facilitators by name, in one query however many there are.
    facilitators = Person.objects.order_by("last_name", "first_name", "id")
    prefetch_related_objects([session], Prefetch("facilitators", queryset=facilitators))
    mine = common.own_bookings(who.person_id, [session.pk]).get(session.pk)
    position = None
    if mine is not None and mine.status == BookingStatus.WAITLISTED:
        position = selectors.waitlist_positions_for([mine]).get(mine.pk)
    refusal = may_join(session, person) if person is not None else None
    open_now = _booking_open(session)
    booker = common.books_for_others(who)
    if other_form is None and booker and open_now:
        other_form = BookSomeoneForm(people=common.bookable_people(who))
    return render(
        request,
        "web/training/session.html",
        {
            "session": session,
            "course": session.course,
            "places_left": common.places_left(session),
            "booking_open": open_now,
            "mine": mine,
            "position": position,
            "refusal": refusal,
            "can_book_self": person is not None and mine is None and not refusal and open_now,
            "button": _button(session, who, person),
            "clashes": common.clashes(who.person_id, session),
            "self_errors": self_errors or [],
            "form": other_form,
            "others": _others_booked(who, session) if booker and not coordinates(who) else [],
            "coordinates": coordinates(who),
            "started": session.starts_at <= timezone.now(),
            "shows_link": coordinates(who)
            or (mine is not None and mine.status == BookingStatus.BOOKED),
        },
    )


def _button(session: Session, who: Viewer, person: Person | None) -> str:
    if person is None:
        return ""
    if session.course.needs_manager_approval and not may_approve_for(who, person):
        return "Ask for a place"
    return "Book a place" if common.places_left(session) else "Join the waiting list"


def _others_booked(who: Viewer, session: Session) -> list[Any]:
    """The bookings on this session of the people a manager or partner coordinator books for."""
    bookings = (
        selectors.bookings_visible_to(who)
        .filter(session=session)
        .exclude(status__in=[BookingStatus.CANCELLED, BookingStatus.DECLINED])
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "id")
    )
    if who.person_id is not None:
        bookings = bookings.exclude(person_id=who.person_id)
    return list(bookings)


@login_required
@require_safe
@section("training")
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _session_page(request, common.visible_session(request, pk))


@login_required
@require_POST
def session_book(request: HttpRequest, pk: int) -> HttpResponse:
    """Book the viewer; or, when the form names someone, the person chosen."""
    request.section = "training"  # type: ignore[attr-defined]
    session = common.visible_session(request, pk)
    who = common.viewer(request)
    for_other = "person" in request.POST or "work_email" in request.POST
    form: BookSomeoneForm | None = None
    if for_other:
        if not common.books_for_others(who):
            raise PermissionDenied
        form = BookSomeoneForm(request.POST, people=common.bookable_people(who))
        if not form.is_valid():
            return _session_page(request, session, other_form=form)
        person = form.chosen()
    else:
        found = common.me(request)
        if found is None:
            raise PermissionDenied
        person = found
    try:
        result = services.booking_create(session=session, person=person, actor=who)
    except (ValidationError, DomainError) as error:
        if form is None:
            return _session_page(request, session, self_errors=_texts(error))
        show_refusal(form, error, {"person": "work_email"} if "work_email" in form.fields else {})
        return _session_page(request, session, other_form=form)
    messages.success(request, booking_outcome(result.booking, result.waitlist_position, who))
    if result.clashes:
        listed = "; ".join(f"{s.course.title}, {when(s)}" for s in result.clashes)
        messages.warning(request, f"This clashes with another booking: {listed}.")
    return redirect("web:booking", pk=result.booking.pk)


def _texts(error: ValidationError | DomainError) -> list[str]:
    if isinstance(error, DomainError):
        return [error.message]
    return list(error.messages)
