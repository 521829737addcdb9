"""What the audit pages show: the navigation, the team dashboard (scoped to the manager's
teams), an audit with its feedback, My audits, the moderation queue, the quality dashboard and
bulletins; and that each list runs a fixed number of queries whatever its rows."""

from __future__ import annotations

import datetime as dt

import pytest

from academy.audits import services
from academy.audits.models import AuditTheme, Moderation
from academy.common.dates import add_months, today
from academy.notifications.models import Notification
from academy.people.permissions import viewer_for
from tests.api.test_audits import (  # noqa: F401  (fixtures)
    audits_fixture,
    record,
    standard_audit_fixture,
)
from tests.factories import TeamFactory
from tests.web.conftest import count_queries, page_of, queries_listed

pytestmark = pytest.mark.django_db


def nav_items(page):
    return page.texts("a", class_="govuk-service-navigation__link")[1:]


def listed_cases(page, caption="Audits, latest first"):
    return [row[0] for row in page.table_rows(caption)]


# ---------------------------------------------------------------------------------------------
# Navigation
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("login", "audits_item", "my_audits_item"),
    [
        ("manager", True, False),
        ("psw", True, False),
        ("dass", True, False),
        ("nqsw", False, True),  # their audit is submitted
        ("worker", False, False),  # theirs is still a draft
        ("coordinator", False, False),
    ],
)
def test_the_navigation_offers_audits_to_those_who_oversee_and_to_the_audited(
    audits, academy, login, audits_item, my_audits_item
):
    items = nav_items(page_of(academy.client(login).get("/")))
    assert ("Audits" in items) is audits_item
    assert ("My audits" in items) is my_audits_item


def test_the_navigation_costs_the_same_queries_with_or_without_audits(academy, standard_audit):
    client = academy.client("worker")
    client.get("/notifications/")
    with count_queries() as before:
        client.get("/notifications/")
    record(academy.people["manager"], academy.people["worker"])
    with count_queries() as after:
        response = client.get("/notifications/")
    assert len(before) == len(after), queries_listed(after)
    assert "My audits" in nav_items(page_of(response))


# ---------------------------------------------------------------------------------------------
# The team dashboard
# ---------------------------------------------------------------------------------------------
def test_a_managers_dashboard_shows_their_team_and_never_another(audits, academy):
    page = page_of(academy.client("manager").get("/audits/"))
    assert page.table_rows("This month by team") == [
        ["North Locality", "2", "1", "1", "0", "In progress"]
    ]
    assert set(listed_cases(page)) == {
        audits.submitted.case_reference,
        audits.draft.case_reference,
    }
    assert audits.other_team.case_reference not in page.html
    # asking for the other team's audits by the filter shows nothing of them
    team_b = academy.teams["b"].pk
    filtered = academy.client("manager").get(f"/audits/?team={team_b}")
    assert audits.other_team.case_reference not in filtered.content.decode()


def test_the_psw_sees_every_team_and_narrows_to_one(audits, academy):
    client = academy.client("psw")
    page = page_of(client.get("/audits/"))
    assert [row[0] for row in page.table_rows("This month by team")] == [
        "Community Mental Health",
        "Hospital Discharge",
        "North Locality",
    ]
    assert len(listed_cases(page)) == 3
    only_b = page_of(client.get(f"/audits/?team={academy.teams['b'].pk}"))
    assert listed_cases(only_b) == [audits.other_team.case_reference]
    assert only_b.find("a", href="/audits/moderation/") is not None
    assert only_b.find("a", href="/audits/new/") is None


def test_the_dashboard_charts_a_year_of_grades_and_themes(audits, academy):
    record(
        academy.people["manager"],
        academy.people["worker"],
        answer="no",
        audit_date=add_months(today(), -2),
        themes=(audits.theme,),
    )
    page = page_of(academy.client("manager").get("/audits/"))
    months = page.table_rows("Audits submitted each month, by grade")
    assert len(months) == 12
    assert months[-1] == [f"{today():%b %Y}", "1", "0", "0", "0", "1"]
    assert months[-3] == [f"{add_months(today(), -2):%b %Y}", "0", "0", "0", "1", "1"]
    assert page.table_rows("Grades in the last 12 months") == [
        ["Outstanding", "1"],
        ["Good", "0"],
        ["Requires improvement", "0"],
        ["Inadequate", "1"],
    ]
    assert page.table_rows("Learning themes in the last 12 months") == [["Mental capacity", "2"]]
    assert len(page.find_all("rect", class_="app-grade--inadequate")) == 1 + 1  # bar and key


