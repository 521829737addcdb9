"""The audit pages in Chromium: a team manager fills in and submits an audit by keyboard alone;
the practitioner reads it, reflects and acknowledges; the PSW re-grades from the moderation
queue and allows repeat audits; a draft is discarded after its confirmation; the dashboards,
My audits, bulletins (reached from every home page) and themes; and axe-core finds no WCAG 2.2
A or AA failure on any of them, with and without errors."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest

from academy.audits import services
from academy.audits.models import CaseAudit, Moderation
from academy.common.dates import add_months, today
from academy.people.permissions import viewer_for
from tests.api.test_audits import (  # noqa: F401  (fixtures)
    audits_fixture,
    record,
    standard_audit_fixture,
)
from tests.browser.conftest import assert_accessible, follow, sign_in
from tests.browser.test_keyboard import focused, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Where the screenshots of the form and the dashboards go, to look at.
SCREENSHOTS = os.environ.get("AUDIT_SCREENSHOTS", "/tmp")


def heading(page):
    return page.locator("h1").inner_text()


def banner(page):
    return page.locator(".govuk-notification-banner").inner_text()


def menu(page, name):
    return page.locator("nav[aria-label='Menu']").get_by_role("link", name=name, exact=True)


def shoot(page, name):
    page.screenshot(path=os.path.join(SCREENSHOTS, f"audits-{name}.png"), full_page=True)


@pytest.fixture
def year_of_audits(audits):
    """A year of audits across both teams, some moderated, so the dashboards have figures."""
    grades = ["yes", "partly", "no", "yes", "yes", "partly"]
    for months in range(1, 12):
        answer = grades[months % len(grades)]
        day = add_months(today(), -months)
        record(
            audits.person("manager"),
            audits.person("worker"),
            answer=answer,
            audit_date=day,
            themes=(audits.theme,),
        )
        record(audits.manager_b, audits.person("outsider"), answer="yes", audit_date=day)
        for moderation in services.moderation_draw(month=day):
            services.moderation_record(
                moderation=moderation,
                grade="good" if months % 3 else moderation.audit.grade,
                actor=viewer_for(audits.person("psw").user),
            )
    return audits


# ---------------------------------------------------------------------------------------------
# The manager's audit form, by keyboard alone
# ---------------------------------------------------------------------------------------------
def test_the_manager_fills_in_and_submits_an_audit_by_keyboard_alone(page, audits):
    page.goto("/sign-in/")
    tab_to(page, lambda el: el["id"] == "id_username")
    page.keyboard.type("manager")
    page.keyboard.press("Tab")
    page.keyboard.type("a-long-test-password")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    tab_to(page, lambda el: el["text"] == "Audits")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert heading(page) == "Case file audits"
    tab_to(page, lambda el: el["text"] == "Start an audit")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert heading(page) == "New case file audit"
    assert_accessible(page)
    shoot(page, "form")

    tab_to(page, lambda el: el["id"] == "id_practitioner")
    chosen = page.locator("#id_practitioner option:checked")
    for _ in range(10):
        if chosen.inner_text() == "Worker Tester":
            break
        page.keyboard.press("ArrowDown")
    assert chosen.inner_text() == "Worker Tester"
    page.keyboard.press("Tab")
    page.keyboard.type("CR424242")

    questions = page.locator(".app-question").count()
    assert questions == 18
    for index in range(questions):
        # Tab into the question's radios (past any guidance): Space chooses Yes; on the
        # third question the right arrow moves on to Partly.
        tab_to(page, lambda el: el["name"] and el["name"].startswith("answer_"))
        page.keyboard.press("Space")
        if index == 2:
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Tab")
        assert focused(page)["name"].startswith("comment_")
        if index == 2:
            page.keyboard.type("The chronology stops in March.")
    tab_to(page, lambda el: el["id"] == "id_strengths")
    page.keyboard.type("A clear, respectful record in the person's own words.")
    page.keyboard.press("Tab")
    page.keyboard.type("Keep the chronology up to date.")
    tab_to(page, lambda el: el["text"] == "Submit audit")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    audit = CaseAudit.objects.get(case_reference="CR424242")
    assert page.url.endswith(f"/audits/{audit.pk}/")
    assert (audit.status, str(audit.score), audit.grade) == ("submitted", "97.5", "outstanding")
    assert audit.responses.get(answer="partly").comment == "The chronology stops in March."
    assert "was submitted: Outstanding (97.5). Worker Tester has been told." in banner(page)
    assert_accessible(page)


def test_the_audit_form_shows_its_errors_beside_each_question_and_passes_axe(page, audits):
    sign_in(page, "manager")
    page.goto("/audits/new/")
    page.get_by_label("Practitioner whose work was audited").select_option(label="Worker Tester")
    page.get_by_label("Case reference").fill("Mrs Smith")
    page.locator("input[name^='answer_'][value='yes']").first.check()
    follow(page, page.get_by_role("button", name="Submit audit"))

    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "never a name" in summary.inner_text()
    assert "Question 1.2: Answer this question before submitting." in summary.inner_text()
    assert page.locator(".app-question .govuk-error-message").count() == 17
    assert_accessible(page)
    shoot(page, "form-errors")

    # the summary's link takes the keyboard to the question
    follow_link = summary.get_by_role("link", name="Question 1.2: Answer this question")
    follow_link.click()
    assert focused(page)["name"].startswith("answer_")

    page.get_by_label("Case reference").fill("CR515151")
    follow(page, page.get_by_role("button", name="Save draft"))
    assert "The draft audit of case CR515151 was saved." in banner(page)
    assert page.locator("input[name^='answer_']:checked").count() == 1
    assert_accessible(page)


# ---------------------------------------------------------------------------------------------
# The practitioner reads, reflects and acknowledges
# ---------------------------------------------------------------------------------------------
def test_the_practitioner_acknowledges_the_audit_with_a_reflection(page, audits):
    sign_in(page, "nqsw")
    follow(page, menu(page, "My audits"))
    assert heading(page) == "My audits"
    assert_accessible(page)
    follow(page, page.get_by_role("link", name=audits.submitted.case_reference))
    assert heading(page) == f"Audit of case {audits.submitted.case_reference}"
    assert_accessible(page)

    page.get_by_label("Your reflection").fill("I will record each capacity decision.")
    follow(page, page.get_by_role("button", name="Acknowledge the audit"))
    assert "You have acknowledged the audit" in banner(page)
    assert page.locator("p", has_text="I will record each capacity decision.").is_visible()
    assert_accessible(page)
    shoot(page, "audit")

    follow(page, page.get_by_role("button", name=re.compile(r"^Mark as done")))
    assert "is done" in banner(page)

    follow(page, page.get_by_role("button", name="Turn into a CPD entry"))
    assert heading(page) == "Turn the audit into a CPD entry"
    assert_accessible(page)
    reference = audits.submitted.case_reference
    assert page.get_by_label("Title of the activity").input_value() == (
        f"Learning from the audit of case {reference}"
    )
    page.get_by_label("What impact has it had").fill("Each capacity decision is recorded.")
    follow(page, page.get_by_role("button", name="Add to my CPD log"))
    assert "is in your CPD log" in banner(page)
    assert CaseAudit.objects.get(pk=audits.submitted.pk).acknowledged_at is not None


# ---------------------------------------------------------------------------------------------
# The PSW's moderation queue
# ---------------------------------------------------------------------------------------------
def test_the_psw_regrades_an_audit_from_the_moderation_queue(page, audits):
    sign_in(page, "psw")
    follow(page, menu(page, "Audits"))
    follow(page, page.get_by_role("link", name="Moderation queue"))
    assert heading(page) == "Moderation queue"
    assert page.locator("tbody tr").count() == 2
    assert_accessible(page)

    follow(
        page,
        page.get_by_role(
            "link", name=f"Grade again the audit of case {audits.submitted.case_reference}"
        ),
    )
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Record my grade"))
    assert "Choose your grade" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)

    page.get_by_label("Good", exact=True).check()
    page.get_by_label("Note for the auditor (optional)").fill("The capacity record is thin.")
    follow(page, page.get_by_role("button", name="Record my grade"))
    assert heading(page) == "Moderation queue"
    assert "differs from the auditor's" in banner(page)
    assert page.locator("tbody tr").count() == 1
    moderation = Moderation.objects.get(pk=audits.moderation.pk)
    assert (moderation.moderated_grade, moderation.agreed) == ("good", False)


# ---------------------------------------------------------------------------------------------
# Dashboards and the rest, each checked by axe
# ---------------------------------------------------------------------------------------------
def test_the_team_dashboard_shows_the_month_the_year_and_the_list(page, year_of_audits):
    sign_in(page, "manager")
    follow(page, menu(page, "Audits"))
    assert heading(page) == "Case file audits"
    assert page.locator("svg.app-chart__svg").first.is_visible()
    assert page.locator("rect.app-grade--inadequate").count() >= 2
    assert_accessible(page)
    shoot(page, "dashboard")
    page.get_by_label("Status").select_option(label="In progress")
    follow(page, page.get_by_role("button", name="Apply filters"))
    assert page.locator("table", has_text="Auditor").locator("tbody tr").count() == 1
    assert_accessible(page)


def test_the_quality_dashboard_by_month_and_by_quarter(page, year_of_audits):
    sign_in(page, "dass")
    follow(page, menu(page, "Audits"))
    follow(page, page.get_by_role("link", name="Quality across the academy"))
    assert heading(page) == "Audit quality across the academy"
    assert page.locator("svg.app-chart__svg").count() == 4  # grades, teams, themes, agreement
    assert_accessible(page)
    shoot(page, "quality")
    follow(page, page.get_by_role("link", name="By quarter"))
    assert page.get_by_text("Audits submitted each quarter, by grade").count() >= 1
    assert_accessible(page)
    shoot(page, "quality-quarterly")


def test_the_psw_publishes_a_bulletin_and_keeps_the_themes(page, audits):
    sign_in(page, "psw")
    page.goto("/bulletins/")
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Write a bulletin"))
    assert_accessible(page)
    page.get_by_label("Title").fill("Learning from this month's audits")
    start, end = today().replace(day=1), today()
    for name, day in (("period_start", start), ("period_end", end)):
        page.locator(f"#id_{name}_day").fill(str(day.day))
        page.locator(f"#id_{name}_month").fill(str(day.month))
        page.locator(f"#id_{name}_year").fill(str(day.year))
    page.get_by_label("What went well").fill("Nqsw Tester kept a clear chronology.")
    page.get_by_label("What to improve").fill("Decision-specific capacity assessments.")
    follow(page, page.get_by_role("button", name="Publish"))
    assert "never names a worker" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("What went well").fill("Clear chronologies.")
    follow(page, page.get_by_role("button", name="Publish"))
    assert heading(page) == "Learning from this month's audits"
    assert "was published" in banner(page)
    assert_accessible(page)

    page.goto("/audits/themes/")
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Add the theme"))
    assert "Enter a name for the theme" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)


def test_the_other_forms_pass_axe_with_and_without_errors(page, audits):
    sign_in(page, "manager")
    forms = {
        f"/audits/{audits.submitted.pk}/actions/new/": "Add the action",
        f"/audits/{audits.draft.pk}/edit/": "Save draft",
    }
    for address, button in forms.items():
        page.goto(address)
        assert_accessible(page)
        page.locator("#id_audit_date_day, #id_due_date_day").first.fill("")
        follow(page, page.get_by_role("button", name=button))
        assert page.locator(".govuk-error-summary").is_visible(), address
        assert_accessible(page)
    page.goto(f"/audits/{audits.submitted.pk}/")
    assert_accessible(page)
    assert page.get_by_text("Waiting for Nqsw Tester to read and acknowledge it.").is_visible()


def test_a_managers_audit_of_a_past_month_counts_towards_that_month(page, audits):
    """The form takes an audit date in the past (typed into the date boxes)."""
    sign_in(page, "manager")
    page.goto("/audits/new/")
    day = today() - dt.timedelta(days=40)
    page.get_by_label("Practitioner whose work was audited").select_option(label="Worker Tester")
    page.get_by_label("Case reference").fill("CR616161")
    page.locator("#id_audit_date_day").fill(str(day.day))
    page.locator("#id_audit_date_month").fill(str(day.month))
    page.locator("#id_audit_date_year").fill(str(day.year))
    follow(page, page.get_by_role("button", name="Save draft"))
    assert CaseAudit.objects.get(case_reference="CR616161").audit_date == day


def test_every_other_audit_page_passes_axe(page, audits):
    visits = {
        "psw": [
            "/audits/",
            f"/audits/?team={audits.academy.teams['b'].pk}&status=submitted",
            f"/audits/themes/{audits.theme.pk}/",
            f"/bulletins/{audits.bulletin.pk}/",
            f"/bulletins/{audits.draft_bulletin.pk}/",
            f"/bulletins/{audits.bulletin.pk}/edit/",
            f"/audits/{audits.other_team.pk}/",
        ],
        "manager": [f"/audits/{audits.draft.pk}/", "/bulletins/"],
        "worker": ["/my-audits/", "/bulletins/"],
    }
    for login, addresses in visits.items():
        page.context.clear_cookies()
        sign_in(page, login)
        for address in addresses:
            page.goto(address)
            assert page.locator("h1").count() == 1, address
            assert_accessible(page)


# ---------------------------------------------------------------------------------------------
# Discarding a draft, repeat audits, and the way to the bulletins from home
# ---------------------------------------------------------------------------------------------
def test_the_manager_discards_a_draft_after_confirming(page, audits):
    reference = audits.draft.case_reference
    sign_in(page, "manager")
    page.goto(f"/audits/{audits.draft.pk}/edit/")
    follow(page, page.get_by_role("button", name="Discard this draft"))
    assert heading(page) == f"Discard the draft audit of case {reference}?"
    assert page.locator(".govuk-warning-text").is_visible()
    assert_accessible(page)
    shoot(page, "discard")

    follow(page, page.get_by_role("link", name="Keep the draft"))
    assert page.url.endswith(f"/audits/{audits.draft.pk}/edit/")
    follow(page, page.get_by_role("button", name="Discard this draft"))
    follow(page, page.get_by_role("button", name="Discard the draft"))
    assert heading(page) == "Case file audits"
    assert f"The draft audit of case {reference} was discarded." in banner(page)
    assert not CaseAudit.objects.filter(pk=audits.draft.pk).exists()
    assert_accessible(page)


def test_the_psw_allows_a_repeat_audit_from_the_moderation_queue(page, audits):
    reference = audits.submitted.case_reference
    sign_in(page, "psw")
    page.goto("/audits/moderation/")
    follow(page, page.get_by_role("link", name="repeat audits"))
    assert heading(page) == "Repeat audits"
    assert_accessible(page)

    follow(page, page.get_by_role("button", name="Allow a repeat audit"))
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter the case reference" in summary
    assert "Give the reason for auditing this case again" in summary
    assert_accessible(page)
    page.get_by_label("Case reference").fill("Mrs Smith")
    page.get_by_label("Why the case is audited again").fill("The family complained.")
    follow(page, page.get_by_role("button", name="Allow a repeat audit"))
    assert "never a name" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    shoot(page, "repeat-allowances-errors")

    page.get_by_label("Case reference").fill(reference)
    follow(page, page.get_by_role("button", name="Allow a repeat audit"))
    assert f"Case {reference} may be audited once more." in banner(page)
    row = page.locator("table tbody tr").first
    assert reference in row.inner_text()
    assert "Not used yet" in row.inner_text()
    assert_accessible(page)
    shoot(page, "repeat-allowances")


def test_each_home_page_leads_to_the_latest_bulletin(page, audits):
    for login in ("psw", "manager", "partner", "worker"):
        page.context.clear_cookies()
        sign_in(page, login)
        page.goto("/")
        assert page.locator(".app-latest-bulletin").get_by_text(audits.bulletin.title).is_visible()
        assert_accessible(page)
    follow(page, page.get_by_role("link", name="Learning from audits: read the latest bulletin"))
    assert heading(page) == audits.bulletin.title
    follow(page, page.locator("footer").get_by_role("link", name="Learning bulletins"))
    assert heading(page) == "Learning bulletins"
