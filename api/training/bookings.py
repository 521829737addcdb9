"""Bookings: booking a place, the bookings each role may see, cancelling, a manager's approval
and the calendar invite.

Learners book themselves; team managers their team's people; partner coordinators their
organisation's people; training coordinators anyone. A booking the caller may not see is 404;
one they see but may not change is 403.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from academy.common.errors import ConflictError
from academy.people import selectors as people_selectors
from academy.training import selectors, services
from academy.training.calendar import booking_invite
from academy.training.models import Booking, BookingStatus
from academy.training.services.bookings import session_when
from api.errors import ApiError
from api.filters import IdFilter
from api.permissions import HasRule
from api.training.common import (
    ForgivingNegotiation,
    booking_for,
    file_response,
    session_for,
    valid,
    viewer,
)
from api.training.shapes import BookingCreatedOut, BookingOut

#: A booking in these states no longer takes a place in a calendar: its invite cancels the event.
INVITE_CANCELLED = (BookingStatus.CANCELLED, BookingStatus.DECLINED, BookingStatus.EXPIRED)
#: No place is held yet, so there is no event to send.
INVITE_NOT_YET = (BookingStatus.REQUESTED, BookingStatus.WAITLISTED)


def bookings_data(bookings: Sequence[Booking], request: Request) -> list[dict[str, Any]]:
    """Bookings loaded with ``with_session``, with the waitlisted's places in their queues (one
    query for any number)."""
    context = {"request": request, "positions": selectors.waitlist_positions_for(bookings)}
    return list(BookingOut(bookings, many=True, context=context).data)


def one_booking(pk: int, request: Request) -> dict[str, Any]:
    booking = selectors.with_session(Booking.objects.filter(pk=pk)).get()
    return bookings_data([booking], request)[0]


# ---------------------------------------------------------------------------------------------
# Booking a place
# ---------------------------------------------------------------------------------------------
class BookingIn(serializers.Serializer):
    person = serializers.IntegerField(
        min_value=1, required=False, help_text="Who to book (id); yourself when not given."
    )


class SessionBookings(APIView):
    """Book a person on a session: a place while one is free, else the waiting list (first
    come, first served); a request awaiting their manager when the course needs approval and
    the booker is not an approver. Other sessions at the same time are warned about."""

    permission_classes = [HasRule]

    @extend_schema(
        request=BookingIn,
        responses={201: BookingCreatedOut, 409: ApiError},
        description="A second active booking for the same person on the session is refused "
        "with 409 (field person); a session not open for booking with 400 (field session).",
    )
    def post(self, request: Request, pk: int) -> Response:
        session = session_for(pk)
        data = valid(BookingIn, request.data)
        actor = viewer(request)
        person_id = data.get("person", actor.person_id)
        if person_id is None:
            raise ValidationError(
                {"person": ["This account is not linked to a person: say who to book."]},
                code="required",
            )
        person = (
            people_selectors.people_visible_to(actor)
            .select_related("organisation")
            .filter(pk=person_id)
            .first()
        )
        if person is None:
            raise ValidationError(
                {"person": ["There is no one you may see with this id."]}, code="does_not_exist"
            )
        result = services.booking_create(session=session, person=person, actor=actor)
        warnings = [
            {
                "code": "clash",
                "message": f"Also booked on {other.course.title}, {session_when(other)}.",
                "session": other.pk,
            }
            for other in result.clashes
        ]
        booking = selectors.with_session(Booking.objects.filter(pk=result.booking.pk)).get()
        positions = {booking.pk: result.waitlist_position} if result.waitlist_position else {}
        context = {"request": request, "positions": positions, "warnings": warnings}
        out = BookingCreatedOut(booking, context=context)
        return Response(out.data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------------------------------------
# The list and one booking
# ---------------------------------------------------------------------------------------------
class BookingFilter(django_filters.FilterSet):
    session = IdFilter(help_text="Bookings on this session (id).")
    person = IdFilter(help_text="This person's bookings (id).")
    status = django_filters.ChoiceFilter(choices=BookingStatus.choices)

    class Meta:
        model = Booking
        fields = ("session", "person", "status")


class BookingList(generics.ListAPIView):
    """Bookings the caller may see, newest first: their own; a team manager's team; a partner
    coordinator's organisation; all of them for coordinators, the PSW, DASS and principal OT."""

    permission_classes = [HasRule]
    serializer_class = BookingOut
    filterset_class = BookingFilter
    ordering = ("-created_at", "-id")

    def get_queryset(self) -> QuerySet[Booking]:
        return selectors.with_session(selectors.bookings_visible_to(viewer(self.request)))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(bookings_data(list(page or []), request))


class BookingDetail(APIView):
    permission_classes = [HasRule]
    object_permission_required = "training.view_booking"

    @extend_schema(responses={200: BookingOut})
    def get(self, request: Request, pk: int) -> Response:
        booking = booking_for(self, pk)
        return Response(bookings_data([booking], request)[0])


# ---------------------------------------------------------------------------------------------
# Cancelling and deciding
# ---------------------------------------------------------------------------------------------
class BookingCancelIn(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class BookingCancel(APIView):
    """Cancel a request, a place or a place on the waiting list (whoever may book for the
    person). A freed place goes at once to the first person waiting; cancelling within the
    course's cut-off is recorded as late."""

    permission_classes = [HasRule]
    object_permission_required = "training.cancel_booking"

    @extend_schema(request=BookingCancelIn, responses={200: BookingOut})
    def post(self, request: Request, pk: int) -> Response:
        booking = booking_for(self, pk)
        data = valid(BookingCancelIn, request.data)
        services.booking_cancel(booking=booking, actor=viewer(request), reason=data["reason"])
        return Response(one_booking(pk, request))


class BookingDecide(APIView):
    """A request approved (a place, or the waiting list when full) or declined, by the person's
    team manager or a training coordinator."""

    permission_classes = [HasRule]
    object_permission_required = "training.approve_booking"
    approve = True

    @extend_schema(request=None, responses={200: BookingOut, 400: ApiError})
    def post(self, request: Request, pk: int) -> Response:
        booking = booking_for(self, pk)
        services.booking_decide(booking=booking, approve=self.approve, actor=viewer(request))
        return Response(one_booking(pk, request))


class BookingApprove(BookingDecide):
    approve = True


class BookingDecline(BookingDecide):
    approve = False


# ---------------------------------------------------------------------------------------------
# The calendar invite
# ---------------------------------------------------------------------------------------------
class BookingInvite(APIView):
    """The booking as an iCalendar invite: METHOD:REQUEST while it holds a place, METHOD:CANCEL
    (same UID, higher SEQUENCE) once cancelled, declined or expired. A request or a place on the
    waiting list has no event yet (409)."""

    permission_classes = [HasRule]
    object_permission_required = "training.view_booking"
    content_negotiation_class = ForgivingNegotiation

    @extend_schema(
        operation_id="v1_bookings_invite_retrieve",
        responses={
            (200, "text/calendar"): OpenApiResponse(
                OpenApiTypes.STR, description="An iCalendar file (RFC 5545)."
            ),
            409: ApiError,
        },
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        booking = booking_for(self, pk)
        if booking.status in INVITE_NOT_YET:
            raise ConflictError(
                f"This booking is {booking.get_status_display().lower()}: the invite comes "
                "with a place.",
                field="status",
            )
        cancel = booking.status in INVITE_CANCELLED
        method = "CANCEL" if cancel else "REQUEST"
        return file_response(
            booking_invite(booking, cancel=cancel),
            content_type=f"text/calendar; charset=utf-8; method={method}",
            filename=f"booking-{booking.pk}.ics",
        )
