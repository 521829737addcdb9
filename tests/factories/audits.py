"""Factories for case file audits. Audits built here skip scoring: use them for data in a given
state; test recording and grading through academy.audits.services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from academy.audits.models import (
    AuditAction,
    AuditQuestion,
    AuditQuota,
    AuditResponse,
    AuditSection,
    AuditTemplate,
    AuditTheme,
    CaseAudit,
    LearningBulletin,
    Moderation,
    RepeatAllowance,
)
from academy.audits.standard import BANDS, SCALE
from tests.factories.people import PersonFactory, TeamFactory


class AuditTemplateFactory(DjangoModelFactory[AuditTemplate]):
    class Meta:
        model = AuditTemplate

    key = factory.Sequence(lambda n: f"audit-template-{n}")
    name = factory.Sequence(lambda n: f"Audit template {n}")
    answer_scores = factory.LazyFunction(lambda: dict(SCALE))
    grade_bands = factory.LazyFunction(lambda: list(BANDS))


class AuditSectionFactory(DjangoModelFactory[AuditSection]):
    class Meta:
        model = AuditSection

    template = factory.SubFactory(AuditTemplateFactory)
    title = factory.Sequence(lambda n: f"Section {n}")
    position = factory.Sequence(int)


class AuditQuestionFactory(DjangoModelFactory[AuditQuestion]):
    class Meta:
        model = AuditQuestion

    section = factory.SubFactory(AuditSectionFactory)
    text = factory.Sequence(lambda n: f"Question {n}?")
    weight = Decimal("1")
    position = factory.Sequence(int)


class AuditThemeFactory(DjangoModelFactory[AuditTheme]):
    class Meta:
        model = AuditTheme
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Theme {n}")


class AuditQuotaFactory(DjangoModelFactory[AuditQuota]):
    class Meta:
        model = AuditQuota

    team = factory.SubFactory(TeamFactory)
    per_manager = 3


class CaseAuditFactory(DjangoModelFactory[CaseAudit]):
    class Meta:
        model = CaseAudit

    template = factory.SubFactory(AuditTemplateFactory)
    practitioner = factory.SubFactory(PersonFactory)
    team = factory.LazyAttribute(lambda o: o.practitioner.team)
    auditor = factory.SubFactory(PersonFactory)
    case_reference = factory.Sequence(lambda n: f"CR{100000 + n}")
    audit_date = dt.date(2026, 10, 12)
    status = CaseAudit.Status.SUBMITTED
    score = Decimal("72.5")
    computed_grade = "good"
    grade = "good"
    submitted_at = factory.LazyFunction(timezone.now)


class AuditResponseFactory(DjangoModelFactory[AuditResponse]):
    class Meta:
        model = AuditResponse

    audit = factory.SubFactory(CaseAuditFactory)
    question = factory.SubFactory(AuditQuestionFactory)
    answer = "yes"


class AuditActionFactory(DjangoModelFactory[AuditAction]):
    class Meta:
        model = AuditAction

    audit = factory.SubFactory(CaseAuditFactory)
    description = "Complete the Mental Capacity Assessment and record it."
    owner = factory.SubFactory(PersonFactory)
    due_date = dt.date(2026, 11, 12)


class ModerationFactory(DjangoModelFactory[Moderation]):
    class Meta:
        model = Moderation

    audit = factory.SubFactory(CaseAuditFactory)
    sample_month = dt.date(2026, 10, 1)


class LearningBulletinFactory(DjangoModelFactory[LearningBulletin]):
    class Meta:
        model = LearningBulletin

    title = "What October's audits taught us"
    period_start = dt.date(2026, 10, 1)
    period_end = dt.date(2026, 10, 31)
    went_well = "People's own words were recorded in most assessments."
    to_improve = "Record the decision a capacity assessment is about."


class RepeatAllowanceFactory(DjangoModelFactory[RepeatAllowance]):
    class Meta:
        model = RepeatAllowance

    case_reference = factory.Sequence(lambda n: f"CR{200000 + n}")
    reason = "A complaint asks for a second look."
    allowed_by = factory.SubFactory(PersonFactory)
