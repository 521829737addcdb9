"""Organisations and teams over the API: anyone signed in lists them; the PSW changes them."""

from __future__ import annotations

import pytest

from academy.people.models import Organisation, Team
from tests.api.support import assert_error
from tests.factories import OrganisationFactory, TeamFactory

pytestmark = pytest.mark.django_db

ORGANISATIONS = "/api/v1/organisations/"
TEAMS = "/api/v1/teams/"


# Organisations -------------------------------------------------------------------------------
@pytest.mark.parametrize("login", ["nqsw", "nhs_staff", "partner", "psw", "admin"])
def test_anyone_signed_in_lists_organisations_in_name_order(academy, api, login):
    OrganisationFactory(name="Abbey Care Homes", kind="care_provider")
    body = api(login).get(ORGANISATIONS).json()
    assert [row["name"] for row in body["results"]] == [
        "Abbey Care Homes",
        "Shire County Council",
        "Shire Mental Health NHS Trust",
    ]
    assert body["results"][1] == {
        "id": academy.council.pk,
        "name": "Shire County Council",
        "kind": "council",
        "hosts_academy": True,
        "active": True,
    }


def test_organisations_filter_by_kind_and_active(academy, api):
    OrganisationFactory(name="Old Trust", kind="nhs_trust", active=False)
    client = api("psw")

    trusts = client.get(ORGANISATIONS, {"kind": "nhs_trust"}).json()["results"]
    current_trusts = client.get(ORGANISATIONS, {"kind": "nhs_trust", "active": "true"}).json()

    assert {row["name"] for row in trusts} == {"Old Trust", "Shire Mental Health NHS Trust"}
    assert [row["name"] for row in current_trusts["results"]] == ["Shire Mental Health NHS Trust"]


@pytest.mark.parametrize(("query", "field"), [("kind=castle", "kind"), ("active=yes", "active")])
def test_organisations_refuse_bad_filters(academy, api, query, field):
    assert_error(api("psw").get(f"{ORGANISATIONS}?{query}"), 400, fields={field})


@pytest.mark.parametrize("login", ["psw", "admin"])
def test_psw_and_admin_add_an_organisation(academy, api, login):
    response = api(login).post(ORGANISATIONS, {"name": " Shire Carers Network ", "kind": "vcs"})
    assert response.status_code == 201, response.content
    organisation = Organisation.objects.get(pk=response.json()["id"])
    assert organisation.name == "Shire Carers Network"
    assert response.json() == {
        "id": organisation.pk,
        "name": "Shire Carers Network",
        "kind": "vcs",
        "hosts_academy": False,
        "active": True,
    }


@pytest.mark.parametrize("login", ["dass", "coordinator", "manager", "partner", "nqsw"])
def test_other_roles_may_not_add_or_change_organisations(academy, api, login):
    client = api(login)
    assert_error(client.post(ORGANISATIONS, {"name": "New", "kind": "vcs"}), 403)
    assert_error(client.patch(f"{ORGANISATIONS}{academy.trust.pk}/", {"name": "Renamed"}), 403)
    assert not Organisation.objects.filter(name__in=["New", "Renamed"]).exists()


def test_organisation_input_is_checked(academy, api):
    client = api("psw")
    assert_error(client.post(ORGANISATIONS, {"name": "X", "kind": "castle"}), 400, fields={"kind"})
    assert_error(
        client.post(ORGANISATIONS, {"name": "Shire County Council", "kind": "council"}),
        400,
        fields={"name"},
    )


def test_psw_renames_and_closes_an_organisation(academy, api):
    url = f"{ORGANISATIONS}{academy.trust.pk}/"
    response = api("psw").patch(url, {"name": "Shire Health Partnership", "active": False})
    assert response.status_code == 200, response.content
    academy.trust.refresh_from_db()
    assert (academy.trust.name, academy.trust.active, academy.trust.kind) == (
        "Shire Health Partnership",
        False,
        "nhs_trust",
    )
    assert api("nqsw").get(url).json()["active"] is False


def test_an_organisation_that_does_not_exist_is_a_404(academy, api):
    assert_error(api("psw").get(f"{ORGANISATIONS}999999/"), 404)
    assert_error(api("psw").patch(f"{ORGANISATIONS}999999/", {"name": "X"}), 404)


# Teams ---------------------------------------------------------------------------------------
def test_teams_list_with_their_organisation(academy, api):
    body = api("nqsw").get(TEAMS).json()
    assert [row["name"] for row in body["results"]] == [
        "Community Mental Health",
        "Hospital Discharge",
        "North Locality",
    ]
    assert body["results"][0] == {
        "id": academy.teams["nhs"].pk,
        "name": "Community Mental Health",
        "service_area": "Mental health",
        "organisation": {"id": academy.trust.pk, "name": academy.trust.name, "kind": "nhs_trust"},
        "active": True,
    }


def test_teams_filter_by_organisation_service_area_and_active(academy, api):
    TeamFactory(organisation=academy.council, name="Closed Team", active=False)
    client = api("psw")

    def names(**query) -> set[str]:
        return {row["name"] for row in client.get(TEAMS, query).json()["results"]}

    assert names(organisation=academy.trust.pk) == {"Community Mental Health"}
    assert names(service_area="Hospitals") == {"Hospital Discharge"}
    assert names(organisation=academy.council.pk, active="false") == {"Closed Team"}
    assert names(organisation=999999) == set()


@pytest.mark.parametrize(
    ("query", "field"), [("organisation=abc", "organisation"), ("active=2", "active")]
)
def test_teams_refuse_bad_filters(academy, api, query, field):
    assert_error(api("psw").get(f"{TEAMS}?{query}"), 400, fields={field})


def test_psw_adds_and_changes_a_team(academy, api):
    client = api("psw")
    created = client.post(
        TEAMS,
        {"organisation": academy.council.pk, "name": "Reablement", "service_area": "Hospitals"},
    )
    assert created.status_code == 201, created.content
    url = f"{TEAMS}{created.json()['id']}/"
    assert created.json()["organisation"]["id"] == academy.council.pk

    changed = client.patch(url, {"service_area": "Community"})

    assert changed.status_code == 200
    team = Team.objects.get(pk=created.json()["id"])
    assert (team.name, team.service_area) == ("Reablement", "Community")


def test_team_input_is_checked(academy, api):
    client = api("psw")
    assert_error(
        client.post(TEAMS, {"organisation": 999999, "name": "X", "service_area": "Y"}),
        400,
        fields={"organisation"},
        code="does_not_exist",
    )
    assert_error(
        client.post(
            TEAMS,
            {"organisation": academy.council.pk, "name": "North Locality", "service_area": "Y"},
        ),
        400,
    )
    assert Team.objects.filter(name="North Locality").count() == 1


def test_the_same_team_name_may_exist_in_another_organisation(academy, api):
    response = api("psw").post(
        TEAMS, {"organisation": academy.trust.pk, "name": "North Locality", "service_area": "Y"}
    )
    assert response.status_code == 201


def test_other_roles_may_not_add_or_change_teams(academy, api):
    client = api("manager")
    assert_error(
        client.post(TEAMS, {"organisation": academy.council.pk, "name": "X", "service_area": "Y"}),
        403,
    )
    assert_error(client.patch(f"{TEAMS}{academy.teams['a'].pk}/", {"name": "Renamed"}), 403)
    assert not Team.objects.filter(name__in=["X", "Renamed"]).exists()
