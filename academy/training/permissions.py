"""Who may book, approve, see and run training.

Learners book themselves; team managers book their own team's people; partner coordinators their
own organisation's people; training coordinators anyone. A team manager or a coordinator approves
requests, never their own. Bookings are seen by the person, those who may book for them, and the
academy leads. ``selectors.bookings_visible_to`` is the set-based twin of ``booking_visible``.
"""

from __future__ import annotations

from typing import Any

import rules

from academy.people.models import Person, Role
from academy.people.permissions import Viewer, viewer_for
from academy.training.models import Booking

#: Roles that run training across the academy (catalogue, sessions, registers, imports).
COORDINATORS = frozenset({Role.TRAINING_COORDINATOR})
#: Roles that see every booking and the academy's compliance.
TRAINING_VIEWERS = frozenset({Role.TRAINING_COORDINATOR, Role.PSW, Role.DASS, Role.PRINCIPAL_OT})


def coordinates(viewer: Viewer) -> bool:
    return viewer.is_superuser or bool(viewer.roles & COORDINATORS)


def sees_all_training(viewer: Viewer) -> bool:
    return viewer.is_superuser or bool(viewer.roles & TRAINING_VIEWERS)


def may_book_for(viewer: Viewer, person: Person) -> bool:
    if viewer.user_id is None:
        return False
    return (
        coordinates(viewer)
        or person.pk == viewer.person_id
        or (person.team_id is not None and person.team_id in viewer.managed_team_ids)
        or person.organisation_id in viewer.coordinated_organisation_ids
    )


def may_approve_for(viewer: Viewer, person: Person) -> bool:
    """A request needs no approval when a manager of the person's team or a coordinator makes it,
    for someone else: nobody approves their own training."""
    if person.pk is not None and person.pk == viewer.person_id:
        return False
    return coordinates(viewer) or (
        person.team_id is not None and person.team_id in viewer.managed_team_ids
    )


def booking_visible(viewer: Viewer, booking: Booking) -> bool:
    return sees_all_training(viewer) or may_book_for(viewer, booking.person)


def sees_compliance_of(viewer: Viewer, person: Person) -> bool:
    return sees_all_training(viewer) or may_book_for(viewer, person)


@rules.predicate
def can_view_booking(user: Any, booking: Booking | None) -> bool:
    viewer = viewer_for(user)
    return viewer.user_id is not None if booking is None else booking_visible(viewer, booking)


@rules.predicate
def can_book_for(user: Any, person: Person | None) -> bool:
    viewer = viewer_for(user)
    return viewer.user_id is not None if person is None else may_book_for(viewer, person)


@rules.predicate
def can_approve_booking(user: Any, booking: Booking | None) -> bool:
    return booking is not None and may_approve_for(viewer_for(user), booking.person)


@rules.predicate
def can_cancel_booking(user: Any, booking: Booking | None) -> bool:
    return booking is not None and may_book_for(viewer_for(user), booking.person)


@rules.predicate
def is_coordinator(user: Any) -> bool:
    return coordinates(viewer_for(user))


@rules.predicate
def sees_all(user: Any) -> bool:
    return sees_all_training(viewer_for(user))


@rules.predicate
def can_view_compliance(user: Any, person: Person | None) -> bool:
    viewer = viewer_for(user)
    return viewer.user_id is not None if person is None else sees_compliance_of(viewer, person)


rules.add_perm("training.view_booking", can_view_booking)
rules.add_perm("training.book_for", can_book_for)
rules.add_perm("training.approve_booking", can_approve_booking)
rules.add_perm("training.cancel_booking", can_cancel_booking)
rules.add_perm("training.coordinate", is_coordinator)
rules.add_perm("training.view_all", sees_all)
rules.add_perm("training.view_compliance", can_view_compliance)
