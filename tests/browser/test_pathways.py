"""The pathways pages in Chromium: the PSW plans a cohort and enrols someone, then marks a
milestone done; the assessor, the NQSW and the team manager each use their pages; axe-core
finds no WCAG 2.2 A or AA failure on any of them, with and without errors; and the PSW enrols
someone and marks a milestone done by keyboard alone."""

from __future__ import annotations

import re

import pytest

from academy.pathways.models import Enrolment, Evidence, PathwayTemplate
from tests.browser.conftest import assert_accessible, follow, sign_in
from tests.browser.test_keyboard import focused, tab_to
from tests.web.test_pathways_support import (
    cohort,
    enrol,
    months_ago,
    newly_qualified,
    nqsw_on_asye,
    record_progress,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def heading(page):
    return page.locator("h1").inner_text()


def banner(page):
    return page.locator(".govuk-notification-banner").inner_text()


def menu(page, name):
    return page.locator("nav[aria-label='Menu']").get_by_role("link", name=name)


@pytest.fixture
def spring(academy):
    """A cohort seven months in, with the nqsw on it and two others, and one person waiting to
    be enrolled."""
    enrolment = record_progress(nqsw_on_asye(academy), development_hours=60)
    group = enrolment.cohort
    for plan in ({"done": ("support_agreement",)}, {"development_hours": 20}):
        member = enrol(
            newly_qualified(team=academy.teams["a"]),
            group,
            assessor=academy.people["assessor"],
            supervisor=academy.people["supervisor"],
        )
        record_progress(member, **plan)
    newly_qualified(first_name="Grace", last_name="Newcomer", team=academy.teams["a"])
    return group


def test_the_psw_plans_enrols_and_marks_a_milestone_done(page, academy, spring):
    sign_in(page, "psw")
    follow(page, menu(page, "Cohorts"))
    assert heading(page) == "Cohorts"
    assert_accessible(page)

    follow(page, page.get_by_role("link", name=spring.name))
    assert heading(page) == spring.name
    assert page.locator("svg.app-timeline__svg").is_visible()
    assert page.locator(".app-timeline__key").is_visible()
    assert_accessible(page)

    follow(page, page.get_by_role("button", name="Enrol people"))
    assert heading(page) == "Enrol people"
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Enrol"))
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "Choose at least one person to enrol" in summary.inner_text()
    assert_accessible(page)

    page.get_by_label("Grace Newcomer").check()
    page.get_by_label("Assessor or practice educator").select_option(label="Assessor Tester")
    page.get_by_label("Supervisor (optional)").select_option(label="Supervisor Tester")
    follow(page, page.get_by_role("button", name="Enrol"))
    assert heading(page) == spring.name
    assert f"Grace Newcomer was enrolled on {spring.name}." in banner(page)
    assert_accessible(page)

    follow(page, page.get_by_role("link", name="Newcomer, Grace"))
    assert heading(page) == "Grace Newcomer"
    assert_accessible(page)
    follow(
        page,
        page.get_by_role(
            "link", name=re.compile(r"^Mark as done\W+Support and assessment agreement")
        ),
    )
    assert heading(page) == "Mark ‘Support and assessment agreement and first PDP’ as done"
    assert_accessible(page)
    page.get_by_label("Note (optional)").fill("Agreement signed.")
    follow(page, page.get_by_role("button", name="Mark as done"))
    assert heading(page) == "Grace Newcomer"
    assert "Support and assessment agreement and first PDP was marked as done." in banner(page)
    row = page.locator("tr", has_text="Support and assessment agreement and first PDP").first
    assert "Done" in row.inner_text()
    assert "by Psw Tester" in row.inner_text()
    assert_accessible(page)


def test_the_psws_other_forms_pass_axe_with_and_without_errors(page, academy, spring):
    enrolment = Enrolment.objects.get(person=academy.people["nqsw"])
    sign_in(page, "psw")
    forms = {
        "/cohorts/new/": "Create cohort",
        f"/enrolments/{enrolment.pk}/supervision/new/": "Record supervision",
        f"/enrolments/{enrolment.pk}/pause/new/": "Record pause",
        f"/enrolments/{enrolment.pk}/extension/new/": "Extend",
        f"/enrolments/{enrolment.pk}/outcome/": "Record outcome",
        f"/enrolments/{enrolment.pk}/portal-registration/": "Record registration",
        f"/enrolments/{enrolment.pk}/reassign/": "Save changes",
    }
    for address, button in forms.items():
        page.goto(address)
        assert_accessible(page)
        for box in page.locator("input[id$='_day']").all():
            box.fill("")
        follow(page, page.get_by_role("button", name=button))
        assert page.locator(".govuk-error-summary").is_visible(), address
        assert_accessible(page)


def test_the_pathway_templates_pass_axe_and_the_psw_copies_one(page, academy, spring):
    sign_in(page, "psw")
    follow(page, menu(page, "Pathways"))
    assert heading(page) == "Pathways"
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="ASYE (adults)", exact=True))
    assert heading(page) == "ASYE (adults)"
    page.get_by_text("See the rules as stored").click()
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Copy to make a local variant"))
    assert_accessible(page)
    page.get_by_label("Name", exact=True).fill("ASYE (adults), Shire")
    page.get_by_label("Short name").fill("asye-shire")
    follow(page, page.get_by_role("button", name="Make the copy"))
    assert heading(page) == "ASYE (adults), Shire"
    follow(page, page.get_by_role("button", name="Change details of ASYE (adults), Shire"))
    page.get_by_label("Development time alert (%)").fill("150")
    follow(page, page.get_by_role("button", name="Save changes"))
    assert "The alert must be 100 or less" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    assert PathwayTemplate.objects.get(key="asye-shire").development_alert_percent == 80


