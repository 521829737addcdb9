"""A person's notifications: what the academy sent them and whether it arrived."""

from __future__ import annotations

import django_filters
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
from api.filters import BooleanFilter


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


class NotificationFilter(django_filters.FilterSet):
    unread = BooleanFilter(
        method="filter_unread", help_text="Not yet read (true) or already read (false)."
    )

    class Meta:
        model = Notification
        fields = ("unread",)

    def filter_unread(
        self, queryset: QuerySet[Notification], name: str, value: bool
    ) -> QuerySet[Notification]:
        return queryset.filter(read_at__isnull=value)


class NotificationList(generics.ListAPIView):
    """The caller's notifications, newest first. Filter with ``?unread=true``."""

    serializer_class = NotificationOut
    ordering = ("-created_at", "-id")
    filterset_class = NotificationFilter

    def get_queryset(self) -> QuerySet[Notification]:
        return selectors.inbox(person_id=viewer_for(self.request.user).person_id)


class NotificationRead(APIView):
    """Mark one of the caller's notifications read."""

    @extend_schema(request=None, responses={200: NotificationOut})
    def post(self, request: Request, pk: int) -> Response:
        mine = selectors.inbox(person_id=viewer_for(request.user).person_id)
        notification = get_object_or_404(mine, pk=pk)
        services.notification_mark_read(notification=notification)
        return Response(NotificationOut(notification).data, status=status.HTTP_200_OK)
