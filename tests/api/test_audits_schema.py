"""The audits endpoints in the OpenAPI schema: typed filters, the answer scale, ISO dates,
pages, and the one error format."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/audit-templates/",
    "/api/v1/audit-themes/",
    "/api/v1/audits/",
    "/api/v1/audits/{id}/actions/",
    "/api/v1/moderations/",
    "/api/v1/repeat-allowances/",
    "/api/v1/learning-bulletins/",
]


@pytest.fixture
def schema(academy) -> dict:
    response = academy.client("manager").get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    assert response.status_code == 200
    return response.json()


def _component(schema: dict, ref: str) -> dict:
    return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]


def _resolved(schema: dict, node: dict) -> dict:
    return _component(schema, node["$ref"]) if "$ref" in node else node


def test_audit_filters_are_typed(schema):
    parameters = {
        p["name"]: p["schema"] for p in schema["paths"]["/api/v1/audits/"]["get"]["parameters"]
    }
    assert parameters["team"]["type"] == "integer"
    assert parameters["practitioner"]["type"] == "integer"
    assert parameters["month"]["type"] == "string"
    assert set(parameters["status"]["enum"]) == {"draft", "submitted"}
    assert set(parameters["grade"]["enum"]) == {
        "outstanding",
        "good",
        "requires_improvement",
        "inadequate",
    }


def test_an_answer_is_one_of_yes_partly_no_or_not_applicable(schema):
    answer = schema["components"]["schemas"]["AuditAnswerInRequest"]["properties"]["answer"]
    choices = {
        value
        for option in answer.get("oneOf", [answer])
        for value in _resolved(schema, option).get("enum", [])
    }
    assert {"yes", "partly", "no", "n/a"} <= choices


def test_every_audits_list_is_a_page_with_results_and_next(schema):
    for url in LISTS:
        ref = schema["paths"][url]["get"]["responses"]["200"]["content"]["application/json"][
            "schema"
        ]["$ref"]
        assert {"results", "next", "previous"} <= set(_component(schema, ref)["properties"]), url


def test_an_audit_has_iso_dates_a_score_and_a_grade(schema):
    audit = schema["components"]["schemas"]["AuditDetailOut"]["properties"]
    assert audit["audit_date"]["format"] == "date"
    assert audit["submitted_at"]["format"] == "date-time"
    assert audit["score"]["format"] == "decimal"
    assert {"grade", "computed_grade", "answers", "actions", "reflection"} <= set(audit)


def test_every_audits_operation_documents_the_error_format(schema):
    for path, operations in schema["paths"].items():
        if not any(word in path for word in ("audit", "moderation", "repeat", "bulletin")):
            continue
        for method, operation in operations.items():
            codes = {code for code in operation["responses"] if code.startswith("4")}
            assert {"401", "403"} <= codes, (method, path)
            for code in codes:
                ref = operation["responses"][code]["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/ApiError", (method, path, code)
