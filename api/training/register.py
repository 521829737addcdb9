"""A session's register, for training coordinators: marking attendance (attending completes the
course) and booking people by file."""

from __future__ import annotations

from collections import Counter
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from academy.training import selectors, services
from academy.training.models import Booking, BookingStatus
from academy.training.services import RowResult
from api.permissions import HasRule
from api.training.bookings import bookings_data
from api.training.common import COORDINATE, csv_text, session_for, valid, viewer
from api.training.shapes import BookingOut, ImportReportOut


class AttendanceMarkIn(serializers.Serializer):
    booking = serializers.IntegerField(min_value=1, help_text="A booking on this session (id).")
    attendance = serializers.ChoiceField(
        choices=[
            BookingStatus.ATTENDED,
            BookingStatus.PARTIALLY_ATTENDED,
            BookingStatus.NO_SHOW,
        ]
    )


class SessionAttendance(APIView):
    """Mark the register once the session has started: each booking attended, partly attended
    or a no-show. Attending completes the course (a certificate, and an expiry from the course's
    refresh interval). Every mark is saved, or none; errors name the row (``0.booking``)."""

    permission_classes = [HasRule]
    permission_required = {"POST": COORDINATE}

    @extend_schema(request=AttendanceMarkIn(many=True), responses={200: BookingOut(many=True)})
    def post(self, request: Request, pk: int) -> Response:
        session = session_for(pk)
        marks = AttendanceMarkIn(data=request.data, many=True, allow_empty=False)
        marks.is_valid(raise_exception=True)
        changed = services.attendance_record(
            session=session,
            marks=[(mark["booking"], mark["attendance"]) for mark in marks.validated_data],
            actor=viewer(request),
        )
        bookings = selectors.with_session(
            Booking.objects.filter(pk__in=[b.pk for b in changed])
        ).order_by("person__last_name", "person__first_name", "id")
        return Response(bookings_data(list(bookings), request))


class ImportIn(serializers.Serializer):
    file = serializers.FileField(
        allow_empty_file=False, help_text="A CSV file (UTF-8) whose first line names its columns."
    )


def import_report(rows: list[RowResult]) -> dict[str, Any]:
    summary = Counter(row.outcome for row in rows)
    out = ImportReportOut(
        {
            "rows": [
                {"line": r.line, "key": r.key, "outcome": r.outcome, "detail": r.detail}
                for r in rows
            ],
            "summary": dict(summary),
        }
    )
    return dict(out.data)


class SessionBookingsImport(APIView):
    """Book everyone a CSV file lists (a ``work_email`` column) on the session, in the file's
    order: each row is booked, waitlisted or requested as if booked one by one, or refused with
    its reason; one refused row does not stop the others."""

    permission_classes = [HasRule]
    permission_required = {"POST": COORDINATE}
    parser_classes = [MultiPartParser]

    @extend_schema(request=ImportIn, responses={200: ImportReportOut})
    def post(self, request: Request, pk: int) -> Response:
        session = session_for(pk)
        data = valid(ImportIn, request.data)
        rows = services.bookings_import_csv(
            session=session, text=csv_text(data["file"]), actor=viewer(request)
        )
        return Response(import_report(rows))
