"""Reads about audits: who sees what, the monthly programme, dashboards, summaries by theme and
team, the moderation queue and agreement. Each runs a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet

from academy.audits import rules
from academy.audits.models import (
    AuditAction,
    AuditQuota,
    AuditResponse,
    AuditSection,
    AuditTemplate,
    AuditTheme,
    CaseAudit,
    Grade,
    LearningBulletin,
    Moderation,
)
from academy.audits.permissions import sees_all_audits
from academy.common.dates import add_months
from academy.people.models import Person, Role, Team
from academy.people.permissions import Viewer


def audits_visible_to(viewer: Viewer) -> QuerySet[CaseAudit]:
    """The set-based twin of ``permissions.audit_visible``."""
    audits = CaseAudit.objects.all()
    if viewer.user_id is None:
        return audits.none()
    if sees_all_audits(viewer):
        return audits
    scope = Q(pk__in=[])
    if viewer.managed_team_ids:
        scope |= Q(team_id__in=viewer.managed_team_ids)
    if viewer.person_id is not None:
        scope |= Q(practitioner_id=viewer.person_id, status=CaseAudit.Status.SUBMITTED)
    return audits.filter(scope)


def with_detail(audits: QuerySet[CaseAudit]) -> QuerySet[CaseAudit]:
    return audits.select_related("template", "team", "practitioner", "auditor").prefetch_related(
        "themes",
        Prefetch(
            "responses",
            queryset=AuditResponse.objects.select_related("question__section").order_by(
                "question__section__position", "question__position"
            ),
        ),
        Prefetch(
            "actions",
            queryset=AuditAction.objects.select_related("owner").order_by("due_date", "id"),
        ),
    )


def audit_list(
    *,
    viewer: Viewer,
    team_id: int | None = None,
    practitioner_id: int | None = None,
    status: str | None = None,
    grade: str | None = None,
    month: dt.date | None = None,
) -> QuerySet[CaseAudit]:
    audits = audits_visible_to(viewer)
    if team_id is not None:
        audits = audits.filter(team_id=team_id)
    if practitioner_id is not None:
        audits = audits.filter(practitioner_id=practitioner_id)
    if status:
        audits = audits.filter(status=status)
    if grade:
        audits = audits.filter(grade=grade)
    if month is not None:
        audits = audits.filter(
            audit_date__gte=rules.month_start(month), audit_date__lte=rules.month_end(month)
        )
    return audits.select_related("team", "practitioner", "auditor", "template").prefetch_related(
        "themes"
    )


def current_templates() -> QuerySet[AuditTemplate]:
    return (
        AuditTemplate.objects.filter(current=True)
        .prefetch_related(
            Prefetch("sections", queryset=AuditSection.objects.prefetch_related("questions"))
        )
        .order_by("name")
    )


def themes(*, active_only: bool = True) -> QuerySet[AuditTheme]:
    found = AuditTheme.objects.order_by("name")
    return found.filter(active=True) if active_only else found


# ---------------------------------------------------------------------------------------------
# The monthly programme
# ---------------------------------------------------------------------------------------------
def quota_per_manager(team_ids: Iterable[int]) -> dict[int, int]:
    default = int(settings.AUDITS["QUOTA_PER_MANAGER"])
    own = dict(
        AuditQuota.objects.filter(team_id__in=list(team_ids)).values_list("team_id", "per_manager")
    )
    return {team_id: own.get(team_id, default) for team_id in team_ids}


def managers_by_team(team_ids: Iterable[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    for person_id, team_id in Person.objects.filter(
        active=True, roles__role=Role.TEAM_MANAGER, roles__team_id__in=list(team_ids)
    ).values_list("id", "roles__team_id"):
        found[team_id].append(person_id)
    return found


def programme(
    *, team_ids: Iterable[int], month: dt.date, as_of: dt.date
) -> dict[int, rules.MonthProgress]:
    """Each team's month against its quota (three queries whatever the number of teams)."""
    ids = list(team_ids)
    quotas = quota_per_manager(ids)
    managers = managers_by_team(ids)
    counts: dict[int, tuple[int, int]] = {
        row["team_id"]: (row["submitted"], row["drafts"])
        for row in CaseAudit.objects.filter(
            team_id__in=ids,
            audit_date__gte=rules.month_start(month),
            audit_date__lte=rules.month_end(month),
        )
        .values("team_id")
        .annotate(
            submitted=Count("id", filter=Q(status=CaseAudit.Status.SUBMITTED)),
            drafts=Count("id", filter=Q(status=CaseAudit.Status.DRAFT)),
        )
    }
    return {
        team_id: rules.month_progress(
            quota=rules.expected_audits(
                per_manager=quotas[team_id], managers=len(managers.get(team_id, []))
            ),
            submitted=counts.get(team_id, (0, 0))[0],
            in_progress=counts.get(team_id, (0, 0))[1],
            month=month,
            as_of=as_of,
        )
        for team_id in ids
    }