def test_the_dashboard_filters_by_status_and_grade(audits, academy):
    client = academy.client("manager")
    drafts = page_of(client.get("/audits/?status=draft"))
    assert listed_cases(drafts) == [audits.draft.case_reference]
    none = page_of(client.get("/audits/?grade=inadequate"))
    assert none.find("table", class_="govuk-table") is not None
    assert "No audits match." in none.html


def test_the_dashboard_lists_audits_by_keyset_pages_latest_first(audits, academy):
    for day in range(30):
        record(
            academy.people["manager"],
            academy.people["worker"],
            audit_date=today() - dt.timedelta(days=day + 40),
        )
    client = academy.client("manager")
    first = page_of(client.get("/audits/"))
    assert len(listed_cases(first)) == 25
    following = first.find("a", rel="next")["attrs"]["href"]
    second = page_of(client.get(f"/audits/{following}"))
    assert len(listed_cases(second)) == 7
    assert not set(listed_cases(first)) & set(listed_cases(second))


# ---------------------------------------------------------------------------------------------
# An audit, and My audits
# ---------------------------------------------------------------------------------------------
def test_the_audit_page_shows_the_score_grade_feedback_and_answers_by_section(audits, academy):
    page = page_of(academy.client("nqsw").get(f"/audits/{audits.submitted.pk}/"))
    assert page.h1 == f"Audit of case {audits.submitted.case_reference}"
    assert "100.0 out of 100" in page.html
    assert "Outstanding" in page.texts("dd", class_="govuk-summary-list__value")
    assert "Clear chronology and a strong voice of the person." in page.html
    assert page.texts("caption")[1:3] == ["1. Recording", "2. Strengths-based assessment"]
    assert page.table_rows("1. Recording")[0] == [
        "Is the record up to date, with case notes written within the expected time?",
        "Yes",
        "Comment on question 1",
    ]
    # the practitioner acknowledges and may turn it into CPD; they add no actions
    assert page.find("form", action=f"/audits/{audits.submitted.pk}/acknowledge/") is not None
    assert page.find("a", href=f"/audits/{audits.submitted.pk}/cpd/") is not None
    assert page.find("a", href=f"/audits/{audits.submitted.pk}/actions/new/") is None


def test_the_manager_reads_the_reflection_and_keeps_the_action_plan(audits, academy):
    services.audit_acknowledge(
        audit=audits.submitted,
        actor=viewer_for(academy.people["nqsw"].user),
        reflection="I will record each capacity decision.",
    )
    page = page_of(academy.client("manager").get(f"/audits/{audits.submitted.pk}/"))
    assert "I will record each capacity decision." in page.html
    assert "Nqsw Tester acknowledged the audit on" in page.html
    assert page.find("a", href=f"/audits/{audits.submitted.pk}/actions/new/") is not None
    assert page.find("form", action=f"/audits/{audits.submitted.pk}/acknowledge/") is None
    assert page.table_rows("Action plan")[0][:3] == [
        audits.action.description,
        "Nqsw Tester",
        f"{audits.action.due_date:%-d %b %Y}",
    ]


def test_a_draft_offers_its_manager_to_continue(audits, academy):
    page = page_of(academy.client("manager").get(f"/audits/{audits.draft.pk}/"))
    assert page.find("a", href=f"/audits/{audits.draft.pk}/edit/") is not None
    assert "Not graded yet" not in page.html  # no grade row on a draft
    dass = page_of(academy.client("dass").get(f"/audits/{audits.draft.pk}/"))
    assert dass.find("a", href=f"/audits/{audits.draft.pk}/edit/") is None


def test_an_inadequate_audit_offers_the_re_audit_once(audits, academy):
    failing = record(academy.people["manager"], academy.people["worker"], answer="no")
    page = page_of(academy.client("manager").get(f"/audits/{failing.pk}/"))
    assert page.find("a", href=f"/audits/new/?reaudit_of={failing.pk}") is not None
    assert "An Inadequate audit needs an action plan" in page.html
    form = page_of(academy.client("manager").get(f"/audits/new/?reaudit_of={failing.pk}"))
    assert form.find("input", name="case_reference")["attrs"]["value"] == failing.case_reference
    assert form.find("input", name="reaudit_of")["attrs"]["value"] == str(failing.pk)


