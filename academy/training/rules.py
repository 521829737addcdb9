"""Pure rules of training: places and the waitlist, late cancellation, expiry and compliance,
Social Work England's CPD year, reminder days. No ORM and no clock.

The numbers (3 days, 90 days, 2 entries, 1 December…) come in as arguments; their defaults live in
settings (``TRAINING``) and on each course.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from academy.common.dates import add_months


# ---------------------------------------------------------------------------------------------
# Places
# ---------------------------------------------------------------------------------------------
class Placement(StrEnum):
    BOOKED = "booked"
    WAITLISTED = "waitlisted"
    REQUESTED = "requested"


def placement(*, capacity: int, holding: int, needs_approval: bool) -> Placement:
    """Where a new booking goes: a request awaiting approval, a place, or the waitlist.

    ``holding`` is the number of bookings holding a place, counted under the session's lock.
    """
    if needs_approval:
        return Placement.REQUESTED
    return Placement.BOOKED if holding < capacity else Placement.WAITLISTED


def places_left(*, capacity: int, holding: int) -> int:
    return max(capacity - holding, 0)


def waitlist_positions(arrivals: Iterable[int]) -> dict[int, int]:
    """Position (1, 2, …) of each waitlisted arrival number: first come, first served."""
    return {arrival: index for index, arrival in enumerate(sorted(arrivals), start=1)}


def is_late_cancellation(
    *, starts_at: dt.datetime, cancelled_at: dt.datetime, cutoff_days: int
) -> bool:
    """Cancelling within ``cutoff_days`` of the start (or after it) is late."""
    return cancelled_at >= starts_at - dt.timedelta(days=cutoff_days)


def booking_window_open(
    *,
    now: dt.datetime,
    opens_at: dt.datetime | None,
    closes_at: dt.datetime | None,
    starts_at: dt.datetime,
) -> bool:
    """Bookings are taken from ``opens_at`` (if set) until ``closes_at`` (else the start)."""
    if opens_at is not None and now < opens_at:
        return False
    return now < (closes_at or starts_at)


def overlaps(
    a_start: dt.datetime, a_end: dt.datetime, b_start: dt.datetime, b_end: dt.datetime
) -> bool:
    return a_start < b_end and b_start < a_end


# ---------------------------------------------------------------------------------------------
# Expiry and compliance
# ---------------------------------------------------------------------------------------------
def expiry_date(completed_on: dt.date, refresh_months: int | None) -> dt.date | None:
    """When a completion runs out; None for a course that never expires."""
    if refresh_months is None:
        return None
    return add_months(completed_on, refresh_months)


class Compliance(StrEnum):
    COMPLIANT = "compliant"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    MISSING = "missing"


def compliance(
    *, completed_on: dt.date | None, expires_on: dt.date | None, as_of: dt.date, expiring_days: int
) -> Compliance:
    """For a required course, from the person's latest completion."""
    if completed_on is None:
        return Compliance.MISSING
    if expires_on is None:
        return Compliance.COMPLIANT
    if expires_on <= as_of:
        return Compliance.EXPIRED
    if (expires_on - as_of).days <= expiring_days:
        return Compliance.EXPIRING
    return Compliance.COMPLIANT


@dataclass(frozen=True)
class RequirementRule:
    """Who must hold a course: ``kind`` everyone, role, job_title or team."""

    kind: str
    role: str = ""
    job_title: str = ""
    team_id: int | None = None


def is_required(
    rules: Sequence[RequirementRule],
    *,
    roles: Iterable[str],
    job_title: str,
    team_id: int | None,
    host_staff: bool = True,
) -> bool:
    """Whether a person must hold a course. "Everyone", a role or a job title bind the academy's
    own staff (the host council's); a team requirement binds that team's members wherever they
    work, so a partner's team can be named."""
    held = set(roles)
    title = job_title.strip().casefold()
    for rule in rules:
        if rule.kind == "team" and team_id is not None and rule.team_id == team_id:
            return True
        if not host_staff:
            continue
        if rule.kind == "everyone":
            return True
        if rule.kind == "role" and rule.role in held:
            return True
        if rule.kind == "job_title" and rule.job_title.strip().casefold() == title and title:
            return True
    return False


