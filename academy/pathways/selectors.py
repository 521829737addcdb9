"""Reads about pathways, shaped for their callers with a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet, Sum

from academy.pathways import rules
from academy.pathways.models import (
    OPEN_OUTCOMES,
    Cohort,
    DevelopmentActivity,
    Enrolment,
    Evidence,
    Milestone,
    PathwayTemplate,
    Pause,
    PcfDomain,
    Supervision,
)
from academy.pathways.permissions import sees_all_pathways
from academy.people.permissions import Viewer


def people_held_by(person_id: int) -> QuerySet[Any]:
    """The people a person assesses or supervises on an open enrolment (their ids)."""
    return Enrolment.objects.filter(
        Q(assessor_id=person_id) | Q(supervisor_id=person_id), outcome__in=OPEN_OUTCOMES
    ).values("person_id")


def enrolments_visible_to(viewer: Viewer) -> QuerySet[Enrolment]:
    """The set-based twin of ``permissions.enrolment_visible``."""
    enrolments = Enrolment.objects.all()
    if viewer.user_id is None:
        return enrolments.none()
    if sees_all_pathways(viewer):
        return enrolments
    scope = Q(pk__in=[])
    if viewer.person_id is not None:
        me = viewer.person_id
        scope |= Q(person_id=me) | Q(assessor_id=me) | Q(supervisor_id=me)
    if viewer.managed_team_ids:
        scope |= Q(person__team_id__in=viewer.managed_team_ids)
    return enrolments.filter(scope)


def with_people(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """Enrolments with their person, pathway, cohort, assessor, supervisor and milestones."""
    return enrolments.select_related(
        "person", "person__team", "pathway", "cohort", "assessor", "supervisor"
    ).prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("position", "id"))
    )


def enrolment_list(
    *,
    viewer: Viewer,
    cohort_id: int | None = None,
    pathway_id: int | None = None,
    person_id: int | None = None,
    status: str | None = None,
    open_only: bool = False,
) -> QuerySet[Enrolment]:
    enrolments = enrolments_visible_to(viewer)
    if cohort_id is not None:
        enrolments = enrolments.filter(cohort_id=cohort_id)
    if pathway_id is not None:
        enrolments = enrolments.filter(pathway_id=pathway_id)
    if person_id is not None:
        enrolments = enrolments.filter(person_id=person_id)
    if status:
        enrolments = enrolments.filter(status=status)
    if open_only:
        enrolments = enrolments.filter(outcome__in=OPEN_OUTCOMES)
    return with_people(enrolments)


def enrolment_record(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """Enrolments with everything recorded against them, for the detail views."""
    return with_people(enrolments).prefetch_related(
        Prefetch(
            "supervisions",
            queryset=Supervision.objects.select_related("supervisor").order_by("-held_on", "-id"),
        ),
        Prefetch(
            "development_activities", queryset=DevelopmentActivity.objects.order_by("-date", "-id")
        ),
        Prefetch(
            "evidence",
            queryset=Evidence.objects.prefetch_related("domains").order_by("-date", "-id"),
        ),
        Prefetch("pauses", queryset=Pause.objects.order_by("created_at", "id")),
        "decisions",
    )


def templates_list(*, active_only: bool = False) -> QuerySet[PathwayTemplate]:
    templates = PathwayTemplate.objects.prefetch_related("milestones").order_by("name", "id")
    return templates.filter(active=True) if active_only else templates


def cohorts_overview() -> QuerySet[Cohort]:
    """Cohorts with their place and status counts (one query)."""
    open_ = Q(enrolments__outcome__in=OPEN_OUTCOMES)
    return (
        Cohort.objects.select_related("pathway", "lead")
        .annotate(
            enrolled=Count("enrolments", filter=open_),
            on_track=Count("enrolments", filter=open_ & Q(enrolments__status="on_track")),
            at_risk=Count("enrolments", filter=open_ & Q(enrolments__status="at_risk")),
            overdue=Count("enrolments", filter=open_ & Q(enrolments__status="overdue")),
            finished=Count("enrolments", filter=~open_ & Q(enrolments__isnull=False)),
        )
        .order_by("-start_date", "id")
    )


# ---------------------------------------------------------------------------------------------
# Progress: what the status rule and the pages need, gathered for many enrolments at once
# ---------------------------------------------------------------------------------------------
@dataclass
class Progress:
    """One enrolment's figures on a day."""

    enrolment_id: int
    as_of: dt.date
    milestones: list[rules.MilestoneState]
    last_supervision: dt.date | None
    supervision_overdue_from: dt.date | None
    development_logged: Decimal
    development_entitled: Decimal
    paused_days: int
    evidence_counts: dict[str, int] = field(default_factory=dict)
    evidence_shortfalls: list[rules.EvidenceShortfall] = field(default_factory=list)


def evidence_labels() -> dict[str, str]:
    return {str(value): str(label) for value, label in Evidence.Kind.choices}


