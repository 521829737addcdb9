from django.contrib import admin
from django.http import HttpRequest

from academy.training.models import (
    Booking,
    CalendarFeed,
    Completion,
    Course,
    CpdEntry,
    EventSeries,
    Requirement,
    Session,
)


class RequirementInline(admin.TabularInline):
    model = Requirement
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "provider",
        "delivery_mode",
        "refresh_months",
        "needs_manager_approval",
        "active",
    )
    list_filter = ("delivery_mode", "active", "provider")
    search_fields = ("title",)
    inlines = [RequirementInline]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("course", "starts_at", "capacity", "status", "series")
    list_filter = ("status", "series")
    list_select_related = ("course", "series")
    date_hierarchy = "starts_at"


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    """Read-only: bookings change through the services, which keep places and the waitlist true."""

    list_display = ("person", "session", "status", "arrival", "late_cancellation", "created_at")
    list_filter = ("status", "late_cancellation")
    list_select_related = ("person", "session__course")
    search_fields = ("person__last_name", "person__work_email")

    def has_change_permission(self, request: HttpRequest, obj: Booking | None = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Completion)
class CompletionAdmin(admin.ModelAdmin):
    list_display = ("person", "course", "completed_on", "expires_on", "source")
    list_filter = ("source", "course")
    list_select_related = ("person", "course")
    search_fields = ("person__last_name", "certificate_number")


admin.site.register(EventSeries)
admin.site.register(CpdEntry)
admin.site.register(CalendarFeed)
