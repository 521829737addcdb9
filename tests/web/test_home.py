"""Each role's home page and navigation, the charts' tables, and fixed query counts."""

from __future__ import annotations

import pytest

from academy.people.models import PcfLevel, Role
from tests.factories import NotificationFactory, PersonFactory, RoleAssignmentFactory
from tests.web.conftest import count_queries, page_of, queries_listed

pytestmark = pytest.mark.django_db

# Everyone has Training; leads and managers Compliance; coordinators Training admin; managers,
# the PSW and DASS Audits; whoever may ask for a report Reports.
ME = ["My details", "Notifications"]
LEADS_NAV = ["Academy", "People", "Cohorts", "Pathways", "Training", "Compliance"]
STAFF_NAV = ["My summary", "Training", *ME]
HOLDER_NAV = ["My summary", "Assessing", "Training", *ME]
HOMES = {
    "psw": ("The academy at a glance", [*LEADS_NAV, "Audits", "Reports", *ME]),
    "dass": ("The academy at a glance", [*LEADS_NAV, "Audits", "Reports", *ME]),
    "principal_ot": ("The academy at a glance", [*LEADS_NAV, "Reports", *ME]),
    "coordinator": (
        "The academy at a glance",
        ["Academy", "People", "Training", "Compliance", "Training admin", "Reports", *ME],
    ),
    "manager": (
        "My team",
        ["My team", "People", "Training", "Compliance", "Audits", "Reports", *ME],
    ),
    "partner": (
        "Shire Mental Health NHS Trust",
        ["My organisation", "People", "Training", "Compliance", *ME],
    ),
    "assessor": ("Hello, Assessor", HOLDER_NAV),
    "supervisor": ("Hello, Supervisor", HOLDER_NAV),
    "nqsw": ("Hello, Nqsw", STAFF_NAV),
    "worker": ("Hello, Worker", STAFF_NAV),
    "outsider": ("Hello, Outsider", STAFF_NAV),
    "nhs_staff": ("Hello, Nhs Staff", STAFF_NAV),
    "admin": (
        "The academy at a glance",
        [*LEADS_NAV, "Training admin", "Audits", "Reports"],
    ),
}


def nav_items(page):
    return page.texts("a", class_="govuk-service-navigation__link")[1:]


@pytest.mark.parametrize("login", sorted(HOMES))
def test_each_role_gets_its_home_page_and_navigation(academy, login):
    heading, navigation = HOMES[login]
    page = page_of(academy.client(login).get("/"))
    assert page.h1 == heading
    assert nav_items(page) == navigation
    current = page.find("a", aria_current="page")
    assert current is not None
    assert current["attrs"]["href"] == "/"


def test_signed_out_visitors_are_sent_to_sign_in(academy):
    response = academy.client(None).get("/")
    assert response["Location"] == "/sign-in/?next=/"


def test_the_academy_page_counts_people_and_its_charts_carry_the_figures_in_tables(academy):
    PersonFactory(team=academy.teams["a"], pcf_level=PcfLevel.ASYE)
    PersonFactory(team=academy.teams["a"], pcf_level=PcfLevel.ASYE)
    PersonFactory(team=academy.teams["nhs"], pcf_level=PcfLevel.EXPERIENCED)
    PersonFactory(team=academy.teams["a"], active=False)
    page = page_of(academy.client("psw").get("/"))
    stats = page.texts("p", class_="app-stat")
    assert stats == [
        "15 people learning with the academy",
        "3 of them from partner organisations",
        "2 organisations",
        "3 teams",
    ]
    assert page.table_rows("People by organisation") == [
        ["Shire County Council", "12"],
        ["Shire Mental Health NHS Trust", "3"],
    ]
    assert page.table_rows("Social workers by PCF level") == [
        ["ASYE", "2"],
        ["Experienced Social Worker", "1"],
    ]
    assert ["Principal Social Worker", "1"] in page.table_rows("People by role")


def test_the_charts_pictures_are_hidden_from_screen_readers(academy):
    page = page_of(academy.client("psw").get("/"))
    pictures = page.find_all("svg", class_="app-chart__svg")
    assert len(pictures) == 2  # the PCF chart has nothing to draw yet
    for svg in pictures:
        assert svg["attrs"]["aria-hidden"] == "true"
        assert svg["attrs"]["focusable"] == "false"
    assert "Nothing to show yet." in page.texts("p", class_="govuk-body")


