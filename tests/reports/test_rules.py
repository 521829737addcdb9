"""When a report schedule falls due (pure rules, no database)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from academy.reports.rules import latest_occurrence, schedule_due

days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31))
schedules = st.one_of(
    st.tuples(st.just("monthly"), st.integers(1, 28)),
    st.tuples(st.just("weekly"), st.integers(1, 7)),
)


def test_latest_occurrence_of_a_monthly_day():
    assert latest_occurrence(frequency="monthly", day=1, on=dt.date(2026, 6, 1)) == dt.date(
        2026, 6, 1
    )
    assert latest_occurrence(frequency="monthly", day=15, on=dt.date(2026, 6, 1)) == dt.date(
        2026, 5, 15
    )
    assert latest_occurrence(frequency="monthly", day=28, on=dt.date(2026, 3, 1)) == dt.date(
        2026, 2, 28
    )
    assert latest_occurrence(frequency="monthly", day=10, on=dt.date(2026, 1, 5)) == dt.date(
        2025, 12, 10
    )


def test_latest_occurrence_of_a_weekday():
    monday = dt.date(2026, 6, 1)
    assert latest_occurrence(frequency="weekly", day=1, on=monday) == monday
    assert latest_occurrence(frequency="weekly", day=7, on=monday) == dt.date(2026, 5, 31)
    assert latest_occurrence(frequency="weekly", day=2, on=monday) == dt.date(2026, 5, 26)


@given(schedules, days)
def test_the_latest_occurrence_is_on_the_day_and_within_a_period(schedule, on):
    frequency, day = schedule
    occurrence = latest_occurrence(frequency=frequency, day=day, on=on)
    assert occurrence <= on
    if frequency == "weekly":
        assert occurrence.isoweekday() == day
        assert (on - occurrence).days < 7
    else:
        assert occurrence.day == day
        assert (on - occurrence).days < 31


@given(schedules, days, st.integers(0, 400))
def test_run_every_day_a_schedule_runs_once_for_each_occurrence(schedule, start, length):
    """Called every day (or every day the scheduler is up), a schedule runs on each scheduled
    day, never twice for one."""
    frequency, day = schedule
    last_run = None
    runs = []
    for offset in range(length):
        on = start + dt.timedelta(days=offset)
        if schedule_due(
            frequency=frequency, day=day, on=on, last_run_on=last_run, created_on=start
        ):
            runs.append(on)
            last_run = on
    expected = [
        start + dt.timedelta(days=n)
        for n in range(length)
        if latest_occurrence(frequency=frequency, day=day, on=start + dt.timedelta(days=n))
        == start + dt.timedelta(days=n)
    ]
    assert runs == expected


@given(schedules, days, st.integers(1, 60))
def test_after_a_gap_a_schedule_runs_at_most_once(schedule, last_run, gap):
    frequency, day = schedule
    created = last_run - dt.timedelta(days=1)
    later = last_run + dt.timedelta(days=gap)
    due = schedule_due(
        frequency=frequency, day=day, on=later, last_run_on=last_run, created_on=created
    )
    missed = latest_occurrence(frequency=frequency, day=day, on=later) > last_run
    assert due == missed
    if due:
        assert not schedule_due(
            frequency=frequency, day=day, on=later, last_run_on=later, created_on=created
        )
