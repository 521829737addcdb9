"""academy/people/rules.py: which outlook a set of roles gives, what scope a role needs, and where a
pass leaves a person on the PCF."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from academy.people.models import PcfLevel, Role
from academy.people.rules import (
    ACADEMY_WIDE_ROLES,
    MANAGES_PEOPLE,
    ORGANISATION_SCOPED_ROLES,
    PCF_RANK,
    TEAM_SCOPED_ROLES,
    Outlook,
    outlook_for,
    pcf_level_after_pass,
    scope_required,
)

SELF_ONLY_ROLES = (Role.LEARNER, Role.ASSESSOR, Role.SUPERVISOR)


@pytest.mark.parametrize("role", sorted(ACADEMY_WIDE_ROLES))
def test_each_academy_wide_role_sees_the_academy(role: str) -> None:
    assert outlook_for([role]) is Outlook.ACADEMY


def test_the_academy_wide_roles_are_the_psw_dass_principal_ot_and_coordinators() -> None:
    assert {
        Role.PSW,
        Role.DASS,
        Role.PRINCIPAL_OT,
        Role.TRAINING_COORDINATOR,
    } == ACADEMY_WIDE_ROLES


def test_only_the_psw_manages_people() -> None:
    assert {Role.PSW} == MANAGES_PEOPLE


def test_a_team_manager_gets_the_team_outlook() -> None:
    assert outlook_for([Role.LEARNER, Role.TEAM_MANAGER]) is Outlook.TEAM


def test_a_partner_coordinator_gets_the_organisation_outlook() -> None:
    assert outlook_for([Role.LEARNER, Role.PARTNER_COORDINATOR]) is Outlook.ORGANISATION


@pytest.mark.parametrize("role", SELF_ONLY_ROLES)
def test_learners_assessors_and_supervisors_see_themselves(role: str) -> None:
    assert outlook_for([role]) is Outlook.SELF


def test_no_roles_at_all_is_the_self_outlook() -> None:
    assert outlook_for([]) is Outlook.SELF


def test_a_superuser_sees_the_academy_without_any_role() -> None:
    assert outlook_for([], is_superuser=True) is Outlook.ACADEMY


def test_a_superuser_who_manages_a_team_still_sees_the_academy() -> None:
    assert outlook_for([Role.TEAM_MANAGER], is_superuser=True) is Outlook.ACADEMY


def test_team_outranks_organisation_for_someone_holding_both() -> None:
    assert outlook_for([Role.PARTNER_COORDINATOR, Role.TEAM_MANAGER]) is Outlook.TEAM


def test_academy_outranks_team_for_a_psw_who_also_manages_a_team() -> None:
    assert outlook_for([Role.TEAM_MANAGER, Role.PSW]) is Outlook.ACADEMY


def test_roles_arrive_as_any_iterable_of_plain_strings() -> None:
    assert outlook_for(role for role in ["learner", "partner_coordinator"]) is Outlook.ORGANISATION


def test_an_unknown_role_name_gives_nothing_beyond_self() -> None:
    assert outlook_for(["archivist"]) is Outlook.SELF


PRECEDENCE = [Outlook.SELF, Outlook.ORGANISATION, Outlook.TEAM, Outlook.ACADEMY]


def _widest_single(roles: set[str], is_superuser: bool) -> Outlook:
    outlooks = [outlook_for([role]) for role in roles] + [Outlook.SELF]
    if is_superuser:
        outlooks.append(Outlook.ACADEMY)
    return max(outlooks, key=PRECEDENCE.index)


@given(roles=st.sets(st.sampled_from(Role.values)), is_superuser=st.booleans())
def test_the_outlook_of_several_roles_is_the_widest_any_one_of_them_gives(
    roles: set[str], is_superuser: bool
) -> None:
    assert outlook_for(roles, is_superuser=is_superuser) is _widest_single(roles, is_superuser)


@given(roles=st.lists(st.sampled_from(Role.values)))
def test_order_and_repeats_of_roles_do_not_change_the_outlook(roles: list[str]) -> None:
    assert outlook_for(roles) is outlook_for(sorted(set(roles)))


def test_a_team_manager_holds_the_role_for_a_team() -> None:
    assert scope_required(Role.TEAM_MANAGER) == "team"


def test_a_partner_coordinator_holds_the_role_for_an_organisation() -> None:
    assert scope_required(Role.PARTNER_COORDINATOR) == "organisation"


@pytest.mark.parametrize(
    "role",
    sorted(set(Role.values) - TEAM_SCOPED_ROLES - ORGANISATION_SCOPED_ROLES),
)
def test_every_other_role_is_held_without_a_scope(role: str) -> None:
    assert scope_required(role) is None


def test_an_unknown_role_needs_no_scope() -> None:
    assert scope_required("archivist") is None


@pytest.mark.parametrize(
    ("current", "reached", "after"),
    [
        ("asye", "social_worker", "social_worker"),  # the ASYE passed
        ("", "asye", "asye"),  # no level recorded yet
        ("social_worker", "experienced", "experienced"),
        ("advanced_manager", "experienced", "advanced_manager"),  # never down
        ("experienced", "experienced", "experienced"),
        ("advanced_practitioner", "advanced_educator", "advanced_practitioner"),  # nor across
        ("experienced", "advanced_educator", "advanced_educator"),
        ("strategic", "social_worker", "strategic"),
        ("social_worker", "", "social_worker"),  # a pathway that leads to no level
    ],
)
def test_a_pass_moves_a_person_on_never_down_or_across(current, reached, after):
    assert pcf_level_after_pass(current, reached) == after


@given(st.sampled_from(["", *PcfLevel.values]), st.sampled_from(PcfLevel.values))
def test_a_pass_never_leaves_anyone_lower_than_they_were(current, reached):
    after = pcf_level_after_pass(current, reached)
    assert after in (current, reached)
    if current:
        assert PCF_RANK[after] >= PCF_RANK[current]


def test_every_pcf_level_has_a_rank():
    assert set(PCF_RANK) == set(PcfLevel.values)
