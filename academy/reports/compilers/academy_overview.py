"""The academy overview: open enrolments by pathway and cohort, status counts, and twelve months
of trend (people in progress at each month's end, starts, finishes and passes)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from academy.common.dates import add_months
from academy.pathways.models import OPEN_OUTCOMES, Enrolment, Outcome, PathwayTemplate
from academy.pathways.selectors import cohorts_overview
from academy.reports.document import Chart, Column, Document, Section, Table, Type

STATUSES = (("on_track", "On track"), ("at_risk", "At risk"), ("overdue", "Overdue"))


def clean(parameters: Mapping[str, Any]) -> dict[str, Any]:
    return {}


def compile(
    parameters: Mapping[str, Any], as_of: dt.date, progress: Callable[[int], None]
) -> Document:
    open_ = Q(enrolments__outcome__in=OPEN_OUTCOMES)
    pathways = (
        PathwayTemplate.objects.annotate(
            open_count=Count("enrolments", filter=open_),
            **{
                key: Count("enrolments", filter=open_ & Q(enrolments__status=key))
                for key, _ in STATUSES
            },
        )
        .filter(open_count__gt=0)
        .order_by("name")
    )
    by_pathway = Table(
        "By pathway",
        [
            Column("Pathway", width=34),
            Column("In progress", Type.INTEGER),
            *[Column(label, Type.INTEGER) for _, label in STATUSES],
        ],
        title="Open enrolments by pathway",
    )
    for p in pathways:
        by_pathway.rows.append([p.name, p.open_count, *[getattr(p, key) for key, _ in STATUSES]])
    progress(30)
    by_cohort = Table(
        "By cohort",
        [
            Column("Cohort", width=30),
            Column("Pathway", width=28),
            Column("Start", Type.DATE),
            Column("Capacity", Type.INTEGER),
            Column("Enrolled", Type.INTEGER),
            Column("On track", Type.INTEGER),
            Column("At risk", Type.INTEGER),
            Column("Overdue", Type.INTEGER),
        ],
        title="Cohorts",
    )
    fields = (
        "name",
        "pathway__name",
        "start_date",
        "capacity",
        "enrolled",
        "on_track",
        "at_risk",
        "overdue",
    )
    by_cohort.rows = [list(row) for row in cohorts_overview().values_list(*fields)]
    progress(50)
    months = [add_months(as_of.replace(day=1), -i) for i in range(11, -1, -1)]
    first = months[0]
    in_progress: Counter[dt.date] = Counter()
    started: Counter[dt.date] = Counter()
    finished: Counter[dt.date] = Counter()
    passed: Counter[dt.date] = Counter()
    rows = Enrolment.objects.filter(
        Q(outcome_on__isnull=True) | Q(outcome_on__gte=first)
    ).values_list("start_date", "outcome_on", "outcome")
    for start, ended, outcome in rows:
        for month in months:
            month_end = add_months(month, 1) - dt.timedelta(days=1)
            if start <= month_end and (ended is None or ended > month_end):
                in_progress[month] += 1
        started[start.replace(day=1)] += 1
        if ended is not None:
            finished[ended.replace(day=1)] += 1
            if outcome == Outcome.PASSED:
                passed[ended.replace(day=1)] += 1
    trend = Table(
        "Trend",
        [
            Column("Month"),
            Column("In progress at month end", Type.INTEGER),
            Column("Started", Type.INTEGER),
            Column("Finished", Type.INTEGER),
            Column("Passed", Type.INTEGER),
        ],
        title="The last twelve months",
    )
    for month in months:
        trend.rows.append(
            [f"{month:%b %Y}", in_progress[month], started[month], finished[month], passed[month]]
        )
    progress(80)
    return Document(
        title="Academy overview",
        subtitle=f"Pathways and cohorts as at {as_of:%d %B %Y}",
        generated_at=timezone.now(),
        sections=[
            Section(
                "Where everyone is",
                paragraphs=[f"{sum(r[1] for r in by_pathway.rows)} people are on a pathway today."],
                charts=[
                    Chart(
                        "Open enrolments by pathway and status",
                        [r[0] for r in by_pathway.rows],
                        [
                            (label, [float(r[2 + i]) for r in by_pathway.rows])
                            for i, (_, label) in enumerate(STATUSES)
                        ],
                        stacked=True,
                    )
                ],
                tables=[by_pathway, by_cohort],
            ),
            Section(
                "Trend",
                charts=[
                    Chart(
                        "People in progress at each month's end",
                        [r[0] for r in trend.rows],
                        [("In progress", [float(r[1]) for r in trend.rows])],
                        over_time=True,
                    )
                ],
                tables=[trend],
            ),
        ],
    )
