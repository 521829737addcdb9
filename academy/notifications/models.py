"""The outbox: every message the academy sends is a row here first, then delivered by the
dispatcher. A unique dedupe key makes enqueueing idempotent."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from academy.people.models import Person


class Notification(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        IN_APP = "in_app", "In the tracker"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    recipient = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notifications")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    kind = models.CharField(max_length=60)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=500, blank=True, help_text="Where in the tracker to act.")
    calendar = models.TextField(
        blank=True, help_text="An iCalendar invite (REQUEST or CANCEL) sent with the e-mail."
    )
    due_at = models.DateTimeField()
    dedupe_key = models.CharField(max_length=200, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            # The dispatcher's claim: due rows waiting to send, oldest first.
            models.Index(
                fields=["due_at", "id"],
                condition=Q(status="pending"),
                name="notification_due_pending",
            ),
            # Rows left "sending" by a worker that died.
            models.Index(
                fields=["claimed_at"],
                condition=Q(status="sending"),
                name="notification_claimed_sending",
            ),
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox"),
            models.Index(fields=["kind", "status"], name="notification_kind_status"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient_id} ({self.status})"