# ---------------------------------------------------------------------------------------------
# Dashboards and summaries
# ---------------------------------------------------------------------------------------------
@dataclass
class PeriodSummary:
    """Submitted audits in a period: counts by grade and theme, by team."""

    start: dt.date
    end: dt.date
    total: int = 0
    grades: dict[str, int] = field(default_factory=dict)
    themes: dict[str, int] = field(default_factory=dict)
    by_team: dict[int, dict[str, int]] = field(default_factory=dict)


def _submitted(audits: QuerySet[CaseAudit], start: dt.date, end: dt.date) -> QuerySet[CaseAudit]:
    return audits.filter(
        status=CaseAudit.Status.SUBMITTED, audit_date__gte=start, audit_date__lte=end
    )


def period_summary(audits: QuerySet[CaseAudit], *, start: dt.date, end: dt.date) -> PeriodSummary:
    """Two queries: grades by team, and themes."""
    summary = PeriodSummary(start, end, grades=dict.fromkeys(Grade.values, 0))
    chosen = _submitted(audits, start, end)
    for row in chosen.values("team_id", "grade").annotate(n=Count("id")):
        summary.total += row["n"]
        summary.grades[row["grade"]] = summary.grades.get(row["grade"], 0) + row["n"]
        team = summary.by_team.setdefault(row["team_id"], dict.fromkeys(Grade.values, 0))
        team[row["grade"]] += row["n"]
    tagged = chosen.values("themes__name").annotate(n=Count("id")).order_by("-n", "themes__name")
    for name, n in tagged.values_list("themes__name", "n"):
        if name:
            summary.themes[name] = n
    return summary


def monthly_trend(
    audits: QuerySet[CaseAudit], *, months: int, as_of: dt.date
) -> list[tuple[dt.date, dict[str, int]]]:
    """Grade counts per month for the last ``months`` months, oldest first (one query)."""
    first = add_months(rules.month_start(as_of), -(months - 1))
    buckets = {add_months(first, i): dict.fromkeys(Grade.values, 0) for i in range(months)}
    for audit_date, grade in _submitted(audits, first, rules.month_end(as_of)).values_list(
        "audit_date", "grade"
    ):
        buckets[rules.month_start(audit_date)][grade] += 1
    return list(buckets.items())


def theme_trend(
    audits: QuerySet[CaseAudit], *, months: int, as_of: dt.date
) -> dict[str, list[int]]:
    """Audits tagged with each theme per month, oldest first (one query)."""
    first = add_months(rules.month_start(as_of), -(months - 1))
    index = {add_months(first, i): i for i in range(months)}
    trend: dict[str, list[int]] = {}
    for audit_date, name in (
        _submitted(audits, first, rules.month_end(as_of))
        .filter(themes__isnull=False)
        .values_list("audit_date", "themes__name")
    ):
        trend.setdefault(name, [0] * months)[index[rules.month_start(audit_date)]] += 1
    return trend


def teams_named(team_ids: Iterable[int]) -> dict[int, Team]:
    return Team.objects.in_bulk(list(team_ids))


# ---------------------------------------------------------------------------------------------
# Moderation
# ---------------------------------------------------------------------------------------------
def moderation_queue() -> QuerySet[Moderation]:
    return (
        Moderation.objects.filter(moderated_at__isnull=True)
        .select_related("audit__team", "audit__practitioner", "audit__auditor")
        .order_by("sample_month", "audit__audit_date", "id")
    )


@dataclass
class Agreement:
    month: dt.date
    team_id: int
    moderated: int
    agreed: int

    @property
    def rate(self) -> float | None:
        return round(100 * self.agreed / self.moderated, 1) if self.moderated else None


def agreement_by_team(*, months: int, as_of: dt.date) -> list[Agreement]:
    """Moderated audits and agreement per month and team (one query)."""
    first = add_months(rules.month_start(as_of), -(months - 1))
    rows = (
        Moderation.objects.filter(moderated_at__isnull=False, sample_month__gte=first)
        .values("sample_month", "audit__team_id")
        .annotate(n=Count("id"), agreed=Count("id", filter=Q(agreed=True)))
        .order_by("sample_month", "audit__team_id")
    )
    return [Agreement(r["sample_month"], r["audit__team_id"], r["n"], r["agreed"]) for r in rows]


def bulletins(*, published_only: bool = True) -> QuerySet[LearningBulletin]:
    found = LearningBulletin.objects.prefetch_related("themes")
    return found.filter(published_at__isnull=False) if published_only else found


def action_owners(audit: CaseAudit) -> QuerySet[Person]:
    """Who may own an action on an audit: the people who can read it and act on it, that is the
    practitioner, the managers of the audit's team and the PSW (never a colleague, who would
    see a worker's audit)."""
    return (
        Person.objects.filter(
            Q(pk=audit.practitioner_id)
            | Q(roles__role=Role.TEAM_MANAGER, roles__team_id=audit.team_id)
            | Q(roles__role=Role.PSW),
            active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "id")
    )
