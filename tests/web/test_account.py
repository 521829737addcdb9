"""Signing in and out, resetting a password, and the welcome e-mail's link to set one."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from academy.notifications.models import Notification
from academy.people.models import Person
from tests.factories.people import PASSWORD
from tests.web.conftest import page_of

pytestmark = pytest.mark.django_db


def _link_in(message: mail.EmailMessage) -> str:
    """The path of the set-password link in an e-mail (the site's address stripped)."""
    match = re.search(r"https?://[^/\s]+(/password/set/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_sign_in_with_the_right_password_goes_home(academy):
    client = Client()
    response = client.post("/sign-in/", {"username": "nqsw", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert page_of(response).h1 == "Hello, Nqsw"


def test_sign_in_returns_to_the_page_asked_for(academy):
    client = Client()
    asked = client.get("/people/")
    assert asked.status_code == 302
    assert asked["Location"] == "/sign-in/?next=/people/"
    page = page_of(client.get(asked["Location"]))
    assert page.find("input", name="next", value="/people/") is not None
    response = client.post(
        "/sign-in/", {"username": "psw", "password": PASSWORD, "next": "/people/"}
    )
    assert response["Location"] == "/people/"


def test_sign_in_with_a_wrong_password_shows_the_problem_and_links_to_the_username(academy):
    response = Client().post("/sign-in/", {"username": "nqsw", "password": "not-it"})
    assert response.status_code == 200
    page = page_of(response)
    assert page.title.startswith("Error: ")
    assert page.error_summary_links() == {"id_username": "The username or password is not right."}
    assert "_auth_user_id" not in Client().session


def test_sign_in_with_empty_fields_says_what_to_enter(academy):
    page = page_of(Client().post("/sign-in/", {"username": "", "password": ""}))
    assert page.error_summary_links() == {
        "id_username": "Enter your username",
        "id_password": "Enter your password",
    }
    assert page.field_error("id_username") == "Error: Enter your username"
    field = page.find("input", id="id_username")
    assert "govuk-input--error" in field["attrs"]["class"]
    assert field["attrs"]["aria-describedby"] == "id_username_error"


def test_sign_out_ends_the_session(academy):
    client = academy.client("psw")
    assert client.get("/").status_code == 200
    response = client.post("/sign-out/")
    assert response["Location"] == "/sign-in/"
    assert client.get("/")["Location"] == "/sign-in/?next=/"


def test_sign_out_by_get_is_refused(academy):
    client = academy.client("psw")
    assert client.get("/sign-out/").status_code == 405
    assert client.get("/").status_code == 200


def test_password_reset_sends_a_link_that_sets_a_new_password(
    academy, django_capture_on_commit_callbacks
):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/password/reset/", {"email": "NQSW@example.org"})
    assert response["Location"] == "/password/reset/sent/"
    notification = Notification.objects.get(kind="password_reset")
    assert notification.recipient == academy.people["nqsw"]
    assert notification.status == Notification.Status.SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nqsw@example.org"]

    form_url = client.get(_link_in(mail.outbox[0]))["Location"]
    assert page_of(client.get(form_url)).h1 == "Choose a password"
    response = client.post(
        form_url,
        {"new_password1": "lantern orchard velvet", "new_password2": "lantern orchard velvet"},
    )
    assert response["Location"] == "/password/set/done/"

    fresh = Client()
    assert not fresh.login(username="nqsw", password=PASSWORD)
    assert fresh.login(username="nqsw", password="lantern orchard velvet")


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(
    academy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post("/password/reset/", {"email": "nobody@example.org"})
    assert response["Location"] == "/password/reset/sent/"
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_password_reset_without_an_address_shows_the_problem(academy):
    page = page_of(Client().post("/password/reset/", {"email": ""}))
    assert page.error_summary_links() == {"id_email": "Enter your work email address"}
    assert not Notification.objects.exists()


def test_a_used_password_link_says_it_has_expired(academy, django_capture_on_commit_callbacks):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/password/reset/", {"email": "nqsw@example.org"})
    link = _link_in(mail.outbox[0])
    form_url = client.get(link)["Location"]
    client.post(
        form_url, {"new_password1": "quiet harbour maple", "new_password2": "quiet harbour maple"}
    )
    page = page_of(Client().get(link))
    assert page.h1 == "This link has expired"


def test_set_password_refuses_a_short_or_mismatched_password_and_keeps_the_old(
    academy, django_capture_on_commit_callbacks
):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/password/reset/", {"email": "nqsw@example.org"})
    form_url = client.get(_link_in(mail.outbox[0]))["Location"]
    page = page_of(client.post(form_url, {"new_password1": "short", "new_password2": "short"}))
    links = page.error_summary_links()
    assert list(links) == ["id_new_password2"]
    assert "too short" in links["id_new_password2"]
    assert "govuk-form-group--error" in page.html
    page = page_of(
        client.post(
            form_url,
            {"new_password1": "lantern orchard velvet", "new_password2": "other words here"},
        )
    )
    assert page.error_summary_links() == {
        "id_new_password2": "The two password fields didn\u2019t match."
    }
    assert Client().login(username="nqsw", password=PASSWORD)


def test_a_new_person_with_a_username_can_set_a_password_from_the_welcome_email_and_sign_in(
    academy, django_capture_on_commit_callbacks
):
    psw = academy.client("psw")
    with django_capture_on_commit_callbacks(execute=True):
        response = psw.post(
            "/people/new/",
            {
                "first_name": "Grace",
                "last_name": "Hopper",
                "work_email": "grace.hopper@example.org",
                "organisation": academy.council.pk,
                "team": academy.teams["a"].pk,
                "contracted_hours_per_week": "37",
                "active": "on",
                "username": "ghopper",
            },
        )
    person = Person.objects.get(work_email="grace.hopper@example.org")
    assert response["Location"] == f"/people/{person.pk}/"
    assert person.user.username == "ghopper"
    assert not person.user.has_usable_password()
    welcome = mail.outbox[-1]
    assert welcome.to == ["grace.hopper@example.org"]
    assert "Your username is: ghopper" in welcome.body

    newcomer = Client()
    form_url = newcomer.get(_link_in(welcome))["Location"]
    page = page_of(newcomer.get(form_url))
    assert page.find("input", name="username", value="ghopper") is not None
    newcomer.post(
        form_url, {"new_password1": "copper kettle meadow", "new_password2": "copper kettle meadow"}
    )
    response = newcomer.post(
        "/sign-in/", {"username": "ghopper", "password": "copper kettle meadow"}, follow=True
    )
    assert page_of(response).h1 == "Hello, Grace"
