"""Fixtures for pathway tests: the seeded templates, a settable clock, newly qualified people."""

from __future__ import annotations

import datetime as dt
import importlib
import itertools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps as django_apps

from academy.pathways import reminders, services
from academy.pathways.models import Enrolment, PathwayTemplate
from academy.people.models import Person
from tests.factories import PersonFactory

_seed = importlib.import_module("academy.pathways.migrations.0002_standard_templates")
_swe_numbers = itertools.count(900001)


@pytest.fixture
def standard(db: None) -> None:
    """The standard templates and PCF domains, loaded as the data migration loads them (again,
    idempotently: a transactional test elsewhere in the run may have flushed them)."""
    _seed.load(django_apps, None)


@pytest.fixture
def asye(standard: None) -> PathwayTemplate:
    return PathwayTemplate.objects.get(key="asye-adults")


def template(key: str) -> PathwayTemplate:
    return PathwayTemplate.objects.get(key=key)


@dataclass
class Clock:
    """Today, as the pathway services and the reminder sweep see it."""

    day: dt.date

    def __call__(self) -> dt.date:
        return self.day

    def advance(self, days: int) -> dt.date:
        self.day += dt.timedelta(days=days)
        return self.day


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Pin today (date checks, stored status) to a known day; tests move it on."""
    clock = Clock(dt.date(2025, 2, 3))
    monkeypatch.setattr(services, "today", clock)
    monkeypatch.setattr(reminders, "today", clock)
    return clock


def social_worker(
    *,
    qualified_on: dt.date = dt.date(2024, 7, 1),
    registered_on: dt.date | None = dt.date(2024, 8, 1),
    hours: str = "37",
    **fields: Any,
) -> Person:
    """A newly qualified social worker, registered with Social Work England."""
    person: Person = PersonFactory(
        qualified_on=qualified_on,
        swe_first_registered_on=registered_on,
        swe_number=f"SW{next(_swe_numbers)}" if registered_on else "",
        contracted_hours_per_week=Decimal(hours),
        pcf_level="asye",
        **fields,
    )
    return person


def enrol(person: Person, pathway: PathwayTemplate, start: dt.date, **options: Any) -> Enrolment:
    return services.enrolment_create(person=person, pathway=pathway, start_date=start, **options)
