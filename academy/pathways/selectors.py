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
    OutcomeDecision,
    PathwayTemplate,
    Pause,
    PcfDomain,
    Supervision,
)
from academy.pathways.permissions import sees_all_pathways
from academy.people.models import PcfLevel, Person, Role, RoleAssignment
from academy.people.permissions import Viewer


def people_held_by(person_id: int) -> QuerySet[Any]:
    """The people a person assesses or supervises on an open enrolment (their ids)."""
    return Enrolment.objects.filter(
        Q(assessor_id=person_id) | Q(supervisor_id=person_id), outcome__in=OPEN_OUTCOMES
    ).values_list("person_id", flat=True)


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
    is_open: bool | None = None,
) -> QuerySet[Enrolment]:
    """The viewer's enrolments, filtered. ``is_open``: True for open ones, False for finished."""
    enrolments = enrolments_visible_to(viewer)
    if cohort_id is not None:
        enrolments = enrolments.filter(cohort_id=cohort_id)
    if pathway_id is not None:
        enrolments = enrolments.filter(pathway_id=pathway_id)
    if person_id is not None:
        enrolments = enrolments.filter(person_id=person_id)
    if status:
        enrolments = enrolments.filter(status=status)
    if open_only or is_open is True:
        enrolments = enrolments.filter(outcome__in=OPEN_OUTCOMES)
    elif is_open is False:
        enrolments = enrolments.exclude(outcome__in=OPEN_OUTCOMES)
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


