"""Builders the training page tests share (no tests here): courses, sessions and bookings made
through the training services, with times counted from now so each state is the one the test
wants."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from django.utils import timezone

from academy.people.models import Organisation, Person
from academy.people.permissions import Viewer, viewer_for
from academy.training import services
from academy.training.models import Booking, Course, EventSeries, Session

_numbers = itertools.count(1)


def host() -> Organisation:
    return Organisation.objects.get(hosts_academy=True)


def course(
    title: str | None = None,
    *,
    mode: str = Course.Mode.FACE_TO_FACE,
    required: list[dict[str, Any]] | None = None,
    refresh_months: int | None = 36,
    partner_kinds: list[str] | None = None,
    approval: bool = False,
    **data: Any,
) -> Course:
    """A course of the academy (the host council), required of ``required`` when given."""
    return services.course_save(
        data={
            "title": title or f"Course {next(_numbers)}",
            "provider": host(),
            "delivery_mode": mode,
            "cpd_hours": Decimal("3"),
            "duration_minutes": 180,
            "refresh_months": refresh_months,
            "partner_kinds": partner_kinds or [],
            "needs_manager_approval": approval,
            **data,
        },
        requirements=required,
    )


def session(
    of: Course,
    *,
    days: float = 7,
    hours: float = 3,
    capacity: int = 10,
    series: EventSeries | None = None,
    venue: str = "County Hall, Room 2",
    **data: Any,
) -> Session:
    """A session starting ``days`` from now (negative: in the past), ``hours`` long."""
    starts = timezone.now().replace(second=0, microsecond=0) + dt.timedelta(days=days)
    if days < 0:
        # The services take no session in the past: make it to come, then move it back.
        made = session(of, days=7, hours=hours, capacity=capacity, series=series, venue=venue)
        return moved(made, days=days)
    return services.session_create(
        course=of,
        data={
            "starts_at": starts,
            "ends_at": starts + dt.timedelta(hours=hours),
            "venue": venue,
            "capacity": capacity,
            "series": series,
            **data,
        },
    )


def moved(target: Session, *, days: float) -> Session:
    """Move a session to start ``days`` from now (for registers, which open at the start)."""
    length = target.ends_at - target.starts_at
    starts = timezone.now().replace(second=0, microsecond=0) + dt.timedelta(days=days)
    Session.objects.filter(pk=target.pk).update(starts_at=starts, ends_at=starts + length)
    target.refresh_from_db()
    return target


def actor(person: Person) -> Viewer:
    assert person.user is not None
    return viewer_for(person.user)


def coordinator_of(academy: Any) -> Viewer:
    return actor(academy.people["coordinator"])


def book(target: Session, person: Person, *, by: Viewer | None = None) -> Booking:
    """Book ``person`` (by themselves unless ``by`` is given) through the booking service."""
    viewer = by or (actor(person) if person.user else None)
    assert viewer is not None, "someone without an account is booked by a coordinator"
    return services.booking_create(session=target, person=person, actor=viewer).booking


def series(title: str = "Safeguarding Week", *, days: int = 3, length: int = 5) -> EventSeries:
    starts = timezone.localdate() + dt.timedelta(days=days)
    return services.series_save(
        data={
            "title": title,
            "slug": title.lower().replace(" ", "-"),
            "description": "A week of events and webinars.",
            "starts_on": starts,
            "ends_on": starts + dt.timedelta(days=length - 1),
        }
    )


def date(name: str, day: dt.date) -> dict[str, Any]:
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}
