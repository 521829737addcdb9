"""An enrolment's record: supervision, development time, evidence and pauses, each a list
(anyone who may see the enrolment) and a POST (the roles the pathways rules allow).

An enrolment the caller may not see is 404; one they see but may not add to is 403.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from academy.pathways import selectors, services
from academy.pathways.models import (
    DevelopmentActivity,
    Enrolment,
    Evidence,
    Pause,
    PcfDomain,
    Supervision,
)
from academy.people.models import Person
from api.pathways.common import actor, enrolment_for, valid
from api.pathways.shapes import DevelopmentActivityOut, EvidenceOut, PauseOut, SupervisionOut
from api.permissions import HasRule


class EnrolmentRecordList(generics.ListAPIView):
    """A list under ``/enrolments/{id}/``: the enrolment is found (404) and the method's object
    permission checked (403) before anything is read or written."""

    permission_classes = [HasRule]
    model: type[Any]

    def enrolment(self) -> Enrolment:
        if not hasattr(self, "_enrolment"):
            self._enrolment = enrolment_for(self, self.kwargs["pk"])
        return self._enrolment

    def records(self, enrolment: Enrolment) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator, with no request
            return self.model.objects.none()
        return self.records(self.enrolment())

    def created(self, out: serializers.Serializer) -> Response:
        return Response(out.data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------------------------------------
# Supervision
# ---------------------------------------------------------------------------------------------
class SupervisionIn(serializers.Serializer):
    held_on = serializers.DateField()
    supervisor = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(),
        required=False,
        help_text="Who gave it; the enrolment's supervisor when not given.",
    )
    kind = serializers.ChoiceField(
        choices=Supervision.Kind.choices,
        help_text="Reflective supervision must be given by a registered social worker.",
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SupervisionList(EnrolmentRecordList):
    """Supervision held, latest first; the PSW or the enrolment's supervisor records it."""

    object_permission_required = {
        "GET": "pathways.view_enrolment",
        "POST": "pathways.record_supervision",
    }
    serializer_class = SupervisionOut
    ordering = ("-held_on", "-id")
    model = Supervision

    def records(self, enrolment: Enrolment) -> QuerySet[Supervision]:
        return selectors.supervisions_of(enrolment)

    @extend_schema(request=SupervisionIn, responses={201: SupervisionOut})
    def post(self, request: Request, pk: int) -> Response:
        enrolment = self.enrolment()
        data = valid(SupervisionIn, request.data)
        supervisor = data.pop("supervisor", None) or enrolment.supervisor
        if supervisor is None:
            raise ValidationError(
                {"supervisor": ["This enrolment has no supervisor: say who gave it."]},
                code="required",
            )
        item = services.supervision_record(
            enrolment=enrolment, supervisor=supervisor, actor=actor(request), **data
        )
        return self.created(SupervisionOut(selectors.supervisions_of(enrolment).get(pk=item.pk)))


# ---------------------------------------------------------------------------------------------
# Development time
# ---------------------------------------------------------------------------------------------
class DevelopmentActivityIn(serializers.Serializer):
    date = serializers.DateField()
    hours = serializers.DecimalField(max_digits=5, decimal_places=2)
    activity = serializers.CharField(max_length=300)


class DevelopmentTimeList(EnrolmentRecordList):
    """Protected development time (ASYE) or off-the-job training (apprenticeship), latest
    first; the person, their assessor or supervisor, or the PSW logs it."""

    object_permission_required = {
        "GET": "pathways.view_enrolment",
        "POST": "pathways.log_development",
    }
    serializer_class = DevelopmentActivityOut
    ordering = ("-date", "-id")
    model = DevelopmentActivity

    def records(self, enrolment: Enrolment) -> QuerySet[DevelopmentActivity]:
        return selectors.development_of(enrolment)

    @extend_schema(request=DevelopmentActivityIn, responses={201: DevelopmentActivityOut})
    def post(self, request: Request, pk: int) -> Response:
        enrolment = self.enrolment()
        data = valid(DevelopmentActivityIn, request.data)
        item = services.development_time_log(enrolment=enrolment, actor=actor(request), **data)
        return self.created(
            DevelopmentActivityOut(selectors.development_of(enrolment).get(pk=item.pk))
        )


