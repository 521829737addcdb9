from django.contrib import admin

from academy.audits.models import (
    AuditAction,
    AuditQuestion,
    AuditQuota,
    AuditSection,
    AuditTemplate,
    AuditTheme,
    CaseAudit,
    LearningBulletin,
    Moderation,
    RepeatAllowance,
)


class SectionInline(admin.TabularInline):
    model = AuditSection
    extra = 0


@admin.register(AuditTemplate)
class AuditTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "version", "current")
    inlines = [SectionInline]


@admin.register(CaseAudit)
class CaseAuditAdmin(admin.ModelAdmin):
    list_display = (
        "case_reference",
        "team",
        "practitioner",
        "auditor",
        "audit_date",
        "status",
        "grade",
    )
    list_filter = ("status", "grade", "team")
    list_select_related = ("team", "practitioner", "auditor")
    search_fields = ("case_reference",)
    date_hierarchy = "audit_date"


for model in (
    AuditQuestion,
    AuditQuota,
    AuditTheme,
    AuditAction,
    Moderation,
    LearningBulletin,
    RepeatAllowance,
):
    admin.site.register(model)
