"""A booking's page (its status, the invite, cancelling, and approving or declining a request),
and the requests waiting for a manager's or coordinator's decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from academy.training import rules, selectors, services
from academy.training.calendar import booking_invite
from academy.training.models import Booking, BookingStatus
from academy.training.permissions import may_approve_for, may_book_for
from web.forms import BookingCancelForm, BookingDecisionForm
from web.paging import keyset_page
from web.views.base import section
from web.views.pathways.common import posted, show_refusal
from web.views.training import common

#: Requests on one page of the approvals list.
APPROVALS_PAGE = 50


def _may_cancel(request: HttpRequest, booking: Booking) -> bool:
    return (
        booking.status in common.OPEN_BOOKING
        and booking.session.starts_at > timezone.now()
        and may_book_for(common.viewer(request), booking.person)
    )


def _booking_page(
    request: HttpRequest, booking: Booking, decision: BookingDecisionForm | None = None
) -> HttpResponse:
    who = common.viewer(request)
    may_decide = common.may_decide(who, booking)
    position = selectors.waitlist_positions_for([booking]).get(booking.pk)
    return render(
        request,
        "web/training/booking.html",
        {
            "booking": booking,
            "session": booking.session,
            "course": booking.session.course,
            "is_self": booking.person_id == who.person_id,
            "position": position,
            "may_cancel": _may_cancel(request, booking),
            "may_decide": may_decide,
            "places_left": rules.places_left(
                capacity=booking.session.capacity, holding=selectors.holding_count(booking.session)
            )
            if may_decide
            else None,
            "form": decision or (BookingDecisionForm() if may_decide else None),
            "has_invite": booking.status == BookingStatus.BOOKED,
        },
    )


@login_required
@section("training")
@require_safe
def booking_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _booking_page(request, common.visible_booking(request, pk))


@login_required
@require_safe
def booking_invite_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The booked place as a calendar invite (the same UID and SEQUENCE as the emails carry)."""
    booking = common.visible_booking(request, pk)
    if booking.status != BookingStatus.BOOKED:
        raise Http404
    response = HttpResponse(booking_invite(booking), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="training-{booking.pk}.ics"'
    return response


@login_required
@section("training")
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking = common.visible_booking(request, pk)
    if not may_book_for(common.viewer(request), booking.person):
        raise PermissionDenied
    form = BookingCancelForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            cancelled = services.booking_cancel(
                booking=booking, actor=common.viewer(request), reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            late = " This is a late cancellation." if cancelled.late_cancellation else ""
            messages.success(
                request, f"The booking on {booking.session.course.title} was cancelled.{late}"
            )
            return redirect("web:booking", pk=booking.pk)
    return render(
        request,
        "web/training/booking_cancel.html",
        {"booking": booking, "session": booking.session, "form": form},
    )


#: Where a decision may send the decider back to.
BACK = {"approvals": "web:approvals"}


@login_required
@require_POST
def booking_decide(request: HttpRequest, pk: int) -> HttpResponse:
    request.section = "training"  # type: ignore[attr-defined]
    booking = common.visible_booking(request, pk)
    who = common.viewer(request)
    if not may_approve_for(who, booking.person):
        raise PermissionDenied
    form = BookingDecisionForm(request.POST)
    if not form.is_valid():
        return _booking_page(request, booking, form)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        decided = services.booking_decide(booking=booking, approve=approve, actor=who)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        name, course = booking.person.full_name, booking.session.course.title
        if not approve:
            messages.success(request, f"{name}'s request for {course} was declined.")
        elif decided.status == BookingStatus.BOOKED:
            messages.success(request, f"{name}'s request was approved: they have a place.")
        else:
            messages.success(
                request, f"{name}'s request was approved: {course} is full, so they are waiting."
            )
    back = BACK.get(request.POST.get("back", ""))
    return redirect(back) if back else redirect("web:booking", pk=booking.pk)


@login_required
@section("training")
@require_safe
def approvals(request: HttpRequest) -> HttpResponse:
    who = common.viewer(request)
    if not common.approves(who):
        raise PermissionDenied
    page = keyset_page(
        common.requests_for(who),
        fields=("session__starts_at", "id"),
        query=request.GET,
        size=APPROVALS_PAGE,
    )
    return render(
        request,
        "web/training/approvals.html",
        {"page": page, "decisions": [("approve", "Approve"), ("decline", "Decline")]},
    )