def with_decisions(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """Enrolments with their outcome decisions (and who made them), oldest first."""
    return enrolments.prefetch_related(
        Prefetch(
            "decisions",
            queryset=OutcomeDecision.objects.select_related("decided_by").order_by(
                "decided_on", "id"
            ),
        )
    )


def enrolments_of(person_id: int | None) -> QuerySet[Enrolment]:
    """A person's own enrolments, with people, milestones and decisions ("My pathway"); none for
    an account with no person."""
    if person_id is None:
        return Enrolment.objects.none()
    return with_decisions(with_people(Enrolment.objects.filter(person_id=person_id)))


def supervisions_of(enrolment: Enrolment) -> QuerySet[Supervision]:
    return Supervision.objects.filter(enrolment=enrolment).select_related(
        "supervisor", "recorded_by"
    )


def development_of(enrolment: Enrolment) -> QuerySet[DevelopmentActivity]:
    return DevelopmentActivity.objects.filter(enrolment=enrolment).select_related("recorded_by")


def evidence_of(enrolment: Enrolment) -> QuerySet[Evidence]:
    """An enrolment's evidence with its PCF domains (two queries for any number of items)."""
    return (
        Evidence.objects.filter(enrolment=enrolment)
        .select_related("recorded_by")
        .prefetch_related(Prefetch("domains", queryset=PcfDomain.objects.order_by("position")))
    )


def pauses_of(enrolment: Enrolment) -> QuerySet[Pause]:
    return Pause.objects.filter(enrolment=enrolment).select_related("recorded_by")


def pcf_domains_list() -> QuerySet[PcfDomain]:
    return PcfDomain.objects.order_by("position", "id")


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
        paused_days=_paused_days_to(pauses, min(as_of, e.end_date - dt.timedelta(days=1))),
        end=e.end_date,
    )
    deadline = next((m.due for m in states if m.key == pathway.evidence_deadline_key), e.end_date)
    minimums = {k: int(v) for k, v in (pathway.evidence_minimums or {}).items()}
    return Progress(
        enrolment_id=e.pk,
        as_of=as_of,
        milestones=states,
        last_supervision=last,
        supervision_overdue_from=rules.supervision_overdue_from(
            start=e.start_date, last=last, bands=bands, pauses=pauses
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
        started_on=enrolment.start_date,
    )
    thresholds = rules.StatusThresholds(
        due_soon_days=pathway.due_soon_days,
        development_alert_percent=pathway.development_alert_percent,
        development_grace_days=pathway.development_grace_days,
    )
    return rules.enrolment_status(figures, thresholds)


def domain_coverage(enrolment: Enrolment) -> list[tuple[PcfDomain, int]]:
    """Evidence items per PCF domain for one enrolment (uses the prefetched evidence)."""
    return coverage_by_domain(enrolment, list(PcfDomain.objects.order_by("position")))


# ---------------------------------------------------------------------------------------------
# The pages: cohorts, an enrolment in full, the people a person holds, a team's enrolments
# ---------------------------------------------------------------------------------------------
#: The PCF level people usually hold when they start a pathway of each kind, to suggest them.
ENTRY_LEVELS = {
    PathwayTemplate.Kind.ASYE: PcfLevel.ASYE,
    PathwayTemplate.Kind.APPRENTICESHIP: PcfLevel.PRE_QUALIFYING,
}
#: Roles whose holders may be chosen to assess, or to supervise, an enrolment.
ASSESSING_ROLES = (Role.ASSESSOR,)
SUPERVISING_ROLES = (Role.SUPERVISOR, Role.TEAM_MANAGER)


def enrolments_in_full(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """Enrolments with everything recorded against them and who recorded it: eight queries for
    any number of enrolments and records."""
    return enrolments.select_related(
        "person", "person__team", "pathway", "cohort", "assessor", "supervisor"
    ).prefetch_related(
        Prefetch(
            "milestones",
            queryset=Milestone.objects.select_related("completed_by").order_by("position", "id"),
        ),
        Prefetch(
            "supervisions",
            queryset=Supervision.objects.select_related("supervisor", "recorded_by").order_by(
                "-held_on", "-id"
            ),
        ),
        Prefetch(
            "development_activities",
            queryset=DevelopmentActivity.objects.select_related("recorded_by").order_by(
                "-date", "-id"
            ),
        ),
        Prefetch(
            "evidence",
            queryset=Evidence.objects.select_related("recorded_by")
            .prefetch_related(Prefetch("domains", queryset=PcfDomain.objects.order_by("position")))
            .order_by("-date", "-id"),
        ),
        Prefetch(
            "pauses", queryset=Pause.objects.select_related("recorded_by").order_by("created_at")
        ),
        Prefetch(
            "decisions",
            queryset=OutcomeDecision.objects.select_related("decided_by").order_by(
                "decided_on", "id"
            ),
        ),
    )


def coverage_by_domain(
    enrolment: Enrolment, domains: Sequence[PcfDomain]
) -> list[tuple[PcfDomain, int]]:
    """``domain_coverage`` for domains already loaded, so several enrolments share one query."""
    counts: dict[int, int] = defaultdict(int)
    for item in enrolment.evidence.all():
        for domain in item.domains.all():
            counts[domain.pk] += 1
    return [(domain, counts.get(domain.pk, 0)) for domain in domains]


def next_milestones(enrolment: Enrolment, *, limit: int = 3) -> list[Milestone]:
    """The milestones still to do, soonest first (from the prefetched milestones)."""
    waiting = [m for m in enrolment.milestones.all() if m.enabled and m.completed_on is None]
    return sorted(waiting, key=lambda m: (m.due_date, m.position))[:limit]


def cohort_with_counts(cohort_id: int) -> Cohort | None:
    return cohorts_overview().filter(pk=cohort_id).first()


def cohort_members(
    *,
    viewer: Viewer,
    cohort_id: int,
    status: str | None = None,
    assessor_id: int | None = None,
    search: str = "",
) -> QuerySet[Enrolment]:
    """A cohort's enrolments the viewer may see, filtered, with people and milestones."""
    enrolments = enrolment_list(viewer=viewer, cohort_id=cohort_id, status=status)
    if assessor_id is not None:
        enrolments = enrolments.filter(assessor_id=assessor_id)
    return _matching(enrolments, search)


def cohort_assessors(cohort_id: int) -> QuerySet[Person]:
    return Person.objects.filter(
        pk__in=Enrolment.objects.filter(cohort_id=cohort_id).values("assessor_id")
    ).order_by("last_name", "first_name", "id")


def held_enrolments(
    *, viewer: Viewer, status: str | None = None, search: str = ""
) -> QuerySet[Enrolment]:
    """Open enrolments the viewer assesses or supervises."""
    if viewer.person_id is None:
        return Enrolment.objects.none()
    me = viewer.person_id
    enrolments = enrolment_list(viewer=viewer, status=status, open_only=True).filter(
        Q(assessor_id=me) | Q(supervisor_id=me)
    )
    return _matching(enrolments, search)


def team_enrolments(
    *, viewer: Viewer, status: str | None = None, search: str = "", open_only: bool = True
) -> QuerySet[Enrolment]:
    """Enrolments of the people in the teams the viewer manages."""
    enrolments = enrolment_list(viewer=viewer, status=status, open_only=open_only).filter(
        person__team_id__in=list(viewer.managed_team_ids)
    )
    return _matching(enrolments, search)


def _matching(enrolments: QuerySet[Enrolment], search: str) -> QuerySet[Enrolment]:
    for word in search.split()[:5]:
        enrolments = enrolments.filter(
            Q(person__first_name__icontains=word) | Q(person__last_name__icontains=word)
        )
    return enrolments


def enrolment_candidates(
    *,
    pathway: PathwayTemplate,
    search: str = "",
    team_id: int | None = None,
    pcf_level: str | None = None,
) -> QuerySet[Person]:
    """Current staff not already on an open enrolment of ``pathway``, in name order."""
    people = Person.objects.filter(active=True).exclude(
        pk__in=Enrolment.objects.filter(pathway=pathway, outcome__in=OPEN_OUTCOMES).values(
            "person_id"
        )
    )
    if team_id is not None:
        people = people.filter(team_id=team_id)
    if pcf_level:
        people = people.filter(pcf_level=pcf_level)
    for word in search.split()[:5]:
        people = people.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return people.select_related("team").order_by("last_name", "first_name", "id")


def role_holders(roles: Iterable[str], *, also: Iterable[int | None] = ()) -> QuerySet[Person]:
    """Current staff holding any of ``roles``, and the people ``also`` names, in name order (for
    choosing an assessor, a supervisor or a lead)."""
    holders = Q(
        active=True, pk__in=RoleAssignment.objects.filter(role__in=list(roles)).values("person_id")
    )
    extra = [pk for pk in also if pk is not None]
    if extra:
        holders |= Q(pk__in=extra)
    return Person.objects.filter(holders).order_by("last_name", "first_name", "id")


@dataclass(frozen=True)
class PathwayStatusCount:
    pathway: str
    on_track: int
    at_risk: int
    overdue: int

    @property
    def total(self) -> int:
        return self.on_track + self.at_risk + self.overdue


def status_counts_by_pathway() -> list[PathwayStatusCount]:
    """Open enrolments counted by pathway and stored status (one grouped query)."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for name, status, n in (
        Enrolment.objects.filter(outcome__in=OPEN_OUTCOMES)
        .values("pathway__name", "status")
        .annotate(n=Count("id"))
        .values_list("pathway__name", "status", "n")
        .order_by("pathway__name")
    ):
        counts[name][status] = n
    return [
        PathwayStatusCount(
            pathway=name,
            on_track=by_status.get(Enrolment.Status.ON_TRACK, 0),
            at_risk=by_status.get(Enrolment.Status.AT_RISK, 0),
            overdue=by_status.get(Enrolment.Status.OVERDUE, 0),
        )
        for name, by_status in counts.items()
    ]


def supervision_owed_until(enrolment: Enrolment, as_of: dt.date) -> dt.date:
    """Supervision is owed while the pathway is open: a finished one is not marked down for the
    months after it ended."""
    if enrolment.is_open:
        return as_of
    return min(as_of, enrolment.outcome_on or enrolment.end_date)
