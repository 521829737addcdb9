"""What the pathways pages show: the cohort planner, a cohort's timeline and members, an
enrolment, My pathway, the assessor's and the team manager's lists, the templates, the
navigation and the academy's pathways at a glance; and that each runs a fixed number of
queries whatever its rows."""

from __future__ import annotations

import datetime as dt

import pytest

from academy.common.dates import today
from academy.pathways import services
from academy.pathways.models import Enrolment, PathwayTemplate
from tests.factories import NotificationFactory
from tests.web.conftest import count_queries, page_of, queries_listed
from tests.web.test_pathways_support import (
    asye,
    cohort,
    enrol,
    months_ago,
    newly_qualified,
    nqsw_on_asye,
    record_progress,
)

pytestmark = pytest.mark.django_db


def nav_items(page):
    return page.texts("a", class_="govuk-service-navigation__link")[1:]


# ---------------------------------------------------------------------------------------------
# Navigation and the homes
# ---------------------------------------------------------------------------------------------
def test_my_pathway_appears_in_the_navigation_once_a_person_is_enrolled(academy):
    client = academy.client("nqsw")
    assert "My pathway" not in nav_items(page_of(client.get("/")))
    nqsw_on_asye(academy)
    assert nav_items(page_of(client.get("/"))) == [
        "My summary",
        "My pathway",
        "Training",
        "My details",
        "Notifications",
    ]


def test_the_navigation_costs_the_same_queries_with_or_without_an_enrolment(academy):
    client = academy.client("nqsw")
    NotificationFactory(recipient=academy.people["nqsw"], status="sent")
    client.get("/notifications/")
    with count_queries() as before:
        client.get("/notifications/")
    nqsw_on_asye(academy)
    with count_queries() as after:
        response = client.get("/notifications/")
    assert len(before) == len(after), queries_listed(after)
    assert page_of(response).text("span", class_="app-badge") == "1 unread"


def test_the_academy_home_shows_pathways_at_a_glance_to_those_who_see_all(academy):
    enrolment = nqsw_on_asye(academy)
    at_risk = enrol(newly_qualified(), enrolment.cohort)
    record_progress(at_risk, development_hours=5)
    page = page_of(academy.client("psw").get("/"))
    assert page.table_rows("Open enrolments by pathway and status") == [
        ["ASYE (adults)", "0", "1", "1", "2"]
    ]
    # one bar segment each, and one swatch each in the chart's key
    assert len(page.find_all("rect", class_="app-stack--at_risk")) == 1 + 1
    assert len(page.find_all("rect", class_="app-stack--overdue")) == 1 + 1
    assert len(page.find_all("rect", class_="app-stack--on_track")) == 0 + 1
    # a training coordinator sees the academy, but not its pathways
    assert "Pathways at a glance" not in academy.client("coordinator").get("/").content.decode()


def test_a_managers_home_links_to_their_teams_pathways(academy):
    page = page_of(academy.client("manager").get("/"))
    assert page.find("a", href="/team/pathways/") is not None


# ---------------------------------------------------------------------------------------------
# The cohort planner
# ---------------------------------------------------------------------------------------------
def test_the_planner_lists_cohorts_newest_first_with_places_and_status_counts(academy):
    older = cohort(start=months_ago(7), capacity=3, name="ASYE spring")
    newer = cohort(start=months_ago(2), capacity=2, name="ASYE summer")
    nqsw_on_asye(academy, into=older)
    late = enrol(newly_qualified(), older)
    record_progress(late, done=())  # three reviews past due
    enrol(newly_qualified(), newer)
    enrol(newly_qualified(), newer)
    page = page_of(academy.client("psw").get("/cohorts/"))
    rows = page.table_rows("Cohorts, newest first")
    assert [row[0] for row in rows] == [
        "ASYE summerASYE (adults)",
        "ASYE springASYE (adults)",
    ]
    # two months in, neither summer member has had their support agreement
    assert rows[0][2:] == ["Full", "0", "0", "2", "0"]
    assert rows[1][2] == "1 of 3"
    assert rows[1][5] == "2"  # both spring members have reviews past due
    assert page.find("a", href="/cohorts/new/") is not None
    assert page_of(academy.client("dass").get("/cohorts/")).find("a", href="/cohorts/new/") is None


