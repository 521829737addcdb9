from django.contrib import admin

from academy.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The sent log for admins: what went to whom, when, and what failed."""

    list_display = (
        "created_at",
        "recipient",
        "channel",
        "kind",
        "subject",
        "status",
        "attempts",
        "sent_at",
    )
    list_filter = ("status", "channel", "kind")
    search_fields = ("subject", "recipient__last_name", "recipient__work_email", "dedupe_key")
    list_select_related = ("recipient",)
    readonly_fields = (
        "dedupe_key",
        "attempts",
        "last_error",
        "claimed_at",
        "sent_at",
        "created_at",
    )
    date_hierarchy = "created_at"
