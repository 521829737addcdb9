"""Factories for pathways. They build rows directly, for tests that need data in a given state;
tests of behaviour enrol through academy.pathways.services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from academy.pathways.models import (
    Cohort,
    DevelopmentActivity,
    Enrolment,
    EnrolmentReassignment,
    Evidence,
    FundingYear,
    Milestone,
    MilestoneTemplate,
    OutcomeDecision,
    PathwayTemplate,
    Pause,
    PcfDomain,
    Supervision,
)
from tests.factories.people import PersonFactory


class PcfDomainFactory(DjangoModelFactory[PcfDomain]):
    class Meta:
        model = PcfDomain
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"domain-{n}")
    name = factory.Sequence(lambda n: f"Domain {n}")
    position = factory.Sequence(int)


class PathwayTemplateFactory(DjangoModelFactory[PathwayTemplate]):
    class Meta:
        model = PathwayTemplate

    key = factory.Sequence(lambda n: f"pathway-{n}")
    name = factory.Sequence(lambda n: f"Pathway {n}")
    kind = PathwayTemplate.Kind.CAREER_PROGRESSION
    duration_months = 12
    supervision_schedule = factory.LazyFunction(lambda: [{"every": {"months": 1}}])
    development_rule = factory.LazyFunction(lambda: {"kind": "percent_of_hours", "percent": 10})


class MilestoneTemplateFactory(DjangoModelFactory[MilestoneTemplate]):
    class Meta:
        model = MilestoneTemplate

    pathway = factory.SubFactory(PathwayTemplateFactory)
    key = factory.Sequence(lambda n: f"milestone_{n}")
    title = factory.Sequence(lambda n: f"Milestone {n}")
    offset_months = 3
    position = factory.Sequence(int)


class CohortFactory(DjangoModelFactory[Cohort]):
    class Meta:
        model = Cohort

    name = factory.Sequence(lambda n: f"Cohort {n}")
    pathway = factory.SubFactory(PathwayTemplateFactory)
    start_date = dt.date(2026, 1, 5)
    capacity = 20


class EnrolmentFactory(DjangoModelFactory[Enrolment]):
    class Meta:
        model = Enrolment

    person = factory.SubFactory(PersonFactory)
    pathway = factory.SubFactory(PathwayTemplateFactory)
    start_date = dt.date(2026, 1, 5)
    end_date = factory.LazyAttribute(lambda o: o.start_date + dt.timedelta(days=365))
    weekly_development_hours = Decimal("3.70")


class MilestoneFactory(DjangoModelFactory[Milestone]):
    class Meta:
        model = Milestone

    enrolment = factory.SubFactory(EnrolmentFactory)
    key = factory.Sequence(lambda n: f"milestone_{n}")
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_date = factory.LazyAttribute(lambda o: o.enrolment.start_date + dt.timedelta(days=90))
    original_due_date = factory.SelfAttribute("due_date")


class SupervisionFactory(DjangoModelFactory[Supervision]):
    class Meta:
        model = Supervision

    enrolment = factory.SubFactory(EnrolmentFactory)
    held_on = factory.LazyAttribute(lambda o: o.enrolment.start_date + dt.timedelta(days=7))
    supervisor = factory.SubFactory(PersonFactory)
    kind = Supervision.Kind.CASE_MANAGEMENT


class DevelopmentActivityFactory(DjangoModelFactory[DevelopmentActivity]):
    class Meta:
        model = DevelopmentActivity

    enrolment = factory.SubFactory(EnrolmentFactory)
    date = factory.LazyAttribute(lambda o: o.enrolment.start_date + dt.timedelta(days=7))
    hours = Decimal("3.50")
    activity = "Reading on strengths-based practice"


class EvidenceFactory(DjangoModelFactory[Evidence]):
    class Meta:
        model = Evidence

    enrolment = factory.SubFactory(EnrolmentFactory)
    kind = Evidence.Kind.DIRECT_OBSERVATION
    date = factory.LazyAttribute(lambda o: o.enrolment.start_date + dt.timedelta(days=30))
    summary = "Observed a Care Act assessment at home."


class PauseFactory(DjangoModelFactory[Pause]):
    class Meta:
        model = Pause

    enrolment = factory.SubFactory(EnrolmentFactory)
    kind = Pause.Kind.SICK_LEAVE
    reason = "Sick leave"
    first_day = factory.LazyAttribute(lambda o: o.enrolment.start_date + dt.timedelta(days=40))
    last_day = factory.LazyAttribute(lambda o: o.first_day + dt.timedelta(days=9))
    days = 10


class OutcomeDecisionFactory(DjangoModelFactory[OutcomeDecision]):
    class Meta:
        model = OutcomeDecision

    enrolment = factory.SubFactory(EnrolmentFactory)
    stage = OutcomeDecision.Stage.RECOMMENDATION
    decision = "recommended_pass"
    decided_on = factory.LazyAttribute(lambda o: o.enrolment.end_date)


class EnrolmentReassignmentFactory(DjangoModelFactory[EnrolmentReassignment]):
    """The enrolment's assessor handed to someone else (the enrolment itself is left as built:
    the service changes both together)."""

    class Meta:
        model = EnrolmentReassignment

    enrolment = factory.SubFactory(EnrolmentFactory)
    role = EnrolmentReassignment.Role.ASSESSOR
    from_person = factory.SubFactory(PersonFactory)
    to_person = factory.SubFactory(PersonFactory)
    reason = "The assessor has left the council."


class FundingYearFactory(DjangoModelFactory[FundingYear]):
    class Meta:
        model = FundingYear
        django_get_or_create = ("starts_on",)

    starts_on = dt.date(2026, 2, 1)
    registration_deadline = dt.date(2026, 10, 31)
