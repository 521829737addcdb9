"""A person's notifications: what the academy sent them and whether it arrived."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from academy.notifications import selectors, services
from academy.notifications.models import Notification
from academy.people.permissions import viewer_for


class NotificationOut(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = (
            "id",
            "channel",
            "kind",
            "subject",
            "body",
            "link",
            "status",
            "created_at",
            "sent_at",
            "read_at",
        )


class NotificationList(generics.ListAPIView):
    """The caller's notifications, newest first. Filter with ``?unread=true``."""

    serializer_class = NotificationOut
    ordering = ("-created_at", "-id")
    filterset_fields: dict = {}

    def get_queryset(self) -> QuerySet[Notification]:
        notifications = selectors.inbox(person_id=viewer_for(self.request.user).person_id)
        if self.request.query_params.get("unread") in ("true", "1"):
            notifications = notifications.filter(read_at__isnull=True)
        return notifications


class NotificationRead(APIView):
    """Mark one of the caller's notifications read."""

    @extend_schema(request=None, responses={200: NotificationOut})
    def post(self, request: Request, pk: int) -> Response:
        mine = selectors.inbox(person_id=viewer_for(request.user).person_id)
        notification = get_object_or_404(mine, pk=pk)
        services.notification_mark_read(notification=notification)
        return Response(NotificationOut(notification).data, status=status.HTTP_200_OK)
