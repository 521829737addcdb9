"""The audit pages' forms, happy and refused: the manager's audit form (drafts kept, submitting
computes, errors on the question at fault), acknowledgement, the action plan, CPD from an
audit, re-grading, bulletins and themes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from academy.audits import services
from academy.audits.models import AuditAction, AuditTheme, CaseAudit, LearningBulletin, Moderation
from academy.common.dates import today
from academy.people.permissions import viewer_for
from academy.training.models import CpdEntry
from tests.api.test_audits import (  # noqa: F401  (fixtures)
    audits_fixture,
    record,
    standard_audit_fixture,
)
from tests.web.conftest import page_of

pytestmark = pytest.mark.django_db


def date_fields(name: str, day: dt.date) -> dict[str, str]:
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def audit_post(audits, *, answer: str = "yes", action: str = "submit", **extra: Any) -> dict:
    """The audit form as the manager sends it: every question answered ``answer`` (none when
    blank) for ``worker``'s case."""
    data: dict[str, Any] = {
        "practitioner": audits.person("worker").pk,
        "case_reference": "CR777001",
        **date_fields("audit_date", today()),
        "strengths": "A clear record.",
        "areas_to_develop": "The chronology.",
        "themes": [audits.theme.pk],
        "grade_override": "",
        "override_reason": "",
        "action": action,
    }
    for section in audits.template.sections.all():
        for question in section.questions.all():
            data[f"answer_{question.pk}"] = answer
            data[f"comment_{question.pk}"] = f"On {question.pk}"
    data.update(extra)
    return data


def questions(audits):
    return [q for s in audits.template.sections.all() for q in s.questions.all()]


# ---------------------------------------------------------------------------------------------
# The audit form
# ---------------------------------------------------------------------------------------------
def test_the_form_offers_the_managers_own_team_and_every_question(audits, academy):
    page = page_of(academy.client("manager").get("/audits/new/"))
    offered = page.texts("option")
    assert {"Worker Tester", "Nqsw Tester"} <= set(offered)
    assert "Outsider Tester" not in offered  # team B's
    assert "Manager Tester" not in offered  # never themselves
    assert len(page.find_all("fieldset", class_="govuk-fieldset")) >= 18
    assert len(page.find_all("input", type="radio")) == 18 * 4
    assert page.find("input", value="n/a") is not None
    assert "never a name" in page.text("div", id="id_case_reference_helptext")


def test_submitting_a_complete_audit_computes_the_grade_and_goes_to_it(audits, academy):
    first = questions(audits)[0]
    response = academy.client("manager").post(
        "/audits/new/", audit_post(audits, **{f"answer_{first.pk}": "partly"})
    )
    audit = CaseAudit.objects.get(case_reference="CR777001")
    assert response.status_code == 302
    assert response["Location"] == f"/audits/{audit.pk}/"
    assert (audit.status, str(audit.score), audit.grade) == ("submitted", "97.5", "outstanding")
    assert list(audit.themes.all()) == [audits.theme]
    assert audit.responses.get(question=first).comment == f"On {first.pk}"
    assert audit.auditor == audits.person("manager")


def test_a_draft_keeps_what_was_answered_and_shows_it_again(audits, academy):
    client = academy.client("manager")
    first, second = questions(audits)[:2]
    data = audit_post(audits, answer="", action="draft", **{f"answer_{first.pk}": "no"})
    response = client.post("/audits/new/", data)
    draft = CaseAudit.objects.get(case_reference="CR777001")
    assert response["Location"] == f"/audits/{draft.pk}/edit/"
    assert (draft.status, draft.score) == ("draft", None)

    page = page_of(client.get(f"/audits/{draft.pk}/edit/"))
    checked = page.find("input", name=f"answer_{first.pk}", value="no")
    assert "checked" in checked["attrs"]
    assert not any(
        "checked" in radio["attrs"] for radio in page.find_all("input", name=f"answer_{second.pk}")
    )
    assert page.text("textarea", name=f"comment_{second.pk}") == f"On {second.pk}"

    # finished later on the same form, then submitted
    done = client.post(
        f"/audits/{draft.pk}/edit/", audit_post(audits, **{f"answer_{first.pk}": "no"})
    )
    assert done["Location"] == f"/audits/{draft.pk}/"
    draft.refresh_from_db()
    assert (draft.status, str(draft.score)) == ("submitted", "95.0")


def test_submitting_with_questions_unanswered_marks_each_and_submits_nothing(audits, academy):
    unanswered = questions(audits)[4]  # 2.2
    data = audit_post(audits, **{f"answer_{unanswered.pk}": ""})
    response = academy.client("manager").post("/audits/new/", data)

    assert response.status_code == 200
    page = page_of(response)
    assert page.title.startswith("Error: ")
    links = page.error_summary_links()
    assert (
        links[f"id_answer_{unanswered.pk}"]
        == "Question 2.2: Answer this question before submitting."
    )
    assert page.field_error(f"id_answer_{unanswered.pk}") == (
        "Error: Question 2.2: Answer this question before submitting."
    )
    assert "Answer every question before submitting (1 left)." in links.values()
    assert not CaseAudit.objects.filter(case_reference="CR777001").exists()
    # what was entered is kept
    assert page.find("input", name="case_reference")["attrs"]["value"] == "CR777001"