def test_the_planner_pages_by_start_date(academy):
    for month in range(30):
        cohort(start=months_ago(month), name=f"Intake {month:02d}")
    client = academy.client("psw")
    first = page_of(client.get("/cohorts/"))
    names = [row[0].split("ASYE")[0] for row in first.table_rows("Cohorts, newest first")]
    assert names == [f"Intake {month:02d}" for month in range(25)]
    following = first.find("a", rel="next")["attrs"]["href"]
    second = page_of(client.get(f"/cohorts/{following}"))
    names = [row[0].split("ASYE")[0] for row in second.table_rows("Cohorts, newest first")]
    assert names == [f"Intake {month:02d}" for month in range(25, 30)]


# ---------------------------------------------------------------------------------------------
# A cohort's page
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def spring(academy):
    """A cohort seven months in: nqsw on track, one member at risk, one overdue."""
    enrolment = nqsw_on_asye(academy)
    record_progress(enrolment, development_hours=100)
    at_risk = enrol(
        newly_qualified(first_name="Ada", last_name="Adams"),
        enrolment.cohort,
        assessor=academy.people["psw"],
    )
    record_progress(at_risk, development_hours=10)
    overdue = enrol(newly_qualified(first_name="Ben", last_name="Brown"), enrolment.cohort)
    record_progress(overdue, done=("support_agreement",))
    return enrolment.cohort


def test_a_cohort_shows_its_members_status_with_the_reasons(academy, spring):
    page = page_of(academy.client("psw").get(f"/cohorts/{spring.pk}/"))
    assert page.h1 == spring.name
    assert page.texts("p", class_="app-stat") == [
        "1 on track",
        "1 at risk",
        "1 overdue",
        "0 finished",
    ]
    rows = page.table_rows("Members")
    assert [row[0].split(",")[0] for row in rows] == ["Adams", "Brown", "Tester"]
    adams, brown, nqsw = rows
    assert adams[3].startswith("At risk ")
    assert "Development time is 10.0 of" in adams[3]
    assert brown[3].startswith("Overdue Interim review (3 months) was due on")
    assert nqsw == ["Tester, NqswNorth Locality", "Assessor Tester", nqsw[2], "On track"]
    assert nqsw[2].startswith("Final review and recommendationdue ")
    assert page.find("a", href=f"/cohorts/{spring.pk}/enrol/") is not None


def test_the_timeline_draws_each_members_milestones_and_today_and_hides_from_readers(
    academy, spring
):
    page = page_of(academy.client("psw").get(f"/cohorts/{spring.pk}/"))
    svg = page.find("svg", class_="app-timeline__svg")
    assert svg["attrs"]["aria-hidden"] == "true"
    assert svg["attrs"]["focusable"] == "false"
    labels = page.texts("text", class_="app-timeline__label")
    assert labels == ["Adams, Ada", "Brown, Ben", "Tester, Nqsw"]
    # five enabled milestones each (the 9-month review is off): 3 done for two, 1 for Brown;
    # and one of each kind of marker in the key
    assert len(page.find_all("circle", class_="app-marker--done")) == 3 + 3 + 1 + 1
    assert len(page.find_all("polygon", class_="app-marker--overdue")) == 2 + 1
    assert len(page.find_all("circle", class_="app-marker--upcoming")) == 3 * 2 + 1
    assert page.find("line", class_="app-timeline__today") is not None
    key = page.texts("ul", class_="app-timeline__key")[0]
    for word in ("Done", "Overdue", "Due soon", "Upcoming", "Today"):
        assert word in key


def short(day):
    return f"{day.day} {day:%b %Y}"


def test_the_timeline_table_carries_the_same_facts(academy, spring):
    page = page_of(academy.client("psw").get(f"/cohorts/{spring.pk}/"))
    # a column per milestone held, in the pathway's order; the optional review is off for all
    headers = page.texts("th", scope="col")[:6]
    assert headers == [
        "Member",
        "Support and assessment agreement and first PDP",
        "Interim review (3 months)",
        "Interim review (6 months)",
        "Final review and recommendation",
        "Moderation panel",
    ]
    brown = Enrolment.objects.get(cohort=spring, person__last_name="Brown")
    due = {m.key: m for m in brown.milestones.all()}
    rows = {row[0]: row[1:] for row in page.table_rows("Milestones by member")}
    assert rows["Brown, Ben"] == [
        f"Done {short(due['support_agreement'].completed_on)}",
        f"Overdue due {short(due['review_3m'].due_date)}",
        f"Overdue due {short(due['review_6m'].due_date)}",
        f"Upcoming due {short(due['final_review'].due_date)}",
        f"Upcoming due {short(due['moderation_panel'].due_date)}",
    ]


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ({"status": "overdue"}, ["Brown, Ben"]),
        ({"status": "on_track"}, ["Tester, Nqsw"]),
        ({"search": "ada"}, ["Adams, Ada"]),
        ({"search": "no such person"}, []),
    ],
)
def test_the_cohort_filters_narrow_the_members_and_the_timeline(academy, spring, query, names):
    page = page_of(academy.client("psw").get(f"/cohorts/{spring.pk}/", query))
    assert page.texts("text", class_="app-timeline__label") == names
    if not names:
        assert "Nobody in this cohort matches these filters." in page.html


