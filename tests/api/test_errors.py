"""One error format across the API: every 4xx is JSON naming the field at fault, or null."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.test import APIClient

from academy.common.errors import ConflictError, DomainError
from academy.people.models import Person, RoleAssignment, User
from api.errors import exception_handler
from tests.api.support import assert_error

pytestmark = pytest.mark.django_db


def person_payload(academy, **changes):
    payload = {
        "first_name": "Grace",
        "last_name": "Hopper",
        "work_email": "grace.hopper@example.org",
        "organisation": academy.council.pk,
        "team": academy.teams["a"].pk,
    }
    payload.update(changes)
    return payload


# 400 -----------------------------------------------------------------------------------------
def test_serializer_errors_name_each_field(academy, api):
    response = api("psw").post(
        "/api/v1/people/",
        {"first_name": "", "work_email": "not-an-email", "organisation": 99999},
    )
    errors = assert_error(
        response, 400, fields={"first_name", "last_name", "work_email", "organisation"}
    )
    codes = {error["field"]: error["code"] for error in errors}
    assert codes == {
        "first_name": "blank",
        "last_name": "required",
        "work_email": "invalid",
        "organisation": "does_not_exist",
    }
    assert response.json()["code"] == "invalid"


def test_nested_errors_use_dotted_paths(academy, api):
    response = api("psw").post(
        "/api/v1/people/",
        person_payload(
            academy, roles=[{"role": "supervisor"}, {"role": "team_manager", "team": 99999}]
        ),
    )
    assert_error(response, 400, fields={"roles.1.team"}, code="does_not_exist")


def test_service_validation_errors_name_the_nested_field(academy, api):
    """The role spec passes the serializer but the service refuses it: a team manager needs a
    team. The service's error keeps its dotted path."""
    response = api("psw").post(
        "/api/v1/people/",
        person_payload(academy, roles=[{"role": "supervisor"}, {"role": "team_manager"}]),
    )
    assert_error(response, 400, fields={"roles.1.team"})


def test_service_errors_name_their_field(academy, api):
    response = api("psw").post(
        "/api/v1/organisations/", {"name": academy.trust.name, "kind": "nhs_trust"}
    )
    assert_error(response, 400, fields={"name"})


def test_a_domain_validation_error_keeps_each_message_and_code():
    error = DjangoValidationError(
        {
            "work_email": [DjangoValidationError("Taken.", code="unique")],
            "roles.0.team": ["Choose a team.", "Another problem."],
        }
    )
    response = exception_handler(error, {})
    assert response is not None
    assert response.status_code == 400
    assert response.data["errors"] == [
        {"field": "work_email", "code": "unique", "message": "Taken."},
        {"field": "roles.0.team", "code": "invalid", "message": "Choose a team."},
        {"field": "roles.0.team", "code": "invalid", "message": "Another problem."},
    ]


def test_domain_refusals_are_400_and_conflicts_409_naming_the_field():
    refused = exception_handler(
        DomainError("Not eligible.", code="ineligible", field="qualified_on"), {}
    )
    clash = exception_handler(ConflictError("The session is full.", field="session"), {})
    assert refused is not None
    assert clash is not None
    assert (refused.status_code, clash.status_code) == (400, 409)
    assert refused.data == {
        "status": 400,
        "code": "invalid",
        "detail": "Not eligible.",
        "errors": [{"field": "qualified_on", "code": "ineligible", "message": "Not eligible."}],
    }
    assert clash.data["code"] == "conflict"
    assert clash.data["errors"] == [
        {"field": "session", "code": "conflict", "message": "The session is full."}
    ]


def test_a_domain_error_without_a_field_has_a_null_field():
    response = exception_handler(DjangoValidationError("Clashes.", code="clash"), {})
    assert response is not None
    assert response.data["errors"] == [{"field": None, "code": "clash", "message": "Clashes."}]


def test_a_failed_create_writes_nothing(academy, api):
    people, roles, users = (
        Person.objects.count(),
        RoleAssignment.objects.count(),
        User.objects.count(),
    )
    response = api("psw").post(
        "/api/v1/people/",
        person_payload(
            academy,
            username="grace",
            roles=[{"role": "partner_coordinator", "team": academy.teams["a"].pk}],
        ),
    )
    assert_error(response, 400, fields={"roles.0.team", "roles.0.organisation"})
    assert Person.objects.count() == people
    assert RoleAssignment.objects.count() == roles
    assert User.objects.count() == users


def test_a_taken_username_refuses_the_whole_person(academy, api):
    people = Person.objects.count()
    response = api("psw").post("/api/v1/people/", person_payload(academy, username="nqsw"))
    assert_error(response, 400, fields={"username"})
    assert Person.objects.count() == people


