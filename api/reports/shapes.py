"""What the reports endpoints answer with. Times are ISO 8601 with their offset (UTC as
stored)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from academy.reports.models import ReportRun, ReportSchedule
from api.pathways.shapes import PersonRef


class ReportQueuedOut(serializers.ModelSerializer):
    """A run just asked for: follow it at ``/api/v1/reports/{id}/`` (the Location header)."""

    class Meta:
        model = ReportRun
        fields = ("id", "status")


class ReportRunOut(serializers.ModelSerializer):
    kind_name = serializers.CharField(source="get_kind_display")
    format_name = serializers.CharField(source="get_format_display")
    requested_by = PersonRef(allow_null=True)
    progress = serializers.IntegerField(help_text="Per cent compiled, 0 to 100.")
    download_url = serializers.SerializerMethodField(
        help_text="Where to download the file once the run is done; null until then."
    )
    error = serializers.SerializerMethodField(
        help_text="Why the run failed; null unless it failed."
    )
    row_counts = serializers.DictField(
        child=serializers.IntegerField(), help_text="Rows in each table of the report, by name."
    )

    class Meta:
        model = ReportRun
        fields = (
            "id",
            "kind",
            "kind_name",
            "parameters",
            "format",
            "format_name",
            "status",
            "progress",
            "download_url",
            "error",
            "row_counts",
            "requested_by",
            "schedule",
            "created_at",
            "started_at",
            "finished_at",
        )

    def get_download_url(self, run: ReportRun) -> str | None:
        if run.status != ReportRun.Status.DONE or not run.file:
            return None
        url = reverse("api-report-download", kwargs={"pk": run.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url

    def get_error(self, run: ReportRun) -> str | None:
        if run.status != ReportRun.Status.FAILED:
            return None
        return run.error or None


class ChoiceOut(serializers.Serializer):
    value = serializers.JSONField(help_text="What to send: a number, or a string.")
    # Declared fields, not the Field attributes they shadow (DRF's metaclass moves declared
    # fields off the class).
    label = serializers.CharField()  # type: ignore[assignment]


class ReportParameterOut(serializers.Serializer):
    name = serializers.CharField(help_text="The key in ``parameters``.")
    type = serializers.ChoiceField(choices=["integer", "string"])
    required = serializers.BooleanField()  # type: ignore[assignment]  # as ``label`` above
    default = serializers.JSONField(allow_null=True, help_text="Used when left out.")
    description = serializers.CharField()
    choices = ChoiceOut(
        many=True,
        allow_null=True,
        help_text="The values the caller may send, when the list is short (null otherwise).",
    )


class FormatOut(serializers.Serializer):
    format = serializers.CharField()
    name = serializers.CharField()


class ReportKindOut(serializers.Serializer):
    kind = serializers.CharField()
    name = serializers.CharField()
    formats = FormatOut(many=True, help_text="The formats this kind comes in.")
    parameters = ReportParameterOut(many=True)
    may_request = serializers.BooleanField(
        help_text="Whether the caller's roles give them this kind (for a team manager: "
        "training compliance of a team they manage)."
    )


class ReportScheduleOut(serializers.ModelSerializer):
    kind_name = serializers.CharField(source="get_kind_display")
    subscribers = serializers.SerializerMethodField()

    class Meta:
        model = ReportSchedule
        fields = (
            "id",
            "kind",
            "kind_name",
            "parameters",
            "format",
            "frequency",
            "day",
            "subscribers",
            "active",
            "last_run_on",
            "created_at",
        )

    @extend_schema_field(PersonRef(many=True))
    def get_subscribers(self, schedule: ReportSchedule) -> list[dict[str, Any]]:
        people = sorted(schedule.subscribers.all(), key=lambda p: (p.last_name, p.first_name, p.pk))
        return list(PersonRef(people, many=True).data)