def test_the_cohort_filters_by_assessor(academy, spring):
    psw = academy.people["psw"]
    page = page_of(academy.client("psw").get(f"/cohorts/{spring.pk}/", {"assessor": psw.pk}))
    assert page.texts("text", class_="app-timeline__label") == ["Adams, Ada"]
    options = page.texts("option")
    assert "Psw Tester" in options
    assert "Assessor Tester" in options


def test_a_filter_the_form_refuses_is_shown_and_the_others_still_apply(academy, spring):
    page = page_of(
        academy.client("psw").get(f"/cohorts/{spring.pk}/", {"status": "asleep", "search": "brown"})
    )
    assert page.error_summary_links() == {"id_status": "Choose a status from the list"}
    assert page.texts("text", class_="app-timeline__label") == ["Brown, Ben"]


def test_the_dass_sees_a_cohort_but_is_not_offered_to_enrol(academy, spring):
    page = page_of(academy.client("dass").get(f"/cohorts/{spring.pk}/"))
    assert page.h1 == spring.name
    assert page.find("a", href=f"/cohorts/{spring.pk}/enrol/") is None


def test_a_full_cohort_offers_no_enrolling(academy):
    full = cohort(capacity=1)
    nqsw_on_asye(academy, into=full)
    page = page_of(academy.client("psw").get(f"/cohorts/{full.pk}/"))
    assert page.find("a", href=f"/cohorts/{full.pk}/enrol/") is None
    assert "The cohort is full: nobody more can be enrolled." in page.html


def _cohort_queries(academy, size):
    group = cohort(name=f"Size {size}")
    for _ in range(size):
        record_progress(enrol(newly_qualified(), group), evidence=1, supervision_days_ago=None)
    client = academy.client("psw")
    client.get(f"/cohorts/{group.pk}/")
    with count_queries() as context:
        response = client.get(f"/cohorts/{group.pk}/")
    assert len(page_of(response).texts("text", class_="app-timeline__label")) == size
    return context


def test_a_cohort_page_runs_the_same_queries_for_1_and_40_members(academy):
    one = _cohort_queries(academy, 1)
    forty = _cohort_queries(academy, 40)
    assert len(one) == len(forty), queries_listed(forty)
    # session, user, viewer, navigation, the cohort and its counts, the assessors for the
    # filter, the page of members, their milestones
    assert len(forty) == 8, queries_listed(forty)


def test_the_planner_runs_the_same_queries_for_1_and_25_cohorts(academy):
    client = academy.client("psw")
    cohort(name="The first")
    client.get("/cohorts/")
    with count_queries() as one:
        client.get("/cohorts/")
    for index in range(24):
        cohort(name=f"Another {index}")
    with count_queries() as many:
        client.get("/cohorts/")
    assert len(one) == len(many), queries_listed(many)


# ---------------------------------------------------------------------------------------------
# An enrolment's page
# ---------------------------------------------------------------------------------------------
def test_the_enrolment_page_shows_milestones_with_their_status_and_who_did_them(academy):
    enrolment = record_progress(
        nqsw_on_asye(academy), done=("support_agreement",), by=academy.people["assessor"]
    )
    page = page_of(academy.client("psw").get(f"/enrolments/{enrolment.pk}/"))
    assert page.h1 == "Nqsw Tester"
    assert page.text("strong", class_="govuk-tag") == "Overdue"
    rows = page.table_rows("Milestones")
    assert rows[0][0] == "Support and assessment agreement and first PDP"
    assert rows[0][2] == "Done"
    assert "by Assessor Tester" in rows[0][3]
    assert rows[1][2] == "Overdue"
    assert rows[3][0] == "Interim review (9 months) (optional)"
    assert rows[3][2] == "Switched off"
    milestone = enrolment.milestones.get(key="review_3m")
    assert rows[1][1] == f"{milestone.due_date.day} {milestone.due_date:%b %Y}"
    assert "Interim review (3 months) was due on" in page.text("div", class_="app-reasons")