def test_a_case_reference_like_a_name_is_refused_on_its_field(audits, academy):
    response = academy.client("manager").post(
        "/audits/new/", audit_post(audits, case_reference="J Smith", action="draft")
    )
    page = page_of(response)
    assert "never a name" in page.field_error("id_case_reference")
    assert page.error_summary_links()["id_case_reference"].endswith("(never a name).")


def test_a_case_audited_this_year_is_refused_on_the_case_reference(audits, academy):
    response = academy.client("manager").post(
        "/audits/new/", audit_post(audits, case_reference=audits.submitted.case_reference)
    )
    assert "The PSW can allow a repeat audit" in page_of(response).field_error("id_case_reference")


def test_changing_the_grade_needs_a_reason_and_opens_its_section(audits, academy):
    client = academy.client("manager")
    refused = page_of(client.post("/audits/new/", audit_post(audits, grade_override="good")))
    assert refused.field_error("id_override_reason") == (
        "Error: Give the reason for changing the grade."
    )
    override = [d for d in refused.find_all("details") if "Change the computed grade" in d["text"]]
    assert "open" in override[0]["attrs"]

    client.post(
        "/audits/new/",
        audit_post(audits, grade_override="good", override_reason="Paper file complete."),
    )
    audit = CaseAudit.objects.get(case_reference="CR777001")
    assert (audit.grade, audit.computed_grade) == ("good", "outstanding")


def test_a_practitioner_of_another_team_cannot_be_chosen(audits, academy):
    data = audit_post(audits, practitioner=audits.person("outsider").pk)
    page = page_of(academy.client("manager").post("/audits/new/", data))
    assert page.field_error("id_practitioner") == "Error: Choose a practitioner from your teams"
    assert not CaseAudit.objects.filter(case_reference="CR777001").exists()


def test_a_submitted_audit_is_never_edited(audits, academy):
    client = academy.client("manager")
    response = client.post(f"/audits/{audits.submitted.pk}/edit/", audit_post(audits))
    assert response["Location"] == f"/audits/{audits.submitted.pk}/"
    assert CaseAudit.objects.get(pk=audits.submitted.pk).case_reference != "CR777001"


def test_the_reaudit_of_an_inadequate_audit_is_recorded_as_one(audits, academy):
    failing = record(audits.person("manager"), audits.person("worker"), answer="no")
    response = academy.client("manager").post(
        f"/audits/new/?reaudit_of={failing.pk}",
        audit_post(audits, case_reference=failing.case_reference, reaudit_of=failing.pk),
    )
    assert response.status_code == 302, page_of(response).error_summary_links()
    reaudit = CaseAudit.objects.exclude(pk=failing.pk).get(case_reference=failing.case_reference)
    assert reaudit.reaudit_of == failing
    assert reaudit.repeat_reason == "Re-audit after an Inadequate grade."


# ---------------------------------------------------------------------------------------------
# After the audit
# ---------------------------------------------------------------------------------------------
def test_the_practitioner_acknowledges_with_a_reflection(audits, academy):
    url = f"/audits/{audits.submitted.pk}/acknowledge/"
    response = academy.client("nqsw").post(url, {"reflection": "I will record capacity."})
    assert response["Location"] == f"/audits/{audits.submitted.pk}/"
    audit = CaseAudit.objects.get(pk=audits.submitted.pk)
    assert audit.acknowledged_at is not None
    assert audit.reflection == "I will record capacity."


def test_an_action_needs_what_who_and_when(audits, academy):
    url = f"/audits/{audits.submitted.pk}/actions/new/"
    page = page_of(academy.client("manager").post(url, {}))
    assert set(page.error_summary_links()) == {"id_description", "id_owner", "id_due_date_day"}

    early = audits.submitted.audit_date - dt.timedelta(days=1)
    page = page_of(
        academy.client("manager").post(
            url,
            {
                "description": "Shadow a capacity assessment",
                "owner": audits.person("nqsw").pk,
                **date_fields("due_date", early),
            },
        )
    )
    assert page.field_error("id_due_date") == "Error: The due date cannot be before the audit."

    due = today() + dt.timedelta(days=14)
    response = academy.client("psw").post(
        url,
        {
            "description": "Shadow a capacity assessment",
            "owner": audits.person("nqsw").pk,
            **date_fields("due_date", due),
        },
    )
    assert response["Location"] == f"/audits/{audits.submitted.pk}/"
    assert AuditAction.objects.get(description="Shadow a capacity assessment").due_date == due


def test_the_owner_marks_their_action_done(audits, academy):
    url = f"/audits/{audits.submitted.pk}/actions/{audits.action.pk}/done/"
    response = academy.client("nqsw").post(url)
    assert response["Location"] == f"/audits/{audits.submitted.pk}/"
    action = AuditAction.objects.get(pk=audits.action.pk)
    assert (action.status, action.completed_on) == ("done", today())


