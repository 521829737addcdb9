"""The pure rules of training: places and the waitlist, cut-offs, expiry and compliance, who must
hold a course, Social Work England's CPD year and the reminder days. No database, no clock."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from academy.training import rules
from academy.training.rules import Compliance, CpdRules, CpdStatus, Placement, RequirementRule

UTC = dt.UTC
SWE = CpdRules()

dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31))
moments = st.datetimes(
    min_value=dt.datetime(2020, 1, 1),  # noqa: DTZ001 - hypothesis adds the zone
    max_value=dt.datetime(2040, 1, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
)


def at(day: str, time: str = "09:30") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=UTC)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# ---------------------------------------------------------------------------------------------
# Places and the waitlist
# ---------------------------------------------------------------------------------------------
def test_a_booking_takes_a_place_while_one_is_free_then_goes_to_the_waitlist():
    assert rules.placement(capacity=10, holding=9, needs_approval=False) is Placement.BOOKED
    assert rules.placement(capacity=10, holding=10, needs_approval=False) is Placement.WAITLISTED
    assert rules.placement(capacity=10, holding=12, needs_approval=False) is Placement.WAITLISTED


def test_a_course_needing_approval_makes_a_request_whatever_the_places():
    assert rules.placement(capacity=10, holding=0, needs_approval=True) is Placement.REQUESTED
    assert rules.placement(capacity=10, holding=10, needs_approval=True) is Placement.REQUESTED


@given(capacity=st.integers(1, 500), holding=st.integers(0, 600))
def test_places_left_is_never_negative_and_booked_exactly_when_a_place_is_left(capacity, holding):
    left = rules.places_left(capacity=capacity, holding=holding)
    assert left == max(capacity - holding, 0)
    booked = rules.placement(capacity=capacity, holding=holding, needs_approval=False)
    assert (booked is Placement.BOOKED) == (left > 0)


@given(st.sets(st.integers(1, 10_000), max_size=60))
def test_waitlist_positions_count_from_one_in_arrival_order(arrivals):
    positions = rules.waitlist_positions(arrivals)
    assert sorted(positions.values()) == list(range(1, len(arrivals) + 1))
    for earlier in arrivals:
        for later in arrivals:
            if earlier < later:
                assert positions[earlier] < positions[later]


def test_waitlist_positions_ignore_the_order_they_are_given_in():
    assert rules.waitlist_positions([17, 4, 9]) == {4: 1, 9: 2, 17: 3}
    assert rules.waitlist_positions([]) == {}


# ---------------------------------------------------------------------------------------------
# Late cancellation and the booking window
# ---------------------------------------------------------------------------------------------
def test_cancelling_within_the_default_three_days_is_late_and_before_it_is_not():
    start = at("2026-03-10", "09:30")
    late = rules.is_late_cancellation
    assert not late(starts_at=start, cancelled_at=at("2026-03-07", "09:29"), cutoff_days=3)
    assert late(starts_at=start, cancelled_at=at("2026-03-07", "09:30"), cutoff_days=3)
    assert late(starts_at=start, cancelled_at=at("2026-03-09", "17:00"), cutoff_days=3)
    assert late(starts_at=start, cancelled_at=at("2026-03-10", "10:00"), cutoff_days=3)


def test_a_course_with_its_own_cut_off_uses_it():
    start = at("2026-03-10")
    five_days_before = at("2026-03-05", "12:00")
    assert not rules.is_late_cancellation(
        starts_at=start, cancelled_at=five_days_before, cutoff_days=3
    )
    assert rules.is_late_cancellation(starts_at=start, cancelled_at=five_days_before, cutoff_days=7)
    assert not rules.is_late_cancellation(
        starts_at=start, cancelled_at=at("2026-03-10", "09:29"), cutoff_days=0
    )


@given(start=moments, before=st.integers(0, 20 * 24 * 60), cutoff=st.integers(0, 14))
def test_late_exactly_when_cancelled_within_the_cut_off(start, before, cutoff):
    cancelled = start - dt.timedelta(minutes=before)
    late = rules.is_late_cancellation(starts_at=start, cancelled_at=cancelled, cutoff_days=cutoff)
    assert late == (before <= cutoff * 24 * 60)


def test_booking_is_open_from_opening_until_closing():
    start = at("2026-03-10")
    opens, closes = at("2026-02-01"), at("2026-03-03")
    window = rules.booking_window_open
    assert not window(now=at("2026-01-31"), opens_at=opens, closes_at=closes, starts_at=start)
    assert window(now=opens, opens_at=opens, closes_at=closes, starts_at=start)
    assert window(now=at("2026-03-03", "09:29"), opens_at=opens, closes_at=closes, starts_at=start)
    assert not window(now=closes, opens_at=opens, closes_at=closes, starts_at=start)


def test_without_a_closing_time_booking_closes_at_the_start():
    start = at("2026-03-10")
    window = rules.booking_window_open
    assert window(now=at("2025-01-01"), opens_at=None, closes_at=None, starts_at=start)
    assert window(now=at("2026-03-10", "09:29"), opens_at=None, closes_at=None, starts_at=start)
    assert not window(now=start, opens_at=None, closes_at=None, starts_at=start)


def test_sessions_overlap_only_when_they_share_time():
    nine, ten, eleven, noon = (at("2026-03-10", t) for t in ("09:00", "10:00", "11:00", "12:00"))
    assert rules.overlaps(nine, eleven, ten, noon)
    assert rules.overlaps(ten, eleven, nine, noon)
    assert not rules.overlaps(nine, ten, ten, eleven)  # back to back is not a clash
    assert not rules.overlaps(nine, ten, eleven, noon)


@given(a=moments, b=moments, a_len=st.integers(1, 600), b_len=st.integers(1, 600))
def test_overlap_is_symmetric(a, b, a_len, b_len):
    a_end, b_end = a + dt.timedelta(minutes=a_len), b + dt.timedelta(minutes=b_len)
    assert rules.overlaps(a, a_end, b, b_end) == rules.overlaps(b, b_end, a, a_end)


# ---------------------------------------------------------------------------------------------
# Expiry
# ---------------------------------------------------------------------------------------------
def test_a_completion_expires_after_the_refresh_interval_in_calendar_months():
    assert rules.expiry_date(d("2025-03-14"), 36) == d("2028-03-14")
    assert rules.expiry_date(d("2025-03-14"), 12) == d("2026-03-14")


def test_expiry_is_clamped_to_the_end_of_a_shorter_month():
    assert rules.expiry_date(d("2025-01-31"), 1) == d("2025-02-28")
    assert rules.expiry_date(d("2027-01-31"), 13) == d("2028-02-29")
    assert rules.expiry_date(d("2024-02-29"), 12) == d("2025-02-28")
    assert rules.expiry_date(d("2024-02-29"), 48) == d("2028-02-29")


def test_a_course_with_a_blank_refresh_interval_never_expires():
    assert rules.expiry_date(d("2025-03-14"), None) is None


@given(completed=dates, months=st.integers(1, 120))
def test_expiry_lands_the_right_number_of_months_later_on_the_same_day_or_the_months_end(
    completed, months
):
    expires = rules.expiry_date(completed, months)
    assert expires is not None
    assert (expires.year - completed.year) * 12 + expires.month - completed.month == months
    last_day = calendar.monthrange(expires.year, expires.month)[1]
    assert expires.day == min(completed.day, last_day)


# ---------------------------------------------------------------------------------------------
# Compliance
# ---------------------------------------------------------------------------------------------
def state(completed: str | None, expires: str | None, as_of: str, days: int = 90) -> Compliance:
    return rules.compliance(
        completed_on=d(completed) if completed else None,
        expires_on=d(expires) if expires else None,
        as_of=d(as_of),
        expiring_days=days,
    )


def test_never_completed_is_missing():
    assert state(None, None, "2026-01-01") is Compliance.MISSING


def test_a_completion_that_never_expires_is_always_compliant():
    assert state("2001-01-01", None, "2060-01-01") is Compliance.COMPLIANT


def test_compliance_edges_at_ninety_days_and_on_the_expiry_day():
    expires = "2026-04-01"
    assert state("2023-04-01", expires, "2025-12-31") is Compliance.COMPLIANT  # 91 days left
    assert state("2023-04-01", expires, "2026-01-01") is Compliance.EXPIRING  # 90 days left
    assert state("2023-04-01", expires, "2026-03-31") is Compliance.EXPIRING  # 1 day left
    assert state("2023-04-01", expires, "2026-04-01") is Compliance.EXPIRED  # the day itself
    assert state("2023-04-01", expires, "2027-01-01") is Compliance.EXPIRED


def test_the_expiring_window_is_a_setting():
    assert state("2023-04-01", "2026-04-01", "2026-02-01", days=30) is Compliance.COMPLIANT
    assert state("2023-04-01", "2026-04-01", "2026-03-02", days=30) is Compliance.EXPIRING


@given(expires=dates, as_of=dates, days=st.integers(0, 365))
def test_compliance_follows_the_days_left(expires, as_of, days):
    got = rules.compliance(
        completed_on=dt.date(1999, 1, 1), expires_on=expires, as_of=as_of, expiring_days=days
    )
    left = (expires - as_of).days
    expected = (
        Compliance.EXPIRED
        if left <= 0
        else Compliance.EXPIRING
        if left <= days
        else Compliance.COMPLIANT
    )
    assert got is expected


# ---------------------------------------------------------------------------------------------
# Who must hold a course
# ---------------------------------------------------------------------------------------------
def required(rule_list, *, roles=("learner",), job_title="Social Worker", team_id=7) -> bool:
    return rules.is_required(rule_list, roles=roles, job_title=job_title, team_id=team_id)


def test_a_course_for_everyone_is_required_of_everyone():
    assert required([RequirementRule("everyone")], roles=(), job_title="", team_id=None)


def test_a_course_for_a_role_is_required_only_of_people_holding_it():
    rule = [RequirementRule("role", role="team_manager")]
    assert required(rule, roles=("learner", "team_manager"))
    assert not required(rule, roles=("learner", "supervisor"))


def test_a_course_for_a_job_title_matches_it_whatever_the_case_and_spacing():
    rule = [RequirementRule("job_title", job_title="Occupational Therapist")]
    assert required(rule, job_title="occupational therapist")
    assert required(rule, job_title="  OCCUPATIONAL THERAPIST ")
    assert not required(rule, job_title="Occupational Therapy Assistant")
    assert not required(rule, job_title="")


def test_a_blank_job_title_rule_never_matches_a_blank_job_title():
    assert not required([RequirementRule("job_title", job_title="  ")], job_title="")


def test_a_course_for_a_team_is_required_of_its_members_only():
    rule = [RequirementRule("team", team_id=7)]
    assert required(rule, team_id=7)
    assert not required(rule, team_id=8)
    assert not required(rule, team_id=None)


def test_any_one_matching_rule_makes_it_required_and_no_rules_means_nobody():
    rule_list = [RequirementRule("role", role="psw"), RequirementRule("team", team_id=3)]
    assert required(rule_list, team_id=3)
    assert required(rule_list, roles=("psw",), team_id=None)
    assert not required(rule_list, team_id=4)
    assert not required([], roles=("psw",))


# ---------------------------------------------------------------------------------------------
# Social Work England CPD
# ---------------------------------------------------------------------------------------------
def test_the_registration_year_runs_from_1_december_to_30_november():
    assert rules.registration_year_start(d("2025-11-30"), SWE) == d("2024-12-01")
    assert rules.registration_year_start(d("2025-12-01"), SWE) == d("2025-12-01")
    assert rules.registration_year_start(d("2026-01-15"), SWE) == d("2025-12-01")
    assert rules.registration_year_end(d("2025-12-01")) == d("2026-11-30")


def test_the_renewal_window_opens_on_1_september_of_the_years_end():
    assert rules.renewal_window_opens(d("2024-12-01"), SWE) == d("2025-09-01")
    assert rules.renewal_window_opens(d("2025-12-01"), SWE) == d("2026-09-01")


@given(dates)
def test_every_day_falls_in_exactly_one_registration_year(day):
    start = rules.registration_year_start(day, SWE)
    end = rules.registration_year_end(start)
    assert start <= day <= end
    assert (start.month, start.day) == (12, 1)
    assert (end.month, end.day) == (11, 30)
    assert rules.registration_year_start(end + dt.timedelta(days=1), SWE) == end + dt.timedelta(
        days=1
    )


def standing(
    as_of: str, *, entries: int, peers: int, registered: str | None = "2015-07-01"
) -> rules.CpdStanding:
    return rules.cpd_standing(
        as_of=d(as_of),
        first_registered_on=d(registered) if registered else None,
        entries=entries,
        peer_reflections=peers,
        rules=SWE,
    )


def test_two_entries_one_with_a_peer_reflection_is_enough_to_renew():
    result = standing("2026-10-01", entries=2, peers=1)
    assert result.status is CpdStatus.MET
    assert (result.year_start, result.year_end) == (d("2025-12-01"), d("2026-11-30"))


def test_short_of_entries_or_of_a_peer_reflection_says_what_is_missing():
    none = standing("2026-10-01", entries=0, peers=0)
    assert none.status is CpdStatus.SHORT
    assert (none.entries_needed, none.peer_reflections_needed) == (2, 1)
    assert "2 more pieces of CPD" in none.reason
    assert "1 more with a peer reflection" in none.reason

    no_peer = standing("2026-10-01", entries=3, peers=0)
    assert no_peer.status is CpdStatus.SHORT
    assert (no_peer.entries_needed, no_peer.peer_reflections_needed) == (0, 1)

    one = standing("2026-10-01", entries=1, peers=1)
    assert one.status is CpdStatus.SHORT
    assert one.reason == "1 more piece of CPD needed."


def test_first_registered_on_or_after_1_september_is_exempt_that_year_only():
    assert standing("2026-10-01", entries=0, peers=0, registered="2026-09-01").status is (
        CpdStatus.EXEMPT
    )
    assert standing("2026-10-01", entries=0, peers=0, registered="2026-11-30").status is (
        CpdStatus.EXEMPT
    )
    assert standing("2026-10-01", entries=0, peers=0, registered="2026-08-31").status is (
        CpdStatus.SHORT
    )
    # The next registration year is a full one: no exemption.
    assert standing("2027-10-01", entries=0, peers=0, registered="2026-09-01").status is (
        CpdStatus.SHORT
    )


def test_the_minimums_are_settings():
    strict = CpdRules(minimum_entries=4, minimum_peer_reflections=2)
    result = rules.cpd_standing(
        as_of=d("2026-10-01"),
        first_registered_on=None,
        entries=3,
        peer_reflections=2,
        rules=strict,
    )
    assert result.status is CpdStatus.SHORT
    assert result.entries_needed == 1


def swe_due(day: str) -> str | None:
    as_of = d(day)
    return rules.swe_reminder_due(
        as_of=as_of, year_start=rules.registration_year_start(as_of, SWE), rules=SWE
    )


def test_no_renewal_reminder_before_1_september():
    assert swe_due("2026-08-31") is None
    assert swe_due("2025-12-01") is None


def test_the_renewal_reminder_is_one_occurrence_from_1_september_to_the_end_of_october():
    assert swe_due("2026-09-01") == "opens:2026-09-01"
    assert swe_due("2026-09-02") == "opens:2026-09-01"
    assert swe_due("2026-10-31") == "opens:2026-09-01"


def test_the_renewal_reminder_is_weekly_through_november():
    assert swe_due("2026-11-01") == "week:2026-11-01"
    assert swe_due("2026-11-07") == "week:2026-11-01"
    assert swe_due("2026-11-08") == "week:2026-11-08"
    assert swe_due("2026-11-29") == "week:2026-11-29"
    assert swe_due("2026-11-30") == "week:2026-11-29"
    assert swe_due("2026-12-01") is None


@given(st.integers(2021, 2060))
def test_november_has_five_weekly_occurrences_and_september_to_october_one(year):
    keys = {
        swe_due(str(dt.date(year, 9, 1) + dt.timedelta(days=n)))
        for n in range((dt.date(year, 12, 1) - dt.date(year, 9, 1)).days)
    }
    assert len([k for k in keys if k and k.startswith("opens:")]) == 1
    assert len([k for k in keys if k and k.startswith("week:")]) == 5


# ---------------------------------------------------------------------------------------------
# Reminder steps
# ---------------------------------------------------------------------------------------------
STEPS = (90, 30, 7, 0)


def step(expires: str, as_of: str) -> int | None:
    return rules.expiry_reminder_due(expires_on=d(expires), as_of=d(as_of), days_before=STEPS)


def test_expiry_reminder_steps_at_90_30_7_and_0_days():
    expires = "2026-06-30"
    assert step(expires, "2026-03-31") is None  # 91 days
    assert step(expires, "2026-04-01") == 90
    assert step(expires, "2026-05-30") == 90  # 31 days
    assert step(expires, "2026-05-31") == 30  # 30 days
    assert step(expires, "2026-06-01") == 30
    assert step(expires, "2026-06-23") == 7
    assert step(expires, "2026-06-29") == 7
    assert step(expires, "2026-06-30") == 0
    assert step(expires, "2027-01-01") == 0


@given(expires=dates, as_of=dates)
def test_the_step_due_is_the_smallest_reached(expires, as_of):
    left = (expires - as_of).days
    got = rules.expiry_reminder_due(expires_on=expires, as_of=as_of, days_before=STEPS)
    reached = [s for s in STEPS if left <= s]
    assert got == (min(reached) if reached else None)
    if got is not None:
        assert left <= got


@pytest.mark.parametrize("steps", [(90, 30, 7, 0), [0, 7, 30, 90], (30,)])
def test_the_steps_are_data_in_any_order(steps):
    assert (
        rules.expiry_reminder_due(
            expires_on=d("2026-06-30"), as_of=d("2026-06-01"), days_before=steps
        )
        == 30
    )


def test_everyone_role_and_job_title_requirements_bind_the_academys_own_staff_only():
    everyone = [rules.RequirementRule(kind="everyone")]
    by_role = [rules.RequirementRule(kind="role", role="team_manager")]
    by_team = [rules.RequirementRule(kind="team", team_id=7)]
    partner = {"roles": ["team_manager"], "job_title": "Nurse", "team_id": 7, "host_staff": False}
    assert not rules.is_required(everyone, **partner)
    assert not rules.is_required(by_role, **partner)
    assert rules.is_required(by_team, **partner)  # a requirement naming the partner's team
