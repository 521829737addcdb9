"""The reports pages in Chromium: a run's page moves its bar while the run compiles and then
offers the file, without being reloaded; the PSW asks for a report by keyboard alone and
downloads it; the schedules are kept and stopped by keyboard; and axe-core finds no WCAG 2.2 A
or AA failure on any reports page, with and without errors, in every state of a run."""

from __future__ import annotations

from typing import Any

import pytest

from academy.reports.models import ReportRun
from academy.reports.services import report_compile
from tests.browser.conftest import assert_accessible, follow, sign_in
from tests.browser.test_keyboard import focused, tab_to
from tests.web.test_reports_support import media, placed, schedule_for  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp"


@pytest.fixture(autouse=True)
def _files(media: Any) -> None:  # noqa: F811
    """Report files go to a folder of the test's own (the live server shares the settings)."""


def bar_value(page: Any) -> int:
    return int(page.evaluate("() => document.getElementById('report-progress').value"))


def status(page: Any) -> str:
    return page.locator("[data-report-status]").inner_text()


def test_the_bar_moves_while_the_run_compiles_then_the_file_is_offered_without_a_reload(
    page, academy
):
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    run = placed(academy.people["psw"], status="running", progress=40)
    sign_in(page, "psw")
    page.goto(f"/reports/{run.pk}/")
    page.evaluate("() => { window.sameDocument = true; }")

    bar = page.locator("progress#report-progress")
    assert bar.is_visible()
    assert bar_value(page) == 40
    assert status(page) == "Compiling: 40% done."
    assert page.locator("[data-report-tag]").inner_text() == "Compiling"
    # With JavaScript the page follows the run itself: no refresh link, no download yet.
    assert not page.get_by_role("link", name="Refresh this page").is_visible()
    assert not page.get_by_role("link", name="Download the report").is_visible()
    assert_accessible(page)

    ReportRun.objects.filter(pk=run.pk).update(progress=70)
    page.wait_for_function("() => document.getElementById('report-progress').value === 70")
    assert status(page) == "Compiling: 70% done."
    page.wait_for_timeout(600)  # the fill slides to its new width
    page.screenshot(path=f"{SHOTS}/report-run-compiling.png", full_page=True)

    # The worker takes the run from the queue and compiles it, here in the test's own thread.
    ReportRun.objects.filter(pk=run.pk).update(status="queued")
    assert report_compile(run_id=run.pk) is not None
    download = page.get_by_role("link", name="Download the report")
    download.wait_for(state="visible")
    assert status(page) == "Ready to download."
    assert page.locator("[data-report-tag]").inner_text() == "Ready"
    assert not bar.is_visible()
    assert page.evaluate("() => window.sameDocument") is True
    page.screenshot(path=f"{SHOTS}/report-run-done.png", full_page=True)
    assert_accessible(page)

    with page.expect_download() as caught:
        download.click()
    assert caught.value.suggested_filename.endswith(f"-{run.pk}.csv")
    assert problems == []


def test_a_run_that_fails_while_watched_shows_its_error(page, academy):
    run = placed(academy.people["psw"], status="running", progress=10)
    sign_in(page, "psw")
    page.goto(f"/reports/{run.pk}/")
    ReportRun.objects.filter(pk=run.pk).update(
        status="failed", error="The worker compiling this report stopped."
    )
    page.locator("[data-report-failure]").wait_for(state="visible")
    assert status(page) == "The report could not be compiled."
    assert (
        "The worker compiling this report stopped."
        in page.locator("[data-report-failure]").inner_text()
    )
    assert not page.get_by_role("link", name="Download the report").is_visible()
    assert_accessible(page)