def test_the_enrolment_page_offers_each_form_only_to_those_allowed(academy):
    enrolment = nqsw_on_asye(academy)
    actions = {
        "psw": {
            "Record a supervision",
            "Log development time",
            "Add evidence",
            "Record a pause",
            "Extend the pathway",
            "Record the outcome",
            "Record ASYE portal registration",
        },
        "assessor": {"Log development time", "Add evidence", "Record the outcome"},
        "supervisor": {"Record a supervision", "Log development time"},
        "nqsw": {"Log development time", "Add evidence"},
        "manager": {"Record a pause", "Extend the pathway"},
        "dass": set(),
    }
    for login, wanted in actions.items():
        page = page_of(academy.client(login).get(f"/enrolments/{enrolment.pk}/"))
        buttons = set(page.texts("a", class_="govuk-button--secondary"))
        assert buttons == wanted, login
        mark_done = page.find_all(
            "a", href=f"/enrolments/{enrolment.pk}/milestones/review_3m/done/"
        )
        assert bool(mark_done) == (login in ("psw", "assessor")), login


def test_a_finished_enrolment_offers_no_forms(academy):
    enrolment = nqsw_on_asye(academy)
    services.outcome_record(
        enrolment=enrolment,
        stage="withdrawal",
        decision="withdrawn",
        decided_on=today(),
        note="Left the council.",
        actor=academy.people["psw"],
    )
    page = page_of(academy.client("psw").get(f"/enrolments/{enrolment.pk}/"))
    assert page.text("strong", class_="govuk-tag") == "Finished"
    assert page.find_all("a", class_="govuk-button--secondary") == []
    assert page.table_rows("Decisions on the outcome")[0][1:4] == [
        "Withdrawal",
        "Withdrawn",
        "Psw Tester",
    ]


def test_the_enrolment_page_shows_supervision_development_time_and_evidence(academy):
    enrolment = record_progress(nqsw_on_asye(academy), development_hours=21, evidence=1)
    page = page_of(academy.client("nqsw").get(f"/enrolments/{enrolment.pk}/"))
    assert len(page.table_rows("Supervision log")) == enrolment.supervisions.count()
    assert [row[2] for row in page.table_rows("Time logged")] == ["7", "7", "7"]
    kinds = {row[0]: row[1:] for row in page.table_rows("Evidence by kind")}
    assert kinds["Direct observation"] == ["1", "3"]
    assert kinds["Critical reflection"] == ["0", "—"]
    coverage = dict(page.table_rows("Evidence by PCF domain"))
    assert coverage["Professionalism"] == "3"
    assert coverage["Knowledge"] == "0"
    assert "No evidence yet for: Rights, Justice and Economic Wellbeing, Knowledge" in page.html


def _enrolment_queries(client, enrolment):
    client.get(f"/enrolments/{enrolment.pk}/")
    with count_queries() as context:
        response = client.get(f"/enrolments/{enrolment.pk}/")
    assert response.status_code == 200
    return context


def test_the_enrolment_page_runs_the_same_queries_for_few_and_many_records(academy):
    client = academy.client("psw")
    sparse = record_progress(
        enrol(newly_qualified(), cohort(), supervisor=newly_qualified()),
        done=("support_agreement",),
        supervision_days_ago=3,
        supervision_every=365,
        development_hours=2,
        evidence=1,
    )
    services.pause_record(
        enrolment=sparse, kind="extension", reason="A week more.", days=7, actor=None
    )
    services.outcome_record(
        enrolment=sparse,
        stage="recommendation",
        decision="recommended_pass",
        decided_on=today(),
        actor=None,
    )
    few = _enrolment_queries(client, sparse)
    full = record_progress(nqsw_on_asye(academy), development_hours=140, evidence=3)
    services.pause_record(
        enrolment=full,
        kind="sick_leave",
        reason="Two weeks of sick leave.",
        first_day=today() - dt.timedelta(days=20),
        last_day=today() - dt.timedelta(days=7),
        actor=None,
    )
    many = _enrolment_queries(client, full)
    assert len(few) == len(many), queries_listed(many)


# ---------------------------------------------------------------------------------------------
# My pathway
# ---------------------------------------------------------------------------------------------
def test_my_pathway_says_so_when_a_person_is_on_no_pathway(academy):
    page = page_of(academy.client("worker").get("/my-pathway/"))
    assert page.h1 == "My pathway"
    assert "You are not on a pathway." in page.html


