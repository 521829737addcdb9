"""Discarding a draft over the API: the team's manager or the PSW throws away an audit begun in
error; a submitted audit is kept; everyone else is refused as for changing an audit (404 when
they may not see it, 403 when they may)."""

from __future__ import annotations

import pytest

from academy.audits import services
from academy.audits.models import AuditResponse, CaseAudit, RepeatAllowance
from academy.people.permissions import viewer_for
from tests.api.support import assert_error
from tests.api.test_audits import (  # noqa: F401  (fixtures)
    API,
    answers_for,
    audits_fixture,
    next_reference,
    record,
    standard_audit_fixture,
)

pytestmark = pytest.mark.django_db

AUDITS = f"{API}/audits/"


def new_audit(audits, case_reference: str) -> dict:
    return {
        "template": audits.template.pk,
        "practitioner": audits.person("worker").pk,
        "case_reference": case_reference,
        "audit_date": audits.draft.audit_date.isoformat(),
        "answers": answers_for(audits.template),
        "submit": True,
    }


@pytest.mark.parametrize("login", ["manager", "psw"])
def test_the_teams_manager_or_the_psw_discards_a_draft_and_its_answers(audits, api, login):
    draft = record(
        audits.person("manager"),
        audits.person("worker"),
        submit=False,
        answers=answers_for(audits.template)[:3],
    )
    assert AuditResponse.objects.filter(audit=draft).count() == 3

    response = api(login).delete(f"{AUDITS}{draft.pk}/")

    assert response.status_code == 204, response.content
    assert not response.content
    assert not CaseAudit.objects.filter(pk=draft.pk).exists()
    assert not AuditResponse.objects.filter(audit_id=draft.pk).exists()
    assert api("manager").get(f"{AUDITS}{draft.pk}/").status_code == 404


def test_a_discarded_draft_no_longer_holds_its_case_in_the_repeat_window(audits, api):
    reference = audits.draft.case_reference
    manager = api("manager")
    refused = manager.post(AUDITS, new_audit(audits, reference))
    assert_error(refused, 400, fields={"case_reference"})

    assert manager.delete(f"{AUDITS}{audits.draft.pk}/").status_code == 204

    again = manager.post(AUDITS, new_audit(audits, reference))
    assert again.status_code == 201, again.content
    assert again.json()["repeat_reason"] == ""


def test_discarding_a_draft_gives_back_the_psws_allowance_it_used(audits, api):
    reference = audits.submitted.case_reference
    allowance = services.repeat_allow(
        case_reference=reference,
        reason="A complaint about the case.",
        actor=viewer_for(audits.person("psw").user),
    )
    repeat = record(
        audits.person("manager"), audits.person("nqsw"), submit=False, case_reference=reference
    )
    allowance.refresh_from_db()
    assert allowance.used_by == repeat

    assert api("manager").delete(f"{AUDITS}{repeat.pk}/").status_code == 204

    allowance.refresh_from_db()
    assert allowance.used_by is None
    # the allowance serves the next audit of the case instead
    again = api("manager").post(
        AUDITS, {**new_audit(audits, reference), "practitioner": audits.person("nqsw").pk}
    )
    assert again.status_code == 201, again.content
    assert RepeatAllowance.objects.get().used_by_id == again.json()["id"]


@pytest.mark.parametrize("login", ["manager", "psw"])
def test_a_submitted_audit_is_kept(audits, api, login):
    response = api(login).delete(f"{AUDITS}{audits.submitted.pk}/")

    errors = assert_error(response, 400)
    assert "only a draft can be discarded" in errors[0]["message"]
    assert CaseAudit.objects.filter(pk=audits.submitted.pk).exists()


@pytest.mark.parametrize(
    ("login", "status"),
    [("dass", 403), ("worker", 404), ("outsider", 404), ("coordinator", 404)],
)
def test_those_who_may_not_discard_the_draft_leave_it_there(audits, api, login, status):
    """DASS sees every audit but changes none; the practitioner never sees a draft of their
    work; another team's member sees nothing of team A's."""
    response = api(login).delete(f"{AUDITS}{audits.draft.pk}/")

    assert_error(response, status)
    assert CaseAudit.objects.filter(pk=audits.draft.pk).exists()


def test_another_teams_manager_cannot_find_the_draft(audits, api):
    client = api(None)
    client.force_login(audits.manager_b.user)

    response = client.delete(f"{AUDITS}{audits.draft.pk}/")

    assert_error(response, 404)
    assert CaseAudit.objects.filter(pk=audits.draft.pk).exists()
