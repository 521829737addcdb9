"""Fixtures for audit tests: the seeded template, a settable clock, viewers for the `academy`
logins, audits recorded through the service or laid down directly for reads and sweeps."""

from __future__ import annotations

import datetime as dt
import importlib
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from academy.audits import reminders, services
from academy.audits.models import AuditQuestion, AuditTemplate, AuditTheme, CaseAudit, Grade
from academy.audits.standard import TEMPLATE
from academy.people.models import Person, Role
from academy.people.permissions import Viewer, viewer_for
from tests.conftest import Academy
from tests.factories import PersonFactory, UserFactory

_seed = importlib.import_module("academy.audits.migrations.0002_standard_template")
_references = itertools.count(100001)

D = dt.date
TODAY = D(2025, 3, 14)

#: A score in each grade's band, for audits laid down without answers.
SCORE_OF = {
    Grade.OUTSTANDING: Decimal("90.0"),
    Grade.GOOD: Decimal("70.0"),
    Grade.REQUIRES_IMPROVEMENT: Decimal("50.0"),
    Grade.INADEQUATE: Decimal("20.0"),
}


@pytest.fixture
def template(db: None) -> AuditTemplate:
    """The seeded adult social care case file audit, loaded as the data migration loads it
    (again, idempotently: a transactional test elsewhere may have flushed it)."""
    _seed.load(django_apps, None)
    return AuditTemplate.objects.get(key=TEMPLATE["key"], current=True)


@dataclass
class Clock:
    """Today, as the audit services and the reminder sweep see it."""

    day: dt.date

    def __call__(self) -> dt.date:
        return self.day


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock(TODAY)
    monkeypatch.setattr(services, "today", clock)
    monkeypatch.setattr(reminders, "today", clock)
    return clock


def viewer(academy: Academy, login: str) -> Viewer:
    return viewer_for(academy.user(login))


@pytest.fixture
def manager_b(academy: Academy) -> Person:
    """The manager of team B (where ``outsider`` works), with an account ``manager_b``."""
    person: Person = PersonFactory(
        user=UserFactory(username="manager_b"),
        team=academy.teams["b"],
        organisation=academy.council,
        first_name="Bea",
        last_name="Manageress",
        roles=[Role.TEAM_MANAGER],
    )
    return person


def viewer_of(person: Person) -> Viewer:
    return viewer_for(person.user)


def next_reference() -> str:
    return f"CR{next(_references)}"


def questions(template: AuditTemplate) -> list[AuditQuestion]:
    return list(
        AuditQuestion.objects.filter(section__template=template).order_by(
            "section__position", "position"
        )
    )


def answers(
    template: AuditTemplate, default: str = "yes", by_position: Mapping[int, str] | None = None
) -> list[dict[str, Any]]:
    """An answer to every question of the template, in order: ``default``, except the
    positions (0-based, across sections) given in ``by_position``."""
    by_position = by_position or {}
    return [
        {"question": q.pk, "answer": by_position.get(i, default), "comment": ""}
        for i, q in enumerate(questions(template))
    ]


def record(
    academy: Academy,
    template: AuditTemplate,
    *,
    by: str = "manager",
    of: str = "nqsw",
    actor: Viewer | None = None,
    practitioner: Person | None = None,
    **fields: Any,
) -> CaseAudit:
    """An audit recorded through ``audit_save``: by default the manager submits an audit of
    the NQSW's work on a new case dated today, every answer Yes."""
    options: dict[str, Any] = {
        "case_reference": next_reference(),
        "audit_date": TODAY,
        "answers": answers(template),
        "submit": True,
    }
    options.update(fields)
    return services.audit_save(
        actor=actor or viewer(academy, by),
        template=template,
        practitioner=practitioner or academy.people[of],
        **options,
    )


def lay_down(
    template: AuditTemplate,
    *,
    practitioner: Person,
    auditor: Person,
    audit_date: dt.date,
    grade: str = Grade.GOOD,
    status: str = CaseAudit.Status.SUBMITTED,
    themes: Iterable[AuditTheme] = (),
    submitted_at: dt.datetime | None = None,
    **fields: Any,
) -> CaseAudit:
    """An audit written straight to the table (no answers), for reads and sweeps."""
    submitted = status == CaseAudit.Status.SUBMITTED
    audit = CaseAudit.objects.create(
        template=template,
        team_id=practitioner.team_id,
        practitioner=practitioner,
        auditor=auditor,
        case_reference=fields.pop("case_reference", next_reference()),
        audit_date=audit_date,
        status=status,
        score=SCORE_OF[grade] if submitted else None,
        computed_grade=grade if submitted else "",
        grade=grade if submitted else "",
        submitted_at=(submitted_at or timezone.now()) if submitted else None,
        **fields,
    )
    audit.themes.set(list(themes))
    return audit


def theme(name: str) -> AuditTheme:
    return AuditTheme.objects.get(name=name)
