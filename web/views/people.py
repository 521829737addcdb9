"""The people directory, a person's page, and the PSW's forms for people and roles."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from academy.people import selectors, services
from academy.people.models import Person, RoleAssignment
from academy.people.permissions import viewer_for
from web.forms import NewPersonForm, PeopleFilterForm, PersonForm, RoleForm, add_service_errors
from web.paging import keyset_page
from web.views.base import section


def _choices() -> dict[str, Any]:
    return {"teams": selectors.teams_list(), "organisations": selectors.organisations_list()}


@login_required
@section("people")
def directory(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    query = request.GET.copy()
    if "active" not in query:
        query["active"] = "true"
    form = PeopleFilterForm(query, **_choices())
    form.is_valid()
    # A filter the form refused is left out; the ones it accepted still apply.
    data = form.cleaned_data
    team, organisation = data.get("team"), data.get("organisation")
    people = selectors.people_directory(
        viewer=viewer,
        team_id=team.pk if team else None,
        organisation_id=organisation.pk if organisation else None,
        role=data.get("role") or None,
        active={"true": True, "false": False}.get(data.get("active", "true")),
        search=data.get("search", ""),
    )
    page = keyset_page(people, fields=("last_name", "first_name", "id"), query=query)
    return render(
        request,
        "web/people/directory.html",
        {"form": form, "page": page, "can_manage_people": viewer.manages_people},
    )


def _visible_person(request: HttpRequest, pk: int) -> Person:
    viewer = viewer_for(request.user)
    people = selectors.with_roles(selectors.people_visible_to(viewer)).select_related("user")
    return get_object_or_404(people, pk=pk)


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    request.section = "me" if pk == viewer.person_id else "people"  # type: ignore[attr-defined]
    person = _visible_person(request, pk)
    can_change = request.user.has_perm("people.change_person", person)
    return render(
        request,
        "web/people/detail.html",
        {
            "person": person,
            "can_change": can_change,
            "role_form": RoleForm(**_choices()) if can_change else None,
        },
    )


@login_required
@section("people")
def person_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("people.add_person"):
        raise PermissionDenied
    form = NewPersonForm(request.POST or None, **_choices())
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        username = data.pop("username") or None
        if data["contracted_hours_per_week"] is None:
            data.pop("contracted_hours_per_week")
        try:
            person = services.person_create(**data, username=username)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            note = " A welcome email is on its way to them." if username else ""
            messages.success(request, f"{person.full_name} was added.{note}")
            return redirect("web:person", pk=person.pk)
    return render(request, "web/people/form.html", {"form": form, "person": None})


@login_required
@section("people")
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _visible_person(request, pk)
    if not request.user.has_perm("people.change_person", person):
        raise PermissionDenied
    form = PersonForm(request.POST or None, initial=PersonForm.initial_for(person), **_choices())
    if request.method == "POST" and form.is_valid():
        changes = {
            name: value for name, value in form.cleaned_data.items() if name in form.changed_data
        }
        try:
            services.person_update(person=person, changes=changes)
        except ValidationError as error:
            add_service_errors(form, error)
            person.refresh_from_db()  # the page shows the record as saved, not as tried
        else:
            messages.success(request, f"{person.full_name}'s record was updated.")
            return redirect("web:person", pk=person.pk)
    return render(request, "web/people/form.html", {"form": form, "person": person})


@login_required
@require_POST
def role_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = _visible_person(request, pk)
    if not request.user.has_perm("people.assign_role"):
        raise PermissionDenied
    form = RoleForm(request.POST, **_choices())
    if form.is_valid():
        try:
            assignment = services.role_assign(person=person, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{person.full_name} is now {assignment}.")
            return redirect("web:person", pk=person.pk)
    request.section = "people"  # type: ignore[attr-defined]
    return render(
        request,
        "web/people/detail.html",
        {"person": person, "can_change": True, "role_form": form, "form": form},
        status=400,
    )


@login_required
@require_POST
def role_remove(request: HttpRequest, pk: int, role_id: int) -> HttpResponse:
    person = _visible_person(request, pk)
    if not request.user.has_perm("people.assign_role"):
        raise PermissionDenied
    assignment = RoleAssignment.objects.filter(pk=role_id, person=person).first()
    if assignment is None:
        raise Http404
    try:
        services.role_remove(assignment=assignment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{person.full_name} no longer holds {assignment}.")
    return redirect("web:person", pk=person.pk)