# ---------------------------------------------------------------------------------------------
# Evidence
# ---------------------------------------------------------------------------------------------
class EvidenceIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Evidence.Kind.choices)
    date = serializers.DateField()
    summary = serializers.CharField()
    pcf_domains = serializers.SlugRelatedField(
        slug_field="key",
        queryset=PcfDomain.objects.all(),
        many=True,
        required=False,
        help_text="PCF domain keys (see /api/v1/pcf-domains/); in a form, repeat the field.",
    )
    file = serializers.FileField(
        required=False,
        allow_empty_file=False,
        help_text="Send as multipart/form-data to attach a file.",
    )


class EvidenceList(EnrolmentRecordList):
    """Evidence, latest first; the person, their assessor or the PSW adds it, as JSON or as a
    form with a file."""

    object_permission_required = {"GET": "pathways.view_enrolment", "POST": "pathways.add_evidence"}
    serializer_class = EvidenceOut
    ordering = ("-date", "-id")
    model = Evidence
    parser_classes = [JSONParser, MultiPartParser]

    def records(self, enrolment: Enrolment) -> QuerySet[Evidence]:
        return selectors.evidence_of(enrolment)

    @extend_schema(request=EvidenceIn, responses={201: EvidenceOut})
    def post(self, request: Request, pk: int) -> Response:
        enrolment = self.enrolment()
        data = valid(EvidenceIn, request.data)
        item = services.evidence_add(
            enrolment=enrolment,
            kind=data["kind"],
            date=data["date"],
            summary=data["summary"],
            domains=data.get("pcf_domains", []),
            file=data.get("file"),
            actor=actor(request),
        )
        out = EvidenceOut(
            selectors.evidence_of(enrolment).get(pk=item.pk), context={"request": request}
        )
        return self.created(out)


class EvidenceFile(APIView):
    """The file attached to an item of evidence, for anyone who may see the enrolment."""

    permission_classes = [HasRule]
    object_permission_required = "pathways.view_enrolment"

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The file, as an attachment."
            )
        }
    )
    def get(self, request: Request, pk: int, evidence_id: int) -> FileResponse:
        enrolment = enrolment_for(self, pk)
        item = get_object_or_404(selectors.evidence_of(enrolment), pk=evidence_id)
        if not item.file:
            raise Http404("This evidence has no file.")
        name = (item.file.name or "").rsplit("/", 1)[-1]
        response = FileResponse(item.file.open("rb"), as_attachment=True, filename=name)
        response["X-Content-Type-Options"] = "nosniff"
        return response


# ---------------------------------------------------------------------------------------------
# Pauses and extensions
# ---------------------------------------------------------------------------------------------
class PauseIn(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=Pause.Kind.choices,
        help_text="A pause (first_day to last_day, inclusive) or an extension (days).",
    )
    reason = serializers.CharField()
    first_day = serializers.DateField(required=False, allow_null=True)
    last_day = serializers.DateField(required=False, allow_null=True)
    days = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text="For an extension."
    )


class PauseList(EnrolmentRecordList):
    """Pauses and extensions, latest first; the PSW, or the person's team manager, records one.
    A pause moves the end date and the milestones not yet due; an extension the end date and
    the milestones that move with it; completed milestones never move."""

    object_permission_required = {"GET": "pathways.view_enrolment", "POST": "pathways.record_pause"}
    serializer_class = PauseOut
    ordering = ("-created_at", "-id")
    model = Pause

    def records(self, enrolment: Enrolment) -> QuerySet[Pause]:
        return selectors.pauses_of(enrolment)

    @extend_schema(request=PauseIn, responses={201: PauseOut})
    def post(self, request: Request, pk: int) -> Response:
        enrolment = self.enrolment()
        data = valid(PauseIn, request.data)
        item = services.pause_record(enrolment=enrolment, actor=actor(request), **data)
        return self.created(PauseOut(selectors.pauses_of(enrolment).get(pk=item.pk)))