def test_the_psw_asks_for_a_report_by_keyboard_alone_and_downloads_it(page, academy):
    sign_in(page, "psw")
    page.goto("/reports/")
    assert_accessible(page)
    tab_to(page, lambda el: el["name"] == "kind")
    assert focused(page)["id"] == "id_kind"
    for _ in range(3):  # down to the case file audit summary, which reveals its period
        page.keyboard.press("ArrowDown")
    assert page.locator("#id_kind_3").is_checked()
    assert page.get_by_label("Month or quarter").is_visible()
    assert not page.locator("#id_cohort").is_visible()
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_period"
    page.keyboard.press("ArrowDown")  # the first choice: the last whole month
    assert page.locator("#id_period").input_value() == "month:"
    tab_to(page, lambda el: el["name"] == "format")
    page.keyboard.press("ArrowDown")  # CSV to the Excel workbook, choosing it
    assert page.get_by_label("Excel workbook").is_checked()
    tab_to(page, lambda el: el["text"] == "Ask for the report")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    run = ReportRun.objects.get()
    assert (run.kind, run.format) == ("audit_summary", "xlsx")
    assert run.parameters == {"period": "month"}
    assert page.locator("h1").inner_text() == "Case file audit summary"
    # Compiled in the web process on commit: ready by the time the page is drawn.
    assert status(page) == "Ready to download."
    assert_accessible(page)
    tab_to(page, lambda el: el["text"].startswith("Download the report"))
    with page.expect_download() as caught:
        page.keyboard.press("Enter")
    assert caught.value.suggested_filename.endswith(f"-{run.pk}.xlsx")

    page.goto("/reports/")
    assert (
        page.locator("table")
        .get_by_role("link", name="Case file audit summary", exact=True)
        .is_visible()
    )
    assert_accessible(page)


def test_the_reports_forms_pass_axe_with_and_without_errors(page, academy):
    sign_in(page, "psw")
    for address, button in {
        "/reports/": "Ask for the report",
        "/reports/schedules/new/": "Schedule the report",
    }.items():
        page.goto(address)
        assert_accessible(page)
        follow(page, page.get_by_role("button", name=button))
        assert page.locator(".govuk-error-summary").is_visible(), address
        assert_accessible(page)
    page.goto("/reports/")
    page.get_by_label("Cohort progression").check()
    follow(page, page.get_by_role("button", name="Ask for the report"))
    summary = page.locator(".govuk-error-summary")
    assert "Choose a cohort" in summary.inner_text()
    assert page.locator("#id_cohort").is_visible()  # revealed under the chosen report
    assert_accessible(page)


def test_a_team_managers_reports_page_passes_axe(page, academy):
    sign_in(page, "manager")
    page.goto("/reports/")
    assert page.locator("input[name='kind']").count() == 1
    page.get_by_label("Training compliance").check()
    assert page.get_by_label("Team").is_visible()
    assert_accessible(page)


def test_the_psw_schedules_a_report_and_stops_it_by_keyboard(page, academy):
    sign_in(page, "psw")
    page.goto("/reports/schedules/")
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Schedule a report"))
    page.get_by_label("Academy overview").check()
    page.get_by_label("PDF document").check()
    page.get_by_label("Monthly").check()
    page.get_by_label("Day of the month").fill("1")
    page.get_by_label("Dass Tester").check()
    follow(page, page.get_by_role("button", name="Schedule the report"))
    assert (
        "The academy overview is scheduled."
        in page.locator(".govuk-notification-banner").inner_text()
    )
    assert_accessible(page)

    tab_to(page, lambda el: el["text"].startswith("Stop"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "is stopped" in page.locator(".govuk-notification-banner").inner_text()
    assert page.locator("table .govuk-tag").inner_text() == "Stopped"
    assert_accessible(page)


def test_a_subscribers_run_page_passes_axe(page, academy):
    schedule = schedule_for(academy, [academy.people["nqsw"]])
    run = placed(academy.people["psw"], schedule=schedule, status="queued")
    report_compile(run_id=run.pk)
    sign_in(page, "nqsw")
    page.goto(f"/reports/{run.pk}/")
    assert page.get_by_role("link", name="Download the report").is_visible()
    assert_accessible(page)
