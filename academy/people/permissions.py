"""Who may see and change people. The same predicates guard the API, the pages and the admin.

Each predicate has a set-based twin in ``selectors`` (``people_visible_to``) for lists; a test
holds the two to the same answer for every role.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import rules
from django.db.models import QuerySet

from academy.people.models import Person, Role
from academy.people.rules import ACADEMY_WIDE_ROLES, MANAGES_PEOPLE, Outlook, outlook_for

#: Other areas say which people a person "holds" (an assessor their NQSWs, a supervisor their
#: supervisees): each provider takes the viewer's person id and returns a queryset of person ids.
HeldPeopleProvider = Callable[[int], "QuerySet[Any]"]
_held_people_providers: list[HeldPeopleProvider] = []


def register_held_people(provider: HeldPeopleProvider) -> None:
    """Let the people a provider names be seen by the person who holds them."""
    if provider not in _held_people_providers:
        _held_people_providers.append(provider)


def held_people_queries(person_id: int) -> list[QuerySet[Any]]:
    return [provider(person_id) for provider in _held_people_providers]


@dataclass(frozen=True)
class Viewer:
    """What the signed-in account may see, read once per request (one query; one more the first
    time the people they hold are asked for)."""

    user_id: int | None
    person_id: int | None
    is_superuser: bool
    roles: frozenset[str]
    managed_team_ids: frozenset[int]
    coordinated_organisation_ids: frozenset[int]

    @property
    def academy_wide(self) -> bool:
        return self.is_superuser or bool(self.roles & ACADEMY_WIDE_ROLES)

    @property
    def manages_people(self) -> bool:
        return self.is_superuser or bool(self.roles & MANAGES_PEOPLE)

    @property
    def outlook(self) -> Outlook:
        return outlook_for(self.roles, is_superuser=self.is_superuser)

    def has_role(self, role: str) -> bool:
        return role in self.roles

    @cached_property
    def held_person_ids(self) -> frozenset[int]:
        """People this viewer holds through another area (an assessor's NQSWs)."""
        if self.person_id is None:
            return frozenset()
        ids: set[int] = set()
        for query in held_people_queries(self.person_id):
            ids.update(query)
        return frozenset(ids)


ANONYMOUS = Viewer(None, None, False, frozenset(), frozenset(), frozenset())
_CACHE_ATTRIBUTE = "_academy_viewer"


def viewer_for(user: Any) -> Viewer:
    """The viewer for a user, cached on the user object so a request asks the database once."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    rows = Person.objects.filter(user_id=user.pk).values_list(
        "id", "roles__role", "roles__team_id", "roles__organisation_id"
    )
    person_id = None
    roles: set[str] = set()
    teams: set[int] = set()
    organisations: set[int] = set()
    for pid, role, team_id, organisation_id in rows:
        person_id = pid
        if role is None:
            continue
        roles.add(role)
        if role == Role.TEAM_MANAGER and team_id is not None:
            teams.add(team_id)
        if role == Role.PARTNER_COORDINATOR and organisation_id is not None:
            organisations.add(organisation_id)
    viewer = Viewer(
        user_id=user.pk,
        person_id=person_id,
        is_superuser=user.is_superuser,
        roles=frozenset(roles),
        managed_team_ids=frozenset(teams),
        coordinated_organisation_ids=frozenset(organisations),
    )
    setattr(user, _CACHE_ATTRIBUTE, viewer)
    return viewer


def forget_viewer(user: Any) -> None:
    """Drop the cached viewer (after the user's roles change in the same request)."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def person_visible(viewer: Viewer, person: Person) -> bool:
    if viewer.user_id is None:
        return False
    return (
        viewer.academy_wide
        or person.pk == viewer.person_id
        or (person.team_id is not None and person.team_id in viewer.managed_team_ids)
        or person.organisation_id in viewer.coordinated_organisation_ids
        or person.pk in viewer.held_person_ids
    )


@rules.predicate
def can_view_person(user: Any, person: Person | None) -> bool:
    if person is None:
        return viewer_for(user).user_id is not None
    return person_visible(viewer_for(user), person)


@rules.predicate
def is_academy_wide(user: Any) -> bool:
    return viewer_for(user).academy_wide


@rules.predicate
def manages_people(user: Any) -> bool:
    return viewer_for(user).manages_people


@rules.predicate
def is_signed_in(user: Any) -> bool:
    return viewer_for(user).user_id is not None


rules.add_perm("people.view_person", can_view_person)
rules.add_perm("people.add_person", manages_people)
rules.add_perm("people.change_person", manages_people & can_view_person)
rules.add_perm("people.assign_role", manages_people)
rules.add_perm("people.view_academy", is_academy_wide)
rules.add_perm("people.view_organisation", is_signed_in)
rules.add_perm("people.add_organisation", manages_people)
rules.add_perm("people.change_organisation", manages_people)
rules.add_perm("people.view_team", is_signed_in)
rules.add_perm("people.add_team", manages_people)
rules.add_perm("people.change_team", manages_people)

__all__ = [
    "ANONYMOUS",
    "Viewer",
    "can_view_person",
    "forget_viewer",
    "person_visible",
    "viewer_for",
]
