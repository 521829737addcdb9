"""Reads of the outbox."""

from __future__ import annotations

from django.db.models import QuerySet

from academy.notifications.models import Notification


def inbox(*, person_id: int | None) -> QuerySet[Notification]:
    """A person's notifications, newest first (both channels, with their delivery status)."""
    if person_id is None:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=person_id).order_by("-created_at", "-id")


def unread_count(*, person_id: int | None) -> int:
    if person_id is None:
        return 0
    return Notification.objects.filter(
        recipient_id=person_id,
        status=Notification.Status.SENT,
        read_at__isnull=True,
    ).count()
