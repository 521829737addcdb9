"""Completions (with their certificates) and a person's compliance with the courses they must
hold.

Completions are seen as bookings are: the person's own, a team manager's team, a partner
coordinator's organisation, everyone for coordinators and the academy leads. Training
coordinators record and import them.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from academy.common.dates import today
from academy.people import selectors as people_selectors
from academy.people.models import Person
from academy.training import selectors, services
from academy.training.certificates import certificate_pdf
from academy.training.models import Completion, Course
from api.filters import IdFilter
from api.permissions import HasRule
from api.training.common import (
    COORDINATE,
    ForgivingNegotiation,
    csv_text,
    file_response,
    valid,
    viewer,
)
from api.training.register import ImportIn, import_report
from api.training.shapes import CompletionOut, ComplianceOut, ImportReportOut


# ---------------------------------------------------------------------------------------------
# Completions
# ---------------------------------------------------------------------------------------------
class CompletionFilter(django_filters.FilterSet):
    person = IdFilter(help_text="This person's completions (id).")
    course = IdFilter(help_text="Completions of this course (id).")

    class Meta:
        model = Completion
        fields = ("person", "course")


class CompletionIn(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    course = serializers.PrimaryKeyRelatedField(queryset=Course.objects.all())
    completed_on = serializers.DateField(help_text="Not in the future.")
    # A declared field, not the ``source`` attribute it shadows on the class (DRF's metaclass
    # moves declared fields off the class).
    source = serializers.ChoiceField(  # type: ignore[assignment]
        choices=[Completion.Source.RECORDED, Completion.Source.E_LEARNING],
        default=Completion.Source.RECORDED,
        help_text="e_learning, or recorded (evidence from elsewhere).",
    )


class CompletionList(generics.ListAPIView):
    """Completions the caller may see, latest first. The expiry follows the course's refresh
    interval."""

    permission_classes = [HasRule]
    permission_required = {"POST": COORDINATE}
    serializer_class = CompletionOut
    filterset_class = CompletionFilter
    ordering = ("-completed_on", "-id")

    def get_queryset(self) -> QuerySet[Completion]:
        return selectors.completions_visible_to(viewer(self.request))

    @extend_schema(request=CompletionIn, responses={201: CompletionOut})
    def post(self, request: Request) -> Response:
        data = valid(CompletionIn, request.data)
        completion = services.completion_record(actor=viewer(request), **data)
        out = CompletionOut(
            selectors.completions_visible_to(viewer(request)).get(pk=completion.pk),
            context={"request": request},
        )
        return Response(out.data, status=status.HTTP_201_CREATED)


class CompletionsImport(APIView):
    """Record completions from a CSV file with ``work_email``, ``course`` (its title or id) and
    ``completed_on`` (2026-03-31 or 31/03/2026) columns: each row is recorded or refused with
    its reason; one refused row does not stop the others."""

    permission_classes = [HasRule]
    permission_required = {"POST": COORDINATE}
    parser_classes = [MultiPartParser]

    @extend_schema(request=ImportIn, responses={200: ImportReportOut})
    def post(self, request: Request) -> Response:
        data = valid(ImportIn, request.data)
        rows = services.completions_import_csv(text=csv_text(data["file"]), actor=viewer(request))
        return Response(import_report(rows))


class CompletionCertificate(APIView):
    """The certificate of completion, a one-page PDF, for anyone who may see the completion."""

    permission_classes = [HasRule]
    content_negotiation_class = ForgivingNegotiation

    @extend_schema(
        operation_id="v1_completions_certificate_retrieve",
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The certificate (PDF)."
            )
        },
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        visible = selectors.completions_visible_to(viewer(request)).select_related(
            "course__provider"
        )
        completion = get_object_or_404(visible, pk=pk)
        return file_response(
            certificate_pdf(completion),
            content_type="application/pdf",
            filename=f"certificate-{completion.certificate_number}.pdf",
            attachment=True,
        )


# ---------------------------------------------------------------------------------------------
# Compliance
# ---------------------------------------------------------------------------------------------
class PersonCompliance(APIView):
    """Each course the person must hold (by role, job title, team or everyone), by title:
    compliant, expiring, expired or missing, from their latest completion.

    Someone the caller may not see is 404; someone they see but whose training they may not
    follow is 403."""

    permission_classes = [HasRule]
    object_permission_required = "training.view_compliance"

    @extend_schema(responses={200: ComplianceOut})
    def get(self, request: Request, pk: int) -> Response:
        person = get_object_or_404(people_selectors.people_visible_to(viewer(request)), pk=pk)
        self.check_object_permissions(request, person)
        as_of = today()
        expiring_days = int(settings.TRAINING["EXPIRING_DAYS"])
        matrix = selectors.compliance_matrix(
            Person.objects.filter(pk=person.pk), as_of=as_of, expiring_days=expiring_days
        )
        cells = sorted(matrix.rows[0].cells.values(), key=lambda c: (c.course.title, c.course.pk))
        courses: list[dict[str, Any]] = [
            {
                "course": cell.course,
                "state": cell.state.value,
                "completed_on": cell.completion.completed_on if cell.completion else None,
                "expires_on": cell.completion.expires_on if cell.completion else None,
                "completion": cell.completion.pk if cell.completion else None,
            }
            for cell in cells
        ]
        payload = {
            "person": person,
            "as_of": as_of,
            "expiring_days": expiring_days,
            "courses": courses,
        }
        return Response(ComplianceOut(payload).data)
