from django.contrib import admin

from academy.reports.models import ReportRun, ReportSchedule


@admin.register(ReportRun)
class ReportRunAdmin(admin.ModelAdmin):
    list_display = (
        "kind",
        "format",
        "requested_by",
        "status",
        "progress",
        "attempts",
        "created_at",
        "finished_at",
    )
    list_filter = ("status", "kind", "format")
    readonly_fields = ("error", "row_counts", "heartbeat_at", "started_at", "finished_at")


@admin.register(ReportSchedule)
class ReportScheduleAdmin(admin.ModelAdmin):
    list_display = ("kind", "format", "frequency", "day", "active", "last_run_on")
    filter_horizontal = ("subscribers",)
