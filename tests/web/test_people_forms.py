"""The PSW's forms: add a person, change a person, give and take away roles."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from academy.people.models import Person, Role, RoleAssignment
from tests.factories import PersonFactory
from tests.web.conftest import page_of

pytestmark = pytest.mark.django_db


def new_person(academy, **overrides):
    data = {
        "first_name": "Mary",
        "last_name": "Seacole",
        "work_email": "mary.seacole@example.org",
        "job_title": "Social Worker",
        "organisation": academy.council.pk,
        "team": academy.teams["b"].pk,
        "employment_start_date_day": "2",
        "employment_start_date_month": "9",
        "employment_start_date_year": "2024",
        "contracted_hours_per_week": "30",
        "pcf_level": "asye",
        "swe_number": "sw123456",
        "swe_first_registered_on_day": "1",
        "swe_first_registered_on_month": "8",
        "swe_first_registered_on_year": "2024",
        "qualified_on_day": "15",
        "qualified_on_month": "7",
        "qualified_on_year": "2024",
        "active": "on",
        "username": "",
    }
    data.update(overrides)
    return data


def person_changes(person, **overrides):
    """The change form's fields as they stand for ``person``, with ``overrides``."""
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "work_email": person.work_email,
        "job_title": person.job_title,
        "organisation": person.organisation_id,
        "team": person.team_id or "",
        "contracted_hours_per_week": str(person.contracted_hours_per_week),
        "pcf_level": person.pcf_level,
        "swe_number": person.swe_number,
        "hcpc_number": person.hcpc_number,
        "active": "on" if person.active else "",
    }
    for name in (
        "employment_start_date",
        "leaving_date",
        "swe_first_registered_on",
        "qualified_on",
    ):
        value = getattr(person, name)
        for part in ("day", "month", "year"):
            data[f"{name}_{part}"] = str(getattr(value, part)) if value else ""
    data.update(overrides)
    return data


# ---------------------------------------------------------------------------------------------
# Add a person
# ---------------------------------------------------------------------------------------------
def test_the_psw_adds_a_person_and_lands_on_their_page(academy):
    psw = academy.client("psw")
    response = psw.post("/people/new/", new_person(academy), follow=True)
    person = Person.objects.get(work_email="mary.seacole@example.org")
    assert response.redirect_chain == [(f"/people/{person.pk}/", 302)]
    assert person.employment_start_date == dt.date(2024, 9, 2)
    assert person.swe_number == "SW123456"
    assert person.team == academy.teams["b"]
    assert person.user is None
    assert list(person.roles.values_list("role", flat=True)) == [Role.LEARNER]
    page = page_of(response)
    assert page.h1 == "Mary Seacole"
    assert page.text("p", class_="govuk-notification-banner__heading") == "Mary Seacole was added."
    assert mail.outbox == []


def test_the_add_form_shows_each_problem_linked_to_its_field_and_writes_nothing(academy):
    before = Person.objects.count()
    data = new_person(
        academy,
        first_name="",
        work_email="not-an-email",
        employment_start_date_day="31",
        employment_start_date_month="2",
        qualified_on_year="",
    )
    response = academy.client("psw").post("/people/new/", data)
    assert response.status_code == 200
    page = page_of(response)
    assert page.title.startswith("Error: ")
    assert page.error_summary_links() == {
        "id_first_name": "Enter a first name",
        "id_work_email": "Enter an email address in the correct format, like name@example.com",
        "id_employment_start_date_day": "The employment start date must be a real date",
        "id_qualified_on_year": "The qualification date must include a year",
    }
    for target in page.error_summary_links():
        assert page.by_id(target) is not None, f"the summary links to #{target}, not on the page"
    assert page.field_error("id_first_name") == "Error: Enter a first name"
    assert page.field_error("id_employment_start_date") == (
        "Error: The employment start date must be a real date"
    )
    assert page.find("input", id="id_first_name")["attrs"]["aria-describedby"] == (
        "id_first_name_error"
    )
    fieldset = page.find(
        "fieldset",
        aria_describedby="id_employment_start_date_helptext id_employment_start_date_error",
    )
    assert fieldset is not None
    day = page.find("input", id="id_employment_start_date_day")
    assert "govuk-input--error" in day["attrs"]["class"]
    assert day["attrs"]["value"] == "31"
    # only the missing box of an incomplete date is marked
    assert "govuk-input--error" in page.find("input", id="id_qualified_on_year")["attrs"]["class"]
    assert (
        "govuk-input--error" not in page.find("input", id="id_qualified_on_day")["attrs"]["class"]
    )
    assert page.find("input", id="id_last_name")["attrs"]["value"] == "Seacole"
    assert Person.objects.count() == before


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("", "Enter the contracted hours a week"),
        ("lots", "Contracted hours a week must be a number, like 37 or 22.5"),
        ("0", "Contracted hours a week must be more than 0"),
        ("100", "Contracted hours a week must be 60 or fewer"),
        ("22.125", "Contracted hours a week can have up to 2 decimal places"),
    ],
)
def test_contracted_hours_out_of_range_get_one_clear_message(academy, hours, message):
    data = new_person(academy, contracted_hours_per_week=hours)
    page = page_of(academy.client("psw").post("/people/new/", data))
    assert page.error_summary_links() == {"id_contracted_hours_per_week": message}
    assert not Person.objects.filter(last_name="Seacole").exists()