def test_my_audits_lists_those_to_acknowledge_first(audits, academy):
    older = record(
        academy.people["manager"], academy.people["nqsw"], audit_date=add_months(today(), -1)
    )
    services.audit_acknowledge(audit=older, actor=viewer_for(academy.people["nqsw"].user))
    page = page_of(academy.client("nqsw").get("/my-audits/"))
    assert listed_cases(page, "Audits waiting for you to acknowledge") == [
        audits.submitted.case_reference
    ]
    assert listed_cases(page, "Audits you have acknowledged, latest first") == [
        older.case_reference
    ]
    # the worker's audit is a draft: nothing to show them yet
    worker = page_of(academy.client("worker").get("/my-audits/"))
    assert "Nothing is waiting for you." in worker.html
    assert audits.draft.case_reference not in worker.html


def test_submitting_notifies_the_practitioner_with_a_link_to_the_page(audits, academy):
    note = Notification.objects.get(recipient=academy.people["nqsw"], kind="audits.feedback")
    assert note.link == f"/audits/{audits.submitted.pk}/"
    assert academy.client("nqsw").get(note.link).status_code == 200


# ---------------------------------------------------------------------------------------------
# The PSW's pages and the quality dashboard
# ---------------------------------------------------------------------------------------------
def test_the_moderation_queue_lists_the_sample_not_yet_regraded(audits, academy):
    page = page_of(academy.client("psw").get("/audits/moderation/"))
    rows = page.table_rows("Audits to moderate, oldest month first")
    assert {row[1].split()[0] for row in rows} == {
        audits.submitted.case_reference,
        audits.other_team.case_reference,
    }
    assert {row[2] for row in rows} == {"North Locality", "Hospital Discharge"}
    services.moderation_record(
        moderation=audits.moderation,
        grade="good",
        actor=viewer_for(academy.people["psw"].user),
    )
    page = page_of(academy.client("psw").get("/audits/moderation/"))
    assert len(page.table_rows("Audits to moderate, oldest month first")) == 1


def test_the_quality_dashboard_shows_grades_by_team_and_agreement(audits, academy):
    services.moderation_record(
        moderation=audits.moderation,
        grade="good",
        actor=viewer_for(academy.people["psw"].user),
    )
    other = Moderation.objects.exclude(pk=audits.moderation.pk).get()
    services.moderation_record(
        moderation=other, grade="outstanding", actor=viewer_for(academy.people["psw"].user)
    )
    page = page_of(academy.client("dass").get("/audits/quality/"))
    assert page.table_rows("Grades by team") == [
        ["Hospital Discharge", "1", "0", "0", "0", "1"],
        ["North Locality", "1", "0", "0", "0", "1"],
    ]
    agreement = page.table_rows("Agreement each month")
    assert [row[0] for row in agreement] == ["Hospital Discharge", "North Locality"]
    assert agreement[0][-1] == "100% 1 of 1"
    assert agreement[1][-1] == "0% 0 of 1"
    assert page.table_rows("Agreement with the auditor's grade, by team (%)") == [
        ["Hospital Discharge", "100"],
        ["North Locality", "0"],
    ]
    assert len(page.table_rows("Audits submitted each month, by grade")) == 12


def test_the_quality_dashboard_adds_months_up_by_quarter(audits, academy):
    for months in (3, 4, 5):
        record(
            academy.people["manager"],
            academy.people["worker"],
            answer="partly",
            audit_date=add_months(today(), -months),
            themes=(audits.theme,),
        )
    page = page_of(academy.client("psw").get("/audits/quality/?period=quarter"))
    quarters = page.table_rows("Audits submitted each quarter, by grade")
    assert len(quarters) == 4
    assert sum(int(row[3]) for row in quarters) == 3  # requires improvement
    assert sum(int(row[-1]) for row in quarters) == 5
    themes = page.table_rows("Learning themes each quarter")
    assert themes[0][0] == "Mental capacity"
    assert sum(int(n) for n in themes[0][1:]) == 4


