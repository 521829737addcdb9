"""Pure rules of case file audits: scores, grades, the monthly programme, repeats, the
moderation sample and agreement. No ORM and no clock.

Scale, weights, bands, the limiting cap, the quota and the sample share come in as arguments from
the template and settings; DOMAIN.md's defaults (Yes 1, Partly 0.5, No 0, N/A excluded; 85/65/40;
2 a manager a month; 10%, at least one a team a quarter) are data there.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from academy.common.dates import add_months

NOT_APPLICABLE = "n/a"
GRADE_ORDER = ("outstanding", "good", "requires_improvement", "inadequate")


@dataclass(frozen=True)
class Scored:
    """One answered question: its answer, weight, and whether it is limiting."""

    answer: str
    weight: Decimal = Decimal("1")
    limiting: bool = False


def score(answers: Sequence[Scored], scale: Mapping[str, Any]) -> Decimal | None:
    """Weighted mean of the answers' scores × 100, to one decimal place; N/A is left out.
    None when every answer is N/A (nothing to score)."""
    total = Decimal("0")
    weights = Decimal("0")
    for item in answers:
        if item.answer == NOT_APPLICABLE:
            continue
        if item.answer not in scale:
            raise ValueError(f"no score for the answer {item.answer!r}")
        total += Decimal(str(scale[item.answer])) * item.weight
        weights += item.weight
    if weights == 0:
        return None
    return (total * 100 / weights).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def band(value: Decimal, bands: Sequence[Mapping[str, Any]]) -> str:
    """The first grade whose minimum the score reaches (bands best first)."""
    for entry in bands:
        if value >= Decimal(str(entry["min"])):
            return str(entry["grade"])
    return str(bands[-1]["grade"])


def cap(grade: str, ceiling: str) -> str:
    """The worse of two grades."""
    return grade if GRADE_ORDER.index(grade) >= GRADE_ORDER.index(ceiling) else ceiling


def grade_for(
    answers: Sequence[Scored],
    *,
    scale: Mapping[str, Any],
    bands: Sequence[Mapping[str, Any]],
    limiting_cap: str,
) -> tuple[Decimal | None, str | None]:
    """(score, grade). A limiting question answered No caps the grade at ``limiting_cap``."""
    value = score(answers, scale)
    if value is None:
        return None, None
    grade = band(value, bands)
    if any(a.limiting and a.answer == "no" for a in answers):
        grade = cap(grade, limiting_cap)
    return value, grade


# ---------------------------------------------------------------------------------------------
# The monthly programme
# ---------------------------------------------------------------------------------------------
def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return add_months(month_start(day), 1) - dt.timedelta(days=1)


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def expected_audits(*, per_manager: int, managers: int) -> int:
    return per_manager * managers


class ProgrammeStatus(StrEnum):
    DUE = "due"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class MonthProgress:
    quota: int
    submitted: int
    in_progress: int
    due: int
    overdue: int
    status: ProgrammeStatus


def month_progress(
    *, quota: int, submitted: int, in_progress: int, month: dt.date, as_of: dt.date
) -> MonthProgress:
    """A team's month against its quota. Audits not submitted by the month's end are overdue."""
    missing = max(quota - submitted, 0)
    finished = as_of > month_end(month)
    overdue = missing if finished else 0
    due = 0 if finished else max(missing - in_progress, 0)
    if missing == 0:
        status = ProgrammeStatus.SUBMITTED
    elif finished:
        status = ProgrammeStatus.OVERDUE
    elif in_progress:
        status = ProgrammeStatus.IN_PROGRESS
    else:
        status = ProgrammeStatus.DUE
    return MonthProgress(quota, submitted, min(in_progress, missing), due, overdue, status)


def repeat_window_start(audit_date: dt.date, *, months: int = 12) -> dt.date:
    """Audits of the same case on or after this date are repeats within the window."""
    return add_months(audit_date, -months)


def repeat_window_end(audit_date: dt.date, *, months: int = 12) -> dt.date:
    """Audits of the same case on or before this date are repeats within the window: the twin
    of ``repeat_window_start``, so that ``later <= repeat_window_end(earlier)`` exactly when
    ``repeat_window_start(later) <= earlier`` (an audit on the last day of a month reaches the
    last day of the month ``months`` on, e.g. 28 Feb 2027 reaches 29 Feb 2028)."""
    later = add_months(audit_date, months)
    return month_end(later) if audit_date == month_end(audit_date) else later


def reaudit_due(audit_date: dt.date, *, months: int) -> dt.date:
    return add_months(audit_date, months)


# ---------------------------------------------------------------------------------------------
# Moderation
# ---------------------------------------------------------------------------------------------
def sample_size(count: int, *, share_percent: int) -> int:
    """The share of a month's audits to moderate, rounded up (one at least, if any)."""
    if count <= 0:
        return 0
    return max(1, math.ceil(count * share_percent / 100))


def draw_sample(
    audits: Sequence[tuple[int, int]],
    *,
    share_percent: int,
    teams_needing_one: set[int],
    seed: str,
) -> list[int]:
    """Audit ids to moderate from ``(audit id, team id)`` pairs: the share at random, plus one
    from each team that has none moderated this quarter yet. ``seed`` makes a month's draw
    repeatable (the same month gives the same sample)."""
    rng = random.Random(seed)  # noqa: S311 - a fair sample, not a secret
    pool = sorted(audits)
    chosen = set(
        rng.sample(
            [a for a, _ in pool],
            min(sample_size(len(pool), share_percent=share_percent), len(pool)),
        )
    )
    covered = {team for audit, team in pool if audit in chosen}
    for team in sorted(teams_needing_one - covered):
        candidates = [audit for audit, t in pool if t == team]
        if candidates:
            chosen.add(rng.choice(candidates))
    return sorted(chosen)


def agreement_rate(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Share (0–100) of moderated audits whose re-grade matched the original grade."""
    if not pairs:
        return None
    agreed = sum(1 for original, moderated in pairs if original == moderated)
    return round(100 * agreed / len(pairs), 1)
