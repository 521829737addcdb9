"""The OpenAPI schema and its interactive docs."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import yaml
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

LIST_ENDPOINTS = [
    "/api/v1/organisations/",
    "/api/v1/teams/",
    "/api/v1/people/",
    "/api/v1/notifications/",
    "/api/v1/reports/",
    "/api/v1/report-schedules/",
]


def test_schema_generates_and_validates_without_warnings(tmp_path):
    """The same check as ``manage.py spectacular --validate --fail-on-warn``: a warning or an
    invalid schema raises."""
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/people/{id}/roles/" in schema["paths"]


@pytest.fixture
def schema(academy) -> dict:
    response = academy.client("nqsw").get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    assert response.status_code == 200
    return response.json()


def test_schema_and_docs_are_for_signed_in_callers(academy):
    assert Client().get("/api/schema/").status_code == 401
    assert Client().get("/api/docs/").status_code == 401
    assert academy.client("nqsw").get("/api/docs/").status_code == 200


def test_schema_is_served_and_lists_every_endpoint(schema):
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/auth/token/",
        "/api/v1/auth/token/revoke/",
        "/api/v1/me/",
        "/api/v1/organisations/",
        "/api/v1/organisations/{id}/",
        "/api/v1/teams/",
        "/api/v1/teams/{id}/",
        "/api/v1/people/",
        "/api/v1/people/{id}/",
        "/api/v1/people/{id}/roles/",
        "/api/v1/people/{id}/roles/{role_id}/",
        "/api/v1/notifications/",
        "/api/v1/notifications/{id}/read/",
        "/api/v1/pathway-templates/",
        "/api/v1/pathway-templates/{id}/",
        "/api/v1/pathway-templates/{id}/copy/",
        "/api/v1/pcf-domains/",
        "/api/v1/cohorts/",
        "/api/v1/cohorts/{id}/",
        "/api/v1/enrolments/",
        "/api/v1/enrolments/{id}/",
        "/api/v1/enrolments/{id}/milestones/{key}/complete/",
        "/api/v1/enrolments/{id}/supervisions/",
        "/api/v1/enrolments/{id}/development-time/",
        "/api/v1/enrolments/{id}/evidence/",
        "/api/v1/enrolments/{id}/evidence/{evidence_id}/file/",
        "/api/v1/enrolments/{id}/pauses/",
        "/api/v1/enrolments/{id}/outcome/",
        "/api/v1/enrolments/{id}/reassign/",
        "/api/v1/me/pathway/",
        # Reports
        "/api/v1/reports/",
        "/api/v1/reports/{id}/",
        "/api/v1/reports/{id}/download/",
        "/api/v1/report-kinds/",
        "/api/v1/report-schedules/",
        "/api/v1/report-schedules/{id}/",
        "/api/v1/report-schedules/{id}/deactivate/",
        # Case file audits
        "/api/v1/audit-templates/",
        "/api/v1/audit-templates/{id}/",
        "/api/v1/audit-themes/",
        "/api/v1/audit-themes/{id}/",
        "/api/v1/audits/",
        "/api/v1/audits/{id}/",
        "/api/v1/audits/{id}/acknowledge/",
        "/api/v1/audits/{id}/actions/",
        "/api/v1/audits/{id}/actions/{action_id}/",
        "/api/v1/audits/{id}/cpd-prefill/",
        "/api/v1/teams/{id}/audit-programme/",
        "/api/v1/moderations/",
        "/api/v1/moderations/{id}/",
        "/api/v1/repeat-allowances/",
        "/api/v1/learning-bulletins/",
        "/api/v1/learning-bulletins/{id}/",
        # Training
        "/api/v1/courses/",
        "/api/v1/courses/{id}/",
        "/api/v1/event-series/",
        "/api/v1/event-series/{id}/",
        "/api/v1/sessions/",
        "/api/v1/sessions/{id}/",
        "/api/v1/sessions/{id}/cancel/",
        "/api/v1/sessions/{id}/bookings/",
        "/api/v1/sessions/{id}/bookings/import/",
        "/api/v1/sessions/{id}/attendance/",
        "/api/v1/bookings/",
        "/api/v1/bookings/{id}/",
        "/api/v1/bookings/{id}/cancel/",
        "/api/v1/bookings/{id}/approve/",
        "/api/v1/bookings/{id}/decline/",
        "/api/v1/bookings/{id}/invite.ics",
        "/api/v1/completions/",
        "/api/v1/completions/import/",
        "/api/v1/completions/{id}/certificate.pdf",
        "/api/v1/people/{id}/compliance/",
        "/api/v1/cpd-entries/",
        "/api/v1/cpd-entries/{id}/",
        "/api/v1/cpd-entries/standing/",
        "/api/v1/cpd-entries/prefill/{booking_id}/",
        "/api/v1/me/calendar-feed/",
    }


def test_schema_documents_the_people_filters_with_types(schema):
    parameters = {
        p["name"]: p["schema"] for p in schema["paths"]["/api/v1/people/"]["get"]["parameters"]
    }
    assert parameters["team"]["type"] == "integer"
    assert parameters["organisation"]["type"] == "integer"
    assert parameters["active"]["type"] == "boolean"
    assert parameters["search"]["type"] == "string"
    assert "psw" in parameters["role"]["enum"]
    assert {"cursor", "page_size"} <= set(parameters)


def test_schema_documents_the_error_format_on_every_operation(schema):
    error = schema["components"]["schemas"]["ApiError"]
    assert set(error["properties"]) == {"status", "code", "detail", "errors"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = {code for code in operation["responses"] if code.startswith("4")}
            assert codes, (method, path)
            for code in codes:
                ref = operation["responses"][code]["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/ApiError", (method, path, code)
    token = schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]
    assert {"400", "415", "429"} <= set(token)
    assert "401" not in token
    assert {"401", "403", "404"} <= set(
        schema["paths"]["/api/v1/people/{id}/"]["patch"]["responses"]
    )


def test_schema_paginated_lists_have_results_and_next(schema):
    for url in LIST_ENDPOINTS:
        ref = schema["paths"][url]["get"]["responses"]["200"]["content"]["application/json"][
            "schema"
        ]["$ref"]
        page = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]
        assert {"results", "next", "previous"} <= set(page["properties"]), url


def test_schema_dates_are_iso_formats(schema):
    person = schema["components"]["schemas"]["PersonOut"]["properties"]
    notification = schema["components"]["schemas"]["NotificationOut"]["properties"]
    assert person["employment_start_date"]["format"] == "date"
    assert notification["created_at"]["format"] == "date-time"


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.urls.append(value)


def test_docs_page_loads_everything_from_this_site(academy):
    client = academy.client("nqsw")
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    parser = _Assets()
    parser.feed(html)

    assert parser.urls, "the docs page should load Swagger UI's assets"
    for url in parser.urls:
        assert url.startswith("/static/"), url
        assert client.get(url).status_code == 200, url
    assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", html, re.IGNORECASE), re.findall(
        r"(?:https?:)?//[^\s\"']+", html
    )
    assert '"validatorUrl": null' in html
    assert '"/api/schema/"' in html
