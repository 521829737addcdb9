"""After an audit: the practitioner acknowledges it with a reflection and drafts CPD from it; the
action plan is added to and completed by those allowed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from academy.audits.models import AuditAction, CaseAudit
from academy.common.dates import today
from academy.training.services.records import cpd_entry_save
from tests.api.support import assert_error
from tests.api.test_audits import (  # noqa: F401  (fixtures)
    API,
    audits_fixture,
    standard_audit_fixture,
)

pytestmark = pytest.mark.django_db


def url(audit: CaseAudit, tail: str = "") -> str:
    return f"{API}/audits/{audit.pk}/{tail}"


# ---------------------------------------------------------------------------------------------
# Acknowledgement and reflection
# ---------------------------------------------------------------------------------------------
def test_the_practitioner_acknowledges_with_a_reflection_kept_with_the_audit(audits, api):
    client = api("nqsw")
    response = client.post(
        url(audits.submitted, "acknowledge/"), {"reflection": "  I will record capacity.  "}
    )

    assert response.status_code == 200, response.content
    out = response.json()
    assert out["acknowledged_at"] is not None
    assert out["reflection"] == "I will record capacity."
    # the manager reads the reflection
    assert api("manager").get(url(audits.submitted)).json()["reflection"] == (
        "I will record capacity."
    )

    # sending again changes the reflection, not the date it was acknowledged
    again = client.post(url(audits.submitted, "acknowledge/"), {"reflection": "And MCA."})
    assert again.json()["acknowledged_at"] == out["acknowledged_at"]
    assert again.json()["reflection"] == "And MCA."


def test_acknowledging_with_no_reflection_is_enough(audits, api):
    response = api("nqsw").post(url(audits.submitted, "acknowledge/"), {})
    assert response.status_code == 200, response.content
    assert response.json()["reflection"] == ""
    assert CaseAudit.objects.get(pk=audits.submitted.pk).acknowledged_at is not None


def test_the_cpd_draft_carries_the_feedback_and_saves_as_cpd(audits, api):
    api("nqsw").post(url(audits.submitted, "acknowledge/"), {"reflection": "Capacity first."})

    response = api("nqsw").get(url(audits.submitted, "cpd-prefill/"))

    assert response.status_code == 200, response.content
    draft = response.json()
    reference = audits.submitted.case_reference
    assert draft["title"] == f"Learning from the audit of case {reference}"
    assert draft["activity_date"] == audits.submitted.audit_date.isoformat()
    assert "(Outstanding). Themes: Mental capacity." in draft["activity"]
    assert draft["learning"].splitlines() == [
        "Clear chronology and a strong voice of the person.",
        "Record the capacity assessment.",
        "Capacity first.",
    ]
    assert draft["peer_reflection"] is True
    # completed by the practitioner, it is a valid CPD entry
    entry = cpd_entry_save(
        person=audits.person("nqsw"),
        data={
            **draft,
            "activity_date": audits.submitted.audit_date,
            "hours": Decimal(draft["hours"]),
            "impact": "People's capacity is assessed for each decision.",
        },
    )
    assert entry.pk is not None


# ---------------------------------------------------------------------------------------------
# The action plan
# ---------------------------------------------------------------------------------------------
def test_the_manager_adds_an_action_which_everyone_seeing_the_audit_reads(audits, api):
    due = today() + dt.timedelta(days=14)
    response = api("manager").post(
        url(audits.submitted, "actions/"),
        {
            "description": "Shadow a capacity assessment",
            "owner": audits.person("nqsw").pk,
            "due_date": due.isoformat(),
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "open"

    listed = api("nqsw").get(url(audits.submitted, "actions/")).json()["results"]
    assert [(a["description"], a["due_date"]) for a in listed] == [
        ("Shadow a capacity assessment", due.isoformat()),
        (audits.action.description, audits.action.due_date.isoformat()),
    ]
    detail = api("dass").get(url(audits.submitted)).json()
    assert len(detail["actions"]) == 2


def test_an_action_needs_a_description_an_owner_and_a_date_not_before_the_audit(audits, api):
    client = api("manager")
    assert_error(
        client.post(url(audits.submitted, "actions/"), {}),
        400,
        fields={"description", "owner", "due_date"},
    )
    before = audits.submitted.audit_date - dt.timedelta(days=1)
    response = client.post(
        url(audits.submitted, "actions/"),
        {
            "description": "Shadow",
            "owner": audits.person("nqsw").pk,
            "due_date": before.isoformat(),
        },
    )
    assert_error(response, 400, fields={"due_date"})
    assert AuditAction.objects.count() == 1


def test_the_owner_marks_their_action_done_and_it_records_the_day(audits, api):
    response = api("nqsw").patch(
        url(audits.submitted, f"actions/{audits.action.pk}/"), {"status": "done"}
    )
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["completed_on"]) == (
        "done",
        today().isoformat(),
    )
    reopened = api("manager").patch(
        url(audits.submitted, f"actions/{audits.action.pk}/"), {"status": "open"}
    )
    assert (reopened.json()["status"], reopened.json()["completed_on"]) == ("open", None)


def test_an_action_status_outside_the_list_is_refused_naming_status(audits, api):
    response = api("nqsw").patch(
        url(audits.submitted, f"actions/{audits.action.pk}/"), {"status": "finished"}
    )
    assert_error(response, 400, fields={"status"})


def test_an_action_of_another_audit_is_not_found_under_this_one(audits, api):
    response = api("psw").patch(
        url(audits.other_team, f"actions/{audits.action.pk}/"), {"status": "done"}
    )
    assert_error(response, 404)
