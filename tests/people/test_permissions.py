"""academy/people/permissions.py: the viewer, the predicates, and their set-based twin.

``people_visible_to`` (a queryset, for lists) and ``people.view_person`` (a predicate, for one
object) must always agree: a person a list shows must open, and one it hides must be 404.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from academy.people.models import Organisation, Person, Role, RoleAssignment
from academy.people.permissions import ANONYMOUS, forget_viewer, viewer_for
from academy.people.rules import Outlook
from academy.people.selectors import people_visible_to
from tests.conftest import ROLE_LOGINS, Academy
from tests.factories import (
    OrganisationFactory,
    PersonFactory,
    RoleAssignmentFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _by_selector(user: Any) -> set[int]:
    return set(people_visible_to(viewer_for(user)).values_list("pk", flat=True))


def _by_predicate(user: Any) -> set[int]:
    return {
        person.pk for person in Person.objects.all() if user.has_perm("people.view_person", person)
    }


@pytest.fixture
def wider_academy(academy: Academy) -> dict[str, Any]:
    """The shared academy plus people in other teams and organisations, and viewers whose scope
    is unusual: two teams, a team in one organisation and the coordination of another, an
    account with no person, a closed account."""
    care = OrganisationFactory(name="Shire Home Care", kind=Organisation.Kind.CARE_PROVIDER)
    care_team = TeamFactory(organisation=care, name="Home Care North")
    team_a, team_b, team_nhs = academy.teams["a"], academy.teams["b"], academy.teams["nhs"]
    PersonFactory(team=care_team, organisation=care)
    PersonFactory(team=None, organisation=care)
    PersonFactory(team=None, organisation=academy.council)
    PersonFactory(team=None, organisation=academy.trust)
    PersonFactory(team=team_a, organisation=academy.council, active=False)
    PersonFactory(team=TeamFactory(organisation=academy.council), organisation=academy.council)

    def login(name: str, team: Any, organisation: Organisation, **account: Any) -> Any:
        user = UserFactory(username=name, **account)
        PersonFactory(user=user, team=team, organisation=organisation)
        return user

    two_teams = login("two_teams", team_a, academy.council)
    for team in (team_a, team_b):
        RoleAssignmentFactory(person=two_teams.person, role=Role.TEAM_MANAGER, team=team)
    mixed = login("mixed", team_nhs, academy.trust)
    RoleAssignmentFactory(person=mixed.person, role=Role.TEAM_MANAGER, team=team_nhs)
    RoleAssignmentFactory(person=mixed.person, role=Role.PARTNER_COORDINATOR, organisation=care)
    closed = login("closed_psw", team_a, academy.council, is_active=False)
    RoleAssignmentFactory(person=closed.person, role=Role.PSW)
    users = {name: academy.user(name) for name in ROLE_LOGINS}
    users.update(
        two_teams=two_teams,
        mixed=mixed,
        closed_psw=closed,
        no_person=UserFactory(username="no_person"),
        anonymous=AnonymousUser(),
    )
    return {"users": users, "care": care, "care_team": care_team}


def test_selector_and_predicate_agree_for_every_login(wider_academy: dict[str, Any]) -> None:
    disagreements = {}
    for name, user in wider_academy["users"].items():
        listed, allowed = _by_selector(user), _by_predicate(user)
        if listed != allowed:
            disagreements[name] = {
                "listed only": listed - allowed,
                "allowed only": allowed - listed,
            }
    assert not disagreements


def test_the_agreement_is_not_empty_nor_everything_for_scoped_viewers(
    wider_academy: dict[str, Any], academy: Academy
) -> None:
    users = wider_academy["users"]
    everyone = set(Person.objects.values_list("pk", flat=True))
    assert _by_selector(users["psw"]) == everyone
    assert _by_selector(users["admin"]) == everyone
    two_teams = _by_selector(users["two_teams"])
    assert academy.people["outsider"].pk in two_teams  # team B
    assert academy.people["nhs_staff"].pk not in two_teams
    mixed = _by_selector(users["mixed"])
    care_people = set(
        Person.objects.filter(organisation=wider_academy["care"]).values_list("pk", flat=True)
    )
    assert care_people <= mixed
    assert academy.people["nhs_staff"].pk in mixed  # team NHS, which mixed manages
    assert academy.people["partner"].pk in mixed
    assert academy.people["nqsw"].pk not in mixed


def test_a_leaver_stays_visible_to_their_team_manager(academy: Academy) -> None:
    leaver = PersonFactory(team=academy.teams["a"], organisation=academy.council, active=False)
    manager = academy.user("manager")
    assert leaver.pk in _by_selector(manager)
    assert manager.has_perm("people.view_person", leaver)


def test_a_closed_account_and_an_account_without_a_person_see_nobody(
    wider_academy: dict[str, Any],
) -> None:
    users = wider_academy["users"]
    for name in ("closed_psw", "no_person", "anonymous"):
        assert _by_selector(users[name]) == set(), name
        assert _by_predicate(users[name]) == set(), name


SCOPES = ("a", "b", "nhs")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    held=st.lists(
        st.tuples(st.sampled_from(Role.values), st.sampled_from(SCOPES)), max_size=4, unique=True
    ),
    home=st.sampled_from((*SCOPES, None)),
    is_superuser=st.booleans(),
)
def test_any_mix_of_roles_gives_the_same_people_both_ways(
    academy: Academy, held: list[tuple[str, str]], home: str | None, is_superuser: bool
) -> None:
    class Undo(Exception):
        pass

    try:
        with transaction.atomic():
            team = academy.teams[home] if home else None
            user = UserFactory(username="viewer", is_superuser=is_superuser)
            person = PersonFactory(
                user=user, team=team, organisation=team.organisation if team else academy.council
            )
            for role, scope in held:
                team_scope = academy.teams[scope]
                RoleAssignment.objects.get_or_create(
                    person=person,
                    role=role,
                    team=team_scope if role == Role.TEAM_MANAGER else None,
                    organisation=team_scope.organisation
                    if role == Role.PARTNER_COORDINATOR
                    else None,
                )
            assert _by_selector(user) == _by_predicate(user)
            raise Undo
    except Undo:
        pass


# ---------------------------------------------------------------------------------------------
# The viewer
# ---------------------------------------------------------------------------------------------
def test_the_viewer_is_read_once_and_cached_on_the_user(
    academy: Academy, django_assert_num_queries: Any
) -> None:
    user = academy.user("manager")
    with django_assert_num_queries(1):
        first = viewer_for(user)
        second = viewer_for(user)
    assert first is second
    assert first.managed_team_ids == {academy.teams["a"].pk}
    assert first.outlook is Outlook.TEAM


def test_forgetting_the_viewer_reads_new_roles(academy: Academy) -> None:
    user = academy.user("nqsw")
    assert viewer_for(user).outlook is Outlook.SELF
    RoleAssignmentFactory(person=academy.people["nqsw"], role=Role.PSW)
    assert viewer_for(user).outlook is Outlook.SELF  # cached for the request
    forget_viewer(user)
    assert viewer_for(user).outlook is Outlook.ACADEMY


def test_a_partner_coordinator_viewer_holds_the_organisation(academy: Academy) -> None:
    viewer = viewer_for(academy.user("partner"))
    assert viewer.coordinated_organisation_ids == {academy.trust.pk}
    assert viewer.managed_team_ids == frozenset()
    assert viewer.person_id == academy.people["partner"].pk


def test_anonymous_inactive_and_missing_users_are_the_anonymous_viewer(academy: Academy) -> None:
    closed = academy.user("psw")
    closed.is_active = False
    assert viewer_for(None) is ANONYMOUS
    assert viewer_for(AnonymousUser()) is ANONYMOUS
    assert viewer_for(closed) is ANONYMOUS


def test_an_admin_without_a_person_is_academy_wide_and_manages_people(academy: Academy) -> None:
    viewer = viewer_for(academy.user("admin"))
    assert viewer.person_id is None
    assert viewer.academy_wide
    assert viewer.manages_people


# ---------------------------------------------------------------------------------------------
# The other permissions, per login
# ---------------------------------------------------------------------------------------------
MANAGERS_OF_PEOPLE = {"psw", "admin"}
ACADEMY_WIDE = {"psw", "dass", "principal_ot", "coordinator", "admin"}


@pytest.mark.parametrize("login", ROLE_LOGINS)
def test_only_the_psw_and_admins_create_people_roles_organisations_and_teams(
    academy: Academy, login: str
) -> None:
    user = academy.user(login)
    allowed = login in MANAGERS_OF_PEOPLE
    for perm in (
        "people.add_person",
        "people.assign_role",
        "people.add_organisation",
        "people.change_organisation",
        "people.add_team",
        "people.change_team",
    ):
        assert user.has_perm(perm) is allowed, perm


@pytest.mark.parametrize("login", ROLE_LOGINS)
def test_the_academy_overview_is_for_academy_wide_roles(academy: Academy, login: str) -> None:
    assert academy.user(login).has_perm("people.view_academy") is (login in ACADEMY_WIDE)


@pytest.mark.parametrize("login", ROLE_LOGINS)
def test_changing_a_person_needs_both_the_right_and_the_sight(academy: Academy, login: str) -> None:
    user = academy.user(login)
    for target in academy.people.values():
        may_see = user.has_perm("people.view_person", target)
        expected = login in MANAGERS_OF_PEOPLE and may_see
        assert user.has_perm("people.change_person", target) is expected, target


def test_a_psw_who_left_may_change_nobody(academy: Academy) -> None:
    user = academy.user("psw")
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert not user.has_perm("people.change_person", academy.people["nqsw"])
    assert not user.has_perm("people.add_person")


def test_anonymous_may_see_no_organisation_team_or_person(academy: Academy) -> None:
    anonymous = AnonymousUser()
    assert not anonymous.has_perm("people.view_organisation")
    assert not anonymous.has_perm("people.view_team")
    assert not anonymous.has_perm("people.view_person")
    assert not anonymous.has_perm("people.view_person", academy.people["nqsw"])
