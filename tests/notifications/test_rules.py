import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from academy.notifications.rules import gives_up, retry_delay

attempts_st = st.integers(min_value=1, max_value=10_000)
base_st = st.integers(min_value=1, max_value=3600)
cap_st = st.integers(min_value=1, max_value=7 * 24 * 3600)


@pytest.mark.parametrize(
    ("attempts", "expected_seconds"),
    [(1, 60), (2, 120), (3, 240), (4, 480), (6, 1920), (7, 3600), (8, 3600), (500, 3600)],
)
def test_retry_delay_doubles_from_the_base_until_the_cap(attempts, expected_seconds):
    delay = retry_delay(attempts, base_seconds=60, max_seconds=3600)
    assert delay == dt.timedelta(seconds=expected_seconds)


def test_retry_delay_is_the_cap_when_the_base_exceeds_it():
    assert retry_delay(1, base_seconds=600, max_seconds=300) == dt.timedelta(seconds=300)


@pytest.mark.parametrize("attempts", [0, -1])
def test_retry_delay_refuses_a_count_without_a_failed_attempt(attempts):
    with pytest.raises(ValueError, match="starts at 1"):
        retry_delay(attempts, base_seconds=60, max_seconds=3600)


@pytest.mark.parametrize(
    ("attempts", "expected"), [(0, False), (1, False), (4, False), (5, True), (6, True)]
)
def test_gives_up_once_the_attempts_reach_the_maximum(attempts, expected):
    assert gives_up(attempts, max_attempts=5) is expected


def test_a_single_attempt_allowed_gives_up_after_the_first_failure():
    assert gives_up(1, max_attempts=1)


@given(attempts=attempts_st, base=base_st, cap=cap_st)
def test_retry_delay_never_exceeds_the_cap_nor_falls_below_the_first_delay(attempts, base, cap):
    seconds = retry_delay(attempts, base_seconds=base, max_seconds=cap).total_seconds()
    assert min(base, cap) <= seconds <= cap


@given(attempts=attempts_st, base=base_st, cap=cap_st)
def test_retry_delay_is_monotone_in_the_attempts(attempts, base, cap):
    this = retry_delay(attempts, base_seconds=base, max_seconds=cap)
    following = retry_delay(attempts + 1, base_seconds=base, max_seconds=cap)
    assert this <= following


@given(attempts=attempts_st, base=base_st, cap=cap_st)
def test_retry_delay_doubles_or_stays_at_the_cap(attempts, base, cap):
    this = retry_delay(attempts, base_seconds=base, max_seconds=cap)
    following = retry_delay(attempts + 1, base_seconds=base, max_seconds=cap)
    assert following == min(2 * this, dt.timedelta(seconds=cap))


@given(attempts=st.integers(min_value=21, max_value=10_000), base=base_st, cap=cap_st)
def test_retry_delay_reaches_the_cap_within_twenty_one_attempts(attempts, base, cap):
    # The 21st delay is at least 2**20 s (about 12 days), past a week's cap.
    assert retry_delay(attempts, base_seconds=base, max_seconds=cap).total_seconds() == cap


@given(attempts=st.integers(min_value=0, max_value=1000), max_attempts=st.integers(1, 100))
def test_gives_up_is_monotone_and_exact_at_the_maximum(attempts, max_attempts):
    assert gives_up(attempts, max_attempts=max_attempts) is (attempts >= max_attempts)
    if gives_up(attempts, max_attempts=max_attempts):
        assert gives_up(attempts + 1, max_attempts=max_attempts)
