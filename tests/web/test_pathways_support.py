"""Builders the pathways page tests share (no tests here): the standard templates, newly
qualified social workers, cohorts and enrolments made through the pathway services, with dates
counted back from today so each status is the one the test wants."""

from __future__ import annotations

import datetime as dt
import importlib
import itertools
from decimal import Decimal
from typing import Any

from django.apps import apps as django_apps

from academy.common.dates import today
from academy.pathways import services
from academy.pathways.models import Cohort, Enrolment, PathwayTemplate, PcfDomain
from academy.pathways.rules import add_months
from academy.people.models import Person
from tests.factories import PersonFactory

_seed = importlib.import_module("academy.pathways.migrations.0002_standard_templates")
_numbers = itertools.count(700001)


def standard_templates() -> None:
    """The seeded templates and PCF domains (again: a browser test's flush may have removed
    them)."""
    _seed.load(django_apps, None)


def asye() -> PathwayTemplate:
    standard_templates()
    return PathwayTemplate.objects.get(key="asye-adults")


def months_ago(months: int, days: int = 0) -> dt.date:
    return add_months(today(), -months) - dt.timedelta(days=days)


def registered(person: Person, *, qualified_months_ago: int = 9) -> Person:
    """Make ``person`` a newly qualified social worker registered with Social Work England."""
    person.qualified_on = months_ago(qualified_months_ago)
    person.swe_first_registered_on = months_ago(qualified_months_ago - 1)
    person.swe_number = person.swe_number or f"SW{next(_numbers)}"
    person.pcf_level = "asye"
    person.save(
        update_fields=["qualified_on", "swe_first_registered_on", "swe_number", "pcf_level"]
    )
    return person


def newly_qualified(**fields: Any) -> Person:
    fields.setdefault("contracted_hours_per_week", Decimal("37"))
    person: Person = PersonFactory(**fields)
    return registered(person)


def cohort(
    pathway: PathwayTemplate | None = None,
    *,
    start: dt.date | None = None,
    capacity: int = 50,
    name: str | None = None,
) -> Cohort:
    pathway = pathway or asye()
    start = start or months_ago(7)
    return services.cohort_create(
        name=name or f"{pathway.name} from {start:%d %B %Y} ({next(_numbers)})",
        pathway=pathway,
        start_date=start,
        capacity=capacity,
    )


def enrol(
    person: Person,
    into: Cohort,
    *,
    assessor: Person | None = None,
    supervisor: Person | None = None,
    start: dt.date | None = None,
) -> Enrolment:
    return services.enrolment_create(
        person=person,
        pathway=into.pathway,
        start_date=start or into.start_date,
        cohort=into,
        assessor=assessor,
        supervisor=supervisor,
    )


def nqsw_on_asye(
    academy: Any, *, started_months_ago: int = 7, into: Cohort | None = None
) -> Enrolment:
    """The academy fixture's ``nqsw`` on the ASYE, assessed by ``assessor`` and supervised by
    ``supervisor`` (a registered social worker, so they may give reflective supervision)."""
    supervisor = academy.people["supervisor"]
    if not supervisor.swe_number:
        supervisor.swe_number = f"SW{next(_numbers)}"
        supervisor.save(update_fields=["swe_number"])
    registered(academy.people["nqsw"], qualified_months_ago=started_months_ago + 3)
    into = into or cohort(start=months_ago(started_months_ago))
    return enrol(
        academy.people["nqsw"],
        into,
        assessor=academy.people["assessor"],
        supervisor=supervisor,
    )


def record_progress(
    enrolment: Enrolment,
    *,
    done: tuple[str, ...] = ("support_agreement", "review_3m", "review_6m"),
    supervision_days_ago: int | None = 7,
    supervision_every: int = 14,
    development_hours: int = 100,
    evidence: int = 2,
    by: Person | None = None,
) -> Enrolment:
    """Record a plausible history through the services: milestones done a few days after they
    fell due, supervision every fortnight up to a given day, development time in day-long
    entries, and evidence of each kind the ASYE counts, tagged to PCF domains."""
    milestones = {m.key: m for m in enrolment.milestones.all()}
    for key in done:
        due = milestones[key].due_date
        services.milestone_complete(
            enrolment=enrolment,
            key=key,
            completed_on=min(due + dt.timedelta(days=3), today()),
            note="Agreed at the review meeting.",
            actor=by,
        )
    if supervision_days_ago is not None and enrolment.supervisor is not None:
        held_on = today() - dt.timedelta(days=supervision_days_ago)
        while held_on >= enrolment.start_date:
            services.supervision_record(
                enrolment=enrolment,
                held_on=held_on,
                supervisor=enrolment.supervisor,
                kind="reflective",
                note="Reflected on a complex safeguarding case.",
                actor=by,
            )
            held_on -= dt.timedelta(days=supervision_every)
    remaining, day = development_hours, enrolment.start_date
    while remaining > 0:
        hours = min(remaining, 7)
        services.development_time_log(
            enrolment=enrolment,
            date=min(day, today()),
            hours=Decimal(hours),
            activity="Reading and reflective writing",
            actor=by,
        )
        remaining -= hours
        day += dt.timedelta(days=7)
    domains = list(PcfDomain.objects.order_by("position"))
    for index in range(evidence):
        for kind in ("direct_observation", "person_feedback", "professional_feedback"):
            services.evidence_add(
                enrolment=enrolment,
                kind=kind,
                date=min(enrolment.start_date + dt.timedelta(days=30 * (index + 1)), today()),
                summary=f"{kind.replace('_', ' ').capitalize()} number {index + 1}.",
                domains=domains[index : index + 3],
                actor=by,
            )
    enrolment.refresh_from_db()
    return enrolment
