"""An evidence pack for CQC's "Learning, improvement and innovation" quality statement: training
delivered (partners included), ASYE and apprenticeship outcomes, audits, themes and what changed."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone

from academy.audits.models import CaseAudit, Grade, LearningBulletin
from academy.audits.selectors import monthly_trend, period_summary
from academy.common.cqc import QualityStatement
from academy.common.dates import add_months
from academy.pathways.models import OPEN_OUTCOMES, Outcome, PathwayTemplate
from academy.people.models import Organisation
from academy.reports.document import Chart, Column, Document, Section, Table, Type
from academy.training.models import Booking, BookingStatus, Course, Session


def clean(parameters: Mapping[str, Any]) -> dict[str, Any]:
    months = parameters.get("months", 12)
    if not isinstance(months, int) or isinstance(months, bool) or not 1 <= months <= 36:
        raise ValidationError(
            {"parameters.months": "Give the number of months to cover (1 to 36)."}
        )
    return {"months": months}


def compile(
    parameters: Mapping[str, Any], as_of: dt.date, progress: Callable[[int], None]
) -> Document:
    months = parameters["months"]
    start = add_months(as_of.replace(day=1), -(months - 1))
    start_at = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    kinds = dict(Organisation.Kind.choices)
    attended = Booking.objects.filter(
        status__in=[BookingStatus.ATTENDED, BookingStatus.PARTIALLY_ATTENDED],
        session__starts_at__gte=start_at,
    )
    by_kind = Counter(
        dict(attended.values_list("person__organisation__kind").annotate(n=Count("id")))
    )
    host = Counter(
        dict(attended.values_list("person__organisation__hosts_academy").annotate(n=Count("id")))
    )
    sessions_held = Session.objects.filter(
        starts_at__gte=start_at, status=Session.Status.COMPLETED
    ).count()
    courses = Table(
        "Courses delivered",
        [
            Column("Course", width=40),
            Column("Sessions", Type.INTEGER),
            Column("Attended", Type.INTEGER),
            Column("Partner learners", Type.INTEGER),
            Column("CQC quality statements", width=40),
        ],
        title="Training delivered",
    )
    statements = dict(QualityStatement.choices)
    for course in (
        Course.objects.annotate(
            held=Count(
                "sessions",
                filter=Q(
                    sessions__starts_at__gte=start_at, sessions__status=Session.Status.COMPLETED
                ),
                distinct=True,
            ),
            came=Count(
                "sessions__bookings",
                filter=Q(
                    sessions__starts_at__gte=start_at,
                    sessions__bookings__status__in=[
                        BookingStatus.ATTENDED,
                        BookingStatus.PARTIALLY_ATTENDED,
                    ],
                ),
            ),
            partners=Count(
                "sessions__bookings",
                filter=Q(
                    sessions__starts_at__gte=start_at,
                    sessions__bookings__status__in=[
                        BookingStatus.ATTENDED,
                        BookingStatus.PARTIALLY_ATTENDED,
                    ],
                    sessions__bookings__person__organisation__hosts_academy=False,
                ),
            ),
        )
        .filter(came__gt=0)
        .order_by("-came", "title")
    ):
        courses.rows.append(
            [
                course.title,
                course.held,
                course.came,
                course.partners,
                ", ".join(str(statements.get(s, s)) for s in course.cqc_statements),
            ]
        )
    progress(35)
    outcomes = Table(
        "Pathway outcomes",
        [
            Column("Pathway", width=40),
            Column("Passed", Type.INTEGER),
            Column("Failed", Type.INTEGER),
            Column("Completed", Type.INTEGER),
            Column("Withdrawn", Type.INTEGER),
            Column("In progress", Type.INTEGER),
        ],
        title="ASYE, apprenticeship and other pathway outcomes",
    )
    finished = Q(enrolments__outcome_on__gte=start)
    for p in PathwayTemplate.objects.annotate(
        passed=Count("enrolments", filter=finished & Q(enrolments__outcome=Outcome.PASSED)),
        failed=Count("enrolments", filter=finished & Q(enrolments__outcome=Outcome.FAILED)),
        completed=Count("enrolments", filter=finished & Q(enrolments__outcome=Outcome.COMPLETED)),
        withdrawn=Count("enrolments", filter=finished & Q(enrolments__outcome=Outcome.WITHDRAWN)),
        open_count=Count(
            "enrolments",
            filter=Q(enrolments__outcome__in=OPEN_OUTCOMES),
        ),
    ).order_by("name"):
        if p.passed or p.failed or p.completed or p.withdrawn or p.open_count:
            outcomes.rows.append(
                [p.name, p.passed, p.failed, p.completed, p.withdrawn, p.open_count]
            )
    progress(55)
    summary = period_summary(CaseAudit.objects.all(), start=start, end=as_of)
    trend = monthly_trend(CaseAudit.objects.all(), months=months, as_of=as_of)
    labels = dict(Grade.choices)
    audits = Table(
        "Audit grades by month",
        [Column("Month"), *[Column(str(labels[g]), Type.INTEGER) for g in Grade.values]],
        title="Case file audit grades by month",
    )
    audits.rows = [
        [f"{month:%b %Y}", *[counts[g] for g in Grade.values]] for month, counts in trend
    ]
    themes = Table(
        "Themes",
        [Column("Theme", width=40), Column("Audits", Type.INTEGER)],
        title="Learning themes from audits",
    )
    themes.rows = [[name, n] for name, n in summary.themes.items()]
    progress(75)
    changes = Section("What changed: learning bulletins")
    for bulletin in LearningBulletin.objects.filter(
        published_at__isnull=False, period_end__gte=start
    ).order_by("period_end"):
        changes.paragraphs.append(
            f"{bulletin.title} ({bulletin.period_start:%B %Y}–{bulletin.period_end:%B %Y})"
        )
        changes.paragraphs.append(f"What went well: {bulletin.went_well}")
        changes.paragraphs.append(f"What to improve: {bulletin.to_improve}")
    if not changes.paragraphs:
        changes.paragraphs.append("No learning bulletin has been published in this period yet.")
    partner_total = host.get(False, 0)
    return Document(
        title="Learning, improvement and innovation",
        subtitle=f"Evidence for CQC's local authority assessment, {start:%B %Y} to {as_of:%B %Y}",
        generated_at=timezone.now(),
        sections=[
            Section(
                "Training delivered",
                paragraphs=[
                    f"{sessions_held} sessions held; {sum(by_kind.values())} attendances, "
                    f"{partner_total} of them by people from partner organisations "
                    "(NHS, care providers, voluntary sector, education)."
                ],
                charts=[
                    Chart(
                        "Attendances by organisation",
                        [str(kinds.get(k, k)) for k in by_kind],
                        [("Attendances", [float(v) for v in by_kind.values()])],
                    )
                ],
                tables=[courses],
            ),
            Section("Pathway outcomes", tables=[outcomes]),
            Section(
                "Case file audits",
                paragraphs=[f"{summary.total} audits submitted in the period."],
                charts=[
                    Chart(
                        "Audit grades",
                        [str(labels[g]) for g in Grade.values],
                        [("Audits", [float(summary.grades.get(g, 0)) for g in Grade.values])],
                    ),
                    Chart(
                        "Audit grades by month",
                        [row[0] for row in audits.rows],
                        [
                            (str(labels[g]), [float(row[1 + i]) for row in audits.rows])
                            for i, g in enumerate(Grade.values)
                        ],
                        stacked=True,
                        over_time=True,
                    ),
                ],
                tables=[audits, themes],
            ),
            changes,
        ],
    )
