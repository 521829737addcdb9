"""The demo's twelve months of case file audits worked out from the tables in ``audit_data``
(pure: no database): which team audits whom on which day, with which grade and case reference,
and the answers that give that grade under the template's own scoring rule.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from academy.audits import rules
from academy.demo import audit_data as table
from academy.demo.data import Ref
from academy.demo.roster import PersonSpec
from academy.people.models import PcfLevel, Role

#: Days before its due date that a re-audit is done (low, high).
REAUDIT_EARLY_DAYS = (0, 5)
#: Audits are done on a working day between these days of the month.
AUDIT_DAYS = (2, 27)


@dataclass
class PlannedAudit:
    team: str
    months_ago: int
    day: dt.date
    practitioner: Ref
    grade: str  # the grade its answers give ("" for a draft)
    reference: str = ""
    draft: bool = False
    acknowledged: bool = False
    reflection: bool = False
    override: tuple[str, str] = ("", "")
    #: The earlier audit of the same case this one follows: a re-audit, or a repeat the PSW
    #: allowed for ``repeat_reason``.
    follows: PlannedAudit | None = None
    repeat_reason: str = ""
    overdue_action: bool = False
    row: table.FixedAudit | None = field(default=None, repr=False)
    seed: str = field(default="", repr=False)


@dataclass(frozen=True)
class Question:
    pk: int
    standard: str
    weight: Decimal
    limiting: bool


def audit_plan(
    roster: Sequence[PersonSpec], *, today: dt.date, default_quota: int, reaudit_months: int
) -> list[PlannedAudit]:
    """Every audit of the twelve months, oldest first, each with its own case reference (a
    re-audit or repeat with its earlier audit's)."""
    this_month = rules.month_start(today)
    planned: list[PlannedAudit] = []
    for team in table.AUDITED_TEAMS:
        quota = default_quota if team.quota is None else team.quota
        pool = _practitioners(roster, team.team)
        turn = 0
        for months_ago in range(table.MONTHS - 1, -1, -1):
            month = rules.add_months(this_month, -months_ago)
            key = (team.team, months_ago)
            fixed = [f for f in table.FIXED_AUDITS if (f.team, f.months_ago) == key]
            missed = sum(n for t, m, n in table.MISSED if (t, m) == key)
            drawn = 0 if months_ago == 0 else max(quota - missed - len(fixed), 0)
            for slot in range(len(fixed) + drawn):
                rng = random.Random(f"{table.AUDIT_SEED}:{team.team}:{months_ago}:{slot}")  # noqa: S311
                row = fixed[slot] if slot < len(fixed) else None
                audit = _planned(team, months_ago, month, today, row, pool, turn, rng)
                turn += row is None or row.practitioner is None
                planned.append(audit)
    planned += _follow_ups(planned, today, reaudit_months)
    planned.sort(key=lambda a: (a.day, a.team, a.seed))
    _number(planned)
    return planned


def _practitioners(roster: Sequence[PersonSpec], team: str) -> list[PersonSpec]:
    """The team's case-holding staff the tables do not already give a story of their own."""
    named = {f.practitioner for f in table.FIXED_AUDITS if f.practitioner is not None}
    return [
        spec
        for spec in roster
        if spec.team == team
        and spec.active
        and Role.TEAM_MANAGER not in spec.roles
        and not spec.login
        and spec.ref not in named
        and spec.pcf_level != PcfLevel.PRE_QUALIFYING
        and (spec.swe_number or spec.hcpc_number or spec.job_title in table.CASE_HOLDING_TITLES)
    ]


def _planned(
    team: table.AuditedTeam,
    months_ago: int,
    month: dt.date,
    today: dt.date,
    row: table.FixedAudit | None,
    pool: Sequence[PersonSpec],
    turn: int,
    rng: random.Random,
) -> PlannedAudit:
    day_of_month = row.day if row and row.day else rng.randint(*AUDIT_DAYS)
    day = min(_working_day(month + dt.timedelta(days=day_of_month - 1)), today)
    practitioner = row.practitioner if row else None
    if practitioner is None:
        settled = [
            spec for spec in pool
            if (day - spec.employment_start_date).days >= table.SETTLED_IN_DAYS
        ]  # fmt: skip
        practitioner = settled[turn % len(settled)].ref
    draft = bool(row and row.draft)
    grade = "" if draft else (row.grade if row and row.grade else _grade(team, rng))
    acknowledged, reflection = _acknowledgement(row, months_ago, rng)
    return PlannedAudit(
        team=team.team,
        months_ago=months_ago,
        day=day,
        practitioner=practitioner,
        grade=grade,
        draft=draft,
        acknowledged=acknowledged and not draft,
        reflection=reflection and not draft,
        override=row.override if row else ("", ""),
        repeat_reason=row.repeat_of[1] if row else "",
        overdue_action=bool(row and row.overdue_action),
        row=row,
        seed=f"{team.team}:{months_ago}:{rng.random()}",
    )


def _acknowledgement(
    row: table.FixedAudit | None, months_ago: int, rng: random.Random
) -> tuple[bool, bool]:
    """Whether the practitioner has acknowledged the feedback (older audits mostly have), and
    whether with a reflection."""
    age = min(months_ago, len(table.ACKNOWLEDGED_PERCENT) - 1)
    acknowledged = rng.randrange(100) < table.ACKNOWLEDGED_PERCENT[age]
    if row and row.acknowledged is not None:
        acknowledged = row.acknowledged
    reflection = acknowledged and (
        (row.reflection if row else False) or rng.randrange(100) < table.REFLECTION_PERCENT
    )
    return acknowledged, reflection


def _working_day(day: dt.date) -> dt.date:
    """The working day on or before ``day`` in its month, else the first one after it."""
    earlier = day
    while earlier.weekday() >= 5:
        earlier -= dt.timedelta(days=1)
    if earlier.month == day.month:
        return earlier
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _grade(team: table.AuditedTeam, rng: random.Random) -> str:
    grades = (table.OUTSTANDING, table.GOOD, table.REQUIRES_IMPROVEMENT)
    return rng.choices(grades, weights=team.grades)[0]


def _follow_ups(
    planned: Sequence[PlannedAudit], today: dt.date, reaudit_months: int
) -> list[PlannedAudit]:
    """Re-audits of the Inadequate audits whose re-audit has fallen due; and, for a repeat the
    PSW allowed, the case (and practitioner) of the team's first audit that many months ago."""
    extra = []
    for audit in planned:
        row = audit.row
        if row is None:
            continue
        if audit.grade == table.INADEQUATE and row.reaudit_grade:
            due = rules.reaudit_due(audit.day, months=reaudit_months)
            rng = random.Random(f"{table.AUDIT_SEED}:reaudit:{audit.seed}")  # noqa: S311
            day = _working_day(due - dt.timedelta(days=rng.randint(*REAUDIT_EARLY_DAYS)))
            if day <= today:
                extra.append(_follow(audit, day, row.reaudit_grade, rng))
        if row.repeat_of[1]:
            first = next(
                a
                for a in planned
                if (a.team, a.months_ago) == (audit.team, row.repeat_of[0]) and a.grade
            )
            audit.follows, audit.practitioner = first, first.practitioner
    return extra


def _follow(audit: PlannedAudit, day: dt.date, grade: str, rng: random.Random) -> PlannedAudit:
    months_ago = (audit.day.year - day.year) * 12 + audit.day.month - day.month + audit.months_ago
    return PlannedAudit(
        team=audit.team,
        months_ago=months_ago,
        day=day,
        practitioner=audit.practitioner,
        grade=grade,
        acknowledged=months_ago > 0,
        follows=audit,
        seed=f"{audit.seed}:reaudit:{rng.random()}",
    )


def _number(planned: Sequence[PlannedAudit]) -> None:
    """Case references from the case-management system: one per case, never reused."""
    rng = random.Random(f"{table.AUDIT_SEED}:references")  # noqa: S311
    numbers = iter(rng.sample(range(100_000, 1_000_000), len(planned)))
    for audit in planned:
        if audit.follows is None:
            audit.reference = f"CR{next(numbers)}"
    for audit in planned:
        if audit.follows is not None:
            audit.reference = audit.follows.reference


# ---------------------------------------------------------------------------------------------
# Answers
# ---------------------------------------------------------------------------------------------
def answers_for(
    audit: PlannedAudit, questions: Sequence[Question], scoring: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """Answers that give the audit its grade under the template's scoring (drawn until they do;
    a draft gets the first half of its answers). Each No carries the auditor's comment."""
    rng = random.Random(f"{table.AUDIT_SEED}:answers:{audit.seed}")  # noqa: S311
    target = audit.grade or table.GOOD
    for _ in range(1000):
        answers = _draw(questions, target, rng)
        scored = [
            rules.Scored(a, q.weight, q.limiting) for q, a in zip(questions, answers, strict=True)
        ]
        _, grade = rules.grade_for(
            scored,
            scale=scoring["answer_scores"],
            bands=scoring["grade_bands"],
            limiting_cap=scoring["limiting_cap"],
        )
        if grade == target:
            break
    else:
        raise ValueError(f"No answers give {target} on this template.")
    answered = len(questions) // 2 if audit.draft else len(questions)
    return [
        {
            "question": q.pk,
            "answer": a if i < answered else "",
            "comment": table.COMMENTS.get(q.standard, "") if a == "no" and i < answered else "",
        }
        for i, (q, a) in enumerate(zip(questions, answers, strict=True))
    ]


def _draw(questions: Sequence[Question], grade: str, rng: random.Random) -> list[str]:
    odds = table.ANSWER_ODDS[grade]
    capacity_in_doubt = rng.randrange(100) >= table.CAPACITY_NOT_IN_DOUBT
    return [
        "n/a"
        if q.standard == "mental_capacity" and not capacity_in_doubt
        else rng.choices(("yes", "partly", "no"), weights=odds)[0]
        for q in questions
    ]


def standards_by_strength(
    questions: Sequence[Question], answers: Sequence[Mapping[str, Any]], scale: Mapping[str, Any]
) -> list[str]:
    """The practice standards the answers touch, strongest first (mean score of their answers)."""
    scores: dict[str, list[float]] = {}
    for q, row in zip(questions, answers, strict=True):
        if row["answer"] in scale and q.standard:
            scores.setdefault(q.standard, []).append(float(scale[row["answer"]]))
    return sorted(scores, key=lambda s: (-sum(scores[s]) / len(scores[s]), s))
