"""Asking for a report and following its run: the caller's runs, one run's status and progress,
and its file.

Anyone signed in lists their own runs (an admin, every run). Asking needs a role that gives
some report, and the kind asked for must be one the role gives (a team manager: training
compliance of a team they manage). A run is read by whoever asked for it, the subscribers of
its schedule, and admins; anyone else gets a 404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from academy.people.permissions import viewer_for
from academy.reports import selectors, services
from academy.reports.models import Format, Kind, ReportRun
from academy.reports.permissions import may_read
from academy.reports.writers import WRITERS
from api.pathways.common import valid
from api.permissions import HasRule
from api.reports.shapes import ReportQueuedOut, ReportRunOut
from api.training.common import ForgivingNegotiation


class ReportRequestIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices, help_text="See /api/v1/report-kinds/.")
    parameters = serializers.DictField(
        required=False,
        default=dict,
        help_text='What the kind needs, e.g. {"cohort": 12} or {"period": "quarter", '
        '"start": "2026-04"}.',
    )
    format = serializers.ChoiceField(choices=Format.choices)


def readable_run(request: Request, pk: int) -> ReportRun:
    """The run ``pk`` if the caller may read it (else 404)."""
    run = get_object_or_404(ReportRun.objects.select_related("requested_by"), pk=pk)
    if not may_read(viewer_for(request.user), run, selectors.subscriber_ids(run)):
        raise Http404
    return run


class ReportRunList(generics.ListAPIView):
    """The caller's report runs, newest first; POST asks for a report, which is compiled on the
    reports queue (follow it at its address until ``status`` is done or failed)."""

    permission_classes = [HasRule]
    permission_required = {"POST": "reports.request"}
    serializer_class = ReportRunOut
    ordering = ("-created_at", "-id")

    def get_queryset(self) -> QuerySet[ReportRun]:
        return selectors.runs_for(viewer_for(self.request.user))

    @extend_schema(request=ReportRequestIn, responses={201: ReportQueuedOut})
    def post(self, request: Request) -> Response:
        data = valid(ReportRequestIn, request.data)
        run = services.report_request(
            kind=data["kind"],
            parameters=data["parameters"],
            format=data["format"],
            actor=viewer_for(request.user),
        )
        return Response(
            ReportQueuedOut(run).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": reverse("api-report", kwargs={"pk": run.pk})},
        )


class ReportRunDetail(APIView):
    """One run: its status, progress, row counts and times; the download address once done, the
    error if it failed."""

    @extend_schema(responses={200: ReportRunOut})
    def get(self, request: Request, pk: int) -> Response:
        run = readable_run(request, pk)
        return Response(ReportRunOut(run, context={"request": request}).data)


class ReportRunDownload(APIView):
    """The report's file (CSV, XLSX or PDF), as an attachment, once the run is done."""

    content_negotiation_class = ForgivingNegotiation

    @extend_schema(
        operation_id="v1_reports_download_retrieve",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="The file: text/csv, an Excel workbook or application/pdf.",
            )
        },
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        run = readable_run(request, pk)
        return report_file(run)


def report_file(run: ReportRun) -> FileResponse:
    """The run's file with its content type and name; a 404 until it is done."""
    if run.status != ReportRun.Status.DONE or not run.file:
        raise Http404("This report has no file yet.")
    _, content_type = WRITERS[run.format]
    name = (run.file.name or "").rsplit("/", 1)[-1]
    try:
        handle = run.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("This report's file is no longer stored.") from exc
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