def test_a_work_email_already_in_use_is_shown_on_its_field_and_nothing_is_written(academy):
    before = Person.objects.count()
    data = new_person(academy, work_email="NQSW@example.org", username="mseacole")
    page = page_of(academy.client("psw").post("/people/new/", data))
    assert page.error_summary_links() == {
        "id_work_email": "Another person already has this work email."
    }
    assert Person.objects.count() == before
    assert not Person.objects.filter(user__username="mseacole").exists()
    assert mail.outbox == []


def test_a_taken_username_is_shown_on_its_field_and_no_person_is_written(academy):
    before = Person.objects.count()
    page = page_of(academy.client("psw").post("/people/new/", new_person(academy, username="NQSW")))
    assert page.error_summary_links() == {"id_username": "This username is taken."}
    assert Person.objects.count() == before


def test_a_team_from_another_organisation_is_refused(academy):
    data = new_person(academy, organisation=academy.trust.pk, team=academy.teams["a"].pk)
    page = page_of(academy.client("psw").post("/people/new/", data))
    assert page.error_summary_links() == {"id_team": "Choose a team in the person's organisation."}
    assert not Person.objects.filter(last_name="Seacole").exists()


@pytest.mark.parametrize("login", ["manager", "dass", "coordinator", "nqsw", "partner"])
def test_only_the_psw_may_open_the_add_form(academy, login):
    client = academy.client(login)
    assert client.get("/people/new/").status_code == 403
    assert client.post("/people/new/", new_person(academy)).status_code == 403
    assert not Person.objects.filter(last_name="Seacole").exists()


# ---------------------------------------------------------------------------------------------
# Change a person
# ---------------------------------------------------------------------------------------------
def test_the_add_form_marks_the_fields_that_may_be_left_blank(academy):
    page = page_of(academy.client("psw").get("/people/new/"))
    assert page.text("label", for_="id_first_name") == "First name"
    assert page.text("label", for_="id_job_title") == "Job title (optional)"
    assert page.text("label", for_="id_username") == "Username for signing in (optional)"
    assert "Leaving date (optional)" in page.texts("legend")
    assert page.text("option", value="") == "Choose an organisation"


def test_the_change_form_starts_with_the_persons_record(academy):
    person = academy.people["nqsw"]
    page = page_of(academy.client("psw").get(f"/people/{person.pk}/edit/"))
    assert page.h1 == "Change Nqsw Tester's details"
    assert page.find("input", id="id_first_name")["attrs"]["value"] == "Nqsw"
    assert page.find("input", id="id_employment_start_date_year")["attrs"]["value"] == "2024"
    assert page.find("option", value=str(academy.teams["a"].pk), selected="") is not None
    assert page.find("input", name="username") is None


def test_the_psw_changes_a_persons_record(academy):
    person = academy.people["nqsw"]
    data = person_changes(
        person,
        job_title="Senior Social Worker",
        leaving_date_day="31",
        leaving_date_month="1",
        leaving_date_year="2026",
    )
    response = academy.client("psw").post(f"/people/{person.pk}/edit/", data, follow=True)
    person.refresh_from_db()
    assert person.job_title == "Senior Social Worker"
    assert person.leaving_date == dt.date(2026, 1, 31)
    page = page_of(response)
    assert page.text("p", class_="govuk-notification-banner__heading") == (
        "Nqsw Tester's record was updated."
    )


def test_a_leaving_date_before_the_start_is_shown_on_its_field_and_nothing_changes(academy):
    person = academy.people["nqsw"]
    data = person_changes(
        person,
        job_title="Changed",
        leaving_date_day="1",
        leaving_date_month="1",
        leaving_date_year="2020",
    )
    data["first_name"] = "Renamed"
    page = page_of(academy.client("psw").post(f"/people/{person.pk}/edit/", data))
    assert page.error_summary_links() == {
        "id_leaving_date_day": "The leaving date must be on or after the employment start date."
    }
    assert page.h1 == "Change Nqsw Tester's details"
    assert page.find("input", id="id_first_name")["attrs"]["value"] == "Renamed"
    person.refresh_from_db()
    assert person.job_title == "Social Worker"
    assert person.leaving_date is None


