"""The pages work by keyboard alone: the skip link comes first, and the PSW can add a person
without a mouse."""

from __future__ import annotations

import re

import pytest

from academy.people.models import Person
from tests.browser.conftest import assert_accessible
from tests.factories.people import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def focused(page):
    """What has the keyboard focus: its tag, id, name, text and classes."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name'),
                    text: (el.innerText || '').trim(), classes: el.className};
        }"""
    )


def tab_to(page, predicate, limit=60):
    """Press Tab until the focused element satisfies ``predicate``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if predicate(focused(page)):
            return
    raise AssertionError(f"Tab never reached the element; last focused: {focused(page)}")


def test_the_first_tab_reaches_the_skip_link_which_moves_focus_to_the_main_content(page, academy):
    page.goto("/sign-in/")
    page.keyboard.press("Tab")
    first = focused(page)
    assert "govuk-skip-link" in first["classes"]
    assert first["text"] == "Skip to main content"
    assert page.locator(".govuk-skip-link").is_visible()
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main-content"
    # The next Tab goes to the first thing in the main content, past the header.
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_username"


def test_the_psw_adds_a_person_by_keyboard_alone(page, academy):
    page.goto("/sign-in/")
    tab_to(page, lambda el: el["id"] == "id_username")
    page.keyboard.type("psw")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "The academy at a glance"

    tab_to(page, lambda el: el["text"] == "Add a person")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/people/new/")

    def type_into(field_id, text):
        tab_to(page, lambda el: el["id"] == field_id)
        page.keyboard.type(text)

    def choose(field_id, label):
        """Move through a drop-down's options with the arrow key until ``label`` is chosen."""
        tab_to(page, lambda el: el["id"] == field_id)
        chosen = page.locator(f"#{field_id} option:checked")
        for _ in range(30):
            if chosen.inner_text() == label:
                return
            page.keyboard.press("ArrowDown")
        raise AssertionError(f"{label!r} is not among the options of #{field_id}")

    type_into("id_first_name", "Florence")
    type_into("id_last_name", "Nightingale")
    type_into("id_work_email", "florence@example.org")
    type_into("id_job_title", "Social Worker")
    choose("id_organisation", "Shire County Council")
    choose("id_team", "North Locality")
    type_into("id_employment_start_date_day", "6")
    type_into("id_employment_start_date_month", "10")
    type_into("id_employment_start_date_year", "2025")
    tab_to(page, lambda el: el["id"] == "id_contracted_hours_per_week")
    page.keyboard.press("Control+A")
    page.keyboard.type("30")
    choose("id_pcf_level", "ASYE")
    type_into("id_swe_number", "SW777777")
    type_into("id_username", "fnightingale")
    tab_to(page, lambda el: el["text"] == "Add person")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert re.search(r"/people/\d+/$", page.url), page.url
    assert page.locator("h1").inner_text() == "Florence Nightingale"
    banner = page.locator(".govuk-notification-banner")
    assert "Florence Nightingale was added." in banner.inner_text()
    assert_accessible(page)
    person = Person.objects.get(work_email="florence@example.org")
    assert person.team == academy.teams["a"]
    assert person.organisation == academy.council
    assert person.pcf_level == "asye"
    assert str(person.employment_start_date) == "2025-10-06"
    assert person.contracted_hours_per_week == 30
    assert person.user.username == "fnightingale"


def test_a_mistake_by_keyboard_takes_focus_to_the_error_summary_and_its_link_to_the_field(
    page, academy
):
    page.goto("/sign-in/")
    tab_to(page, lambda el: el["text"] == "Sign in" and el["tag"] == "button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_selector(".govuk-error-summary")
    assert "govuk-error-summary" in focused(page)["classes"]
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Enter your username"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "id_username"