def test_the_cpd_form_is_filled_from_the_audit_and_saves_to_the_cpd_log(audits, academy):
    client = academy.client("nqsw")
    url = f"/audits/{audits.submitted.pk}/cpd/"
    page = page_of(client.get(url))
    reference = audits.submitted.case_reference
    assert page.find("input", name="title")["attrs"]["value"] == (
        f"Learning from the audit of case {reference}"
    )
    assert "Clear chronology" in page.text("textarea", name="learning")

    refused = page_of(client.post(url, {"title": "From my audit"}))
    assert "id_impact" in refused.error_summary_links()
    assert not CpdEntry.objects.exists()

    day = audits.submitted.audit_date
    response = client.post(
        url,
        {
            "title": "From my audit",
            **date_fields("activity_date", day),
            "hours": "1",
            "activity": "My manager audited my case.",
            "learning": "Capacity first.",
            "impact": "Each decision is recorded.",
            "peer_reflection": "yes",
            "peer_learning": "Discussed with my manager.",
        },
    )
    entry = CpdEntry.objects.get()
    assert response["Location"] == f"/training/cpd/{entry.pk}/"
    assert (entry.person, entry.activity_date) == (audits.person("nqsw"), day)


# ---------------------------------------------------------------------------------------------
# The PSW's forms
# ---------------------------------------------------------------------------------------------
def test_the_psw_regrades_and_agreement_is_recorded(audits, academy):
    url = f"/audits/moderation/{audits.moderation.pk}/"
    client = academy.client("psw")
    assert page_of(client.post(url, {})).error_summary_links() == {"id_grade": "Choose your grade"}
    response = client.post(url, {"grade": "outstanding", "note": "Agreed."})
    assert response["Location"] == "/audits/moderation/"
    moderation = Moderation.objects.get(pk=audits.moderation.pk)
    assert (moderation.moderated_grade, moderation.agreed, moderation.note) == (
        "outstanding",
        True,
        "Agreed.",
    )


def bulletin_post(**extra: Any) -> dict:
    return {
        "title": "Learning from this month",
        **date_fields("period_start", today().replace(day=1)),
        **date_fields("period_end", today()),
        "went_well": "Clear chronologies.",
        "to_improve": "Capacity assessments.",
        "action": "publish",
        **extra,
    }


def test_a_bulletin_naming_a_worker_is_refused_on_the_field_that_names_them(audits, academy):
    client = academy.client("psw")
    page = page_of(
        client.post("/bulletins/new/", bulletin_post(to_improve="Worker Tester's chronology."))
    )
    assert "A bulletin never names a worker" in page.field_error("id_to_improve")
    assert not LearningBulletin.objects.filter(title="Learning from this month").exists()


def test_the_psw_saves_a_draft_bulletin_then_publishes_it(audits, academy):
    client = academy.client("psw")
    response = client.post("/bulletins/new/", bulletin_post(action="draft"))
    bulletin = LearningBulletin.objects.get(title="Learning from this month")
    assert response["Location"] == f"/bulletins/{bulletin.pk}/"
    assert bulletin.published_at is None
    assert academy.client("worker").get(f"/bulletins/{bulletin.pk}/").status_code == 404

    client.post(f"/bulletins/{bulletin.pk}/edit/", bulletin_post(themes=[audits.theme.pk]))
    bulletin.refresh_from_db()
    assert bulletin.published_at is not None
    assert list(bulletin.themes.all()) == [audits.theme]
    assert academy.client("worker").get(f"/bulletins/{bulletin.pk}/").status_code == 200


def test_the_psw_adds_and_retires_a_theme(audits, academy):
    client = academy.client("psw")
    duplicate = page_of(client.post("/audits/themes/", {"name": "mental capacity"}))
    assert duplicate.field_error("id_name") == "Error: There is already a theme with this name."

    response = client.post("/audits/themes/", {"name": "Transitions", "active": "on"})
    assert response["Location"] == "/audits/themes/"
    theme = AuditTheme.objects.get(name="Transitions")
    assert theme.active

    client.post(f"/audits/themes/{theme.pk}/", {"name": "Transitions", "description": "Moving"})
    theme.refresh_from_db()
    assert (theme.active, theme.description) == (False, "Moving")
    offered = page_of(academy.client("manager").get("/audits/new/")).texts("label")
    assert "Transitions" not in offered


def test_acknowledging_twice_keeps_the_first_date(audits, academy):
    services.audit_acknowledge(audit=audits.submitted, actor=viewer_for(audits.person("nqsw").user))
    first = CaseAudit.objects.get(pk=audits.submitted.pk).acknowledged_at
    academy.client("nqsw").post(
        f"/audits/{audits.submitted.pk}/acknowledge/", {"reflection": "Later thoughts."}
    )
    audit = CaseAudit.objects.get(pk=audits.submitted.pk)
    assert (audit.acknowledged_at, audit.reflection) == (first, "Later thoughts.")
