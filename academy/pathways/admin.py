from typing import Any

from django.contrib import admin

from academy.pathways.models import (
    Cohort,
    DevelopmentActivity,
    Enrolment,
    EnrolmentReassignment,
    Evidence,
    FundingYear,
    Milestone,
    MilestoneTemplate,
    OutcomeDecision,
    PathwayTemplate,
    Pause,
    PcfDomain,
    Supervision,
)


class MilestoneTemplateInline(admin.TabularInline):
    model = MilestoneTemplate
    extra = 0


@admin.register(PathwayTemplate)
class PathwayTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "duration_months", "pass_fail", "active")
    list_filter = ("kind", "active")
    search_fields = ("name", "key")
    inlines = [MilestoneTemplateInline]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ("name", "pathway", "start_date", "capacity", "lead")
    list_select_related = ("pathway", "lead")
    autocomplete_fields = ("lead",)


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    readonly_fields = ("original_due_date",)


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ("person", "pathway", "cohort", "start_date", "end_date", "status", "outcome")
    list_filter = ("pathway", "status", "outcome")
    list_select_related = ("person", "pathway", "cohort")
    search_fields = ("person__first_name", "person__last_name")
    autocomplete_fields = ("person", "assessor", "supervisor", "overridden_by")
    inlines = [MilestoneInline]


@admin.register(EnrolmentReassignment)
class EnrolmentReassignmentAdmin(admin.ModelAdmin):
    """The record of changes of assessor and supervisor: read here, written by the service."""

    list_display = ("enrolment", "role", "from_person", "to_person", "changed_by", "created_at")
    list_filter = ("role",)
    list_select_related = (
        "enrolment__person",
        "enrolment__pathway",
        "from_person",
        "to_person",
        "changed_by",
    )
    search_fields = ("enrolment__person__first_name", "enrolment__person__last_name")

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


admin.site.register(PcfDomain)
admin.site.register(FundingYear)
for model in (Supervision, DevelopmentActivity, Evidence, Pause, OutcomeDecision):
    admin.site.register(model)