def test_my_pathway_shows_whats_next_supervision_development_time_and_coverage(academy):
    enrolment = record_progress(nqsw_on_asye(academy), development_hours=35, evidence=1)
    page = page_of(academy.client("nqsw").get("/my-pathway/"))
    assert page.text("h2", id=f"pathway-{enrolment.pk}") == "ASYE (adults)"
    nxt = page.texts("span", class_="app-next__title")
    assert nxt == ["Final review and recommendation", "Moderation panel"]
    assert "Supervision periods met so far:" in page.html
    development = enrolment.development_activities.count()
    assert development == 5
    assert "35 hours logged of" in page.html
    assert page.find("svg", class_="app-meter")["attrs"]["aria-hidden"] == "true"
    coverage = dict(page.table_rows("Evidence by PCF domain"))
    assert coverage["Values and Ethics"] == "3"
    assert page.find("a", href=f"/enrolments/{enrolment.pk}/development-time/new/") is not None
    assert page.find("a", href=f"/enrolments/{enrolment.pk}/evidence/new/") is not None


def test_my_pathway_puts_an_open_pathway_before_a_finished_one(academy):
    open_one = nqsw_on_asye(academy)
    preceptorship = PathwayTemplate.objects.get(key="ot-preceptorship")
    earlier = services.enrolment_create(
        person=academy.people["nqsw"],
        pathway=preceptorship,
        start_date=months_ago(20),
    )
    services.outcome_record(
        enrolment=earlier,
        stage="completion",
        decision="completed",
        decided_on=months_ago(8),
        actor=None,
    )
    page = page_of(academy.client("nqsw").get("/my-pathway/"))
    headings = page.texts("h2", class_="govuk-heading-l")
    assert headings == ["ASYE (adults)", "OT preceptorship"]
    assert page.text("h2", id=f"pathway-{open_one.pk}") == "ASYE (adults)"


def _my_pathway_queries(client):
    client.get("/my-pathway/")
    with count_queries() as context:
        client.get("/my-pathway/")
    return context


def test_my_pathway_runs_the_same_queries_for_few_and_many_records(academy):
    client = academy.client("nqsw")
    enrolment = nqsw_on_asye(academy)
    record_progress(enrolment, supervision_every=365, development_hours=1, evidence=1)
    few = _my_pathway_queries(client)
    record_progress(enrolment, done=(), development_hours=150, evidence=3)
    enrolment.refresh_from_db()
    assert enrolment.supervisions.count() > 10
    many = _my_pathway_queries(client)
    assert len(few) == len(many), queries_listed(many)


# ---------------------------------------------------------------------------------------------
# The people an assessor holds; a manager's team
# ---------------------------------------------------------------------------------------------
def test_an_assessor_sees_the_people_they_assess_and_supervise_with_whats_next(academy):
    nqsw_on_asye(academy)
    mine = enrol(
        newly_qualified(first_name="Cara", last_name="Cole"),
        cohort(),
        supervisor=academy.people["assessor"],
    )
    enrol(newly_qualified(first_name="Not", last_name="Mine"), mine.cohort)
    page = page_of(academy.client("assessor").get("/assessing/"))
    rows = page.table_rows("The people you assess and supervise")
    assert [row[0] for row in rows] == ["Cole, Cara", "Tester, Nqsw"]
    assert [row[2] for row in rows] == ["Supervisor", "Assessor"]
    assert rows[0][3].startswith("Support and assessment agreement and first PDPdue ")


def test_the_assessing_list_filters_by_status(academy):
    enrolment = nqsw_on_asye(academy)
    record_progress(enrolment)
    page = page_of(academy.client("assessor").get("/assessing/", {"status": "overdue"}))
    assert "Nobody on an open pathway has you as their assessor or supervisor." in page.html


def test_a_manager_sees_their_teams_enrolments_and_no_one_elses(academy):
    nqsw_on_asye(academy)
    enrol(newly_qualified(team=academy.teams["b"], last_name="Elsewhere"), cohort())
    page = page_of(academy.client("manager").get("/team/pathways/"))
    rows = page.table_rows("Your team's pathways")
    assert [row[0] for row in rows] == ["Tester, NqswNorth Locality"]


