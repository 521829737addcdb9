"""Pure rules of pathways: due dates, pauses, supervision, development time, evidence, status,
eligibility. No ORM and no clock: every function takes the dates it needs.

The numbers (12 months, 14 days, 10%, 80%…) come in as arguments from the pathway template or
the enrolment, never from here: the defaults DOMAIN.md gives are data in the seeded templates.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

ONE_DAY = dt.timedelta(days=1)


# ---------------------------------------------------------------------------------------------
# Calendar arithmetic
# ---------------------------------------------------------------------------------------------
def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months later, clamped to the month's end: 31 Jan + 1 month = 28 or 29 Feb."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Interval:
    """A span of calendar months and days (months first)."""

    months: int = 0
    days: int = 0

    def after(self, day: dt.date) -> dt.date:
        return add_months(day, self.months) + dt.timedelta(days=self.days)

    @classmethod
    def parse(cls, data: Mapping[str, Any] | None) -> Interval | None:
        if data is None:
            return None
        return cls(months=int(data.get("months", 0)), days=int(data.get("days", 0)))

    def describe(self) -> str:
        if self.months and not self.days:
            return "monthly" if self.months == 1 else f"every {self.months} months"
        if self.days == 7 and not self.months:
            return "weekly"
        if self.days == 14 and not self.months:
            return "fortnightly"
        parts = []
        if self.months:
            parts.append(f"{self.months} month{'s' if self.months != 1 else ''}")
        if self.days:
            parts.append(f"{self.days} day{'s' if self.days != 1 else ''}")
        return "every " + " and ".join(parts)


def inclusive_days(first: dt.date, last: dt.date) -> int:
    """Days from ``first`` to ``last`` counting both (a pause from 1 to 3 March is 3 days)."""
    if last < first:
        raise ValueError("the last day comes before the first")
    return (last - first).days + 1


# ---------------------------------------------------------------------------------------------
# Milestones, pauses and extensions
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MilestoneSpec:
    """A milestone of a pathway template: due ``offset`` after the start date."""

    key: str
    title: str
    offset: Interval
    optional: bool = False
    moves_with_extension: bool = False
    evidence_needed: tuple[str, ...] = ()


@dataclass(frozen=True)
class MilestoneState:
    """A milestone of one enrolment as it stands."""

    key: str
    title: str
    due: dt.date
    completed_on: dt.date | None = None
    enabled: bool = True
    moves_with_extension: bool = False


def initial_due_dates(start: dt.date, specs: Iterable[MilestoneSpec]) -> dict[str, dt.date]:
    return {spec.key: spec.offset.after(start) for spec in specs}


def end_date(start: dt.date, duration: Interval) -> dt.date:
    return duration.after(start)


def shift_for_pause(
    milestones: Iterable[MilestoneState], *, first_day: dt.date, last_day: dt.date
) -> dict[str, dt.date]:
    """New due dates after a pause from ``first_day`` to ``last_day`` (inclusive).

    Every milestone not yet done and not yet due when the pause starts (due on or after its first
    day) moves by the paused number of days. Completed milestones never move.
    """
    days = dt.timedelta(days=inclusive_days(first_day, last_day))
    return {
        m.key: (m.due + days if m.completed_on is None and m.due >= first_day else m.due)
        for m in milestones
    }


def shift_for_extension(milestones: Iterable[MilestoneState], *, days: int) -> dict[str, dt.date]:
    """New due dates after a plain extension: the milestones that move with an extension (the
    final review and the moderation panel, for the ASYE) move by ``days`` unless done."""
    if days < 1:
        raise ValueError("an extension is at least one day")
    delta = dt.timedelta(days=days)
    return {
        m.key: (m.due + delta if m.completed_on is None and m.moves_with_extension else m.due)
        for m in milestones
    }


class MilestoneStatus(StrEnum):
    DONE = "done"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    UPCOMING = "upcoming"
    SWITCHED_OFF = "switched_off"


def milestone_status(m: MilestoneState, *, as_of: dt.date, due_soon_days: int) -> MilestoneStatus:
    if not m.enabled:
        return MilestoneStatus.SWITCHED_OFF
    if m.completed_on is not None:
        return MilestoneStatus.DONE
    if m.due < as_of:
        return MilestoneStatus.OVERDUE
    if (m.due - as_of).days <= due_soon_days:
        return MilestoneStatus.DUE_SOON
    return MilestoneStatus.UPCOMING


# ---------------------------------------------------------------------------------------------
# Supervision
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SupervisionBand:
    """Supervision at least every ``every`` until ``until`` after the start (None: to the end)."""

    every: Interval
    until: Interval | None = None


def parse_supervision_schedule(data: Sequence[Mapping[str, Any]]) -> list[SupervisionBand]:
    bands = []
    for band in data:
        every = Interval.parse(band["every"])
        assert every is not None
        bands.append(SupervisionBand(every=every, until=Interval.parse(band.get("until"))))
    return bands


def _band_edges(
    start: dt.date, bands: Sequence[SupervisionBand]
) -> list[tuple[dt.date, dt.date | None, Interval]]:
    edges = []
    begin = start
    for band in bands:
        finish = band.until.after(start) if band.until is not None else None
        edges.append((begin, finish, band.every))
        if finish is None:
            break
        begin = finish
    return edges


def supervision_interval_on(
    start: dt.date, day: dt.date, bands: Sequence[SupervisionBand]
) -> Interval | None:
    """The interval in force on ``day`` (None when the schedule has ended or is empty)."""
    for begin, finish, every in _band_edges(start, bands):
        if begin <= day and (finish is None or day < finish):
            return every
    return None


def supervision_overdue_from(
    *,
    start: dt.date,
    last: dt.date | None,
    bands: Sequence[SupervisionBand],
    pauses: Sequence[tuple[dt.date, dt.date]] = (),
) -> dt.date | None:
    """The first day on which supervision is overdue: the gap since the last supervision (or the
    start) exceeds the interval in force that day. None when the schedule never makes it overdue.

    Paused days (first to last, inclusive) do not count towards the gap: nobody is supervised on
    parental leave, so the day it falls overdue moves on by the days paused before it.
    """
    since = last if last is not None and last >= start else start
    due = _overdue_without_pauses(start, since, bands)
    counted: set[tuple[dt.date, dt.date]] = set()
    while due is not None:
        extra = 0
        for first, final in pauses:
            if (first, final) in counted or final < since or first >= due:
                continue
            counted.add((first, final))
            extra += inclusive_days(max(first, since), final)
        if not extra:
            return due
        due += dt.timedelta(days=extra)
    return None


def _overdue_without_pauses(
    start: dt.date, since: dt.date, bands: Sequence[SupervisionBand]
) -> dt.date | None:
    for begin, finish, every in _band_edges(start, bands):
        if finish is not None and finish <= since:
            continue
        candidate = every.after(since) + ONE_DAY
        candidate = max(candidate, begin)
        if finish is None or candidate < finish:
            return candidate
    return None


def supervision_compliance(
    *,
    start: dt.date,
    as_of: dt.date,
    dates: Iterable[dt.date],
    bands: Sequence[SupervisionBand],
) -> tuple[int, int]:
    """(periods with a supervision, periods due) from the start to ``as_of``.

    The time is cut into consecutive periods, each as long as the interval in force when it
    starts; a period counts once it has ended, or earlier if it already holds a supervision.
    """
    held = sorted(d for d in dates if start <= d <= as_of)
    met = due = 0
    begin = start
    while begin <= as_of:
        every = supervision_interval_on(start, begin, bands)
        if every is None:
            break
        finish = every.after(begin)
        has_one = any(begin <= d < finish for d in held)
        if finish <= as_of or has_one:
            due += 1
            met += int(has_one)
        begin = finish
    return met, due


# ---------------------------------------------------------------------------------------------
# Development time (ASYE protected time; apprenticeship off-the-job training)
# ---------------------------------------------------------------------------------------------
HOURS = Decimal("0.01")


def _hours(value: Decimal) -> Decimal:
    return value.quantize(HOURS, rounding=ROUND_HALF_UP)


def weekly_development_hours(
    *,
    rule: Mapping[str, Any],
    contracted_hours: Decimal,
    start: dt.date,
    duration: Interval,
) -> Decimal:
    """Hours a week owed under a development-time rule.

    Rules: ``{"kind": "percent_of_hours", "percent": 10}`` (ASYE: 37 h → 3.7 h, 22.5 h → 2.25 h);
    ``{"kind": "hours_per_week", "hours": 6}``; ``{"kind": "total_hours", "hours": N}`` spread
    evenly over the pathway; ``{"kind": "by_start_date", "bands": [{"before": "2022-08-01",
    ...rule}, ..., {...rule}]}`` picks the first band whose ``before`` date is after the start.
    """
    kind = rule.get("kind")
    if kind == "percent_of_hours":
        return _hours(contracted_hours * Decimal(str(rule["percent"])) / 100)
    if kind == "hours_per_week":
        return _hours(Decimal(str(rule["hours"])))
    if kind == "total_hours":
        weeks = Decimal((end_date(start, duration) - start).days) / 7
        return _hours(Decimal(str(rule["hours"])) / weeks) if weeks else Decimal("0.00")
    if kind == "by_start_date":
        for band in rule["bands"]:
            before = band.get("before")
            if before is None or start < dt.date.fromisoformat(before):
                return weekly_development_hours(
                    rule=band, contracted_hours=contracted_hours, start=start, duration=duration
                )
        return Decimal("0.00")
    if kind in (None, "none"):
        return Decimal("0.00")
    raise ValueError(f"unknown development-time rule: {kind}")


def development_entitlement_to_date(
    *,
    weekly_hours: Decimal,
    start: dt.date,
    as_of: dt.date,
    paused_days: int = 0,
    end: dt.date | None = None,
) -> Decimal:
    """Hours accrued from the start to ``as_of`` (inclusive), paused days excluded. Nothing
    accrues from ``end`` (the pathway's end date) on: the weeks waiting for a panel owe none."""
    if end is not None:
        as_of = min(as_of, end - ONE_DAY)
    if as_of < start:
        return Decimal("0.00")
    days = max(inclusive_days(start, as_of) - paused_days, 0)
    return _hours(weekly_hours * days / 7)


# ---------------------------------------------------------------------------------------------
# Evidence
# ---------------------------------------------------------------------------------------------
def evidence_expected_by(*, minimum: int, start: dt.date, deadline: dt.date, as_of: dt.date) -> int:
    """How many items of a kind should be in by ``as_of`` to reach ``minimum`` by ``deadline`` at
    an even pace (whole items, rounded down)."""
    if minimum <= 0 or as_of <= start:
        return 0
    if as_of >= deadline:
        return minimum
    span = (deadline - start).days
    return (minimum * (as_of - start).days) // span


@dataclass(frozen=True)
class EvidenceShortfall:
    kind: str
    have: int
    expected: int


def evidence_behind(
    *,
    minimums: Mapping[str, int],
    counts: Mapping[str, int],
    start: dt.date,
    deadline: dt.date,
    as_of: dt.date,
) -> list[EvidenceShortfall]:
    out = []
    for kind, minimum in minimums.items():
        expected = evidence_expected_by(
            minimum=minimum, start=start, deadline=deadline, as_of=as_of
        )
        have = counts.get(kind, 0)
        if have < expected:
            out.append(EvidenceShortfall(kind, have, expected))
    return out


# ---------------------------------------------------------------------------------------------
# Status
# ---------------------------------------------------------------------------------------------
class Status(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OVERDUE = "overdue"
    COMPLETE = "complete"


@dataclass(frozen=True)
class StatusThresholds:
    """From the pathway template: days before a due date that put an enrolment at risk, and the
    share of development time below which it is at risk."""

    due_soon_days: int = 14
    development_alert_percent: int = 80
    #: No development-time alert in the first days, when a day without logging reads as 0%.
    development_grace_days: int = 0


@dataclass(frozen=True)
class Progress:
    """What the status rule looks at, gathered by the selectors."""

    as_of: dt.date
    milestones: Sequence[MilestoneState]
    supervision_overdue_from: dt.date | None
    development_logged: Decimal
    development_entitled: Decimal
    evidence_shortfalls: Sequence[EvidenceShortfall] = ()
    finished: bool = False
    evidence_labels: Mapping[str, str] = field(default_factory=dict)
    started_on: dt.date | None = None


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def enrolment_status(progress: Progress, thresholds: StatusThresholds) -> tuple[Status, list[str]]:
    """On track, at risk or overdue, with the reasons a person can act on.

    Overdue: a milestone is past due. At risk: a milestone falls due within the window and is not
    done, supervision is overdue, development time is under the alert share of the entitlement to
    date, or evidence is behind pace.
    """
    if progress.finished:
        return Status.COMPLETE, []
    overdue: list[str] = []
    at_risk: list[str] = []
    for m in progress.milestones:
        state = milestone_status(m, as_of=progress.as_of, due_soon_days=thresholds.due_soon_days)
        if state is MilestoneStatus.OVERDUE:
            overdue.append(f"{m.title} was due on {_long(m.due)}")
        elif state is MilestoneStatus.DUE_SOON:
            days = (m.due - progress.as_of).days
            when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
            at_risk.append(f"{m.title} is due {when} ({_long(m.due)})")
    if progress.supervision_overdue_from and progress.supervision_overdue_from <= progress.as_of:
        at_risk.append(
            f"Supervision has been overdue since {_long(progress.supervision_overdue_from)}"
        )
    entitled = progress.development_entitled
    in_grace = progress.started_on is not None and (
        (progress.as_of - progress.started_on).days < thresholds.development_grace_days
    )
    if entitled > 0 and not in_grace:
        share = progress.development_logged * 100 / entitled
        if share < thresholds.development_alert_percent:
            at_risk.append(
                f"Development time is {progress.development_logged:.1f} of {entitled:.1f} hours "
                f"due so far ({share:.0f}%)"
            )
    for gap in progress.evidence_shortfalls:
        label = progress.evidence_labels.get(gap.kind, gap.kind.replace("_", " "))
        at_risk.append(f"{label}: {gap.have} of {gap.expected} expected by now")
    if overdue:
        return Status.OVERDUE, overdue + at_risk
    if at_risk:
        return Status.AT_RISK, at_risk
    return Status.ON_TRACK, []


# ---------------------------------------------------------------------------------------------
# Eligibility
# ---------------------------------------------------------------------------------------------
class Verdict(StrEnum):
    ELIGIBLE = "eligible"
    NEEDS_CONFIRMATION = "needs_confirmation"  # the PSW confirms, with a recorded reason
    NEEDS_OVERRIDE = "needs_override"  # the PSW overrides, with a recorded reason
    REFUSED = "refused"  # no override: fix the data or the date


@dataclass(frozen=True)
class Finding:
    verdict: Verdict
    message: str
    field: str = "start_date"


@dataclass(frozen=True)
class Candidate:
    """What eligibility checks know about the person being enrolled."""

    start: dt.date
    qualified_on: dt.date | None
    registered_on: dt.date | None
    completed_pathways: frozenset[str] = frozenset()


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole calendar months from ``earlier`` to ``later``."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if add_months(earlier, months) > later:
        months -= 1
    return months


def check_eligibility(candidate: Candidate, checks: Sequence[Mapping[str, Any]]) -> list[Finding]:
    """Apply a template's eligibility checks; an empty list means eligible.

    Checks: ``registered_before_start``; ``qualified_within`` (``eligible_months``,
    ``confirm_months``: within the first → eligible, within the second → the PSW confirms
    knowledge is current, beyond → the PSW overrides); ``months_since_qualifying`` and
    ``months_since_registration`` (``minimum``); ``completed_pathway`` (``kind``, ``label``).
    """
    findings: list[Finding] = []
    for check in checks:
        findings.extend(_check(candidate, check))
    return findings


def _check(c: Candidate, check: Mapping[str, Any]) -> list[Finding]:
    name = check["check"]
    if name == "registered_before_start":
        if c.registered_on is None:
            return [
                Finding(
                    Verdict.REFUSED,
                    "Record the person's Social Work England registration date first.",
                    "person",
                )
            ]
        if c.start < c.registered_on:
            return [
                Finding(
                    Verdict.REFUSED,
                    "The start date cannot be before the person's "
                    f"registration with Social Work England ({_long(c.registered_on)}).",
                )
            ]
        return []
    if name == "qualified_within":
        if c.qualified_on is None:
            return [
                Finding(Verdict.REFUSED, "Record the person's qualification date first.", "person")
            ]
        years = months_between(c.qualified_on, c.start) // 12
        # "Qualified ≤ 2 years": up to the day, not to the whole month (2 years and a fortnight
        # is more than 2 years).
        if c.start <= add_months(c.qualified_on, int(check["eligible_months"])):
            return []
        if c.start <= add_months(c.qualified_on, int(check["confirm_months"])):
            return [
                Finding(
                    Verdict.NEEDS_CONFIRMATION,
                    f"Qualified {years} years before the start: "
                    "the PSW must confirm their knowledge is current, with a reason.",
                    "override_reason",
                )
            ]
        return [
            Finding(
                Verdict.NEEDS_OVERRIDE,
                f"Qualified more than {int(check['confirm_months']) // 12} "
                "years before the start: the PSW must override, with a reason.",
                "override_reason",
            )
        ]
    if name in ("months_since_qualifying", "months_since_registration"):
        since = c.qualified_on if name == "months_since_qualifying" else c.registered_on
        what = "qualifying" if name == "months_since_qualifying" else "registration"
        minimum = int(check["minimum"])
        if since is None or months_between(since, c.start) < minimum:
            return [
                Finding(
                    Verdict.NEEDS_OVERRIDE,
                    f"Needs at least {minimum // 12} years since "
                    f"{what}: the PSW must override, with a reason.",
                    "override_reason",
                )
            ]
        return []
    if name == "completed_pathway":
        if check["kind"] not in c.completed_pathways:
            return [
                Finding(
                    Verdict.NEEDS_OVERRIDE,
                    f"Needs {check.get('label', check['kind'])} "
                    "completed first: the PSW must override, with a reason.",
                    "override_reason",
                )
            ]
        return []
    raise ValueError(f"unknown eligibility check: {name}")


# ---------------------------------------------------------------------------------------------
# Funding year (Skills for Care ASYE)
# ---------------------------------------------------------------------------------------------
def funding_year_start(day: dt.date, *, starts_month: int = 2, starts_day: int = 1) -> dt.date:
    """The first day of the funding year holding ``day`` (1 Feb – 31 Jan by default)."""
    this_year = dt.date(day.year, starts_month, starts_day)
    return this_year if day >= this_year else dt.date(day.year - 1, starts_month, starts_day)
