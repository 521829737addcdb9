"""What the pathways pages show about an enrolment, worked out from what the selectors loaded:
milestone states, supervision compliance, development time against entitlement, evidence
against its minimums and by PCF domain. No queries here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from academy.pathways import rules
from academy.pathways.models import Enrolment, Evidence, Milestone, PcfDomain
from academy.pathways.selectors import (
    Progress,
    coverage_by_domain,
    milestone_states,
    supervision_owed_until,
)
from web.charts import BarChart, bar_chart
from web.views.pathways.timeline import Span, Timeline, timeline

MILESTONE_LABELS = {
    rules.MilestoneStatus.DONE: "Done",
    rules.MilestoneStatus.OVERDUE: "Overdue",
    rules.MilestoneStatus.DUE_SOON: "Due soon",
    rules.MilestoneStatus.UPCOMING: "Upcoming",
    rules.MilestoneStatus.SWITCHED_OFF: "Switched off",
}


@dataclass(frozen=True)
class MilestoneRow:
    milestone: Milestone
    status: str
    label: str

    @property
    def is_open(self) -> bool:
        return self.status in (
            rules.MilestoneStatus.OVERDUE,
            rules.MilestoneStatus.DUE_SOON,
            rules.MilestoneStatus.UPCOMING,
        )


def milestone_rows(enrolment: Enrolment, *, as_of: dt.date) -> list[MilestoneRow]:
    """Each milestone with its status today (from the prefetched milestones)."""
    window = enrolment.pathway.due_soon_days
    rows = []
    for milestone, state in zip(
        enrolment.milestones.all(), milestone_states(enrolment), strict=True
    ):
        status = rules.milestone_status(state, as_of=as_of, due_soon_days=window)
        rows.append(MilestoneRow(milestone, str(status), MILESTONE_LABELS[status]))
    return rows


def member_span(enrolment: Enrolment, rows: Sequence[MilestoneRow]) -> Span:
    person = enrolment.person
    return Span(
        label=f"{person.last_name}, {person.first_name}",
        start=enrolment.start_date,
        end=enrolment.end_date,
        milestones=[(row.milestone.title, row.milestone.due_date, row.status) for row in rows],
    )


def enrolment_timeline(
    enrolment: Enrolment, rows: Sequence[MilestoneRow], *, as_of: dt.date
) -> Timeline:
    """One enrolment's milestones, a row each, across the months from its start to its end."""
    spans = [
        Span(
            label=row.milestone.title,
            start=enrolment.start_date,
            end=enrolment.end_date,
            milestones=[(row.milestone.title, row.milestone.due_date, row.status)],
        )
        for row in rows
        if row.status != rules.MilestoneStatus.SWITCHED_OFF
    ]
    return timeline(f"Timeline of {enrolment.pathway.name}", spans, today=as_of, label_width=340)


@dataclass(frozen=True)
class SupervisionSummary:
    met: int
    due: int
    last: dt.date | None
    overdue_from: dt.date | None
    interval: str
    overdue: bool

    @property
    def next_by(self) -> dt.date | None:
        return self.overdue_from - dt.timedelta(days=1) if self.overdue_from else None

    @property
    def percent(self) -> int:
        return round(100 * self.met / self.due) if self.due else 100


def supervision_summary(
    enrolment: Enrolment, progress: Progress, *, as_of: dt.date
) -> SupervisionSummary:
    bands = rules.parse_supervision_schedule(enrolment.pathway.supervision_schedule or [])
    met, due = rules.supervision_compliance(
        start=enrolment.start_date,
        as_of=supervision_owed_until(enrolment, as_of),
        dates=[s.held_on for s in enrolment.supervisions.all()],
        bands=bands,
    )
    interval = rules.supervision_interval_on(enrolment.start_date, as_of, bands)
    overdue_from = progress.supervision_overdue_from
    return SupervisionSummary(
        met=met,
        due=due,
        last=progress.last_supervision,
        overdue_from=overdue_from,
        interval=interval.describe() if interval else "",
        overdue=enrolment.is_open and overdue_from is not None and overdue_from <= as_of,
    )


@dataclass(frozen=True)
class DevelopmentSummary:
    logged: Decimal
    entitled: Decimal
    weekly: Decimal
    alert_percent: int

    @property
    def percent(self) -> int:
        if not self.entitled:
            return 100 if self.logged else 0
        return round(self.logged * 100 / self.entitled)

    @property
    def bar_percent(self) -> int:
        """How much of the bar to fill: the share of the entitlement, at most all of it."""
        return max(0, min(self.percent, 100))

    @property
    def behind(self) -> bool:
        return bool(self.entitled) and self.percent < self.alert_percent


def development_summary(enrolment: Enrolment, progress: Progress) -> DevelopmentSummary:
    return DevelopmentSummary(
        logged=progress.development_logged,
        entitled=progress.development_entitled,
        weekly=enrolment.weekly_development_hours,
        alert_percent=enrolment.pathway.development_alert_percent,
    )


@dataclass(frozen=True)
class EvidenceCount:
    label: str
    have: int
    minimum: int | None
    expected_now: int | None

    @property
    def behind(self) -> bool:
        return self.expected_now is not None and self.have < self.expected_now


def evidence_counts(enrolment: Enrolment, progress: Progress) -> list[EvidenceCount]:
    """Every kind of evidence: how many are in, against the minimum and today's pace."""
    minimums = {k: int(v) for k, v in (enrolment.pathway.evidence_minimums or {}).items()}
    behind = {gap.kind: gap.expected for gap in progress.evidence_shortfalls}
    return [
        EvidenceCount(
            label=str(label),
            have=progress.evidence_counts.get(kind, 0),
            minimum=minimums.get(kind),
            expected_now=behind.get(kind),
        )
        for kind, label in Evidence.Kind.choices
    ]


def coverage_chart(enrolment: Enrolment, domains: Sequence[PcfDomain]) -> BarChart:
    return bar_chart(
        "Evidence by PCF domain",
        [(domain.name, count) for domain, count in coverage_by_domain(enrolment, domains)],
        label_heading="PCF domain",
        value_heading="Items of evidence",
        label_width=330,
    )


@dataclass(frozen=True)
class EnrolmentPicture:
    """Everything the enrolment page and My pathway show about one enrolment."""

    enrolment: Enrolment
    milestones: list[MilestoneRow]
    next: list[MilestoneRow]
    timeline: Timeline
    supervision: SupervisionSummary
    development: DevelopmentSummary
    evidence: list[EvidenceCount]
    coverage: BarChart

    @property
    def coverage_gaps(self) -> list[str]:
        return [bar.label for bar in self.coverage.bars if not bar.value]


def picture(
    enrolment: Enrolment, progress: Progress, domains: Sequence[PcfDomain], *, as_of: dt.date
) -> EnrolmentPicture:
    rows = milestone_rows(enrolment, as_of=as_of)
    waiting = sorted((r for r in rows if r.is_open), key=lambda r: r.milestone.due_date)
    return EnrolmentPicture(
        enrolment=enrolment,
        milestones=rows,
        next=waiting[:3],
        timeline=enrolment_timeline(enrolment, rows, as_of=as_of),
        supervision=supervision_summary(enrolment, progress, as_of=as_of),
        development=development_summary(enrolment, progress),
        evidence=evidence_counts(enrolment, progress),
        coverage=coverage_chart(enrolment, domains),
    )
