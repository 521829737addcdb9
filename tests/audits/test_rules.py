"""academy/audits/rules.py: scores and grades, the monthly programme, the repeat window, the
moderation sample and agreement. Pure functions: no database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from academy.audits import rules
from academy.audits.rules import ProgrammeStatus, Scored
from academy.audits.standard import BANDS, SCALE
from academy.common.dates import add_months

D = dt.date
CAP = "requires_improvement"


def grade(answers: list[Scored], **options: object) -> tuple[Decimal | None, str | None]:
    settings = {"scale": SCALE, "bands": BANDS, "limiting_cap": CAP}
    settings.update(options)
    return rules.grade_for(answers, **settings)


def weighted(yes: str, no: str) -> list[Scored]:
    """A Yes and a No weighted so that the score is exactly ``yes`` (weights sum to 100)."""
    return [Scored("yes", Decimal(yes)), Scored("no", Decimal(no))]


# ---------------------------------------------------------------------------------------------
# Scores
# ---------------------------------------------------------------------------------------------
def test_yes_partly_and_no_score_one_a_half_and_nothing():
    assert rules.score([Scored("yes")], SCALE) == Decimal("100.0")
    assert rules.score([Scored("partly")], SCALE) == Decimal("50.0")
    assert rules.score([Scored("no")], SCALE) == Decimal("0.0")
    assert rules.score([Scored("yes"), Scored("partly"), Scored("no")], SCALE) == Decimal("50.0")


def test_not_applicable_answers_are_left_out_of_the_score():
    assert rules.score([Scored("yes"), Scored("n/a")], SCALE) == Decimal("100.0")
    assert rules.score([Scored("yes"), Scored("no"), Scored("n/a")], SCALE) == Decimal("50.0")


def test_weights_count_each_answer_that_many_times():
    answers = [Scored("yes", Decimal("3")), Scored("no", Decimal("1"))]
    assert rules.score(answers, SCALE) == Decimal("75.0")
    answers = [Scored("partly", Decimal("1.5")), Scored("yes", Decimal("0.5"))]
    assert rules.score(answers, SCALE) == Decimal("62.5")


def test_the_score_is_rounded_half_up_to_one_decimal_place():
    assert rules.score([Scored("yes"), Scored("yes"), Scored("no")], SCALE) == Decimal("66.7")
    assert rules.score([Scored("yes"), Scored("no"), Scored("no")], SCALE) == Decimal("33.3")
    # 84.95 is shown as 85.0, and graded as it is shown.
    assert grade(weighted("84.95", "15.05")) == (Decimal("85.0"), "outstanding")


def test_the_scale_is_the_templates_data():
    harsh = {"yes": 1, "partly": 0.25, "no": 0}
    assert rules.score([Scored("partly")], harsh) == Decimal("25.0")


def test_an_answer_the_scale_does_not_know_is_an_error():
    with pytest.raises(ValueError, match="maybe"):
        rules.score([Scored("maybe")], SCALE)


def test_every_answer_not_applicable_leaves_nothing_to_grade():
    assert rules.score([Scored("n/a"), Scored("n/a", limiting=True)], SCALE) is None
    assert grade([Scored("n/a"), Scored("n/a")]) == (None, None)
    assert grade([]) == (None, None)


# ---------------------------------------------------------------------------------------------
# Grades
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("yes", "expected"),
    [
        ("100", "outstanding"),
        ("85", "outstanding"),
        ("84.9", "good"),
        ("65", "good"),
        ("64.9", "requires_improvement"),
        ("40", "requires_improvement"),
        ("39.9", "inadequate"),
        ("0.01", "inadequate"),
    ],
)
def test_each_band_starts_exactly_at_its_minimum(yes, expected):
    no = str(Decimal("100") - Decimal(yes))
    answers = weighted(yes, no) if Decimal(no) else [Scored("yes")]
    value, found = grade(answers)
    assert value == Decimal(yes).quantize(Decimal("0.1"))
    assert found == expected


def test_a_score_below_every_band_takes_the_lowest():
    bands = [{"grade": "good", "min": 50}, {"grade": "requires_improvement", "min": 20}]
    assert rules.band(Decimal("10"), bands) == "requires_improvement"


def test_bands_are_the_templates_data():
    generous = [{"grade": "outstanding", "min": 75}, {"grade": "inadequate", "min": 0}]
    assert grade(weighted("75", "25"), bands=generous) == (Decimal("75.0"), "outstanding")


def test_a_limiting_question_answered_no_caps_the_grade_at_requires_improvement():
    answers = [Scored("yes", Decimal("9")), Scored("no", limiting=True)]
    assert grade(answers) == (Decimal("90.0"), "requires_improvement")


def test_the_cap_never_raises_a_lower_grade():
    answers = [Scored("yes"), Scored("no"), Scored("no", limiting=True)]
    assert grade(answers) == (Decimal("33.3"), "inadequate")


def test_only_a_limiting_no_caps_the_grade():
    assert grade([Scored("yes", Decimal("9")), Scored("no")])[1] == "outstanding"
    partly = [Scored("yes", Decimal("19")), Scored("partly", limiting=True)]
    assert grade(partly) == (Decimal("97.5"), "outstanding")
    assert grade([Scored("yes"), Scored("n/a", limiting=True)])[1] == "outstanding"


def test_the_cap_is_the_templates_data():
    answers = [Scored("yes", Decimal("9")), Scored("no", limiting=True)]
    assert grade(answers, limiting_cap="good") == (Decimal("90.0"), "good")


def test_cap_takes_the_worse_of_two_grades():
    assert rules.cap("outstanding", "good") == "good"
    assert rules.cap("inadequate", "good") == "inadequate"
    assert rules.cap("good", "good") == "good"


answer_lists = st.lists(
    st.builds(
        Scored,
        answer=st.sampled_from(["yes", "partly", "no", "n/a"]),
        weight=st.decimals(min_value="0.01", max_value="99.99", places=2),
        limiting=st.booleans(),
    ),
    max_size=25,
)
BETTER = {"no": "partly", "partly": "yes"}


@given(answer_lists)
def test_a_score_is_always_between_0_and_100(answers):
    value = rules.score(answers, SCALE)
    if all(a.answer == "n/a" for a in answers):
        assert value is None
    else:
        assert value is not None
        assert Decimal("0") <= value <= Decimal("100")


@given(answer_lists, st.decimals(min_value="0.01", max_value="99.99", places=2), st.booleans())
def test_adding_a_not_applicable_answer_never_changes_the_score_or_grade(answers, weight, limit):
    more = [*answers, Scored("n/a", weight, limit)]
    assert grade(more) == grade(answers)


@given(answer_lists, st.data())
def test_a_better_answer_never_lowers_the_score_or_the_grade(answers, data):
    improvable = [i for i, a in enumerate(answers) if a.answer in BETTER]
    if not improvable:
        return
    i = data.draw(st.sampled_from(improvable))
    better = list(answers)
    better[i] = Scored(BETTER[answers[i].answer], answers[i].weight, answers[i].limiting)
    before, after = grade(answers), grade(better)
    assert before[0] is not None
    assert after[0] is not None
    assert after[0] >= before[0]
    order = rules.GRADE_ORDER
    assert order.index(after[1]) <= order.index(before[1])


# ---------------------------------------------------------------------------------------------
# The monthly programme
# ---------------------------------------------------------------------------------------------
MARCH = D(2025, 3, 1)


def progress(quota: int, submitted: int, in_progress: int, as_of: dt.date, month=MARCH):
    return rules.month_progress(
        quota=quota, submitted=submitted, in_progress=in_progress, month=month, as_of=as_of
    )


def test_a_month_with_nothing_started_is_due():
    found = progress(4, 0, 0, D(2025, 3, 1))
    assert found.status == ProgrammeStatus.DUE
    assert (found.due, found.in_progress, found.overdue) == (4, 0, 0)


def test_a_month_with_drafts_is_in_progress():
    found = progress(4, 1, 2, D(2025, 3, 20))
    assert found.status == ProgrammeStatus.IN_PROGRESS
    assert (found.submitted, found.in_progress, found.due, found.overdue) == (1, 2, 1, 0)


def test_drafts_beyond_what_is_missing_are_not_counted_as_in_progress():
    found = progress(2, 1, 3, D(2025, 3, 20))
    assert (found.in_progress, found.due) == (1, 0)


def test_a_month_with_the_quota_submitted_is_submitted_even_after_it_ends():
    assert progress(2, 2, 0, D(2025, 3, 31)).status == ProgrammeStatus.SUBMITTED
    assert progress(2, 3, 1, D(2025, 4, 15)).status == ProgrammeStatus.SUBMITTED
    assert progress(2, 3, 1, D(2025, 4, 15)).overdue == 0


def test_audits_not_submitted_are_overdue_from_the_day_after_the_month_ends():
    on_last_day = progress(4, 1, 2, D(2025, 3, 31))
    assert on_last_day.status == ProgrammeStatus.IN_PROGRESS
    assert on_last_day.overdue == 0
    after = progress(4, 1, 2, D(2025, 4, 1))
    assert after.status == ProgrammeStatus.OVERDUE
    assert (after.overdue, after.due, after.in_progress) == (3, 0, 2)


@pytest.mark.parametrize(
    ("month", "last_day"),
    [
        (D(2024, 2, 1), D(2024, 2, 29)),
        (D(2025, 2, 1), D(2025, 2, 28)),
        (D(2025, 12, 1), D(2025, 12, 31)),
    ],
)
def test_the_month_ends_on_its_own_last_day(month, last_day):
    assert progress(2, 0, 0, last_day, month=month).status == ProgrammeStatus.DUE
    next_day = last_day + dt.timedelta(days=1)
    assert progress(2, 0, 0, next_day, month=month).status == ProgrammeStatus.OVERDUE


def test_a_team_with_no_quota_has_nothing_due():
    assert progress(0, 0, 0, D(2025, 4, 2)).status == ProgrammeStatus.SUBMITTED


def test_the_quota_is_per_manager():
    assert rules.expected_audits(per_manager=2, managers=3) == 6
    assert rules.expected_audits(per_manager=2, managers=0) == 0


# ---------------------------------------------------------------------------------------------
# Repeats and re-audits
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("audit_date", "start"),
    [
        (D(2025, 3, 15), D(2024, 3, 15)),
        (D(2025, 2, 28), D(2024, 2, 28)),
        (D(2024, 2, 29), D(2023, 2, 28)),
        (D(2025, 1, 1), D(2024, 1, 1)),
    ],
)
def test_the_repeat_window_reaches_twelve_months_back(audit_date, start):
    assert rules.repeat_window_start(audit_date) == start


@pytest.mark.parametrize(
    ("audit_date", "end"),
    [
        (D(2024, 3, 15), D(2025, 3, 15)),
        (D(2024, 2, 29), D(2025, 2, 28)),
        (D(2024, 2, 28), D(2025, 2, 28)),
        (D(2027, 2, 28), D(2028, 2, 29)),
        (D(2024, 4, 30), D(2025, 4, 30)),
    ],
)
def test_the_repeat_window_reaches_twelve_months_on(audit_date, end):
    assert rules.repeat_window_end(audit_date) == end


def test_the_repeat_window_length_is_data():
    assert rules.repeat_window_start(D(2025, 8, 31), months=6) == D(2025, 2, 28)
    assert rules.repeat_window_end(D(2025, 2, 28), months=6) == D(2025, 8, 31)


some_days = st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31))
month_ends = st.builds(
    lambda year, month: rules.month_end(D(year, month, 1)),
    st.integers(min_value=2000, max_value=2090),
    st.integers(min_value=1, max_value=12),
)


@given(
    st.one_of(some_days, month_ends),
    st.integers(min_value=-4, max_value=4),
    st.integers(min_value=1, max_value=24),
)
def test_two_audits_are_repeats_whichever_was_recorded_first(earlier, days_off, months):
    """Near the window's edge, where month ends differ in length (30 April and 31 May, a
    February in a leap year), the window seen from either audit is the same."""
    later = max(earlier, add_months(earlier, months) + dt.timedelta(days=days_off))
    seen_from_later = rules.repeat_window_start(later, months=months) <= earlier
    seen_from_earlier = later <= rules.repeat_window_end(earlier, months=months)
    assert seen_from_later == seen_from_earlier


@pytest.mark.parametrize(
    ("audit_date", "due"),
    [
        (D(2025, 3, 14), D(2025, 6, 14)),
        (D(2025, 1, 31), D(2025, 4, 30)),
        (D(2024, 11, 30), D(2025, 2, 28)),
        (D(2023, 11, 29), D(2024, 2, 29)),
    ],
)
def test_a_reaudit_is_due_three_months_on_clamped_to_the_month_end(audit_date, due):
    assert rules.reaudit_due(audit_date, months=3) == due


def test_quarters_start_in_january_april_july_and_october():
    assert rules.quarter_start(D(2025, 3, 31)) == D(2025, 1, 1)
    assert rules.quarter_start(D(2025, 4, 1)) == D(2025, 4, 1)
    assert rules.quarter_start(D(2025, 12, 25)) == D(2025, 10, 1)


# ---------------------------------------------------------------------------------------------
# Moderation
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("count", "size"), [(0, 0), (1, 1), (9, 1), (10, 1), (11, 2), (20, 2), (21, 3), (100, 10)]
)
def test_the_sample_is_ten_percent_rounded_up(count, size):
    assert rules.sample_size(count, share_percent=10) == size


def test_the_sample_share_is_data():
    assert rules.sample_size(10, share_percent=25) == 3


def pairs(per_team: dict[int, int]) -> list[tuple[int, int]]:
    found, next_id = [], 1
    for team, count in per_team.items():
        for _ in range(count):
            found.append((next_id, team))
            next_id += 1
    return found


def test_draw_sample_takes_the_share_when_every_team_is_covered():
    audits = pairs({1: 15, 2: 10})
    chosen = rules.draw_sample(audits, share_percent=10, teams_needing_one=set(), seed="2025-03-01")
    assert len(chosen) == 3
    assert set(chosen) <= {a for a, _ in audits}


def test_draw_sample_adds_one_from_each_team_needing_one():
    audits = pairs({1: 30, 2: 1, 3: 1, 4: 1})
    chosen = rules.draw_sample(
        audits, share_percent=10, teams_needing_one={2, 3, 4}, seed="2025-01-01"
    )
    team_of = dict(audits)
    assert {31, 32, 33} <= set(chosen)  # the only audit of teams 2, 3 and 4
    assert 4 <= len(chosen) <= 3 + 4
    assert {team_of[a] for a in chosen} >= {2, 3, 4}


def test_a_team_needing_one_with_no_audits_adds_nothing():
    audits = pairs({1: 10})
    chosen = rules.draw_sample(audits, share_percent=10, teams_needing_one={9}, seed="x")
    assert len(chosen) == 1


def test_draw_sample_is_repeatable_for_a_seed_whatever_the_order_given():
    audits = pairs({1: 40, 2: 25, 3: 5})
    first = rules.draw_sample(audits, share_percent=10, teams_needing_one={3}, seed="2025-02-01")
    again = rules.draw_sample(
        list(reversed(audits)), share_percent=10, teams_needing_one={3}, seed="2025-02-01"
    )
    assert first == again
    others = {
        tuple(rules.draw_sample(audits, share_percent=10, teams_needing_one={3}, seed=s))
        for s in ("2025-03-01", "2025-04-01", "2025-05-01")
    }
    assert others != {tuple(first)}


def test_draw_sample_of_nothing_is_empty():
    assert rules.draw_sample([], share_percent=10, teams_needing_one={1}, seed="x") == []


@given(
    st.dictionaries(st.integers(1, 6), st.integers(0, 40), max_size=6),
    st.sets(st.integers(1, 8)),
    st.text(max_size=10),
)
def test_the_sample_has_the_share_and_covers_every_team_needing_one(per_team, needing, seed):
    audits = pairs(per_team)
    chosen = rules.draw_sample(audits, share_percent=10, teams_needing_one=needing, seed=seed)
    team_of = dict(audits)
    assert len(set(chosen)) == len(chosen)
    assert set(chosen) <= set(team_of)
    assert len(chosen) >= rules.sample_size(len(audits), share_percent=10)
    assert {team_of[a] for a in chosen} >= {t for t in needing if per_team.get(t)}


def test_agreement_rate_is_the_share_of_matching_grades():
    assert rules.agreement_rate([("good", "good"), ("good", "outstanding")]) == 50.0
    assert rules.agreement_rate([("good", "good")] * 2 + [("inadequate", "good")]) == 66.7
    assert rules.agreement_rate([("good", "good")]) == 100.0
    assert rules.agreement_rate([("good", "inadequate")]) == 0.0


def test_agreement_rate_of_nothing_moderated_is_unknown():
    assert rules.agreement_rate([]) is None
