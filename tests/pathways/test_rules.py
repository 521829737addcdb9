"""academy/pathways/rules.py: DOMAIN.md's numbers, pinned with examples and hypothesis properties.

The template numbers come from ``academy.pathways.standard`` (the seeded data), never from here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from academy.pathways import rules
from academy.pathways.models import Evidence, PathwayTemplate
from academy.pathways.rules import (
    Candidate,
    Interval,
    MilestoneSpec,
    MilestoneState,
    Progress,
    Status,
    StatusThresholds,
    Verdict,
    add_months,
)
from academy.pathways.standard import TEMPLATES

D = dt.date


def template(key: str) -> dict[str, Any]:
    return next(t for t in TEMPLATES if t["key"] == key)


ASYE = template("asye-adults")
APPRENTICESHIP = template("sw-degree-apprenticeship")
ASYE_BANDS = rules.parse_supervision_schedule(ASYE["supervision_schedule"])
ASYE_DURATION = Interval(months=ASYE["duration_months"])
ASYE_SPECS = [
    MilestoneSpec(
        key=m["key"],
        title=m["title"],
        offset=Interval(months=m["offset_months"], days=m["offset_days"]),
        optional=m["optional"],
        moves_with_extension=m["moves_with_extension"],
    )
    for m in ASYE["milestones"]
]
#: The status thresholds every template starts with (model defaults).
THRESHOLDS = StatusThresholds(
    due_soon_days=PathwayTemplate._meta.get_field("due_soon_days").default,
    development_alert_percent=PathwayTemplate._meta.get_field("development_alert_percent").default,
)


def asye_states(start: dt.date, completed: dict[str, dt.date] | None = None) -> list:
    completed = completed or {}
    return [
        MilestoneState(
            key=spec.key,
            title=spec.title,
            due=spec.offset.after(start),
            completed_on=completed.get(spec.key),
            moves_with_extension=spec.moves_with_extension,
        )
        for spec in ASYE_SPECS
    ]


def dues(states: list[MilestoneState]) -> dict[str, dt.date]:
    return {m.key: m.due for m in states}


def restate(states: list[MilestoneState], new: dict[str, dt.date]) -> list[MilestoneState]:
    return [
        MilestoneState(
            m.key, m.title, new[m.key], m.completed_on, m.enabled, m.moves_with_extension
        )
        for m in states
    ]


# ---------------------------------------------------------------------------------------------
# The template data is DOMAIN.md's table
# ---------------------------------------------------------------------------------------------
def test_the_seeded_asye_template_holds_domain_md_numbers():
    assert ASYE["duration_months"] == 12
    offsets = {m["key"]: (m["offset_months"], m["offset_days"]) for m in ASYE["milestones"]}
    assert offsets == {
        "support_agreement": (1, 0),
        "review_3m": (3, 0),
        "review_6m": (6, 0),
        "review_9m": (9, 0),
        "final_review": (12, 0),
        "moderation_panel": (13, 0),
    }
    assert [m["key"] for m in ASYE["milestones"] if m["optional"]] == ["review_9m"]
    assert [m["key"] for m in ASYE["milestones"] if m["moves_with_extension"]] == [
        "final_review",
        "moderation_panel",
    ]
    assert ASYE["development_rule"] == {"kind": "percent_of_hours", "percent": 10}
    assert ASYE["evidence_minimums"] == {
        "direct_observation": 3,
        "person_feedback": 3,
        "professional_feedback": 3,
    }
    assert (THRESHOLDS.due_soon_days, THRESHOLDS.development_alert_percent) == (14, 80)


# ---------------------------------------------------------------------------------------------
# Calendar months, clamped to the month's end
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2025, 8, 31), 6, D(2026, 2, 28)),
        (D(2023, 8, 31), 6, D(2024, 2, 29)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2024, 2, 29), 1, D(2024, 3, 29)),
        (D(2025, 3, 31), 1, D(2025, 4, 30)),
        (D(2025, 12, 15), 1, D(2026, 1, 15)),
        (D(2025, 3, 31), -1, D(2025, 2, 28)),
        (D(2026, 1, 31), -12, D(2025, 1, 31)),
    ],
)
def test_calendar_months_are_clamped_to_the_month_end(day, months, expected):
    assert add_months(day, months) == expected


@given(day=st.dates(D(1990, 1, 1), D(2090, 12, 31)), months=st.integers(-240, 240))
def test_adding_months_keeps_the_day_unless_the_month_is_shorter(day, months):
    later = add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    if later.day != day.day:
        assert later.day < day.day
        assert (later + dt.timedelta(days=1)).day == 1, "clamped, so it is the month's last day"


@given(
    first=st.dates(D(2000, 1, 1), D(2080, 12, 31)),
    gap=st.integers(0, 400),
    months=st.integers(0, 60),
)
def test_a_later_start_never_gives_an_earlier_due_date(first, gap, months):
    assert add_months(first + dt.timedelta(days=gap), months) >= add_months(first, months)


def test_inclusive_days_count_both_ends():
    assert rules.inclusive_days(D(2025, 3, 1), D(2025, 3, 3)) == 3
    assert rules.inclusive_days(D(2025, 3, 1), D(2025, 3, 1)) == 1
    assert rules.inclusive_days(D(2024, 2, 1), D(2024, 2, 29)) == 29
    with pytest.raises(ValueError, match="before the first"):
        rules.inclusive_days(D(2025, 3, 2), D(2025, 3, 1))


# ---------------------------------------------------------------------------------------------
# ASYE due dates from the start date S
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "expected", "end"),
    [
        pytest.param(
            D(2025, 1, 31),
            [
                D(2025, 2, 28),
                D(2025, 4, 30),
                D(2025, 7, 31),
                D(2025, 10, 31),
                D(2026, 1, 31),
                D(2026, 2, 28),
            ],
            D(2026, 1, 31),
            id="31-jan",
        ),
        pytest.param(
            D(2024, 1, 31),
            [
                D(2024, 2, 29),
                D(2024, 4, 30),
                D(2024, 7, 31),
                D(2024, 10, 31),
                D(2025, 1, 31),
                D(2025, 2, 28),
            ],
            D(2025, 1, 31),
            id="31-jan-leap-year",
        ),
        pytest.param(
            D(2025, 8, 31),
            [
                D(2025, 9, 30),
                D(2025, 11, 30),
                D(2026, 2, 28),
                D(2026, 5, 31),
                D(2026, 8, 31),
                D(2026, 9, 30),
            ],
            D(2026, 8, 31),
            id="31-aug",
        ),
        pytest.param(
            D(2023, 8, 31),
            [
                D(2023, 9, 30),
                D(2023, 11, 30),
                D(2024, 2, 29),
                D(2024, 5, 31),
                D(2024, 8, 31),
                D(2024, 9, 30),
            ],
            D(2024, 8, 31),
            id="31-aug-six-months-into-a-leap-february",
        ),
        pytest.param(
            D(2024, 2, 29),
            [
                D(2024, 3, 29),
                D(2024, 5, 29),
                D(2024, 8, 29),
                D(2024, 11, 29),
                D(2025, 2, 28),
                D(2025, 3, 29),
            ],
            D(2025, 2, 28),
            id="29-feb",
        ),
        pytest.param(
            D(2025, 9, 1),
            [
                D(2025, 10, 1),
                D(2025, 12, 1),
                D(2026, 3, 1),
                D(2026, 6, 1),
                D(2026, 9, 1),
                D(2026, 10, 1),
            ],
            D(2026, 9, 1),
            id="1-sep",
        ),
    ],
)
def test_asye_milestones_fall_due_at_s_plus_1_3_6_9_12_13_months(start, expected, end):
    due = rules.initial_due_dates(start, ASYE_SPECS)
    assert list(due) == [
        "support_agreement",
        "review_3m",
        "review_6m",
        "review_9m",
        "final_review",
        "moderation_panel",
    ]
    assert list(due.values()) == expected
    assert rules.end_date(start, ASYE_DURATION) == end


# ---------------------------------------------------------------------------------------------
# Pauses and extensions
# ---------------------------------------------------------------------------------------------
START = D(2024, 9, 2)  # support 2 Oct, 3m 2 Dec, 6m 2 Mar, 9m 2 Jun, final 2 Sep, panel 2 Oct


def test_a_pause_before_a_milestone_moves_it_by_the_inclusive_paused_days():
    states = asye_states(START)
    new = rules.shift_for_pause(states, first_day=D(2024, 11, 1), last_day=D(2024, 11, 30))
    assert new == {
        "support_agreement": D(2024, 10, 2),  # due before the pause: stays
        "review_3m": D(2025, 1, 1),
        "review_6m": D(2025, 4, 1),
        "review_9m": D(2025, 7, 2),
        "final_review": D(2025, 10, 2),
        "moderation_panel": D(2025, 11, 1),
    }
    assert {k: (new[k] - v.due).days for k, v in zip(new, states, strict=True)} == {
        "support_agreement": 0,
        "review_3m": 30,
        "review_6m": 30,
        "review_9m": 30,
        "final_review": 30,
        "moderation_panel": 30,
    }


def test_a_one_day_pause_moves_the_milestones_ahead_by_one_day():
    new = rules.shift_for_pause(asye_states(START), first_day=D(2025, 1, 6), last_day=D(2025, 1, 6))
    assert new["review_3m"] == D(2024, 12, 2)
    assert new["review_6m"] == D(2025, 3, 3)


def test_a_pause_after_a_milestone_was_due_does_not_move_it():
    states = asye_states(START)
    new = rules.shift_for_pause(states, first_day=D(2024, 12, 3), last_day=D(2024, 12, 9))
    assert new["support_agreement"] == D(2024, 10, 2)
    assert new["review_3m"] == D(2024, 12, 2), "due the day before the pause began"
    assert new["review_6m"] == D(2025, 3, 9)


def test_a_pause_beginning_on_a_milestones_due_date_moves_it():
    """Not yet past due when the pause begins (due that day), so it moves with the pause."""
    new = rules.shift_for_pause(
        asye_states(START), first_day=D(2024, 12, 2), last_day=D(2024, 12, 8)
    )
    assert new["review_3m"] == D(2024, 12, 9)


def test_a_completed_milestone_never_moves_with_a_pause():
    states = asye_states(START, completed={"review_3m": D(2024, 11, 20)})
    new = rules.shift_for_pause(states, first_day=D(2024, 11, 25), last_day=D(2024, 12, 24))
    assert new["review_3m"] == D(2024, 12, 2), "done early: the pause does not move it"
    assert new["review_6m"] == D(2025, 4, 1)


def test_an_extension_moves_only_the_final_review_and_the_moderation_panel():
    states = asye_states(START)
    new = rules.shift_for_extension(states, days=30)
    assert new == {
        "support_agreement": D(2024, 10, 2),
        "review_3m": D(2024, 12, 2),
        "review_6m": D(2025, 3, 2),
        "review_9m": D(2025, 6, 2),
        "final_review": D(2025, 10, 2),
        "moderation_panel": D(2025, 11, 1),
    }


def test_a_completed_final_review_never_moves_with_an_extension():
    states = asye_states(START, completed={"final_review": D(2025, 8, 29)})
    new = rules.shift_for_extension(states, days=14)
    assert new["final_review"] == D(2025, 9, 2)
    assert new["moderation_panel"] == D(2025, 10, 16)


def test_an_extension_is_at_least_a_day():
    with pytest.raises(ValueError, match="at least one day"):
        rules.shift_for_extension(asye_states(START), days=0)


starts = st.dates(D(2020, 1, 1), D(2030, 12, 31))
completions = st.sets(st.sampled_from([s.key for s in ASYE_SPECS]))


@st.composite
def pauses(draw: Any, start: dt.date) -> tuple[dt.date, dt.date]:
    first = start + dt.timedelta(days=draw(st.integers(0, 450)))
    return first, first + dt.timedelta(days=draw(st.integers(0, 200)))


@given(start=starts, done=completions, data=st.data())
def test_a_pause_never_moves_a_due_date_earlier_and_moves_by_exactly_the_paused_days(
    start, done, data
):
    states = asye_states(start, completed=dict.fromkeys(done, start))
    first, last = data.draw(pauses(start))
    new = rules.shift_for_pause(states, first_day=first, last_day=last)
    paused = (last - first).days + 1
    for m in states:
        assert new[m.key] >= m.due
        moved = new[m.key] != m.due
        assert moved == (m.completed_on is None and m.due >= first)
        if moved:
            assert (new[m.key] - m.due).days == paused


@given(start=starts, done=completions, data=st.data(), count=st.integers(1, 4))
def test_adding_another_pause_never_moves_any_due_date_earlier(start, done, data, count):
    states = asye_states(start, completed=dict.fromkeys(done, start))
    for _ in range(count):
        before = dues(states)
        first, last = data.draw(pauses(start))
        states = restate(states, rules.shift_for_pause(states, first_day=first, last_day=last))
        assert all(states_due >= before[key] for key, states_due in dues(states).items())
    for m in states:
        if m.completed_on is not None:
            original = next(s.offset.after(start) for s in ASYE_SPECS if s.key == m.key)
            assert m.due == original, "a completed milestone never moves"


@given(start=starts, done=completions, days=st.integers(1, 400))
def test_an_extension_moves_the_final_two_by_its_days_and_nothing_else(start, done, days):
    states = asye_states(start, completed=dict.fromkeys(done, start))
    new = rules.shift_for_extension(states, days=days)
    for m in states:
        moves = m.moves_with_extension and m.completed_on is None
        assert (new[m.key] - m.due).days == (days if moves else 0)


# ---------------------------------------------------------------------------------------------
# Milestone status
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (D(2024, 12, 3), rules.MilestoneStatus.OVERDUE),
        (D(2024, 12, 2), rules.MilestoneStatus.DUE_SOON),
        (D(2024, 11, 18), rules.MilestoneStatus.DUE_SOON),
        (D(2024, 11, 17), rules.MilestoneStatus.UPCOMING),
    ],
)
def test_a_milestone_is_due_soon_within_14_days_and_overdue_the_day_after(as_of, expected):
    m = MilestoneState("review_3m", "Interim review (3 months)", D(2024, 12, 2))
    assert rules.milestone_status(m, as_of=as_of, due_soon_days=14) is expected


def test_a_done_or_switched_off_milestone_is_never_overdue():
    done = MilestoneState("a", "A", D(2024, 12, 2), completed_on=D(2024, 12, 1))
    off = MilestoneState("b", "B", D(2024, 12, 2), enabled=False)
    assert rules.milestone_status(done, as_of=D(2025, 6, 1), due_soon_days=14) == "done"
    assert rules.milestone_status(off, as_of=D(2025, 6, 1), due_soon_days=14) == "switched_off"


# ---------------------------------------------------------------------------------------------
# Supervision
# ---------------------------------------------------------------------------------------------
def day(n: int, start: dt.date = START) -> dt.date:
    return start + dt.timedelta(days=n)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (day(0), Interval(days=7)),
        (day(41), Interval(days=7)),
        (day(42), Interval(days=14)),
        (D(2025, 3, 1), Interval(days=14)),  # the day before S + 6 months
        (D(2025, 3, 2), Interval(months=1)),
        (D(2026, 6, 1), Interval(months=1)),
        (day(-1), None),
    ],
)
def test_supervision_is_weekly_for_days_0_to_41_fortnightly_to_month_6_then_monthly(on, expected):
    assert rules.supervision_interval_on(START, on, ASYE_BANDS) == expected


def test_the_intervals_read_as_a_psw_would_say_them():
    assert [band.every.describe() for band in ASYE_BANDS] == ["weekly", "fortnightly", "monthly"]
    assert Interval(months=2).describe() == "every 2 months"
    assert Interval(months=1, days=3).describe() == "every 1 month and 3 days"


@pytest.mark.parametrize(
    ("last", "overdue_from"),
    [
        pytest.param(None, day(8), id="none-since-start-overdue-from-day-8"),
        pytest.param(day(-10), day(8), id="one-before-the-start-counts-from-the-start"),
        pytest.param(day(0), day(8), id="on-the-first-day"),
        pytest.param(day(20), day(28), id="weekly-band"),
        pytest.param(day(33), day(41), id="gap-of-8-on-day-41-still-weekly"),
        pytest.param(day(34), day(49), id="day-42-is-fortnightly-so-the-gap-of-8-is-fine"),
        pytest.param(day(40), day(55), id="last-on-day-40-the-fortnightly-interval-applies"),
        pytest.param(D(2025, 2, 10), D(2025, 2, 25), id="fortnightly-band"),
        pytest.param(D(2025, 2, 20), D(2025, 3, 21), id="crossing-month-6-monthly-applies"),
        pytest.param(D(2025, 5, 31), D(2025, 7, 1), id="monthly-clamped-31-may-to-30-jun"),
    ],
)
def test_supervision_is_overdue_from_the_first_day_the_gap_exceeds_the_interval(last, overdue_from):
    assert rules.supervision_overdue_from(start=START, last=last, bands=ASYE_BANDS) == overdue_from


def test_supervision_is_never_overdue_without_a_schedule():
    assert rules.supervision_overdue_from(start=START, last=None, bands=[]) is None


def reference_overdue_from(start: dt.date, last: dt.date | None) -> dt.date:
    """Day by day: the first day whose gap since ``since`` exceeds the interval in force."""
    since = last if last is not None and last >= start else start
    on = since + dt.timedelta(days=1)
    while True:
        every = rules.supervision_interval_on(start, on, ASYE_BANDS)
        assert every is not None
        if on > every.after(since):
            return on
        on += dt.timedelta(days=1)


@given(start=starts, gap=st.one_of(st.none(), st.integers(-30, 500)))
def test_overdue_from_is_the_first_day_a_day_by_day_check_finds_overdue(start, gap):
    last = None if gap is None else start + dt.timedelta(days=gap)
    assert rules.supervision_overdue_from(
        start=start, last=last, bands=ASYE_BANDS
    ) == reference_overdue_from(start, last)


def test_compliance_counts_ended_periods_and_the_current_one_once_it_holds_a_supervision():
    as_of = day(20)  # periods [0, 7), [7, 14) have ended; [14, 21) is under way
    assert rules.supervision_compliance(start=START, as_of=as_of, dates=[], bands=ASYE_BANDS) == (
        0,
        2,
    )
    assert rules.supervision_compliance(
        start=START, as_of=as_of, dates=[day(1)], bands=ASYE_BANDS
    ) == (1, 2)
    assert rules.supervision_compliance(
        start=START, as_of=as_of, dates=[day(1), day(2), day(15)], bands=ASYE_BANDS
    ) == (2, 3)
    assert rules.supervision_compliance(
        start=START, as_of=as_of, dates=[day(-3), day(25)], bands=ASYE_BANDS
    ) == (0, 2), "dates outside the start and as_of are not counted"


def test_compliance_follows_the_bands_weekly_then_fortnightly_then_monthly():
    # Six weekly periods to day 42, then fortnightly ones while S + 6 months (2 March, day 181)
    # is ahead: the tenth runs from day 168 to day 182 (3 March); monthly periods follow.
    held = [day(7 * n) for n in range(6)]
    held += [day(42 + 14 * n) for n in range(10)]
    held += [D(2025, 3, 3), D(2025, 4, 3), D(2025, 5, 3)]
    as_of = D(2025, 5, 20)  # the period from 3 May is under way and already holds one
    assert rules.supervision_compliance(start=START, as_of=as_of, dates=held, bands=ASYE_BANDS) == (
        19,
        19,
    )
    # Missing the second weekly one and one fortnightly one:
    gaps = [d for d in held if d not in (day(7), day(70))]
    assert rules.supervision_compliance(start=START, as_of=as_of, dates=gaps, bands=ASYE_BANDS) == (
        17,
        19,
    )
    # Two in one period count once; the period without one still counts against:
    doubled = [d for d in held if d != D(2025, 4, 3)] + [D(2025, 3, 20)]
    assert rules.supervision_compliance(
        start=START, as_of=as_of, dates=doubled, bands=ASYE_BANDS
    ) == (18, 19)


# ---------------------------------------------------------------------------------------------
# Development time
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("contracted", "weekly"),
    [("37", "3.70"), ("22.5", "2.25"), ("30", "3.00"), ("18.75", "1.88")],
)
def test_asye_protected_development_time_is_ten_percent_of_contracted_hours(contracted, weekly):
    assert rules.weekly_development_hours(
        rule=ASYE["development_rule"],
        contracted_hours=Decimal(contracted),
        start=START,
        duration=ASYE_DURATION,
    ) == Decimal(weekly)


APPRENTICESHIP_DURATION = Interval(months=APPRENTICESHIP["duration_months"])


@pytest.mark.parametrize(
    ("start", "weekly"),
    [
        pytest.param(D(2021, 9, 1), Decimal("7.40"), id="before-aug-2022-20pc-of-37h"),
        pytest.param(D(2022, 7, 31), Decimal("7.40"), id="31-jul-2022-still-20pc"),
        pytest.param(D(2022, 8, 1), Decimal("6.00"), id="1-aug-2022-6h-a-week"),
        pytest.param(D(2025, 7, 31), Decimal("6.00"), id="31-jul-2025-still-6h"),
        # 1100 hours (the template's figure) over 1 Aug 2025 – 1 Aug 2028, 1096 days:
        # 1100 × 7 / 1096 = 7.0255 → 7.03 h a week.
        pytest.param(D(2025, 8, 1), Decimal("7.03"), id="from-aug-2025-total-hours-spread"),
    ],
)
def test_apprenticeship_off_the_job_hours_follow_the_rule_for_the_start_date(start, weekly):
    rule = APPRENTICESHIP["development_rule"]
    assert rule["bands"][-1] == {"kind": "total_hours", "hours": 1100}
    assert (
        rules.weekly_development_hours(
            rule=rule, contracted_hours=Decimal("37"), start=start, duration=APPRENTICESHIP_DURATION
        )
        == weekly
    )


def test_apprenticeship_before_aug_2022_is_twenty_percent_of_the_persons_paid_hours():
    assert rules.weekly_development_hours(
        rule=APPRENTICESHIP["development_rule"],
        contracted_hours=Decimal("30"),
        start=D(2022, 1, 10),
        duration=APPRENTICESHIP_DURATION,
    ) == Decimal("6.00")


def test_no_rule_owes_nothing_and_an_unknown_rule_is_refused():
    for rule in ({}, {"kind": "none"}):
        assert rules.weekly_development_hours(
            rule=rule, contracted_hours=Decimal("37"), start=START, duration=ASYE_DURATION
        ) == Decimal("0.00")
    with pytest.raises(ValueError, match="unknown development-time rule"):
        rules.weekly_development_hours(
            rule={"kind": "sometimes"},
            contracted_hours=Decimal("37"),
            start=START,
            duration=ASYE_DURATION,
        )


def test_entitlement_to_date_accrues_daily_and_leaves_out_paused_days():
    weekly = Decimal("3.70")
    ten_weeks = day(69)  # 70 days counting the start
    assert rules.development_entitlement_to_date(
        weekly_hours=weekly, start=START, as_of=ten_weeks
    ) == Decimal("37.00")
    assert rules.development_entitlement_to_date(
        weekly_hours=weekly, start=START, as_of=ten_weeks, paused_days=14
    ) == Decimal("29.60")
    assert rules.development_entitlement_to_date(
        weekly_hours=Decimal("2.25"), start=START, as_of=day(27)
    ) == Decimal("9.00")
    assert rules.development_entitlement_to_date(
        weekly_hours=weekly, start=START, as_of=day(-1)
    ) == Decimal("0.00")
    assert rules.development_entitlement_to_date(
        weekly_hours=weekly, start=START, as_of=day(6), paused_days=30
    ) == Decimal("0.00")


def test_nothing_accrues_from_the_end_date_on():
    end = add_months(START, 12)  # 2 September 2025
    a_year = Decimal("192.93")  # 365 days × 3.7 / 7
    for as_of in (end - dt.timedelta(days=1), end, add_months(START, 13)):
        assert (
            rules.development_entitlement_to_date(
                weekly_hours=Decimal("3.70"), start=START, as_of=as_of, end=end
            )
            == a_year
        )
    assert rules.development_entitlement_to_date(
        weekly_hours=Decimal("3.70"), start=START, as_of=day(69), end=end
    ) == Decimal("37.00")


def test_a_year_of_asye_protected_time_at_37_hours_is_about_192_hours():
    a_year = rules.development_entitlement_to_date(
        weekly_hours=Decimal("3.70"), start=START, as_of=D(2025, 9, 1)
    )
    assert a_year == Decimal("192.93")  # 365 days × 3.7 / 7


@given(
    weekly=st.decimals(0, 20, places=2),
    days=st.integers(0, 800),
    paused=st.integers(0, 800),
)
def test_paused_days_never_add_entitlement(weekly, days, paused):
    as_of = day(days)
    full = rules.development_entitlement_to_date(weekly_hours=weekly, start=START, as_of=as_of)
    less = rules.development_entitlement_to_date(
        weekly_hours=weekly, start=START, as_of=as_of, paused_days=paused
    )
    assert Decimal(0) <= less <= full


# ---------------------------------------------------------------------------------------------
# Evidence pace
# ---------------------------------------------------------------------------------------------
def test_evidence_is_expected_at_an_even_pace_to_the_deadline():
    deadline = D(2025, 9, 2)  # 365 days after START
    expected = [
        rules.evidence_expected_by(minimum=3, start=START, deadline=deadline, as_of=d)
        for d in (START, day(121), day(122), day(244), day(364), deadline, day(400))
    ]
    assert expected == [0, 0, 1, 2, 2, 3, 3]
    assert (
        rules.evidence_expected_by(minimum=0, start=START, deadline=deadline, as_of=day(300)) == 0
    )


def test_evidence_behind_names_each_kind_short_of_its_pace():
    gaps = rules.evidence_behind(
        minimums={"direct_observation": 3, "person_feedback": 3, "professional_feedback": 3},
        counts={"direct_observation": 2, "person_feedback": 1},
        start=START,
        deadline=D(2025, 9, 2),
        as_of=day(250),
    )
    assert gaps == [
        rules.EvidenceShortfall("person_feedback", 1, 2),
        rules.EvidenceShortfall("professional_feedback", 0, 2),
    ]


@given(
    minimum=st.integers(0, 10),
    span=st.integers(1, 800),
    a=st.integers(-10, 900),
    b=st.integers(-10, 900),
)
def test_expected_evidence_only_grows_and_reaches_the_minimum_by_the_deadline(minimum, span, a, b):
    deadline = day(span)
    early, late = sorted((a, b))
    first = rules.evidence_expected_by(
        minimum=minimum, start=START, deadline=deadline, as_of=day(early)
    )
    second = rules.evidence_expected_by(
        minimum=minimum, start=START, deadline=deadline, as_of=day(late)
    )
    assert 0 <= first <= second <= minimum
    assert (
        rules.evidence_expected_by(minimum=minimum, start=START, deadline=deadline, as_of=deadline)
        == minimum
    )


# ---------------------------------------------------------------------------------------------
# Status
# ---------------------------------------------------------------------------------------------
LABELS = {str(value): str(label) for value, label in Evidence.Kind.choices}


def progress(as_of: dt.date, **changes: Any) -> Progress:
    """On track by default: everything done, supervision and development time up to date."""
    figures: dict[str, Any] = {
        "as_of": as_of,
        "milestones": asye_states(START, completed={s.key: START for s in ASYE_SPECS}),
        "supervision_overdue_from": as_of + dt.timedelta(days=3),
        "development_logged": Decimal("10"),
        "development_entitled": Decimal("10"),
        "evidence_labels": LABELS,
    }
    figures.update(changes)
    return Progress(**figures)


def test_on_track_when_nothing_is_due_late_or_short():
    assert rules.enrolment_status(progress(D(2025, 1, 6)), THRESHOLDS) == (Status.ON_TRACK, [])


def test_a_milestone_past_due_makes_the_enrolment_overdue_with_the_reason():
    status, reasons = rules.enrolment_status(
        progress(D(2024, 12, 3), milestones=asye_states(START, {"support_agreement": day(20)})),
        THRESHOLDS,
    )
    assert status is Status.OVERDUE
    assert reasons == ["Interim review (3 months) was due on 2 December 2024"]


@pytest.mark.parametrize(
    ("as_of", "reason"),
    [
        (D(2024, 11, 18), "Interim review (3 months) is due in 14 days (2 December 2024)"),
        (D(2024, 12, 1), "Interim review (3 months) is due in 1 day (2 December 2024)"),
        (D(2024, 12, 2), "Interim review (3 months) is due today (2 December 2024)"),
    ],
)
def test_a_milestone_due_within_14_days_puts_the_enrolment_at_risk(as_of, reason):
    states = asye_states(START, {"support_agreement": day(20)})
    assert rules.enrolment_status(progress(as_of, milestones=states), THRESHOLDS) == (
        Status.AT_RISK,
        [reason],
    )


def test_a_milestone_due_in_15_days_leaves_the_enrolment_on_track():
    states = asye_states(START, {"support_agreement": day(20)})
    assert rules.enrolment_status(progress(D(2024, 11, 17), milestones=states), THRESHOLDS) == (
        Status.ON_TRACK,
        [],
    )


def test_a_switched_off_milestone_past_due_does_not_count():
    states = [
        MilestoneState("review_9m", "Interim review (9 months)", D(2025, 6, 2), enabled=False)
    ]
    assert rules.enrolment_status(progress(D(2025, 7, 1), milestones=states), THRESHOLDS) == (
        Status.ON_TRACK,
        [],
    )


def test_overdue_supervision_puts_the_enrolment_at_risk():
    as_of = D(2024, 9, 20)
    assert rules.enrolment_status(
        progress(as_of, supervision_overdue_from=D(2024, 9, 10)), THRESHOLDS
    ) == (Status.AT_RISK, ["Supervision has been overdue since 10 September 2024"])
    assert rules.enrolment_status(progress(as_of, supervision_overdue_from=as_of), THRESHOLDS) == (
        Status.AT_RISK,
        ["Supervision has been overdue since 20 September 2024"],
    )
    assert rules.enrolment_status(
        progress(as_of, supervision_overdue_from=as_of + dt.timedelta(days=1)), THRESHOLDS
    ) == (Status.ON_TRACK, [])


def test_development_time_under_80_percent_of_the_entitlement_to_date_is_at_risk():
    under = progress(
        D(2025, 1, 6), development_logged=Decimal("2.9"), development_entitled=Decimal("3.7")
    )
    assert rules.enrolment_status(under, THRESHOLDS) == (
        Status.AT_RISK,
        ["Development time is 2.9 of 3.7 hours due so far (78%)"],
    )
    exactly = progress(
        D(2025, 1, 6), development_logged=Decimal("2.96"), development_entitled=Decimal("3.70")
    )
    assert rules.enrolment_status(exactly, THRESHOLDS) == (Status.ON_TRACK, [])
    nothing_owed = progress(
        D(2025, 1, 6), development_logged=Decimal("0"), development_entitled=Decimal("0")
    )
    assert rules.enrolment_status(nothing_owed, THRESHOLDS) == (Status.ON_TRACK, [])


def test_evidence_behind_pace_is_at_risk_with_the_kind_named():
    behind = progress(
        D(2025, 5, 1),
        evidence_shortfalls=[rules.EvidenceShortfall("direct_observation", 0, 2)],
    )
    assert rules.enrolment_status(behind, THRESHOLDS) == (
        Status.AT_RISK,
        ["Direct observation: 0 of 2 expected by now"],
    )


def test_overdue_wins_and_lists_the_at_risk_reasons_after_the_overdue_ones():
    as_of = D(2024, 12, 3)
    status, reasons = rules.enrolment_status(
        progress(
            as_of,
            milestones=asye_states(START),
            supervision_overdue_from=D(2024, 11, 1),
            development_logged=Decimal("0"),
            development_entitled=Decimal("33.0"),
        ),
        THRESHOLDS,
    )
    assert status is Status.OVERDUE
    assert reasons == [
        "Support and assessment agreement and first PDP was due on 2 October 2024",
        "Interim review (3 months) was due on 2 December 2024",
        "Supervision has been overdue since 1 November 2024",
        "Development time is 0.0 of 33.0 hours due so far (0%)",
    ]


def test_a_finished_enrolment_has_no_status_reasons():
    late = progress(D(2026, 1, 1), milestones=asye_states(START), finished=True)
    assert rules.enrolment_status(late, THRESHOLDS) == (Status.COMPLETE, [])


def test_the_thresholds_are_the_templates_not_fixed_numbers():
    states = asye_states(START, {"support_agreement": day(20)})
    as_of = D(2024, 11, 2)  # 30 days before the 3-month review
    assert (
        rules.enrolment_status(
            progress(as_of, milestones=states), StatusThresholds(due_soon_days=30)
        )[0]
        is Status.AT_RISK
    )
    low = progress(as_of, development_logged=Decimal("5"), development_entitled=Decimal("10"))
    assert rules.enrolment_status(low, StatusThresholds(development_alert_percent=50)) == (
        Status.ON_TRACK,
        [],
    )


# ---------------------------------------------------------------------------------------------
# Eligibility
# ---------------------------------------------------------------------------------------------
ASYE_CHECKS = ASYE["eligibility_checks"]
ASYE_START = D(2025, 9, 1)


def verdicts(candidate: Candidate, checks: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(f.verdict, f.field) for f in rules.check_eligibility(candidate, checks)]


@pytest.mark.parametrize(
    ("qualified_on", "expected"),
    [
        pytest.param(D(2025, 7, 1), [], id="qualified-this-summer"),
        pytest.param(D(2023, 9, 1), [], id="exactly-2-years-eligible"),
        pytest.param(
            D(2023, 8, 31),
            [(Verdict.NEEDS_CONFIRMATION, "override_reason")],
            id="2-years-and-a-day-needs-confirmation",
        ),
        pytest.param(
            D(2023, 8, 15),
            [(Verdict.NEEDS_CONFIRMATION, "override_reason")],
            id="2-years-and-a-fortnight-needs-confirmation",
        ),
        pytest.param(
            D(2022, 6, 1), [(Verdict.NEEDS_CONFIRMATION, "override_reason")], id="3-years"
        ),
        pytest.param(
            D(2021, 9, 1),
            [(Verdict.NEEDS_CONFIRMATION, "override_reason")],
            id="exactly-4-years-needs-confirmation",
        ),
        pytest.param(
            D(2021, 8, 31),
            [(Verdict.NEEDS_OVERRIDE, "override_reason")],
            id="4-years-and-a-day-needs-override",
        ),
        pytest.param(
            D(2019, 1, 1), [(Verdict.NEEDS_OVERRIDE, "override_reason")], id="over-6-years"
        ),
    ],
)
def test_asye_eligibility_by_years_since_qualifying(qualified_on, expected):
    candidate = Candidate(start=ASYE_START, qualified_on=qualified_on, registered_on=qualified_on)
    assert verdicts(candidate, ASYE_CHECKS) == expected


def test_the_findings_say_what_the_psw_must_do():
    confirm = rules.check_eligibility(
        Candidate(start=ASYE_START, qualified_on=D(2022, 6, 1), registered_on=D(2022, 6, 1)),
        ASYE_CHECKS,
    )
    assert confirm[0].message == (
        "Qualified 3 years before the start: "
        "the PSW must confirm their knowledge is current, with a reason."
    )
    override = rules.check_eligibility(
        Candidate(start=ASYE_START, qualified_on=D(2019, 1, 1), registered_on=D(2019, 1, 1)),
        ASYE_CHECKS,
    )
    assert override[0].message == (
        "Qualified more than 4 years before the start: the PSW must override, with a reason."
    )


def test_an_asye_start_before_swe_registration_is_refused_on_the_start_date():
    findings = rules.check_eligibility(
        Candidate(start=D(2025, 8, 31), qualified_on=D(2025, 6, 1), registered_on=D(2025, 9, 1)),
        ASYE_CHECKS,
    )
    assert [(f.verdict, f.field) for f in findings] == [(Verdict.REFUSED, "start_date")]
    assert "registration with Social Work England (1 September 2025)" in findings[0].message
    on_the_day = Candidate(
        start=D(2025, 9, 1), qualified_on=D(2025, 6, 1), registered_on=D(2025, 9, 1)
    )
    assert verdicts(on_the_day, ASYE_CHECKS) == []


def test_missing_registration_or_qualification_dates_are_refused_on_the_person():
    assert verdicts(
        Candidate(start=ASYE_START, qualified_on=D(2025, 6, 1), registered_on=None), ASYE_CHECKS
    ) == [(Verdict.REFUSED, "person")]
    assert verdicts(
        Candidate(start=ASYE_START, qualified_on=None, registered_on=D(2025, 6, 1)), ASYE_CHECKS
    ) == [(Verdict.REFUSED, "person")]


PE1_CHECKS = template("practice-educator-1")["eligibility_checks"]
PE2_CHECKS = template("practice-educator-2")["eligibility_checks"]
BIA_CHECKS = template("bia")["eligibility_checks"]


def test_practice_educator_stage_1_needs_two_years_since_qualifying():
    two_years = Candidate(start=ASYE_START, qualified_on=D(2023, 9, 1), registered_on=None)
    assert verdicts(two_years, PE1_CHECKS) == []
    short = Candidate(start=ASYE_START, qualified_on=D(2023, 9, 2), registered_on=None)
    assert verdicts(short, PE1_CHECKS) == [(Verdict.NEEDS_OVERRIDE, "override_reason")]


def test_practice_educator_stage_2_needs_stage_1_completed_and_three_years():
    qualified = D(2021, 1, 1)
    without = Candidate(start=ASYE_START, qualified_on=qualified, registered_on=qualified)
    findings = rules.check_eligibility(without, PE2_CHECKS)
    assert [(f.verdict, f.field) for f in findings] == [(Verdict.NEEDS_OVERRIDE, "override_reason")]
    assert "Needs Practice Educator stage 1 completed first" in findings[0].message
    with_pe1 = Candidate(
        start=ASYE_START,
        qualified_on=qualified,
        registered_on=qualified,
        completed_pathways=frozenset({"practice_educator_1"}),
    )
    assert verdicts(with_pe1, PE2_CHECKS) == []
    too_soon = Candidate(
        start=ASYE_START,
        qualified_on=D(2023, 1, 1),
        registered_on=D(2023, 1, 1),
        completed_pathways=frozenset({"practice_educator_1"}),
    )
    assert verdicts(too_soon, PE2_CHECKS) == [(Verdict.NEEDS_OVERRIDE, "override_reason")]


def test_bia_needs_two_years_since_registration():
    assert (
        verdicts(
            Candidate(start=ASYE_START, qualified_on=None, registered_on=D(2023, 9, 1)), BIA_CHECKS
        )
        == []
    )
    assert verdicts(
        Candidate(start=ASYE_START, qualified_on=None, registered_on=D(2024, 1, 1)), BIA_CHECKS
    ) == [(Verdict.NEEDS_OVERRIDE, "override_reason")]
    assert verdicts(Candidate(start=ASYE_START, qualified_on=None, registered_on=None), BIA_CHECKS)


def test_an_unknown_eligibility_check_is_refused():
    with pytest.raises(ValueError, match="unknown eligibility check"):
        rules.check_eligibility(
            Candidate(start=ASYE_START, qualified_on=None, registered_on=None), [{"check": "vibes"}]
        )


@given(
    start=starts,
    back=st.integers(0, 3000),
    more=st.integers(0, 3000),
)
def test_qualifying_longer_ago_never_makes_the_verdict_kinder(start, back, more):
    severity = {None: 0, Verdict.NEEDS_CONFIRMATION: 1, Verdict.NEEDS_OVERRIDE: 2}

    def worst(days_ago: int) -> int:
        qualified = start - dt.timedelta(days=days_ago)
        findings = rules.check_eligibility(
            Candidate(start=start, qualified_on=qualified, registered_on=qualified), ASYE_CHECKS
        )
        return max((severity[f.verdict] for f in findings), default=0)

    assert worst(back) <= worst(back + more)


def test_months_between_counts_whole_calendar_months():
    assert rules.months_between(D(2025, 1, 31), D(2025, 2, 28)) == 1
    assert rules.months_between(D(2025, 1, 31), D(2025, 2, 27)) == 0
    assert rules.months_between(D(2024, 2, 29), D(2026, 2, 28)) == 24
    assert rules.months_between(D(2023, 9, 1), D(2025, 8, 31)) == 23


# ---------------------------------------------------------------------------------------------
# Funding year
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("on", "starts"),
    [
        (D(2025, 2, 1), D(2025, 2, 1)),
        (D(2025, 1, 31), D(2024, 2, 1)),
        (D(2025, 12, 15), D(2025, 2, 1)),
        (D(2024, 2, 29), D(2024, 2, 1)),
        (D(2026, 1, 1), D(2025, 2, 1)),
    ],
)
def test_the_funding_year_runs_from_1_february_to_31_january(on, starts):
    assert rules.funding_year_start(on) == starts


@given(on=st.dates(D(2000, 1, 1), D(2090, 12, 31)))
def test_every_day_falls_in_the_funding_year_starting_the_1_february_before(on):
    begins = rules.funding_year_start(on)
    assert (begins.month, begins.day) == (2, 1)
    assert begins <= on < add_months(begins, 12)
