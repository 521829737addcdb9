"""Every list endpoint runs the same number of queries for one row as for fifty.

Each case grows its list from one row to fifty between two identical requests; the counts must
match each other and the budget written here (a failure prints every statement of both runs).
The budget, signed in by session: the session and the user (2), the viewer's roles (1), then
the list's own queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from academy.people.models import Role
from tests.api.support import assert_same_queries, count_queries
from tests.factories import (
    NotificationFactory,
    OrganisationFactory,
    PersonFactory,
    RoleAssignmentFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


@dataclass
class ListCase:
    url: Callable[[], str]
    grow: Callable[[int], None]
    expected_queries: int


def organisations(academy) -> ListCase:
    return ListCase(
        url=lambda: "/api/v1/organisations/?kind=vcs",
        grow=lambda n: [OrganisationFactory(kind="vcs") for _ in range(n)] and None,
        expected_queries=4,  # auth 3 + organisations 1
    )


def teams(academy) -> ListCase:
    organisation = OrganisationFactory(kind="care_provider")
    return ListCase(
        url=lambda: f"/api/v1/teams/?organisation={organisation.pk}",
        grow=lambda n: [TeamFactory(organisation=organisation) for _ in range(n)] and None,
        expected_queries=4,  # auth 3 + teams with their organisation 1
    )


def people(academy) -> ListCase:
    team = TeamFactory(organisation=OrganisationFactory(kind="nhs_trust"))

    def grow(n: int) -> None:
        for _ in range(n):
            person = PersonFactory(team=team, account=True, roles=[Role.SUPERVISOR])
            RoleAssignmentFactory(person=person, role=Role.TEAM_MANAGER, team=team)

    return ListCase(
        url=lambda: f"/api/v1/people/?team={team.pk}",
        grow=grow,
        expected_queries=5,  # auth 3 + people 1 + their roles 1
    )


def person_roles(academy) -> ListCase:
    person = PersonFactory(team=academy.teams["a"])
    person.roles.all().delete()

    def grow(n: int) -> None:
        for _ in range(n):
            RoleAssignmentFactory(person=person, role=Role.TEAM_MANAGER, team=TeamFactory())

    return ListCase(
        url=lambda: f"/api/v1/people/{person.pk}/roles/",
        grow=grow,
        expected_queries=5,  # auth 3 + the person 1 + roles with team and organisation 1
    )


def notifications(academy) -> ListCase:
    psw = academy.people["psw"]
    return ListCase(
        url=lambda: "/api/v1/notifications/",
        grow=lambda n: [NotificationFactory(recipient=psw) for _ in range(n)] and None,
        expected_queries=4,  # auth 3 + notifications 1
    )


def rows_of(body: dict | list) -> list:
    return body if isinstance(body, list) else body["results"]


@pytest.mark.parametrize(
    "make_case",
    [organisations, teams, people, person_roles, notifications],
    ids=lambda f: f.__name__,
)
def test_list_runs_the_same_queries_for_one_row_as_for_fifty(academy, api, make_case):
    case = make_case(academy)
    client = api("psw")

    case.grow(1)
    one, few = count_queries(lambda: client.get(case.url()))
    case.grow(49)
    fifty, many = count_queries(lambda: client.get(case.url()))

    assert one.status_code == fifty.status_code == 200
    assert len(rows_of(one.json())) == 1
    assert len(rows_of(fifty.json())) == 50
    assert_same_queries(few, many, expected=case.expected_queries)


def test_token_clients_cost_one_query_less_than_sessions(academy, api, token_api):
    """A token is read with its user in one query; a session needs two."""
    for _ in range(3):
        NotificationFactory(recipient=academy.people["psw"])
    session_client, token_client = api("psw"), token_api("psw")
    _, by_session = count_queries(lambda: session_client.get("/api/v1/notifications/"))
    _, by_token = count_queries(lambda: token_client.get("/api/v1/notifications/"))
    assert len(by_token) == len(by_session) - 1, (by_session, by_token)


def test_a_deeper_page_costs_what_the_first_page_costs(academy, api):
    team = TeamFactory(organisation=academy.trust)
    for _ in range(12):
        PersonFactory(team=team, roles=[Role.SUPERVISOR])
    client = api("psw")
    url = f"/api/v1/people/?team={team.pk}&page_size=5"

    first, on_first = count_queries(lambda: client.get(url))
    second, on_second = count_queries(lambda: client.get(first.json()["next"]))
    last, on_last = count_queries(lambda: client.get(second.json()["next"]))

    assert [len(r.json()["results"]) for r in (first, second, last)] == [5, 5, 2]
    assert len(on_first) == len(on_second) == len(on_last), (on_first, on_second, on_last)
