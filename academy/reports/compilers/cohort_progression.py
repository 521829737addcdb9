"""Cohort progression, the headline report: each member's milestones, supervision, development
time, evidence and PCF coverage, status with reasons, and outcome."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from academy.pathways import rules as pathway_rules
from academy.pathways.models import Cohort, Enrolment, Evidence, Outcome, PcfDomain, Supervision
from academy.pathways.selectors import progress_for, supervision_owed_until, with_people
from academy.reports.document import Chart, Column, Document, Section, Table, Type


def clean(parameters: Mapping[str, Any]) -> dict[str, Any]:
    cohort = parameters.get("cohort")
    if (
        not isinstance(cohort, int)
        or isinstance(cohort, bool)
        or not Cohort.objects.filter(pk=cohort).exists()
    ):
        raise ValidationError({"parameters.cohort": "Choose a cohort (its number)."})
    return {"cohort": cohort}


def _percent(part: float, whole: float) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def compile(
    parameters: Mapping[str, Any], as_of: dt.date, progress: Callable[[int], None]
) -> Document:
    cohort = Cohort.objects.select_related("pathway").get(pk=parameters["cohort"])
    enrolments = list(
        with_people(Enrolment.objects.filter(cohort=cohort)).order_by(
            "person__last_name", "person__first_name", "id"
        )
    )
    progress(20)
    ids = [e.pk for e in enrolments]
    figures = progress_for(enrolments, as_of=as_of)
    supervision_dates: dict[int, list[dt.date]] = defaultdict(list)
    for enrolment_id, held_on in Supervision.objects.filter(enrolment_id__in=ids).values_list(
        "enrolment_id", "held_on"
    ):
        supervision_dates[enrolment_id].append(held_on)
    domains = list(PcfDomain.objects.order_by("position"))
    coverage: dict[int, Counter[int]] = defaultdict(Counter)
    for enrolment_id, domain_id in Evidence.domains.through.objects.filter(
        evidence__enrolment_id__in=ids, evidence__date__lte=as_of
    ).values_list("evidence__enrolment_id", "pcfdomain_id"):
        coverage[enrolment_id][domain_id] += 1
    progress(50)
    bands = pathway_rules.parse_supervision_schedule(cohort.pathway.supervision_schedule)
    kinds = list(Evidence.Kind.choices)
    members = Table(
        "Members",
        [
            Column("Name", width=22),
            Column("Team", width=18),
            Column("Assessor", width=18),
            Column("Start", Type.DATE),
            Column("End", Type.DATE),
            Column("Milestones met", Type.INTEGER),
            Column("Due", Type.INTEGER),
            Column("Overdue", Type.INTEGER),
            Column("Supervision %", Type.PERCENT),
            Column("Development hours", Type.DECIMAL),
            Column("Entitled to date", Type.DECIMAL),
            Column("Development %", Type.PERCENT),
            Column("Evidence", Type.INTEGER),
            Column("PCF domains covered", Type.INTEGER),
            Column("Status"),
            Column("Reasons", width=50),
            Column("Outcome"),
        ],
        title=f"{cohort.name}: members on {as_of:%d %B %Y}",
    )
    evidence = Table(
        "Evidence by kind",
        [Column("Name", width=22), *[Column(str(label), Type.INTEGER, 14) for _, label in kinds]],
        title="Evidence by kind",
    )
    pcf = Table(
        "PCF coverage",
        [Column("Name", width=22), *[Column(d.name, Type.INTEGER, 14) for d in domains]],
        title="Pieces of evidence tagged to each PCF domain",
    )
    statuses: Counter[str] = Counter()
    status_labels = {k: str(v) for k, v in Enrolment.Status.choices}
    outcome_labels = {k: str(v) for k, v in Outcome.choices}
    for e in enrolments:
        f = figures[e.pk]
        states = [
            pathway_rules.milestone_status(
                m, as_of=as_of, due_soon_days=cohort.pathway.due_soon_days
            )
            for m in f.milestones
        ]
        met, due = pathway_rules.supervision_compliance(
            start=e.start_date,
            as_of=supervision_owed_until(e, as_of),
            dates=supervision_dates[e.pk],
            bands=bands,
        )
        status = status_labels.get(e.status, e.status)
        statuses[status] += 1
        members.rows.append(
            [
                e.person.full_name,
                e.person.team.name if e.person.team else "",
                e.assessor.full_name if e.assessor else "",
                e.start_date,
                e.end_date,
                sum(s is pathway_rules.MilestoneStatus.DONE for s in states),
                sum(
                    s
                    in (
                        pathway_rules.MilestoneStatus.DUE_SOON,
                        pathway_rules.MilestoneStatus.UPCOMING,
                    )
                    for s in states
                ),
                sum(s is pathway_rules.MilestoneStatus.OVERDUE for s in states),
                _percent(met, due),
                f.development_logged,
                f.development_entitled,
                _percent(float(f.development_logged), float(f.development_entitled)),
                sum(f.evidence_counts.values()),
                sum(1 for d in domains if coverage[e.pk][d.pk]),
                status,
                "; ".join(e.status_reasons),
                outcome_labels.get(e.outcome, e.outcome),
            ]
        )
        evidence.rows.append([e.person.full_name, *[f.evidence_counts.get(k, 0) for k, _ in kinds]])
        pcf.rows.append([e.person.full_name, *[coverage[e.pk][d.pk] for d in domains]])
    progress(80)
    labels = list(status_labels.values())
    summary = Section(
        "Summary",
        paragraphs=[
            f"{cohort.pathway.name} cohort starting {cohort.start_date:%d %B %Y}: "
            f"{len(enrolments)} of "
            f"{cohort.capacity} places taken.",
        ],
        charts=[
            Chart(
                "Members by status",
                [label for label in labels if statuses[label]],
                [("Members", [float(statuses[label]) for label in labels if statuses[label]])],
            )
        ],
    )
    return Document(
        title=f"Cohort progression: {cohort.name}",
        subtitle=f"{cohort.pathway.name}, as at {as_of:%d %B %Y}",
        generated_at=timezone.now(),
        sections=[
            summary,
            Section("Members", tables=[members]),
            Section("Evidence", tables=[evidence, pcf]),
        ],
    )