def test_the_assessor_and_team_lists_run_the_same_queries_for_1_and_30_people(academy):
    group = cohort()
    enrol(newly_qualified(team=academy.teams["a"]), group, assessor=academy.people["assessor"])
    assessor, manager = academy.client("assessor"), academy.client("manager")
    assessor.get("/assessing/")
    manager.get("/team/pathways/")
    with count_queries() as assessing_one:
        assessor.get("/assessing/")
    with count_queries() as team_one:
        manager.get("/team/pathways/")
    for _ in range(29):
        enrol(newly_qualified(team=academy.teams["a"]), group, assessor=academy.people["assessor"])
    with count_queries() as assessing_many:
        assessor.get("/assessing/")
    with count_queries() as team_many:
        manager.get("/team/pathways/")
    assert len(assessing_one) == len(assessing_many), queries_listed(assessing_many)
    assert len(team_one) == len(team_many), queries_listed(team_many)


# ---------------------------------------------------------------------------------------------
# Pathway templates
# ---------------------------------------------------------------------------------------------
def test_the_templates_list_every_pathway(academy):
    asye()
    page = page_of(academy.client("worker").get("/pathways/"))
    names = [row[0] for row in page.table_rows("Pathways")]
    assert "ASYE (adults)" in names
    assert "Social work degree apprenticeship" in names
    assert page.find("a", href=f"/pathways/{asye().pk}/copy/") is None


def test_a_template_shows_its_milestones_and_its_rules_in_words(academy):
    template = asye()
    page = page_of(academy.client("psw").get(f"/pathways/{template.pk}/"))
    milestones = page.table_rows(f"Milestones of {template.name}")
    assert milestones[0][:2] == ["Support and assessment agreement and first PDP", "1 month"]
    assert milestones[2][2] == "Critical reflection"
    assert milestones[3][3] == "Optional: off unless switched on for an enrolment."
    bullets = page.texts("li")
    assert "Weekly until 6 weeks after the start" in bullets
    assert "Fortnightly until 6 months after the start" in bullets
    assert "Monthly to the end" in bullets
    assert "10% of contracted hours each week" in bullets
    assert "Direct observation: 3" in bullets
    assert "Registered with Social Work England on or before the start date" in bullets
    assert (
        "Qualified up to 2 years before the start; up to 4 years with the PSW's confirmation "
        "that knowledge is current; longer only with the PSW's override"
    ) in bullets
    assert '"percent": 10' in page.text("pre", class_="app-json")


def test_the_apprenticeship_template_describes_its_rule_by_start_date(academy):
    asye()
    template = PathwayTemplate.objects.get(key="sw-degree-apprenticeship")
    bullets = page_of(academy.client("psw").get(f"/pathways/{template.pk}/")).texts("li")
    assert "Starting before 1 August 2022: 20% of contracted hours each week" in bullets
    assert "Starting before 1 August 2025: 6 hours a week" in bullets
    assert "Starting later: 1,100 hours over the whole pathway, spread evenly" in bullets


def test_the_enrolment_count_of_a_cohort_includes_only_open_enrolments(academy):
    """A finished member frees a place: the cohort's page counts them as finished."""
    group = cohort(capacity=2)
    first = nqsw_on_asye(academy, into=group)
    services.outcome_record(
        enrolment=first,
        stage="deferral",
        decision="deferred",
        decided_on=today(),
        actor=None,
    )
    page = page_of(academy.client("psw").get(f"/cohorts/{group.pk}/"))
    assert page.texts("p", class_="app-stat")[3] == "1 finished"
    assert "0 of 2 taken, 2 left" in page.html
    assert Enrolment.objects.get(pk=first.pk).status == "complete"


def test_the_templates_list_runs_the_same_queries_for_few_and_many_templates(academy):
    template = asye()
    client = academy.client("psw")
    client.get("/pathways/")
    with count_queries() as few:
        client.get("/pathways/")
    for index in range(10):
        services.pathway_template_copy(
            template=template, key=f"asye-copy-{index}", name=f"ASYE copy {index}"
        )
    with count_queries() as many:
        response = client.get("/pathways/")
    assert len(page_of(response).table_rows("Pathways")) == PathwayTemplate.objects.count()
    assert len(few) == len(many), queries_listed(many)


def test_the_enrol_page_runs_the_same_queries_for_1_and_50_people_offered(academy):
    group = cohort()
    client = academy.client("psw")
    newly_qualified()
    client.get(f"/cohorts/{group.pk}/enrol/")
    with count_queries() as one:
        client.get(f"/cohorts/{group.pk}/enrol/")
    for _ in range(49):
        newly_qualified()
    with count_queries() as fifty:
        response = client.get(f"/cohorts/{group.pk}/enrol/")
    offered = page_of(response).find_all("input", name="people")
    assert len(offered) == 50
    assert len(one) == len(fifty), queries_listed(fifty)