def test_a_chart_draws_one_bar_per_row_scaled_to_the_largest(academy):
    PersonFactory(team=academy.teams["a"], pcf_level=PcfLevel.ASYE)
    PersonFactory(team=academy.teams["a"], pcf_level=PcfLevel.ASYE)
    PersonFactory(team=academy.teams["a"], pcf_level=PcfLevel.SOCIAL_WORKER)
    page = page_of(academy.client("psw").get("/"))
    bars = page.find_all("rect", class_="app-chart__bar")
    widths = [int(bar["attrs"]["width"]) for bar in bars]
    # organisations (13, 2), PCF levels (2, 1), then the roles: the largest is full width
    assert widths[2] == 2 * widths[3]
    assert widths[0] == widths[2]


def test_only_the_psw_is_offered_to_add_a_person(academy):
    assert page_of(academy.client("psw").get("/")).find("a", href="/people/new/") is not None
    for login in ("dass", "coordinator", "principal_ot"):
        assert page_of(academy.client(login).get("/")).find("a", href="/people/new/") is None


def test_a_managers_home_lists_their_team_with_roles(academy):
    page = page_of(academy.client("manager").get("/"))
    rows = page.table_rows("People in North Locality")
    assert [row[0] for row in rows] == [
        "Manager Tester",
        "Nqsw Tester",
        "Psw Tester",
        "Supervisor Tester",
        "Worker Tester",
    ]
    assert rows[0][3] == "Team manager: North Locality"  # everyone is a learner: not listed
    assert "Outsider Tester" not in page.html


def test_a_partner_coordinators_home_lists_their_organisations_people(academy):
    page = page_of(academy.client("partner").get("/"))
    assert [row[0] for row in page.table_rows("People")] == ["Nhs Staff Tester", "Partner Tester"]


def test_a_staff_members_home_names_their_manager_and_latest_messages(academy):
    person = academy.people["nqsw"]
    NotificationFactory(recipient=person, subject="Your ASYE starts on Monday")
    NotificationFactory(recipient=academy.people["worker"], subject="Not for the NQSW")
    page = page_of(academy.client("nqsw").get("/"))
    summary = dict(
        zip(
            page.texts("dt", class_="govuk-summary-list__key"),
            page.texts("dd", class_="govuk-summary-list__value"),
            strict=True,
        )
    )
    assert summary["Your team manager"] == "Manager Tester"
    assert summary["Team"] == "North Locality"
    assert "Your ASYE starts on Monday" in page.html
    assert "Not for the NQSW" not in page.html


def test_the_notifications_badge_counts_unread_delivered_messages(academy):
    person = academy.people["nqsw"]
    NotificationFactory.create_batch(3, recipient=person, status="sent")
    NotificationFactory(recipient=person, status="pending")
    page = page_of(academy.client("nqsw").get("/"))
    assert page.text("span", class_="app-badge") == "3 unread"


def _home_queries(client):
    with count_queries() as context:
        response = client.get("/")
    assert response.status_code == 200
    return context


@pytest.mark.parametrize(
    ("login", "expected"),
    [("psw", 11), ("manager", 8), ("partner", 8), ("nqsw", 9)],
)
def test_each_home_page_runs_the_same_queries_for_1_and_50_people(academy, login, expected):
    team = {"partner": academy.teams["nhs"]}.get(login, academy.teams["a"])

    def add_people():
        for _ in range(49):
            person = PersonFactory(team=team, pcf_level=PcfLevel.SOCIAL_WORKER)
            NotificationFactory(recipient=academy.people[login], status="sent")
            RoleAssignmentFactory(person=person, role=Role.TEAM_MANAGER)

    PersonFactory(team=team)
    client = academy.client(login)
    client.get("/")
    small = _home_queries(client)
    add_people()
    large = _home_queries(client)
    assert len(small) == len(large), queries_listed(large)
    assert len(large) == expected, queries_listed(large)


def test_a_partner_coordinators_home_points_to_the_directory_only_when_more_are_left(academy):
    client = academy.client("partner")
    PersonFactory.create_batch(48, team=academy.teams["nhs"])
    page = page_of(client.get("/"))
    assert len(page.table_rows("People")) == 50
    assert "See everyone" not in page.html
    PersonFactory(team=academy.teams["nhs"])
    page = page_of(client.get("/"))
    assert len(page.table_rows("People")) == 50
    assert "See everyone in the people directory" in page.html
