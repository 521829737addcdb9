"""The pathways endpoints in the OpenAPI schema: typed filters, ISO dates, pages, the evidence
form, and the one error format."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/pathway-templates/",
    "/api/v1/pcf-domains/",
    "/api/v1/cohorts/",
    "/api/v1/enrolments/",
    "/api/v1/enrolments/{id}/supervisions/",
    "/api/v1/enrolments/{id}/development-time/",
    "/api/v1/enrolments/{id}/evidence/",
    "/api/v1/enrolments/{id}/pauses/",
    "/api/v1/me/pathway/",
]


@pytest.fixture
def schema(academy) -> dict:
    response = academy.client("psw").get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    assert response.status_code == 200
    return response.json()


def _component(schema: dict, ref: str) -> dict:
    return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]


def test_enrolment_filters_are_typed(schema):
    parameters = {
        p["name"]: p["schema"] for p in schema["paths"]["/api/v1/enrolments/"]["get"]["parameters"]
    }
    assert parameters["cohort"]["type"] == "integer"
    assert parameters["pathway_template"]["type"] == "integer"
    assert parameters["person"]["type"] == "integer"
    assert parameters["open"]["type"] == "boolean"
    assert set(parameters["status"]["enum"]) == {"on_track", "at_risk", "overdue", "complete"}


def test_every_pathways_list_is_a_page_with_results_and_next(schema):
    for url in LISTS:
        ref = schema["paths"][url]["get"]["responses"]["200"]["content"]["application/json"][
            "schema"
        ]["$ref"]
        assert {"results", "next", "previous"} <= set(_component(schema, ref)["properties"]), url


def test_an_enrolment_has_milestones_with_iso_dates_and_a_status(schema):
    enrolment = schema["components"]["schemas"]["EnrolmentDetailOut"]["properties"]
    milestone = schema["components"]["schemas"]["MilestoneOut"]["properties"]
    assert enrolment["end_date"]["format"] == "date"
    assert enrolment["milestones"]["type"] == "array"
    assert {"progress", "decisions", "status_reasons"} <= set(enrolment)
    assert milestone["due_date"]["format"] == "date"
    assert set(_component(schema, milestone["status"]["allOf"][0]["$ref"])["enum"]) == {
        "done",
        "overdue",
        "due_soon",
        "upcoming",
        "switched_off",
    }


def test_evidence_is_sent_as_json_or_as_a_form_with_a_file(schema):
    content = schema["paths"]["/api/v1/enrolments/{id}/evidence/"]["post"]["requestBody"]["content"]
    assert set(content) == {"application/json", "multipart/form-data"}
    form = _component(schema, content["multipart/form-data"]["schema"]["$ref"])
    assert form["properties"]["file"]["format"] == "binary"
    assert form["properties"]["pcf_domains"]["type"] == "array"


def test_a_full_cohort_is_documented_and_every_refusal_is_in_the_one_error_format(schema):
    post = schema["paths"]["/api/v1/enrolments/"]["post"]["responses"]
    assert {"400", "401", "403", "409"} <= set(post)
    for path, operations in schema["paths"].items():
        if not path.startswith(("/api/v1/enrolments", "/api/v1/cohorts", "/api/v1/pathway")):
            continue
        for method, operation in operations.items():
            for code, response in operation["responses"].items():
                if code.startswith("4"):
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref.endswith("/ApiError"), (method, path, code)
