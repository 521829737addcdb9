"""The training endpoints in the OpenAPI schema: typed filters, pages, files in and out, named
choice sets, and the one error format."""

from __future__ import annotations

import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/courses/",
    "/api/v1/event-series/",
    "/api/v1/sessions/",
    "/api/v1/bookings/",
    "/api/v1/completions/",
    "/api/v1/cpd-entries/",
]


@pytest.fixture
def schema(academy) -> dict:
    response = academy.client("coordinator").get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    assert response.status_code == 200
    return response.json()


def _component(schema: dict, ref: str) -> dict:
    return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]


def _parameters(schema: dict, path: str) -> dict:
    return {p["name"]: p["schema"] for p in schema["paths"][path]["get"]["parameters"]}


def test_the_schema_validates_without_warnings_with_training_in_it(tmp_path):
    """``manage.py spectacular --validate --fail-on-warn``: a warning or an invalid schema raises
    (training adds choice sets named "status" and "kind" that must not collide)."""
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    assert "/api/v1/sessions/{id}/bookings/" in schema["paths"]
    assert {"BookingStatusEnum", "SessionStatusEnum", "RequirementKindEnum"} <= set(
        schema["components"]["schemas"]
    )


def test_every_training_list_is_a_page_with_results_and_next(schema):
    for url in LISTS:
        ref = schema["paths"][url]["get"]["responses"]["200"]["content"]["application/json"][
            "schema"
        ]["$ref"]
        assert {"results", "next", "previous"} <= set(_component(schema, ref)["properties"]), url


def test_session_filters_are_typed(schema):
    parameters = _parameters(schema, "/api/v1/sessions/")
    assert parameters["course"]["type"] == "integer"
    assert parameters["series"]["type"] == "integer"
    assert parameters["starts_after"]["format"] == "date-time"
    assert parameters["starts_before"]["format"] == "date-time"
    assert parameters["has_places"]["type"] == "boolean"
    assert parameters["open_to_partners"]["type"] == "boolean"
    courses = _parameters(schema, "/api/v1/courses/")
    assert set(courses["mode"]["enum"]) == {"face_to_face", "live_webinar", "e_learning", "blended"}
    assert courses["active"]["type"] == "boolean"


def test_a_session_shows_its_places_and_a_booking_its_queue_position(schema):
    session = schema["components"]["schemas"]["SessionOut"]["properties"]
    booking = schema["components"]["schemas"]["BookingCreatedOut"]["properties"]
    assert {"capacity", "booked_count", "places_left", "waitlist_count"} <= set(session)
    assert session["starts_at"]["format"] == "date-time"
    assert booking["waitlist_position"]["nullable"] is True
    assert booking["warnings"]["type"] == "array"
    status = _component(schema, booking["status"]["$ref"])
    assert {"booked", "waitlisted", "requested"} <= set(status["enum"])


def test_a_duplicate_booking_is_documented_as_a_conflict(schema):
    responses = schema["paths"]["/api/v1/sessions/{id}/bookings/"]["post"]["responses"]
    assert {"201", "400", "401", "403", "404", "409"} <= set(responses)
    assert responses["409"]["content"]["application/json"]["schema"]["$ref"].endswith("ApiError")


def test_files_come_back_as_a_calendar_or_a_pdf(schema):
    invite = schema["paths"]["/api/v1/bookings/{id}/invite.ics"]["get"]["responses"]["200"]
    certificate = schema["paths"]["/api/v1/completions/{id}/certificate.pdf"]["get"]["responses"]
    assert set(invite["content"]) == {"text/calendar"}
    assert set(certificate["200"]["content"]) == {"application/pdf"}


def test_imports_are_sent_as_a_form_with_a_file(schema):
    for path in ("/api/v1/sessions/{id}/bookings/import/", "/api/v1/completions/import/"):
        content = schema["paths"][path]["post"]["requestBody"]["content"]
        assert set(content) == {"multipart/form-data"}, path
        form = _component(schema, content["multipart/form-data"]["schema"]["$ref"])
        assert form["properties"]["file"]["format"] == "binary"


def test_the_register_takes_a_list_of_marks(schema):
    body = schema["paths"]["/api/v1/sessions/{id}/attendance/"]["post"]["requestBody"]
    mark = body["content"]["application/json"]["schema"]
    assert mark["type"] == "array"
    assert set(_component(schema, mark["items"]["$ref"])["properties"]) == {
        "booking",
        "attendance",
    }
