"""What the pathways views share: reading input, who is acting, and finding the enrolment an
address names (404 when the caller may not see it, before any 403)."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.views import APIView

from academy.pathways import selectors
from academy.pathways.models import Enrolment
from academy.people.models import Person
from academy.people.permissions import viewer_for


def valid(
    serializer_class: type[serializers.Serializer], data: Any, *, partial: bool = False
) -> dict[str, Any]:
    serializer = serializer_class(data=data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def actor(request: Request) -> Person | None:
    """The person making the request, recorded against what they record (None for an account
    with no person, such as a back-office superuser)."""
    person_id = viewer_for(request.user).person_id
    return None if person_id is None else Person.objects.get(pk=person_id)


def enrolment_for(view: APIView, pk: int, *, decisions: bool = False) -> Enrolment:
    """The enrolment ``pk`` with its people, pathway and milestones (and its outcome decisions
    when asked), if the caller may see it (else 404); then the view's object permission for the
    method (else 403)."""
    visible = selectors.with_people(selectors.enrolments_visible_to(viewer_for(view.request.user)))
    if decisions:
        visible = selectors.with_decisions(visible)
    enrolment = get_object_or_404(visible, pk=pk)
    view.check_object_permissions(view.request, enrolment)
    return enrolment
