"""The error pages render in the service's design, as pages for people and JSON for the API."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from tests.factories.people import PASSWORD
from tests.web.conftest import page_of

pytestmark = pytest.mark.django_db


def assert_in_the_design(page):
    assert page.find("link", rel="stylesheet", href="/static/build/app.css") is not None
    assert page.find("a", class_="govuk-skip-link", href="#main-content") is not None
    assert page.find("main", id="main-content") is not None


def test_an_unknown_page_is_a_404_in_the_design_with_the_navigation(academy):
    response = academy.client("nqsw").get("/no-such-page/")
    assert response.status_code == 404
    page = page_of(response)
    assert page.h1 == "Page not found"
    assert page.title == "Page not found \u2013 Academy tracker"
    assert_in_the_design(page)
    assert "My summary" in page.texts("a", class_="govuk-service-navigation__link")


def test_a_forbidden_page_is_a_403_in_the_design(academy):
    response = academy.client("nqsw").get("/people/new/")
    assert response.status_code == 403
    page = page_of(response)
    assert page.h1 == "You cannot do this"
    assert_in_the_design(page)


def test_the_api_answers_json_not_a_page(academy):
    response = academy.client("nqsw").get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


@override_settings(ROOT_URLCONF="tests.web.urls_failing")
def test_a_fault_in_a_view_shows_the_500_page(academy):
    client = Client(raise_request_exception=False)
    client.force_login(academy.user("nqsw"))
    response = client.get("/test-fails/")
    assert response.status_code == 500
    page = page_of(response)
    assert page.h1 == "Sorry, there is a problem with the service"
    assert_in_the_design(page)
    assert page.find("a", class_="govuk-generic-header__homepage-link") is not None


@override_settings(ROOT_URLCONF="tests.web.urls_failing")
def test_a_malformed_request_shows_the_400_page(academy):
    response = academy.client("nqsw").get("/test-bad/")
    assert response.status_code == 400
    page = page_of(response)
    assert page.h1 == "Something was wrong with that request"
    assert_in_the_design(page)


def test_a_form_posted_without_its_security_token_shows_the_expired_form_page(academy):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/sign-in/", {"username": "nqsw", "password": PASSWORD})
    assert response.status_code == 403
    page = page_of(response)
    assert page.h1 == "Your form expired"
    assert_in_the_design(page)
    assert "_auth_user_id" not in client.session
