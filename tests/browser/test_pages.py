"""Every role signs in through the sign-in page and visits its pages in Chromium; axe-core
finds no WCAG 2.2 A or AA failure on any of them."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import assert_accessible, axe_violations, describe, follow, sign_in
from tests.factories import NotificationFactory
from tests.web.test_home import HOMES  # each login's home heading and navigation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def navigation(page):
    """The navigation items' names, without an unread badge."""
    links = page.locator("nav[aria-label='Menu'] a.govuk-service-navigation__link")
    return [re.sub(r"\s*\d+\s+unread$", "", text.strip()) for text in links.all_inner_texts()]


def test_the_axe_check_catches_a_field_without_a_label(page, academy):
    """The check itself: a page spoilt on purpose must fail it, with a readable report."""
    page.goto("/sign-in/")
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', "
        '\'<input type="text" name="unlabelled">\')'
    )
    violations = axe_violations(page)
    assert "label" in [violation["id"] for violation in violations]
    report = describe(violations, page.url)
    assert "[critical] label: Form elements must have labels" in report
    assert 'input[name="unlabelled"]' in report


def test_the_sign_in_and_password_pages_are_accessible(page, academy):
    page.goto("/sign-in/")
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Sign in"))
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.evaluate("document.activeElement.closest('.govuk-error-summary') !== null")
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Forgotten your password"))
    assert page.locator("h1").inner_text() == "Reset your password"
    assert_accessible(page)


@pytest.mark.parametrize("login", sorted(HOMES))
def test_each_role_signs_in_and_its_pages_pass_axe(page, academy, login):
    heading, expected_navigation = HOMES[login]
    if login == "admin":
        academy.user("admin")
    else:
        NotificationFactory(recipient=academy.people[login], status="sent", subject="Welcome")
    sign_in(page, login)

    assert page.locator("h1").inner_text() == heading
    assert navigation(page) == expected_navigation
    if "Notifications" in expected_navigation:
        badge = page.locator(".app-badge")
        assert re.sub(r"\s+", " ", badge.inner_text()) == "1 unread"
    assert_accessible(page)

    if "People" in expected_navigation:
        follow(page, page.get_by_role("link", name="People", exact=True))
        assert page.locator("h1").inner_text() == "People"
        assert_accessible(page)
        first_person = page.locator("table.govuk-table tbody a").first
        name = first_person.inner_text()
        follow(page, first_person)
        last, first = name.split(", ")
        assert page.locator("h1").inner_text().startswith(f"{first} {last}")
        assert_accessible(page)

    if "My details" in expected_navigation:
        follow(page, page.get_by_role("link", name="My details"))
        assert page.locator("h1").inner_text().startswith(academy.people[login].full_name)
        assert_accessible(page)

    if "Notifications" in expected_navigation:
        menu = page.locator("nav[aria-label='Menu']")
        follow(page, menu.get_by_role("link", name="Notifications"))
        assert page.locator("h1").inner_text() == "Notifications"
        assert page.get_by_text("Welcome").first.is_visible()
        assert_accessible(page)

    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert_accessible(page)


def test_the_psw_forms_pass_axe_with_and_without_errors(page, academy):
    sign_in(page, "psw")
    page.goto("/people/new/")
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Add person"))
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)

    nqsw = academy.people["nqsw"]
    page.goto(f"/people/{nqsw.pk}/")
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Add role"))
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.goto(f"/people/{nqsw.pk}/edit/")
    assert_accessible(page)