def progress_for(enrolments: Sequence[Enrolment], *, as_of: dt.date) -> dict[int, Progress]:
    """Figures for each enrolment in four queries whatever their number. ``enrolments`` must come
    with their pathway and milestones (``with_people``)."""
    ids = [e.pk for e in enrolments]
    if not ids:
        return {}
    last_supervision = dict(
        Supervision.objects.filter(enrolment_id__in=ids, held_on__lte=as_of)
        .values("enrolment_id")
        .annotate(last=Max("held_on"))
        .values_list("enrolment_id", "last")
    )
    development = dict(
        DevelopmentActivity.objects.filter(enrolment_id__in=ids, date__lte=as_of)
        .values("enrolment_id")
        .annotate(total=Sum("hours"))
        .values_list("enrolment_id", "total")
    )
    paused: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for enrolment_id, first, last in Pause.objects.filter(
        enrolment_id__in=ids, first_day__isnull=False, last_day__isnull=False
    ).values_list("enrolment_id", "first_day", "last_day"):
        if first is not None and last is not None:
            paused[enrolment_id].append((first, last))
    evidence: dict[int, dict[str, int]] = defaultdict(dict)
    for enrolment_id, kind, n in (
        Evidence.objects.filter(enrolment_id__in=ids, date__lte=as_of)
        .values("enrolment_id", "kind")
        .annotate(n=Count("id"))
        .values_list("enrolment_id", "kind", "n")
    ):
        evidence[enrolment_id][kind] = n
    return {
        e.pk: _progress(
            e,
            as_of=as_of,
            last=last_supervision.get(e.pk),
            logged=development.get(e.pk) or Decimal("0"),
            pauses=paused.get(e.pk, []),
            evidence=evidence.get(e.pk, {}),
        )
        for e in enrolments
    }


def _paused_days_to(pauses: Iterable[tuple[dt.date, dt.date]], as_of: dt.date) -> int:
    days = 0
    for first, last in pauses:
        if first <= as_of:
            days += rules.inclusive_days(first, min(last, as_of))
    return days


def milestone_states(enrolment: Enrolment) -> list[rules.MilestoneState]:
    return [
        rules.MilestoneState(
            key=m.key,
            title=m.title,
            due=m.due_date,
            completed_on=m.completed_on,
            enabled=m.enabled,
            moves_with_extension=m.moves_with_extension,
        )
        for m in enrolment.milestones.all()
    ]


def _progress(
    e: Enrolment,
    *,
    as_of: dt.date,
    last: dt.date | None,
    logged: Decimal,
    pauses: list[tuple[dt.date, dt.date]],
    evidence: dict[str, int],
) -> Progress:
    pathway = e.pathway
    bands = rules.parse_supervision_schedule(pathway.supervision_schedule)
    states = milestone_states(e)
    paused_days = _paused_days_to(pauses, as_of)
    entitled = rules.development_entitlement_to_date(
        weekly_hours=e.weekly_development_hours,
        start=e.start_date,
        as_of=as_of,
        paused_days=paused_days,
    )
    deadline = next((m.due for m in states if m.key == pathway.evidence_deadline_key), e.end_date)
    minimums = {k: int(v) for k, v in (pathway.evidence_minimums or {}).items()}
    return Progress(
        enrolment_id=e.pk,
        as_of=as_of,
        milestones=states,
        last_supervision=last,
        supervision_overdue_from=rules.supervision_overdue_from(
            start=e.start_date, last=last, bands=bands
        ),
        development_logged=Decimal(logged),
        development_entitled=entitled,
        paused_days=paused_days,
        evidence_counts=evidence,
        evidence_shortfalls=rules.evidence_behind(
            minimums=minimums, counts=evidence, start=e.start_date, deadline=deadline, as_of=as_of
        ),
    )


def status_of(enrolment: Enrolment, progress: Progress) -> tuple[rules.Status, list[str]]:
    pathway = enrolment.pathway
    figures = rules.Progress(
        as_of=progress.as_of,
        milestones=progress.milestones,
        supervision_overdue_from=progress.supervision_overdue_from,
        development_logged=progress.development_logged,
        development_entitled=progress.development_entitled,
        evidence_shortfalls=progress.evidence_shortfalls,
        finished=not enrolment.is_open,
        evidence_labels=evidence_labels(),
    )
    thresholds = rules.StatusThresholds(
        due_soon_days=pathway.due_soon_days,
        development_alert_percent=pathway.development_alert_percent,
    )
    return rules.enrolment_status(figures, thresholds)


def domain_coverage(enrolment: Enrolment) -> list[tuple[PcfDomain, int]]:
    """Evidence items per PCF domain for one enrolment (uses the prefetched evidence)."""
    counts: dict[int, int] = defaultdict(int)
    for item in enrolment.evidence.all():
        for domain in item.domains.all():
            counts[domain.pk] += 1
    return [(domain, counts.get(domain.pk, 0)) for domain in PcfDomain.objects.order_by("position")]