def test_marking_a_person_as_left_closes_their_account(academy):
    person = academy.people["worker"]
    data = person_changes(person, active="")
    academy.client("psw").post(f"/people/{person.pk}/edit/", data)
    person.refresh_from_db()
    person.user.refresh_from_db()
    assert not person.active
    assert not person.user.is_active


def test_a_manager_cannot_change_their_teams_records(academy):
    person = academy.people["nqsw"]
    client = academy.client("manager")
    assert client.get(f"/people/{person.pk}/edit/").status_code == 403
    client.post(f"/people/{person.pk}/edit/", person_changes(person, job_title="Changed"))
    person.refresh_from_db()
    assert person.job_title == "Social Worker"


# ---------------------------------------------------------------------------------------------
# Roles
# ---------------------------------------------------------------------------------------------
def test_the_psw_makes_someone_a_team_manager_of_a_team(academy):
    person = academy.people["worker"]
    response = academy.client("psw").post(
        f"/people/{person.pk}/roles/",
        {"role": Role.TEAM_MANAGER, "team": academy.teams["b"].pk, "organisation": ""},
        follow=True,
    )
    assert RoleAssignment.objects.filter(
        person=person, role=Role.TEAM_MANAGER, team=academy.teams["b"]
    ).exists()
    page = page_of(response)
    assert page.text("p", class_="govuk-notification-banner__heading") == (
        "Worker Tester is now Team manager (Hospital Discharge)."
    )


def test_a_team_manager_without_a_team_is_refused_on_the_team_field(academy):
    person = academy.people["worker"]
    response = academy.client("psw").post(
        f"/people/{person.pk}/roles/", {"role": Role.TEAM_MANAGER, "team": "", "organisation": ""}
    )
    assert response.status_code == 400
    page = page_of(response)
    assert page.error_summary_links() == {
        "id_team": "A team manager holds the role for a team: choose one."
    }
    assert page.field_error("id_team") == (
        "Error: A team manager holds the role for a team: choose one."
    )
    assert not person.roles.filter(role=Role.TEAM_MANAGER).exists()


def test_a_role_without_a_choice_is_refused(academy):
    person = academy.people["worker"]
    response = academy.client("psw").post(f"/people/{person.pk}/roles/", {"role": ""})
    assert response.status_code == 400
    assert page_of(response).error_summary_links() == {"id_role": "Choose a role"}
    assert person.roles.count() == 1


def test_the_psw_removes_a_role_but_never_the_learner_role(academy):
    person = academy.people["supervisor"]
    client = academy.client("psw")
    supervisor = person.roles.get(role=Role.SUPERVISOR)
    learner = person.roles.get(role=Role.LEARNER)
    client.post(f"/people/{person.pk}/roles/{supervisor.pk}/remove/")
    assert not person.roles.filter(role=Role.SUPERVISOR).exists()
    response = client.post(f"/people/{person.pk}/roles/{learner.pk}/remove/", follow=True)
    assert person.roles.filter(role=Role.LEARNER).exists()
    assert "Everyone in the academy is a learner." in page_of(response).html


def test_the_psw_person_page_offers_role_management_and_others_do_not(academy):
    person = academy.people["nqsw"]
    psw_page = page_of(academy.client("psw").get(f"/people/{person.pk}/"))
    assert psw_page.find("form", action=f"/people/{person.pk}/roles/") is not None
    assert psw_page.find("a", href=f"/people/{person.pk}/edit/") is not None
    manager_page = page_of(academy.client("manager").get(f"/people/{person.pk}/"))
    assert manager_page.find("form", action=f"/people/{person.pk}/roles/") is None
    assert manager_page.find("a", href=f"/people/{person.pk}/edit/") is None
    assert manager_page.h1 == "Nqsw Tester"


def test_a_manager_cannot_add_roles(academy):
    person = academy.people["nqsw"]
    response = academy.client("manager").post(
        f"/people/{person.pk}/roles/", {"role": Role.SUPERVISOR}
    )
    assert response.status_code == 403
    assert not person.roles.filter(role=Role.SUPERVISOR).exists()


def test_people_outside_ones_scope_are_not_found(academy):
    outsider = academy.people["outsider"]
    assert academy.client("manager").get(f"/people/{outsider.pk}/").status_code == 404
    assert academy.client("nqsw").get(f"/people/{outsider.pk}/").status_code == 404
    assert academy.client("partner").get(f"/people/{outsider.pk}/").status_code == 404
    stranger = PersonFactory(organisation=academy.trust, team=academy.teams["nhs"])
    assert academy.client("partner").get(f"/people/{stranger.pk}/").status_code == 200
