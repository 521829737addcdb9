"""The PSW's report schedules: people with accounts subscribed to a kind of report, monthly on
a day or weekly; each run e-mails them a link to the file. Only the PSW (and admins) list,
create, change and deactivate them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from academy.people.models import Person
from academy.people.permissions import viewer_for
from academy.reports import selectors, services
from academy.reports.models import Format, Kind, ReportSchedule
from api.pathways.common import valid
from api.permissions import HasRule
from api.reports.shapes import ReportScheduleOut


class ReportScheduleIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices, help_text="See /api/v1/report-kinds/.")
    parameters = serializers.DictField(required=False, default=dict)
    format = serializers.ChoiceField(choices=Format.choices)
    frequency = serializers.ChoiceField(choices=ReportSchedule.Frequency.choices)
    day = serializers.IntegerField(
        help_text="Monthly: the day of the month (1 to 28). Weekly: the day of the week "
        "(1 Monday to 7 Sunday)."
    )
    subscribers = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(),
        many=True,
        help_text="People (ids) who get each run; each must have an account.",
    )


def one_schedule(pk: int) -> dict[str, Any]:
    return dict(ReportScheduleOut(selectors.schedules().get(pk=pk)).data)


class ReportScheduleList(generics.ListAPIView):
    """Schedules by kind, active or not; POST subscribes people to a report."""

    permission_classes = [HasRule]
    permission_required = "reports.schedule"
    serializer_class = ReportScheduleOut
    ordering = ("kind", "id")

    def get_queryset(self) -> QuerySet[ReportSchedule]:
        return selectors.schedules()

    @extend_schema(request=ReportScheduleIn, responses={201: ReportScheduleOut})
    def post(self, request: Request) -> Response:
        data = valid(ReportScheduleIn, request.data)
        schedule = services.schedule_save(**data, actor=viewer_for(request.user))
        return Response(one_schedule(schedule.pk), status=status.HTTP_201_CREATED)


class ReportScheduleDetail(APIView):
    """A schedule; PATCH changes any of its fields (``subscribers``, when given, replaces
    them)."""

    permission_classes = [HasRule]
    permission_required = "reports.schedule"

    @extend_schema(responses={200: ReportScheduleOut})
    def get(self, request: Request, pk: int) -> Response:
        return Response(one_schedule(get_object_or_404(selectors.schedules(), pk=pk).pk))

    @extend_schema(request=ReportScheduleIn(partial=True), responses={200: ReportScheduleOut})
    def patch(self, request: Request, pk: int) -> Response:
        schedule = get_object_or_404(selectors.schedules(), pk=pk)
        changes = valid(ReportScheduleIn, request.data, partial=True)
        current = {
            "kind": schedule.kind,
            "parameters": schedule.parameters,
            "format": schedule.format,
            "frequency": schedule.frequency,
            "day": schedule.day,
            "subscribers": list(schedule.subscribers.all()),
        }
        services.schedule_save(
            **{**current, **changes}, schedule=schedule, actor=viewer_for(request.user)
        )
        return Response(one_schedule(schedule.pk))


class ReportScheduleDeactivate(APIView):
    """Stop a schedule: no more runs. Runs already made keep their files and their readers."""

    permission_classes = [HasRule]
    permission_required = "reports.schedule"

    @extend_schema(request=None, responses={200: ReportScheduleOut})
    def post(self, request: Request, pk: int) -> Response:
        schedule = get_object_or_404(ReportSchedule.objects.all(), pk=pk)
        services.schedule_deactivate(schedule=schedule, actor=viewer_for(request.user))
        return Response(one_schedule(schedule.pk))
