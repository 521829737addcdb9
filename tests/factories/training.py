"""Factories for training. Bookings built here skip the booking services' lock and rules: use
them for data in a given state; test booking behaviour through academy.training.services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from academy.training.models import (
    Booking,
    BookingStatus,
    CalendarFeed,
    Completion,
    Course,
    CpdEntry,
    EventSeries,
    Requirement,
    Session,
)
from tests.factories.people import OrganisationFactory, PersonFactory


class CourseFactory(DjangoModelFactory[Course]):
    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"Course {n}")
    provider = factory.SubFactory(OrganisationFactory)
    delivery_mode = Course.Mode.FACE_TO_FACE
    duration_minutes = 180
    cpd_hours = Decimal("3.00")
    refresh_months = 36


class RequirementFactory(DjangoModelFactory[Requirement]):
    class Meta:
        model = Requirement

    course = factory.SubFactory(CourseFactory)
    kind = Requirement.Kind.EVERYONE


class EventSeriesFactory(DjangoModelFactory[EventSeries]):
    class Meta:
        model = EventSeries

    title = factory.Sequence(lambda n: f"Safeguarding Week {2026 + n}")
    slug = factory.Sequence(lambda n: f"safeguarding-week-{2026 + n}")
    starts_on = dt.date(2026, 11, 16)
    ends_on = dt.date(2026, 11, 20)


class SessionFactory(DjangoModelFactory[Session]):
    class Meta:
        model = Session

    course = factory.SubFactory(CourseFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=3))
    venue = "County Hall, Room 2"
    capacity = 12


class BookingFactory(DjangoModelFactory[Booking]):
    class Meta:
        model = Booking

    session = factory.SubFactory(SessionFactory)
    person = factory.SubFactory(PersonFactory)
    status = BookingStatus.BOOKED
    arrival = factory.Sequence(lambda n: n + 1)


class CompletionFactory(DjangoModelFactory[Completion]):
    class Meta:
        model = Completion

    person = factory.SubFactory(PersonFactory)
    course = factory.SubFactory(CourseFactory)
    completed_on = dt.date(2026, 3, 2)
    expires_on = dt.date(2029, 3, 2)
    source = Completion.Source.RECORDED
    certificate_number = factory.Sequence(lambda n: f"AT-TEST-{n:06d}")


class CpdEntryFactory(DjangoModelFactory[CpdEntry]):
    class Meta:
        model = CpdEntry

    person = factory.SubFactory(PersonFactory)
    registration_year_starts = dt.date(2025, 12, 1)
    title = "Mental Capacity Act refresher"
    activity_date = dt.date(2026, 3, 2)
    hours = Decimal("3.00")
    activity = "A half-day course on capacity assessment."
    learning = "How to record a decision-specific assessment."
    impact = "My assessments now record the decision and the steps taken to support it."


class CalendarFeedFactory(DjangoModelFactory[CalendarFeed]):
    class Meta:
        model = CalendarFeed

    person = factory.SubFactory(PersonFactory)