def test_bulletins_show_drafts_to_the_psw_alone(audits, academy):
    worker = page_of(academy.client("worker").get("/bulletins/"))
    assert worker.texts("a", href=f"/bulletins/{audits.bulletin.pk}/") == [
        "What we learnt this month"
    ]
    assert worker.find("a", href=f"/bulletins/{audits.draft_bulletin.pk}/") is None
    assert worker.find("a", href="/bulletins/new/") is None
    psw = page_of(academy.client("psw").get("/bulletins/"))
    assert psw.texts("a", href=f"/bulletins/{audits.draft_bulletin.pk}/") == [
        "Next month's bulletin"
    ]
    assert psw.find("a", href="/bulletins/new/") is not None


# ---------------------------------------------------------------------------------------------
# Fixed queries whatever the rows
# ---------------------------------------------------------------------------------------------
def _grow_audits(audits, academy, n):
    for i in range(n):
        record(
            academy.people["manager"],
            academy.people["worker"],
            audit_date=today() - dt.timedelta(days=i + 20),
            themes=(audits.theme,),
        )


def _grow_my_audits(audits, academy, n):
    """n more audits in each list: waiting to be acknowledged, and acknowledged."""
    for i in range(n):
        for acknowledged in (False, True):
            audit = record(
                academy.people["manager"],
                academy.people["nqsw"],
                audit_date=today() - dt.timedelta(days=i + 20),
                themes=(audits.theme,),
            )
            if acknowledged:
                services.audit_acknowledge(
                    audit=audit, actor=viewer_for(academy.people["nqsw"].user)
                )


def _grow_moderations(audits, academy, n):
    for _ in range(n):
        audit = record(audits.manager_b, academy.people["outsider"])
        Moderation.objects.create(audit=audit, sample_month=today().replace(day=1))


def _grow_bulletins(audits, academy, n):
    for i in range(n):
        services.bulletin_save(
            data={
                "title": f"Bulletin {i}",
                "period_start": today() - dt.timedelta(days=i + 40),
                "period_end": today() - dt.timedelta(days=i + 35),
                "went_well": "Reviews on time.",
                "to_improve": "Advocacy.",
            },
            themes=[audits.theme],
            publish=True,
            actor=viewer_for(academy.people["psw"].user),
        )


def _grow_themes(audits, academy, n):
    start = AuditTheme.objects.count()
    AuditTheme.objects.bulk_create(AuditTheme(name=f"Theme {start + i}") for i in range(n))


def _grow_actions(audits, academy, n):
    for i in range(n):
        services.action_add(
            audit=audits.submitted,
            description=f"Action {i}",
            owner=academy.people["nqsw"],
            due_date=today() + dt.timedelta(days=i),
            actor=viewer_for(academy.people["manager"].user),
        )


def _grow_teams(audits, academy, n):
    """More teams in the month's table, and more audits in the list."""
    for _ in range(n):
        TeamFactory(organisation=academy.council)
        record(audits.manager_b, academy.people["outsider"])


PAGE_CASES = {
    "dashboard": ("manager", "/audits/", _grow_audits),
    "dashboard, every team": ("psw", "/audits/", _grow_teams),
    "my audits": ("nqsw", "/my-audits/", _grow_my_audits),
    "moderation": ("psw", "/audits/moderation/", _grow_moderations),
    "quality": ("dass", "/audits/quality/", _grow_audits),
    "quality by quarter": ("dass", "/audits/quality/?period=quarter", _grow_audits),
    "bulletins": ("worker", "/bulletins/", _grow_bulletins),
    "themes": ("psw", "/audits/themes/", _grow_themes),
    "an audit's actions": ("manager", "/audits/{a}/", _grow_actions),
    "the audit form": ("manager", "/audits/{d}/edit/", _grow_themes),
}


@pytest.mark.parametrize("name", sorted(PAGE_CASES))
def test_each_audit_page_runs_the_same_queries_for_one_row_as_for_forty(audits, academy, name):
    login, address, grow = PAGE_CASES[name]
    url = address.format(a=audits.submitted.pk, d=audits.draft.pk)
    client = academy.client(login)
    grow(audits, academy, 1)
    client.get(url)  # the session's first read
    with count_queries() as one:
        first = client.get(url)
    grow(audits, academy, 39)
    with count_queries() as forty:
        second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert len(one) == len(forty), queries_listed(forty)