# ---------------------------------------------------------------------------------------------
# Social Work England CPD
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CpdRules:
    """SWE's renewal rule (defaults from DOMAIN.md; held in settings)."""

    year_starts_month: int = 12
    year_starts_day: int = 1
    renewal_opens_month: int = 9
    renewal_opens_day: int = 1
    minimum_entries: int = 2
    minimum_peer_reflections: int = 1


def registration_year_start(day: dt.date, rules: CpdRules) -> dt.date:
    """The first day of the SWE registration year holding ``day`` (1 Dec – 30 Nov)."""
    start = dt.date(day.year, rules.year_starts_month, rules.year_starts_day)
    return (
        start
        if day >= start
        else dt.date(day.year - 1, rules.year_starts_month, rules.year_starts_day)
    )


def registration_year_end(start: dt.date) -> dt.date:
    return add_months(start, 12) - dt.timedelta(days=1)


def renewal_window_opens(year_start: dt.date, rules: CpdRules) -> dt.date:
    """The day the renewal window opens in the year starting ``year_start``."""
    end = registration_year_end(year_start)
    opens = dt.date(end.year, rules.renewal_opens_month, rules.renewal_opens_day)
    return opens if opens > year_start else add_months(opens, 12)


class CpdStatus(StrEnum):
    MET = "met"
    SHORT = "short"
    EXEMPT = "exempt"


@dataclass(frozen=True)
class CpdStanding:
    status: CpdStatus
    entries: int
    peer_reflections: int
    entries_needed: int
    peer_reflections_needed: int
    year_start: dt.date
    year_end: dt.date
    reason: str


def cpd_standing(
    *,
    as_of: dt.date,
    first_registered_on: dt.date | None,
    entries: int,
    peer_reflections: int,
    rules: CpdRules,
) -> CpdStanding:
    """Whether a social worker has the CPD SWE asks for to renew this registration year.

    People first registered on or after the renewal window opened in a year are exempt that year.
    """
    start = registration_year_start(as_of, rules)
    end = registration_year_end(start)
    opens = renewal_window_opens(start, rules)
    needed = max(rules.minimum_entries - entries, 0)
    peer_needed = max(rules.minimum_peer_reflections - peer_reflections, 0)
    if first_registered_on is not None and first_registered_on >= opens:
        status, reason = CpdStatus.EXEMPT, "First registered during this year's renewal window."
    elif needed or peer_needed:
        parts = []
        if needed:
            parts.append(f"{needed} more piece{'s' if needed != 1 else ''} of CPD")
        if peer_needed:
            parts.append(f"{peer_needed} more with a peer reflection")
        status, reason = CpdStatus.SHORT, " and ".join(parts) + " needed."
    else:
        status, reason = CpdStatus.MET, "Enough CPD recorded to renew."
    return CpdStanding(status, entries, peer_reflections, needed, peer_needed, start, end, reason)


def swe_reminder_due(
    *, as_of: dt.date, year_start: dt.date, rules: CpdRules, weekly_from_month: int = 11
) -> str | None:
    """The reminder occurrence key due on ``as_of`` for someone short of CPD, or None.

    From the window's opening day (1 Sep) once; then weekly through November (every 7 days from
    1 Nov) until the year ends. The key names the occurrence so each is sent once.
    """
    end = registration_year_end(year_start)
    opens = renewal_window_opens(year_start, rules)
    if as_of < opens or as_of > end:
        return None
    weekly_from = dt.date(end.year, weekly_from_month, 1)
    if as_of < weekly_from:
        return f"opens:{opens.isoformat()}"
    week = (as_of - weekly_from).days // 7
    return f"week:{(weekly_from + dt.timedelta(days=7 * week)).isoformat()}"


# ---------------------------------------------------------------------------------------------
# Reminder days
# ---------------------------------------------------------------------------------------------
def days_until(day: dt.date, as_of: dt.date) -> int:
    return (day - as_of).days


def expiry_reminder_due(
    *, expires_on: dt.date, as_of: dt.date, days_before: Sequence[int]
) -> int | None:
    """The reminder step due: the smallest of ``days_before`` (e.g. 90, 30, 7, 0) that has been
    reached. Sending per step (dedupe by step) means a late sweep still sends each step once."""
    left = days_until(expires_on, as_of)
    reached = [d for d in days_before if left <= d]
    return min(reached) if reached else None
