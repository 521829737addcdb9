"""People over the API: the directory, a person, creating and changing people, their roles."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from academy.notifications.models import Notification
from academy.people.models import Person, Role, RoleAssignment, User
from tests.api.support import assert_error
from tests.conftest import ROLE_LOGINS
from tests.factories import OrganisationFactory, PersonFactory, TeamFactory

pytestmark = pytest.mark.django_db

PEOPLE = "/api/v1/people/"
EVERYONE = set(ROLE_LOGINS) - {"admin"}
TEAM_A = {"psw", "manager", "supervisor", "nqsw", "worker"}


def person_url(person: Person) -> str:
    return f"{PEOPLE}{person.pk}/"


def logins_in(academy, results: list[dict]) -> set[str]:
    by_id = {person.pk: login for login, person in academy.people.items()}
    return {by_id[row["id"]] for row in results}


def every_page(client, url: str) -> list[dict]:
    rows: list[dict] = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content[:500]
        rows.extend(response.json()["results"])
        url = response.json()["next"]
    return rows


# ---------------------------------------------------------------------------------------------
# Visibility
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("login", "visible"),
    [
        ("psw", EVERYONE),
        ("dass", EVERYONE),
        ("principal_ot", EVERYONE),
        ("coordinator", EVERYONE),
        ("admin", EVERYONE),
        ("manager", TEAM_A),
        ("partner", {"partner", "nhs_staff"}),
        ("nqsw", {"nqsw"}),
        ("assessor", {"assessor"}),
        ("nhs_staff", {"nhs_staff"}),
    ],
)
def test_people_list_shows_whom_the_role_may_see(academy, api, login, visible):
    response = api(login).get(PEOPLE)
    assert response.status_code == 200
    assert logins_in(academy, response.json()["results"]) == visible


@pytest.mark.parametrize(
    ("login", "target", "status"),
    [
        ("nqsw", "nqsw", 200),
        ("nqsw", "worker", 404),
        ("manager", "worker", 200),
        ("manager", "outsider", 404),
        ("partner", "nhs_staff", 200),
        ("partner", "nqsw", 404),
        ("dass", "nhs_staff", 200),
    ],
)
def test_person_detail_follows_the_same_visibility(academy, api, login, target, status):
    response = api(login).get(person_url(academy.people[target]))
    assert response.status_code == status


# ---------------------------------------------------------------------------------------------
# Shape
# ---------------------------------------------------------------------------------------------
def test_person_shape_with_iso_dates_and_nested_refs(academy, api):
    nqsw = academy.people["nqsw"]
    nqsw.swe_number = "SW123456"
    nqsw.qualified_on = dt.date(2024, 6, 30)
    nqsw.swe_first_registered_on = dt.date(2024, 8, 1)
    nqsw.leaving_date = dt.date(2026, 3, 31)
    nqsw.save()

    body = api("psw").get(person_url(nqsw)).json()

    assert body == {
        "id": nqsw.pk,
        "first_name": "Nqsw",
        "last_name": "Tester",
        "full_name": "Nqsw Tester",
        "work_email": "nqsw@example.org",
        "job_title": "Social Worker",
        "organisation": {"id": academy.council.pk, "name": academy.council.name, "kind": "council"},
        "team": {"id": academy.teams["a"].pk, "name": "North Locality", "service_area": "Locality"},
        "employment_start_date": "2024-09-02",
        "leaving_date": "2026-03-31",
        "contracted_hours_per_week": "37.00",
        "pcf_level": "",
        "swe_number": "SW123456",
        "swe_first_registered_on": "2024-08-01",
        "qualified_on": "2024-06-30",
        "hcpc_number": "",
        "active": True,
        "roles": [
            {
                "id": nqsw.roles.get().pk,
                "role": "learner",
                "name": "Learner",
                "team": None,
                "organisation": None,
            }
        ],
        "has_account": True,
    }


def test_scoped_roles_show_their_team_or_organisation(academy, api):
    manager, partner = academy.people["manager"], academy.people["partner"]
    client = api("psw")

    manager_roles = {r["role"]: r for r in client.get(person_url(manager)).json()["roles"]}
    partner_roles = {r["role"]: r for r in client.get(person_url(partner)).json()["roles"]}

    assert manager_roles["team_manager"]["team"]["id"] == academy.teams["a"].pk
    assert manager_roles["team_manager"]["organisation"] is None
    assert partner_roles["partner_coordinator"]["organisation"] == {
        "id": academy.trust.pk,
        "name": academy.trust.name,
        "kind": "nhs_trust",
    }


def test_list_is_in_name_order_with_a_next_link_and_no_count(academy, api):
    body = api("psw").get(PEOPLE).json()
    assert set(body) == {"next", "previous", "results"}
    assert body["next"] is None
    assert body["previous"] is None
    names = [(row["last_name"], row["first_name"], row["id"]) for row in body["results"]]
    assert names == sorted(names)


# ---------------------------------------------------------------------------------------------
# Filters
# ---------------------------------------------------------------------------------------------
def test_filter_by_team(academy, api):
    response = api("psw").get(PEOPLE, {"team": academy.teams["b"].pk})
    assert logins_in(academy, response.json()["results"]) == {
        "principal_ot",
        "assessor",
        "outsider",
    }


def test_filter_by_organisation(academy, api):
    response = api("psw").get(PEOPLE, {"organisation": academy.trust.pk})
    assert logins_in(academy, response.json()["results"]) == {"partner", "nhs_staff"}


def test_filter_by_role(academy, api):
    client = api("psw")
    managers = client.get(PEOPLE, {"role": "team_manager"}).json()["results"]
    learners = client.get(PEOPLE, {"role": "learner"}).json()["results"]
    assert logins_in(academy, managers) == {"manager"}
    assert logins_in(academy, learners) == EVERYONE


def test_filter_by_active(academy, api):
    worker = academy.people["worker"]
    worker.active = False
    worker.save()
    client = api("psw")

    left = client.get(PEOPLE, {"active": "false"}).json()["results"]
    current = client.get(PEOPLE, {"active": "true"}).json()["results"]
    everyone = client.get(PEOPLE).json()["results"]

    assert logins_in(academy, left) == {"worker"}
    assert logins_in(academy, current) == EVERYONE - {"worker"}
    assert logins_in(academy, everyone) == EVERYONE


def test_filters_never_widen_what_the_caller_may_see(academy, api):
    client = api("manager")
    assert client.get(PEOPLE, {"team": academy.teams["b"].pk}).json()["results"] == []
    assert client.get(PEOPLE, {"organisation": academy.trust.pk}).json()["results"] == []
    assert client.get(PEOPLE, {"search": "outsider"}).json()["results"] == []


def test_a_team_that_does_not_exist_filters_to_nothing(academy, api):
    assert api("psw").get(PEOPLE, {"team": 999999}).json()["results"] == []


def test_filters_combine(academy, api):
    response = api("psw").get(
        PEOPLE, {"organisation": academy.council.pk, "team": academy.teams["a"].pk, "search": "w"}
    )
    assert logins_in(academy, response.json()["results"]) == {"psw", "nqsw", "worker"}


def test_search_matches_any_part_of_either_name_ignoring_case(academy, api):
    PersonFactory(first_name="Siobhan", last_name="O'Brien-Walsh", team=academy.teams["a"])
    PersonFactory(first_name="Walter", last_name="Smith", team=academy.teams["a"])
    PersonFactory(first_name="Ann", last_name="Walsingham", team=academy.teams["a"])
    client = api("psw")

    def found(term: str) -> set[str]:
        rows = client.get(PEOPLE, {"search": term}).json()["results"]
        return {f"{row['first_name']} {row['last_name']}" for row in rows}

    assert found("WALS") == {"Siobhan O'Brien-Walsh", "Ann Walsingham"}
    assert found("wal") == {"Siobhan O'Brien-Walsh", "Walter Smith", "Ann Walsingham"}
    assert found("siobhan walsh") == {"Siobhan O'Brien-Walsh"}
    assert found("walter walsh") == set()
    assert found("o'brien") == {"Siobhan O'Brien-Walsh"}


# ---------------------------------------------------------------------------------------------
# Pagination
# ---------------------------------------------------------------------------------------------
def test_pages_through_ties_on_name_without_repeats_or_gaps(academy, api):
    team = TeamFactory(organisation=academy.council)
    for _ in range(7):
        PersonFactory(first_name="Sam", last_name="Jones", team=team)
    PersonFactory(first_name="Al", last_name="Jones", team=team)
    PersonFactory(first_name="Zoe", last_name="Adams", team=team)
    expected = list(
        Person.objects.filter(team=team)
        .order_by("last_name", "first_name", "id")
        .values_list("id", flat=True)
    )

    rows = every_page(api("psw"), f"{PEOPLE}?team={team.pk}&page_size=3")

    assert [row["id"] for row in rows] == expected


def test_previous_link_returns_to_the_page_before(academy, api):
    client = api("psw")
    first = client.get(PEOPLE, {"page_size": 5}).json()
    second = client.get(first["next"]).json()
    back = client.get(second["previous"]).json()

    assert [row["id"] for row in back["results"]] == [row["id"] for row in first["results"]]
    assert back["previous"] is None
    assert back["next"] is not None
    assert client.get(back["next"]).json()["results"] == second["results"]


def test_page_size_is_capped(academy, api):
    organisation = OrganisationFactory()
    Person.objects.bulk_create(
        Person(
            first_name="Pat",
            last_name=f"Many{index:03}",
            work_email=f"pat{index}@example.org",
            organisation=organisation,
        )
        for index in range(205)
    )
    body = api("psw").get(PEOPLE, {"organisation": organisation.pk, "page_size": 1000}).json()
    assert len(body["results"]) == 200
    assert body["next"] is not None


def test_more_than_a_thousand_namesakes_page_through_once_each(academy, api):
    """A keyset over every ordering field: a cursor holding only the surname and an offset
    (capped at 1000) would repeat the same page for ever past the thousandth Smith."""
    organisation = OrganisationFactory()
    Person.objects.bulk_create(
        Person(
            first_name="Jo",
            last_name="Smith",
            work_email=f"jo.smith{index}@example.org",
            organisation=organisation,
        )
        for index in range(1205)
    )

    rows = every_page(api("psw"), f"{PEOPLE}?organisation={organisation.pk}&page_size=200")

    ids = [row["id"] for row in rows]
    assert len(ids) == 1205
    assert ids == sorted(set(ids))


def test_a_tampered_cursor_is_a_400(academy, api):
    import base64
    import json

    token = json.dumps({"r": False, "k": ["Tester", "Nqsw", "not-a-number"]})
    cursor = base64.urlsafe_b64encode(token.encode()).decode()
    response = api("psw").get(PEOPLE, {"cursor": cursor})
    assert_error(response, 400, fields={"cursor"}, code="invalid_cursor")


# ---------------------------------------------------------------------------------------------
# Create
# ---------------------------------------------------------------------------------------------
def new_person(academy, **changes):
    payload = {
        "first_name": " Grace ",
        "last_name": "Hopper",
        "work_email": "grace.hopper@example.org",
        "job_title": "Advanced Practitioner",
        "organisation": academy.council.pk,
        "team": academy.teams["b"].pk,
        "employment_start_date": "2025-01-06",
        "contracted_hours_per_week": "30.00",
        "pcf_level": "advanced_practitioner",
        "swe_number": "sw765432",
        "qualified_on": "2015-07-01",
        "swe_first_registered_on": "2015-08-03",
    }
    payload.update(changes)
    return payload


@pytest.mark.parametrize("login", ["psw", "admin"])
def test_psw_and_admin_create_a_person_with_roles(academy, api, login):
    payload = new_person(
        academy,
        roles=[
            {"role": "team_manager", "team": academy.teams["b"].pk},
            {"role": "assessor"},
        ],
    )

    response = api(login).post(PEOPLE, payload)

    assert response.status_code == 201, response.content
    body = response.json()
    person = Person.objects.get(work_email="grace.hopper@example.org")
    assert body["id"] == person.pk
    assert body["first_name"] == "Grace"
    assert body["swe_number"] == "SW765432"
    assert body["employment_start_date"] == "2025-01-06"
    assert body["contracted_hours_per_week"] == "30.00"
    assert body["has_account"] is False
    assert sorted((r["role"], (r["team"] or {}).get("id")) for r in body["roles"]) == [
        ("assessor", None),
        ("learner", None),
        ("team_manager", academy.teams["b"].pk),
    ]
    assert api(login).get(person_url(person)).json() == body


def test_creating_with_a_username_opens_an_account_and_sends_a_welcome(
    academy, api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api("psw").post(PEOPLE, new_person(academy, username="ghopper"))

    assert response.status_code == 201, response.content
    assert response.json()["has_account"] is True
    person = Person.objects.select_related("user").get(pk=response.json()["id"])
    assert person.user.username == "ghopper"
    assert not person.user.has_usable_password()
    welcome = Notification.objects.get(recipient=person, kind="welcome")
    assert welcome.status == Notification.Status.SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["grace.hopper@example.org"]
    assert "/password/set/" in mail.outbox[0].body


def test_creating_without_a_username_opens_no_account(
    academy, api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api("psw").post(PEOPLE, new_person(academy))
    assert response.status_code == 201
    assert response.json()["has_account"] is False
    assert not User.objects.filter(email="grace.hopper@example.org").exists()
    assert mail.outbox == []


@pytest.mark.parametrize("login", ["dass", "coordinator", "principal_ot", "manager", "nqsw"])
def test_other_roles_may_not_create_people(academy, api, login):
    response = api(login).post(PEOPLE, new_person(academy))
    assert_error(response, 403, code="permission_denied")
    assert not Person.objects.filter(work_email="grace.hopper@example.org").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"work_email": "NQSW@example.org"}, "work_email"),
        ({"swe_number": "12345"}, "swe_number"),
        ({"team": "other-organisation"}, "team"),
        ({"leaving_date": "2024-12-31"}, "leaving_date"),
        ({"swe_first_registered_on": "2015-06-01"}, "swe_first_registered_on"),
        ({"employment_start_date": "06/01/2025"}, "employment_start_date"),
        ({"contracted_hours_per_week": "61.00"}, "contracted_hours_per_week"),
        ({"contracted_hours_per_week": "0"}, "contracted_hours_per_week"),
        ({"pcf_level": "wizard"}, "pcf_level"),
        ({"username": "bad name!"}, "username"),
    ],
)
def test_create_refuses_bad_input_naming_the_field(academy, api, changes, field):
    if changes.get("team") == "other-organisation":
        changes = {"team": academy.teams["nhs"].pk}
    people = Person.objects.count()

    response = api("psw").post(PEOPLE, new_person(academy, **changes))

    assert_error(response, 400, fields={field})
    assert Person.objects.count() == people


def test_a_duplicate_role_in_the_request_is_held_once(academy, api):
    response = api("psw").post(
        PEOPLE, new_person(academy, roles=[{"role": "supervisor"}, {"role": "supervisor"}])
    )
    assert response.status_code == 201
    assert sorted(r["role"] for r in response.json()["roles"]) == ["learner", "supervisor"]


# ---------------------------------------------------------------------------------------------
# Update
# ---------------------------------------------------------------------------------------------
def test_patch_changes_only_the_fields_sent(academy, api):
    worker = academy.people["worker"]
    response = api("psw").patch(person_url(worker), {"job_title": "Senior Practitioner"})

    assert response.status_code == 200, response.content
    assert response.json()["job_title"] == "Senior Practitioner"
    worker.refresh_from_db()
    assert worker.job_title == "Senior Practitioner"
    assert worker.team_id == academy.teams["a"].pk
    assert worker.contracted_hours_per_week == 37


def test_patch_does_not_bring_back_someone_who_has_left(academy, api):
    """``active`` defaults to true on create; an update that does not send it must not
    reactivate the person (or reopen their account)."""
    worker = academy.people["worker"]
    client = api("psw")
    assert client.patch(person_url(worker), {"active": False}).json()["active"] is False

    response = client.patch(person_url(worker), {"job_title": "Locum"})

    assert response.json()["active"] is False
    worker.refresh_from_db()
    assert worker.active is False
    assert User.objects.get(pk=worker.user_id).is_active is False


def test_leaving_closes_the_account_and_returning_reopens_it(academy, api):
    worker = academy.people["worker"]
    client = api("psw")
    client.patch(person_url(worker), {"active": False, "leaving_date": "2025-06-30"})
    assert User.objects.get(pk=worker.user_id).is_active is False

    client.patch(person_url(worker), {"active": True, "leaving_date": None})

    assert User.objects.get(pk=worker.user_id).is_active is True
    assert client.get(person_url(worker)).json()["leaving_date"] is None


def test_patch_refuses_bad_input_naming_the_field(academy, api):
    worker = academy.people["worker"]
    client = api("psw")
    assert_error(
        client.patch(person_url(worker), {"work_email": "nqsw@example.org"}),
        400,
        fields={"work_email"},
    )
    assert_error(
        client.patch(person_url(worker), {"team": academy.teams["nhs"].pk}), 400, fields={"team"}
    )
    assert_error(client.patch(person_url(worker), {"first_name": ""}), 400, fields={"first_name"})
    worker.refresh_from_db()
    assert (worker.work_email, worker.team_id, worker.first_name) == (
        "worker@example.org",
        academy.teams["a"].pk,
        "Worker",
    )


def test_a_manager_sees_but_may_not_change_their_team(academy, api):
    worker = academy.people["worker"]
    response = api("manager").patch(person_url(worker), {"job_title": "Changed"})
    assert_error(response, 403, code="permission_denied")
    worker.refresh_from_db()
    assert worker.job_title == "Social Worker"


def test_changing_someone_you_cannot_see_is_a_404(academy, api):
    response = api("nqsw").patch(person_url(academy.people["outsider"]), {"job_title": "X"})
    assert_error(response, 404)


def test_staff_may_not_change_their_own_record(academy, api):
    response = api("nqsw").patch(person_url(academy.people["nqsw"]), {"job_title": "X"})
    assert_error(response, 403)


# ---------------------------------------------------------------------------------------------
# Roles
# ---------------------------------------------------------------------------------------------
def roles_url(person: Person) -> str:
    return f"{person_url(person)}roles/"


def test_roles_list_for_a_visible_person(academy, api):
    manager = academy.people["manager"]
    response = api("manager").get(roles_url(manager))
    assert response.status_code == 200
    assert [(r["role"], (r["team"] or {}).get("id")) for r in response.json()] == [
        ("learner", None),
        ("team_manager", academy.teams["a"].pk),
    ]


def test_roles_of_someone_you_cannot_see_are_a_404(academy, api):
    assert_error(api("nqsw").get(roles_url(academy.people["manager"])), 404)


def test_psw_grants_a_scoped_role_and_it_widens_what_the_person_sees(academy, api):
    worker = academy.people["worker"]
    response = api("psw").post(
        roles_url(worker), {"role": "team_manager", "team": academy.teams["b"].pk}
    )
    assert response.status_code == 201, response.content
    assert response.json()["team"]["id"] == academy.teams["b"].pk

    seen = api("worker").get(PEOPLE).json()["results"]
    assert logins_in(academy, seen) == {"worker", "principal_ot", "assessor", "outsider"}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"role": "team_manager"}, "team"),
        ({"role": "supervisor", "team": "team-a"}, "team"),
        ({"role": "partner_coordinator"}, "organisation"),
        ({"role": "learner"}, "role"),
        ({"role": "overlord"}, "role"),
    ],
)
def test_granting_a_role_refuses_bad_specs(academy, api, payload, field):
    if payload.get("team") == "team-a":
        payload = {**payload, "team": academy.teams["a"].pk}
    worker = academy.people["worker"]
    before = RoleAssignment.objects.filter(person=worker).count()
    assert_error(api("psw").post(roles_url(worker), payload), 400, fields={field})
    assert RoleAssignment.objects.filter(person=worker).count() == before


def test_only_the_psw_grants_roles(academy, api):
    worker = academy.people["worker"]
    response = api("manager").post(roles_url(worker), {"role": "supervisor"})
    assert_error(response, 403)
    assert not worker.roles.filter(role=Role.SUPERVISOR).exists()


def test_someone_you_cannot_see_is_a_404_before_any_403(academy, api):
    nqsw = academy.people["nqsw"]
    assert_error(api("assessor").post(roles_url(nqsw), {"role": "supervisor"}), 404)
    assert_error(api("manager").post(roles_url(nqsw), {"role": "supervisor"}), 403)
    learner = nqsw.roles.get(role=Role.LEARNER)
    assert_error(api("assessor").delete(f"{roles_url(nqsw)}{learner.pk}/"), 404)
    assert_error(api("manager").delete(f"{roles_url(nqsw)}{learner.pk}/"), 403)


def test_psw_removes_a_role(academy, api):
    manager = academy.people["manager"]
    role = manager.roles.get(role=Role.TEAM_MANAGER)
    response = api("psw").delete(f"{roles_url(manager)}{role.pk}/")
    assert response.status_code == 204
    assert not RoleAssignment.objects.filter(pk=role.pk).exists()
    assert logins_in(academy, api("manager").get(PEOPLE).json()["results"]) == {"manager"}


def test_the_learner_role_cannot_be_removed(academy, api):
    worker = academy.people["worker"]
    learner = worker.roles.get(role=Role.LEARNER)
    response = api("psw").delete(f"{roles_url(worker)}{learner.pk}/")
    assert_error(response, 400, fields={"role"})
    assert RoleAssignment.objects.filter(pk=learner.pk).exists()


def test_a_role_addressed_through_another_person_is_a_404(academy, api):
    manager_role = academy.people["manager"].roles.get(role=Role.TEAM_MANAGER)
    response = api("psw").delete(f"{roles_url(academy.people['worker'])}{manager_role.pk}/")
    assert_error(response, 404)
    assert RoleAssignment.objects.filter(pk=manager_role.pk).exists()


def test_only_the_psw_removes_roles(academy, api):
    role = academy.people["manager"].roles.get(role=Role.TEAM_MANAGER)
    assert_error(api("manager").delete(f"{roles_url(academy.people['manager'])}{role.pk}/"), 403)
    assert RoleAssignment.objects.filter(pk=role.pk).exists()


# ---------------------------------------------------------------------------------------------
# Me
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("login", "outlook", "manages"),
    [
        ("nqsw", "self", False),
        ("manager", "team", False),
        ("partner", "organisation", False),
        ("dass", "academy", False),
        ("psw", "academy", True),
    ],
)
def test_me_is_the_person_their_roles_and_what_they_may_do(academy, api, login, outlook, manages):
    body = api(login).get("/api/v1/me/").json()
    person = academy.people[login]
    assert body["username"] == login
    assert body["outlook"] == outlook
    assert body["can_manage_people"] is manages
    assert body["person"]["id"] == person.pk
    assert sorted(r["role"] for r in body["person"]["roles"]) == sorted(
        person.roles.values_list("role", flat=True)
    )


def test_me_for_an_admin_without_a_person(academy, api):
    body = api("admin").get("/api/v1/me/").json()
    assert body == {
        "username": "admin",
        "outlook": "academy",
        "can_manage_people": True,
        "person": None,
    }
