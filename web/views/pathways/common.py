"""Helpers the pathways pages share: finding what the viewer may see, and checking what they
may do. Something the viewer may not see is a 404; something they see but may not do, a 403."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from academy.common.errors import DomainError
from academy.pathways import selectors
from academy.pathways.models import Enrolment
from academy.pathways.permissions import sees_all_pathways
from academy.people.models import Person
from academy.people.permissions import viewer_for
from web.forms import add_service_errors


def require(request: HttpRequest, permission: str, target: Any = None) -> None:
    if not request.user.has_perm(permission, target):
        raise PermissionDenied


def visible_enrolment(
    request: HttpRequest, pk: int, shape: Any = selectors.with_people
) -> Enrolment:
    """The enrolment if the viewer may see it (shaped by ``shape``), or a 404."""
    enrolments: QuerySet[Enrolment] = selectors.enrolments_visible_to(viewer_for(request.user))
    return get_object_or_404(shape(enrolments.filter(pk=pk)))


def posted(request: HttpRequest, *, files: bool = False) -> Any:
    """What a form is bound to: the POST (or its files), even when empty, so an empty POST
    shows what is missing; nothing on a GET."""
    if request.method != "POST":
        return None
    return request.FILES if files else request.POST


def actor(request: HttpRequest) -> Person | None:
    """The person doing it, recorded against what they record (None for an admin account)."""
    person_id = viewer_for(request.user).person_id
    return Person.objects.filter(pk=person_id).first() if person_id is not None else None


def section_for(request: HttpRequest, enrolment: Enrolment) -> str:
    """Which navigation item an enrolment's pages sit under, for the person looking."""
    viewer = viewer_for(request.user)
    if viewer.person_id == enrolment.person_id:
        return "my-pathway"
    if sees_all_pathways(viewer):
        return "cohorts"
    if viewer.person_id in (enrolment.assessor_id, enrolment.supervisor_id):
        return "assessing"
    return "home"


def show_refusal(
    form: Any, error: ValidationError | DomainError, rename: dict[str, str] | None = None
) -> None:
    """Put a service's refusal on the form: on the fields it names (renamed where the form calls
    them something else; ``people.N`` onto ``people``), anything else above the form."""
    if isinstance(error, DomainError):
        messages = {error.field or NON_FIELD_ERRORS: [error.message]}
    elif hasattr(error, "error_dict"):
        messages = error.message_dict
    else:
        add_service_errors(form, error)
        return
    renamed: dict[str, list[str]] = {}
    for field, texts in messages.items():
        name = "people" if field.startswith("people.") else field
        name = (rename or {}).get(name, name)
        renamed.setdefault(name if name in form.fields else NON_FIELD_ERRORS, []).extend(texts)
    add_service_errors(form, ValidationError(renamed))
