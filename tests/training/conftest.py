"""Fixtures for training tests: courses and sessions in the catalogue, viewers for people, and
the outbox rows the training services leave."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from academy.notifications.models import Notification
from academy.people.models import Organisation, Person
from academy.people.permissions import Viewer, viewer_for
from academy.training.models import Course, Session
from tests.conftest import Academy
from tests.factories import PersonFactory

_numbers = itertools.count(1)
_swe_numbers = itertools.count(700001)

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


def host(academy: Academy | None = None) -> Organisation:
    """The council that runs the academy (the fixture's, or a new one)."""
    if academy is not None:
        return academy.council
    found = Organisation.objects.filter(hosts_academy=True).first()
    if found is not None:
        return found
    return Organisation.objects.create(
        name="Academy Council", kind=Organisation.Kind.COUNCIL, hosts_academy=True
    )


def make_course(provider: Organisation | None = None, **fields: Any) -> Course:
    defaults: dict[str, Any] = {
        "title": f"Course {next(_numbers)}",
        "delivery_mode": Course.Mode.FACE_TO_FACE,
        "duration_minutes": 180,
        "cpd_hours": Decimal("3.00"),
        "refresh_months": 36,
    }
    defaults.update(fields)
    return Course.objects.create(provider=provider or host(), **defaults)


def make_session(
    course: Course | None = None,
    *,
    starts_in: dt.timedelta = 10 * DAY,
    length: dt.timedelta = 3 * HOUR,
    capacity: int = 10,
    **fields: Any,
) -> Session:
    """A scheduled session ``starts_in`` from now, with a venue."""
    starts = timezone.now().replace(microsecond=0) + starts_in
    return Session.objects.create(
        course=course or make_course(),
        starts_at=starts,
        ends_at=starts + length,
        capacity=capacity,
        venue=fields.pop("venue", "County Hall, Room 4"),
        **fields,
    )


def viewer(person: Person) -> Viewer:
    """What ``person`` may do, read as a request reads it (they get an account if they lack one)."""
    if person.user is None:
        from tests.factories import UserFactory

        person.user = UserFactory(username=f"viewer-{person.pk}")
        person.save(update_fields=["user"])
    return viewer_for(person.user)


def learner(team: Any, **fields: Any) -> Person:
    person: Person = PersonFactory(team=team, organisation=team.organisation, **fields)
    return person


def social_worker(*, registered_on: dt.date | None = dt.date(2020, 7, 1), **fields: Any) -> Person:
    person: Person = PersonFactory(
        swe_number=f"SW{next(_swe_numbers)}",
        swe_first_registered_on=registered_on,
        **fields,
    )
    return person


def messages(kind: str | None = None, **filters: Any) -> list[Notification]:
    rows = Notification.objects.filter(**filters).order_by("id")
    if kind is not None:
        rows = rows.filter(kind=kind)
    return list(rows)


def kinds_for(person: Person) -> list[str]:
    return list(
        Notification.objects.filter(recipient=person).order_by("id").values_list("kind", flat=True)
    )


@pytest.fixture
def coordinator(academy: Academy) -> Viewer:
    return viewer(academy.people["coordinator"])