def test_the_assessor_sees_the_people_they_assess_and_adds_evidence(page, academy, spring):
    sign_in(page, "assessor")
    follow(page, menu(page, "Assessing"))
    assert heading(page) == "The people you assess and supervise"
    assert page.locator("tbody tr").count() == 3
    assert_accessible(page)

    follow(page, page.get_by_role("link", name="Tester, Nqsw"))
    assert heading(page) == "Nqsw Tester"
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Add evidence"))
    assert heading(page) == "Add evidence"
    follow(page, page.get_by_role("button", name="Add evidence"))
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.get_by_label("Direct observation").check()
    page.get_by_label("Summary").fill("Observed a strengths-based conversation with Mr A.")
    page.get_by_label("Skills and Interventions").check()
    follow(page, page.get_by_role("button", name="Add evidence"))
    assert "Direct observation from" in banner(page)
    item = Evidence.objects.filter(recorded_by=academy.people["assessor"]).get(
        summary__startswith="Observed a strengths-based"
    )
    assert [d.name for d in item.domains.all()] == ["Skills and Interventions"]
    assert_accessible(page)


def test_the_nqsw_follows_their_pathway_and_logs_development_time(page, academy, spring):
    sign_in(page, "nqsw")
    follow(page, menu(page, "My pathway"))
    assert heading(page) == "My pathway"
    assert page.locator("svg.app-timeline__svg").is_visible()
    assert page.locator("svg.app-meter").is_visible()
    assert page.locator("svg.app-chart__svg").is_visible()
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Log development time for ASYE (adults)"))
    assert_accessible(page)
    page.get_by_label("Hours").fill("3")
    page.get_by_label("What the time was spent on").fill("Shadowed a best interests assessor")
    follow(page, page.get_by_role("button", name="Log time"))
    assert re.search(r"3 hours on .* were logged\.", banner(page))
    assert_accessible(page)


def test_the_team_manager_sees_their_teams_pathways_and_records_a_pause(page, academy, spring):
    sign_in(page, "manager")
    follow(page, page.get_by_role("link", name="See your team's ASYE, apprenticeship"))
    assert heading(page) == "Your team's pathways"
    assert page.locator("tbody tr").count() == 3
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Tester, Nqsw"))
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Record a pause"))
    follow(page, page.get_by_role("button", name="Record pause"))
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)


def test_the_academy_home_shows_pathways_at_a_glance(page, academy, spring):
    sign_in(page, "dass")
    assert page.get_by_role("heading", name="Pathways at a glance").is_visible()
    assert page.locator("svg.app-chart__svg").first.is_visible()
    assert_accessible(page)


def test_the_psw_enrols_someone_and_marks_a_milestone_done_by_keyboard_alone(page, academy):
    group = cohort(start=months_ago(2), name="ASYE by keyboard")
    newly_qualified(first_name="Kay", last_name="Board", team=academy.teams["a"])
    sign_in(page, "psw")
    page.goto(f"/cohorts/{group.pk}/enrol/")

    tab_to(page, lambda el: el["name"] == "people")
    page.keyboard.press("Space")
    assert page.locator("#id_people").is_checked()
    tab_to(page, lambda el: el["id"] == "id_assessor")
    for _ in range(10):
        if page.locator("#id_assessor option:checked").inner_text() == "Assessor Tester":
            break
        page.keyboard.press("ArrowDown")
    tab_to(page, lambda el: el["text"] == "Enrol" and el["tag"] == "button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert heading(page) == "ASYE by keyboard"
    enrolment = Enrolment.objects.get(person__last_name="Board")
    assert enrolment.assessor == academy.people["assessor"]

    tab_to(page, lambda el: el["text"] == "Board, Kay")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert heading(page) == "Kay Board"
    tab_to(page, lambda el: el["text"].startswith("Mark as done"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # the date starts at today: straight on to the button
    tab_to(page, lambda el: el["text"] == "Mark as done" and el["tag"] == "button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "was marked as done" in banner(page)
    assert enrolment.milestones.get(key="support_agreement").completed_on is not None
    # the success banner takes the focus, so a screen reader announces what was done
    assert "govuk-notification-banner" in focused(page)["classes"]
    assert_accessible(page)
