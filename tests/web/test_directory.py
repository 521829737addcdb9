"""The people directory: filters, search, keyset pages, and a fixed number of queries."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from academy.people.models import Role
from tests.factories import PersonFactory, RoleAssignmentFactory
from tests.web.conftest import count_queries, page_of, queries_listed

pytestmark = pytest.mark.django_db


def names(response):
    """The directory's names in the order shown ("Last, First")."""
    return [row[0].removesuffix(" Left") for row in page_of(response).table_rows()]


def link_of(response, rel):
    page = page_of(response)
    link = page.find("a", rel=rel)
    return link["attrs"]["href"] if link else None


def test_the_directory_lists_everyone_current_in_name_order(academy):
    response = academy.client("psw").get("/people/")
    assert response.status_code == 200
    shown = names(response)
    assert len(shown) == 12
    assert shown == sorted(shown, key=lambda name: (name.split(", ")[0], name.split(", ")[1]))
    assert "Tester, Psw" in shown


def test_the_directory_pages_forward_and_back_through_120_people(academy, crowd):
    people = crowd(120)
    expected = [f"{p.last_name}, {p.first_name}" for p in people]
    client = academy.client("psw")
    search = "?search=Person"

    first = client.get(f"/people/{search}")
    assert names(first) == expected[:50]
    assert link_of(first, "prev") is None
    second = client.get("/people/" + link_of(first, "next"))
    assert names(second) == expected[50:100]
    third = client.get("/people/" + link_of(second, "next"))
    assert names(third) == expected[100:]
    assert link_of(third, "next") is None
    back = client.get("/people/" + link_of(third, "prev"))
    assert names(back) == expected[50:100]
    start = client.get("/people/" + link_of(back, "prev"))
    assert names(start) == expected[:50]
    assert link_of(start, "prev") is None


def test_the_page_links_keep_the_filters(academy, crowd):
    crowd(60)
    first = academy.client("psw").get("/people/", {"team": academy.teams["a"].pk})
    query = parse_qs(urlsplit(link_of(first, "next")).query)
    assert query["team"] == [str(academy.teams["a"].pk)]
    assert query["active"] == ["true"]


def test_filtering_by_team(academy):
    response = academy.client("psw").get("/people/", {"team": academy.teams["b"].pk})
    assert names(response) == ["Tester, Assessor", "Tester, Outsider", "Tester, Principal Ot"]


def test_filtering_by_organisation(academy):
    response = academy.client("psw").get("/people/", {"organisation": academy.trust.pk})
    assert names(response) == ["Tester, Nhs Staff", "Tester, Partner"]


def test_filtering_by_role(academy):
    RoleAssignmentFactory(person=academy.people["worker"], role=Role.SUPERVISOR)
    response = academy.client("psw").get("/people/", {"role": Role.SUPERVISOR})
    assert names(response) == ["Tester, Supervisor", "Tester, Worker"]


def test_people_who_left_show_only_when_asked_for(academy):
    PersonFactory(first_name="Gone", last_name="Away", active=False, team=academy.teams["a"])
    client = academy.client("psw")
    assert "Away, Gone" not in names(client.get("/people/"))
    assert names(client.get("/people/", {"active": "false"})) == ["Away, Gone"]
    everyone = client.get("/people/", {"active": ""})
    assert "Away, Gone" in names(everyone)
    assert "Tester, Psw" in names(everyone)
    assert "Left" in page_of(everyone).texts("strong", class_="govuk-tag")


def test_search_matches_every_word_of_a_name(academy):
    PersonFactory(first_name="Ada", last_name="Lovelace", team=academy.teams["a"])
    PersonFactory(first_name="Ada", last_name="Byron", team=academy.teams["a"])
    client = academy.client("psw")
    assert names(client.get("/people/", {"search": "ada"})) == ["Byron, Ada", "Lovelace, Ada"]
    assert names(client.get("/people/", {"search": "ada love"})) == ["Lovelace, Ada"]
    page = page_of(client.get("/people/", {"search": "nobody-by-this-name"}))
    assert page.text("p", class_="govuk-body") == "Nobody matches these filters."
    assert page.find("input", id="id_search")["attrs"]["value"] == "nobody-by-this-name"


def test_an_unknown_filter_value_is_shown_as_an_error_not_a_crash(academy):
    PersonFactory(first_name="Gone", last_name="Away", active=False, team=academy.teams["a"])
    response = academy.client("psw").get("/people/", {"team": "999999"})
    assert response.status_code == 200
    page = page_of(response)
    assert page.error_summary_links() == {"id_team": "Choose a team from the list"}
    # the filters that were fine still apply
    assert len(names(response)) == 12
    assert "Away, Gone" not in names(response)


def test_a_tampered_page_link_starts_from_the_beginning(academy):
    client = academy.client("psw")
    response = client.get("/people/", {"after": "not-a-cursor"})
    assert response.status_code == 200
    assert names(response) == names(client.get("/people/"))


def test_a_manager_sees_only_their_team(academy):
    response = academy.client("manager").get("/people/")
    assert names(response) == [
        "Tester, Manager",
        "Tester, Nqsw",
        "Tester, Psw",
        "Tester, Supervisor",
        "Tester, Worker",
    ]


def test_a_partner_coordinator_sees_only_their_organisation(academy):
    response = academy.client("partner").get("/people/")
    assert names(response) == ["Tester, Nhs Staff", "Tester, Partner"]


def test_staff_without_a_wider_role_see_only_themselves(academy):
    assert names(academy.client("nqsw").get("/people/")) == ["Tester, Nqsw"]


def _directory_queries(academy, crowd, count):
    crowd(count, prefix=f"Size{count}-")
    client = academy.client("psw")
    client.get("/people/")  # the session and the first request's one-off work
    with count_queries() as context:
        response = client.get("/people/", {"search": f"Size{count}-"})
    assert len(names(response)) == count
    return context


def test_the_directory_runs_the_same_queries_for_1_and_50_people(academy, crowd):
    one = _directory_queries(academy, crowd, 1)
    fifty = _directory_queries(academy, crowd, 50)
    assert len(one) == len(fifty), queries_listed(fifty)
    # session, user, viewer, unread count, teams and organisations for the filters,
    # the page of people, and their roles
    assert len(fifty) == 8, queries_listed(fifty)
