"""Calendar feeds: your private feed address (and a new one, which stops the old), and the feed
itself, which calendar programs fetch with no sign-in: its address is the secret."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from academy.training import selectors, services
from academy.training.calendar import person_feed
from api.training.common import ForgivingNegotiation, file_response, own_person
from api.training.shapes import CalendarFeedOut


class MyCalendarFeed(APIView):
    """The private address of your training calendar (sessions you hold a place on), made the
    first time it is asked for. POST replaces it: the old address stops working at once."""

    @extend_schema(responses={200: CalendarFeedOut})
    def get(self, request: Request) -> Response:
        feed = services.calendar_feed_for(person=own_person(request))
        return Response(CalendarFeedOut(feed, context={"request": request}).data)

    @extend_schema(request=None, responses={200: CalendarFeedOut})
    def post(self, request: Request) -> Response:
        feed = services.calendar_feed_revoke(person=own_person(request))
        return Response(CalendarFeedOut(feed, context={"request": request}).data)


class CalendarFeedIcs(APIView):
    """A person's booked sessions as a subscribable iCalendar feed (METHOD:PUBLISH). No sign-in:
    the token in the address is the secret; a replaced address is 404."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    content_negotiation_class = ForgivingNegotiation

    @extend_schema(
        operation_id="v1_calendar_feed_retrieve",
        auth=[],
        responses={
            (200, "text/calendar"): OpenApiResponse(
                OpenApiTypes.STR, description="An iCalendar feed (RFC 5545)."
            )
        },
    )
    def get(self, request: Request, token: str) -> HttpResponse:
        feed = selectors.calendar_feed_by_token(token)
        if feed is None:
            raise Http404("No calendar has this address.")
        calendar = person_feed(
            selectors.feed_bookings(feed.person_id),
            name=f"{settings.ACADEMY_NAME}: {feed.person.full_name}",
        )
        response = file_response(
            calendar, content_type="text/calendar; charset=utf-8", filename="training.ics"
        )
        response["Cache-Control"] = "private, no-cache"
        return response