def test_non_field_errors_have_a_null_field(academy, api):
    response = api("psw").post("/api/v1/people/", ["not", "an", "object"])
    assert_error(response, 400, fields={None})


def test_malformed_json_is_a_400(academy, api):
    response = api("psw").post("/api/v1/people/", "{not json", content_type="application/json")
    assert_error(response, 400, fields={None}, code="parse_error")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("team=abc", "team"),
        ("team=1.5", "team"),
        ("team=0", "team"),
        ("organisation=x", "organisation"),
        ("role=nope", "role"),
        ("active=maybe", "active"),
        ("search=" + "a" * 101, "search"),
        ("page_size=abc", "page_size"),
        ("page_size=0", "page_size"),
        ("cursor=not-a-cursor", "cursor"),
    ],
)
def test_bad_query_parameters_are_a_400_naming_the_parameter(academy, api, query, field):
    response = api("psw").get(f"/api/v1/people/?{query}")
    assert_error(response, 400, fields={field})


def test_several_bad_filters_are_all_named(academy, api):
    response = api("psw").get("/api/v1/people/?team=abc&role=nope&active=maybe")
    assert_error(response, 400, fields={"team", "role", "active"})


# 401, 403 ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/me/"),
        ("get", "/api/v1/people/"),
        ("post", "/api/v1/people/"),
        ("get", "/api/v1/organisations/"),
        ("get", "/api/v1/teams/"),
        ("get", "/api/v1/notifications/"),
        ("delete", "/api/v1/auth/token/revoke/"),
    ],
)
def test_no_credentials_is_a_401_everywhere(academy, method, url):
    response = getattr(APIClient(), method)(url)
    assert_error(response, 401, fields={None}, code="not_authenticated")


def test_a_role_that_may_not_is_a_403(academy, api):
    response = api("manager").post("/api/v1/people/", person_payload(academy))
    assert_error(response, 403, fields={None}, code="permission_denied")
    assert response.json()["code"] == "permission_denied"
    assert not Person.objects.filter(work_email="grace.hopper@example.org").exists()


# 404 -----------------------------------------------------------------------------------------
def test_a_person_you_may_not_see_is_a_404(academy, api):
    outsider = academy.people["outsider"]
    response = api("nqsw").get(f"/api/v1/people/{outsider.pk}/")
    assert_error(response, 404, fields={None}, code="not_found")


def test_a_missing_row_and_a_hidden_row_answer_alike(academy, api):
    hidden = api("nqsw").get(f"/api/v1/people/{academy.people['outsider'].pk}/")
    missing = api("nqsw").get("/api/v1/people/999999/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


@pytest.mark.parametrize(
    "url", ["/api/v1/no-such-thing/", "/api/v1/people/abc/", "/api/v2/people/", "/api/"]
)
def test_an_unknown_api_address_is_a_json_404(academy, api, url):
    response = api("psw").get(url)
    assert_error(response, 404, fields={None}, code="not_found")


def test_an_unknown_api_address_is_json_for_anonymous_callers_too(academy):
    assert_error(APIClient().get("/api/v1/no-such-thing/"), 404, fields={None})


def test_an_unknown_page_outside_the_api_stays_html(academy, api):
    response = api("psw").get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


# 405, 415 ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("delete", "/api/v1/people/{nqsw}/"),
        ("put", "/api/v1/people/{nqsw}/"),
        ("delete", "/api/v1/organisations/"),
        ("get", "/api/v1/auth/token/revoke/"),
        ("get", "/api/v1/people/{nqsw}/roles/{role}/"),
    ],
)
def test_a_method_the_address_does_not_take_is_a_405(academy, api, method, url):
    nqsw = academy.people["nqsw"]
    url = url.format(nqsw=nqsw.pk, role=nqsw.roles.get().pk)
    response = getattr(api("psw"), method)(url)
    assert_error(response, 405, fields={None}, code="method_not_allowed")
    assert response["Allow"]


@pytest.mark.parametrize("content_type", ["form", "multipart", "text/plain"])
def test_a_body_that_is_not_json_is_a_415(academy, content_type):
    client = APIClient()
    client.force_login(academy.user("psw"))
    payload = {"name": "Shire Carers", "kind": "vcs"}
    if content_type == "form":
        response = client.post(
            "/api/v1/organisations/",
            "name=Shire+Carers&kind=vcs",
            content_type="application/x-www-form-urlencoded",
        )
    elif content_type == "multipart":
        response = client.post("/api/v1/organisations/", payload, format="multipart")
    else:
        response = client.post("/api/v1/organisations/", "Shire Carers", content_type="text/plain")
    assert_error(response, 415, fields={None}, code="unsupported_media_type")
