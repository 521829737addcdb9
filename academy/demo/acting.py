"""Who acts in the demo's history, and what the services would have told people at the time.

The services take a ``Viewer``: a demo login acts through its account (``viewer_for``); the many
people the demo gives no account act through a viewer built the same way from the roles they
hold, with no account behind it (the services that need a signed-in account, such as booking,
refuse it, so the demo books for them through a coordinator or manager, as happens at work).
"""

from __future__ import annotations

from academy.people.models import Person, Role
from academy.people.permissions import Viewer, viewer_for


class Actors:
    """Each person's viewer, worked out once."""

    def __init__(self) -> None:
        self._viewers: dict[int, Viewer] = {}

    def of(self, person: Person) -> Viewer:
        viewer = self._viewers.get(person.pk)
        if viewer is None:
            viewer = self._viewers[person.pk] = _viewer(person)
        return viewer


def _viewer(person: Person) -> Viewer:
    if person.user_id is not None:
        return viewer_for(person.user)
    held = list(person.roles.values_list("role", "team_id", "organisation_id"))
    return Viewer(
        user_id=None,
        person_id=person.pk,
        is_superuser=False,
        roles=frozenset(role for role, _, _ in held),
        managed_team_ids=frozenset(
            team for role, team, _ in held if role == Role.TEAM_MANAGER and team is not None
        ),
        coordinated_organisation_ids=frozenset(
            organisation
            for role, _, organisation in held
            if role == Role.PARTNER_COORDINATOR and organisation is not None
        ),
    )
