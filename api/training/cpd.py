"""The caller's own CPD entries for Social Work England: the list, writing, this registration
year's standing, and a draft filled in from an attended session.

Each person sees and changes only their own entries (anyone else's is 404).
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from academy.common.errors import ConflictError
from academy.people.models import Person
from academy.training import selectors, services
from academy.training.models import BookingStatus, CpdEntry
from api.errors import ApiError
from api.training.common import own_person, valid, viewer
from api.training.shapes import CpdDraftOut, CpdEntryOut, CpdStandingOut

#: Sessions that can pre-fill a CPD entry.
ATTENDED = (BookingStatus.ATTENDED, BookingStatus.PARTIALLY_ATTENDED)


class CpdEntryFilter(django_filters.FilterSet):
    registration_year_starts = django_filters.DateFilter(
        help_text="Entries of the registration year starting this day (e.g. 2025-12-01)."
    )

    class Meta:
        model = CpdEntry
        fields = ("registration_year_starts",)


class CpdEntryIn(serializers.Serializer):
    """Social Work England's CPD form: what the activity was and why it was relevant, what was
    learnt, the impact on practice and on people, and for a peer reflection what was learnt
    from the peer discussion."""

    title = serializers.CharField(max_length=200)
    activity_date = serializers.DateField(
        help_text="Sets the registration year; not in the future."
    )
    hours = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, required=False)
    activity = serializers.CharField(help_text="What the activity was and why it was relevant.")
    learning = serializers.CharField(help_text="What was learnt.")
    impact = serializers.CharField(help_text="The impact on practice and on people.")
    peer_reflection = serializers.BooleanField(required=False, default=False)
    peer_learning = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="What was learnt from the peer discussion (needed for a peer reflection).",
    )
    booking = serializers.IntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        help_text="One of your bookings the entry is about (id).",
    )
    completion = serializers.IntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        help_text="One of your completions the entry is about (id).",
    )


class CpdEntryUpdateIn(CpdEntryIn):
    """Every field optional; only the fields sent change."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


def _own_links(person: Person, data: dict[str, Any]) -> dict[str, Any]:
    """The booking and completion ids sent, as the caller's own rows (400 naming the field
    otherwise)."""
    sources = {
        "booking": selectors.my_bookings(person.pk),
        "completion": selectors.my_completions(person.pk),
    }
    for name, own in sources.items():
        if data.get(name) is None:
            continue
        row = own.filter(pk=data[name]).first()
        if row is None:
            raise ValidationError(
                {name: [f"You have no {name} with this id."]}, code="does_not_exist"
            )
        data[name] = row
    return data


class CpdEntryList(generics.ListAPIView):
    """Your CPD entries, latest activity first."""

    serializer_class = CpdEntryOut
    filterset_class = CpdEntryFilter
    ordering = ("-activity_date", "-id")

    def get_queryset(self) -> QuerySet[CpdEntry]:
        person_id = viewer(self.request).person_id
        if person_id is None:
            return CpdEntry.objects.none()
        return selectors.my_cpd(person_id)

    @extend_schema(request=CpdEntryIn, responses={201: CpdEntryOut})
    def post(self, request: Request) -> Response:
        person = own_person(request)
        data = _own_links(person, valid(CpdEntryIn, request.data))
        entry = services.cpd_entry_save(person=person, data=data)
        return Response(CpdEntryOut(entry).data, status=status.HTTP_201_CREATED)


class CpdEntryDetail(APIView):
    """One of your CPD entries: read, change or delete it."""

    def _entry(self, request: Request, pk: int) -> tuple[Person, CpdEntry]:
        person = own_person(request)
        return person, get_object_or_404(selectors.my_cpd(person.pk), pk=pk)

    @extend_schema(responses={200: CpdEntryOut})
    def get(self, request: Request, pk: int) -> Response:
        _, entry = self._entry(request, pk)
        return Response(CpdEntryOut(entry).data)

    @extend_schema(request=CpdEntryUpdateIn, responses={200: CpdEntryOut})
    def patch(self, request: Request, pk: int) -> Response:
        person, entry = self._entry(request, pk)
        data = _own_links(person, valid(CpdEntryUpdateIn, request.data, partial=True))
        entry = services.cpd_entry_save(person=person, data=data, entry=entry)
        return Response(CpdEntryOut(entry).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        _, entry = self._entry(request, pk)
        services.cpd_entry_delete(entry=entry)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CpdStanding(APIView):
    """Whether you have the CPD Social Work England asks for to renew in this registration year
    (1 December to 30 November): at least two pieces, one with a peer reflection. People first
    registered during the renewal window are exempt that year."""

    @extend_schema(responses={200: CpdStandingOut})
    def get(self, request: Request) -> Response:
        standing = services.cpd_standing_for(person=own_person(request))
        return Response(CpdStandingOut(standing).data)


class CpdPrefill(APIView):
    """A draft CPD entry from one of your attended sessions, to complete (learning, impact) and
    send to ``POST /api/v1/cpd-entries/``. A session not attended is 409."""

    @extend_schema(responses={200: CpdDraftOut, 409: ApiError})
    def get(self, request: Request, booking_id: int) -> Response:
        person = own_person(request)
        booking = get_object_or_404(selectors.my_bookings(person.pk), pk=booking_id)
        if booking.status not in ATTENDED:
            raise ConflictError(
                f"This booking is {booking.get_status_display().lower()}: only an attended "
                "session pre-fills an entry.",
                field="booking",
            )
        return Response(CpdDraftOut(services.cpd_entry_prefill(booking=booking)).data)
