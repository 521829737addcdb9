"""Factories for report runs and schedules."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from academy.reports.models import ReportRun, ReportSchedule
from tests.factories.people import PersonFactory


class ReportScheduleFactory(DjangoModelFactory[ReportSchedule]):
    class Meta:
        model = ReportSchedule

    kind = "academy_overview"
    format = "pdf"
    frequency = ReportSchedule.Frequency.MONTHLY
    day = 1
    created_by = factory.SubFactory(PersonFactory)


class ReportRunFactory(DjangoModelFactory[ReportRun]):
    class Meta:
        model = ReportRun

    kind = "academy_overview"
    format = "csv"
    requested_by = factory.SubFactory(PersonFactory)
