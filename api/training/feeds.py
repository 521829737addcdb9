"""Your calendar feed: its private address (and a new one, which stops the old). The feed itself
is served by the pages at that address, for calendar programs to fetch with no sign-in."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from academy.training import services
from api.training.common import own_person
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
