"""What the training views share: reading input and files, who is acting, finding the session
or booking an address names (404 when the caller may not see it, before any 403), and answering
with a file."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from academy.people.models import Person
from academy.people.permissions import Viewer, viewer_for
from academy.training import selectors
from academy.training.models import Booking, Session

#: Training coordinators run the catalogue, the registers and the imports.
COORDINATE = "training.coordinate"


def valid(
    serializer_class: type[serializers.Serializer], data: Any, *, partial: bool = False
) -> dict[str, Any]:
    serializer = serializer_class(data=data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def viewer(request: Request) -> Viewer:
    return viewer_for(request.user)


def own_person(request: Request) -> Person:
    """The caller's own person record; an account with none (a back-office superuser) has no
    bookings, CPD or calendar of its own."""
    person_id = viewer(request).person_id
    if person_id is None:
        raise PermissionDenied("This account is not linked to a person.")
    return Person.objects.select_related("organisation").get(pk=person_id)


def session_for(pk: int) -> Session:
    """A session with its course, whoever asks: the catalogue is open to everyone signed in."""
    return get_object_or_404(Session.objects.select_related("course"), pk=pk)


def booking_for(view: APIView, pk: int) -> Booking:
    """The booking ``pk`` with its person and session, if the caller may see it (else 404); then
    the view's object permission for the method (else 403)."""
    visible = selectors.with_session(selectors.bookings_visible_to(viewer(view.request)))
    booking = get_object_or_404(visible, pk=pk)
    view.check_object_permissions(view.request, booking)
    return booking


def csv_text(upload: UploadedFile, *, field: str = "file") -> str:
    """An uploaded CSV file as text (UTF-8, with or without a byte-order mark)."""
    try:
        return b"".join(upload.chunks()).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            {field: ["Send the file as CSV saved in UTF-8."]}, code="invalid"
        ) from exc


class ForgivingNegotiation(BaseContentNegotiation):
    """For an address that answers with a file (a calendar, a PDF): the file goes whatever the
    ``Accept`` header says, and an error comes back as the API's JSON."""

    def select_parser(self, request: Request, parsers: Iterable[BaseParser]) -> BaseParser | None:
        return next(iter(parsers), None)

    def select_renderer(
        self,
        request: Request,
        renderers: Iterable[BaseRenderer],
        format_suffix: str | None = None,
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type


def file_response(
    content: str | bytes, *, content_type: str, filename: str, attachment: bool = False
) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
