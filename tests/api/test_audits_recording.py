"""Recording audits over the API: drafts and submissions with their score and grade, refusals
that name their field, who sees which audits, repeats and re-audits, overrides."""

from __future__ import annotations

import datetime as dt

import pytest

from academy.audits import services
from academy.audits.models import CaseAudit, RepeatAllowance
from academy.common.dates import add_months, today
from academy.notifications.models import Notification
from academy.people.permissions import viewer_for
from tests.api.support import assert_error
from tests.api.test_audits import (  # noqa: F401  (fixtures)
    API,
    answers_for,
    audits_fixture,
    next_reference,
    record,
    standard_audit_fixture,
    team_manager,
)

pytestmark = pytest.mark.django_db

AUDITS = f"{API}/audits/"


def body(template, practitioner, **extra) -> dict:
    return {
        "template": template.pk,
        "practitioner": practitioner.pk,
        "case_reference": extra.pop("case_reference", next_reference()),
        "audit_date": today().isoformat(),
        "answers": answers_for(template),
        "submit": True,
        **extra,
    }


# ---------------------------------------------------------------------------------------------
# Scores and grades
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("answers", "score", "grade"),
    [
        ({}, "100.0", "outstanding"),
        ({"answer": "partly"}, "50.0", "requires_improvement"),
        ({"q1": "no"}, "95.0", "outstanding"),
        # the safeguarding question (weight 2) is limiting: a No caps the grade
        ({"q11": "no"}, "90.0", "requires_improvement"),
        # Not applicable is left out of the weighted mean: 17.5 of 18.5
        ({"q1": "no", "q4": "n/a"}, "94.6", "outstanding"),
        ({"answer": "no", "q1": "yes", "q2": "yes", "q3": "partly"}, "12.5", "inadequate"),
    ],
)
def test_a_submitted_audit_reads_back_with_its_score_and_grade(audits, api, answers, score, grade):
    answers = dict(answers)
    given = answers_for(audits.template, answers.pop("answer", "yes"), **answers)
    response = api("manager").post(
        AUDITS, body(audits.template, audits.person("worker"), answers=given)
    )

    assert response.status_code == 201, response.content
    out = response.json()
    assert out["status"] == "submitted"
    assert (out["score"], out["grade"], out["computed_grade"]) == (score, grade, grade)
    assert [a["answer"] for a in out["answers"]] == [a["answer"] for a in given]
    assert out["answers"][0]["section"] == "Recording"
    assert out["auditor"]["full_name"] == "Manager Tester"
    assert out["team"]["name"] == "North Locality"


def test_submitting_tells_the_practitioner_with_a_link_to_the_audit(audits, api):
    response = api("manager").post(AUDITS, body(audits.template, audits.person("worker")))

    note = Notification.objects.get(recipient=audits.person("worker"), kind="audits.feedback")
    assert note.link == f"/audits/{response.json()['id']}/"
    assert "Manager Tester audited your work" in note.body


def test_a_draft_keeps_partial_answers_without_a_score_and_is_submitted_later(audits, api):
    client = api("manager")
    answers = answers_for(audits.template)
    first = {**answers[0], "answer": "partly"}
    created = client.post(
        AUDITS,
        body(audits.template, audits.person("worker"), answers=[first], submit=False),
    )
    assert created.status_code == 201, created.content
    draft = created.json()
    assert (draft["status"], draft["score"], draft["grade"]) == ("draft", None, "")
    assert draft["answers"][0]["answer"] == "partly"
    # the practitioner does not see a draft
    assert api("worker").get(f"{AUDITS}{draft['id']}/").status_code == 404

    # the rest of the answers later, keeping the first; then submitted
    changed = client.patch(
        f"{AUDITS}{draft['id']}/",
        {"answers": [first, *answers[1:]], "themes": [audits.theme.pk]},
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["status"] == "draft"
    submitted = client.patch(f"{AUDITS}{draft['id']}/", {"submit": True})

    assert submitted.status_code == 200, submitted.content
    out = submitted.json()
    assert (out["status"], out["score"], out["grade"]) == ("submitted", "97.5", "outstanding")
    assert out["themes"] == [{"id": audits.theme.pk, "name": "Mental capacity"}]
    assert api("worker").get(f"{AUDITS}{draft['id']}/").status_code == 200
    again = client.patch(f"{AUDITS}{draft['id']}/", {"strengths": "Changed"})
    assert_error(again, 400, fields={None})


def test_a_draft_answered_and_submitted_in_one_change_is_graded_on_the_new_answers(audits, api):
    client = api("manager")
    blank = [{**a, "answer": ""} for a in answers_for(audits.template)]
    draft = client.post(
        AUDITS,
        body(audits.template, audits.person("worker"), answers=blank, submit=False),
    ).json()

    response = client.patch(
        f"{AUDITS}{draft['id']}/",
        {"answers": answers_for(audits.template, "yes", q1="no"), "submit": True},
    )

    assert response.status_code == 200, response.content
    assert (response.json()["score"], response.json()["grade"]) == ("95.0", "outstanding")


def test_an_override_needs_a_reason_and_keeps_the_computed_grade(audits, api):
    client = api("manager")
    refused = client.post(
        AUDITS, body(audits.template, audits.person("worker"), grade_override="good")
    )
    assert_error(refused, 400, fields={"override_reason"})

    response = client.post(
        AUDITS,
        body(
            audits.template,
            audits.person("worker"),
            grade_override="good",
            override_reason="The record was complete in the paper file.",
        ),
    )
    out = response.json()
    assert (out["grade"], out["computed_grade"]) == ("good", "outstanding")
    assert out["grade_override_reason"] == "The record was complete in the paper file."


# ---------------------------------------------------------------------------------------------
# Refusals name their field, and write nothing
# ---------------------------------------------------------------------------------------------
def test_an_answer_outside_the_scale_is_refused_naming_answers_n_answer(audits, api):
    answers = answers_for(audits.template)
    answers[2]["answer"] = "maybe"
    before = CaseAudit.objects.count()

    response = api("manager").post(
        AUDITS, body(audits.template, audits.person("worker"), answers=answers)
    )

    errors = assert_error(response, 400, fields={"answers.2.answer"})
    assert "not a valid choice" in errors[0]["message"]
    assert CaseAudit.objects.count() == before


def test_a_question_from_elsewhere_and_a_missing_answer_are_refused_by_position(audits, api):
    answers = answers_for(audits.template)
    answers[0]["question"] = 999999
    answers[5]["answer"] = ""

    response = api("manager").post(
        AUDITS, body(audits.template, audits.person("worker"), answers=answers)
    )

    errors = assert_error(
        response, 400, fields={"answers.0.question", "answers.5.answer", "answers"}
    )
    by_field = {e["field"]: e["message"] for e in errors}
    assert by_field["answers.0.question"] == "This question is not on this template."
    assert by_field["answers.5.answer"] == "Answer this question before submitting."
    assert by_field["answers"] == "Answer every question before submitting (2 left)."


def test_the_same_question_twice_is_refused_naming_the_second(audits, api):
    answers = answers_for(audits.template)
    answers.append(dict(answers[0]))
    response = api("manager").post(
        AUDITS, body(audits.template, audits.person("worker"), answers=answers)
    )
    assert_error(response, 400, fields={f"answers.{len(answers) - 1}.question"})


@pytest.mark.parametrize("reference", ["Mrs Smith", "12", "CR-12345", "SMITHJ12345"])
def test_a_case_reference_that_could_be_a_name_is_refused(audits, api, reference):
    response = api("manager").post(
        AUDITS, body(audits.template, audits.person("worker"), case_reference=reference)
    )
    errors = assert_error(response, 400, fields={"case_reference"})
    assert "never a name" in errors[0]["message"]


def test_a_lower_case_reference_is_kept_in_capitals(audits, api):
    response = api("manager").post(
        AUDITS, body(audits.template, audits.person("worker"), case_reference=" cr123456 ")
    )
    assert response.json()["case_reference"] == "CR123456"


def test_missing_and_malformed_input_names_each_field(audits, api):
    response = api("manager").post(
        AUDITS, {"answers": [{"question": "first", "answer": "yes"}], "audit_date": "31/01/2026"}
    )
    assert_error(
        response,
        400,
        fields={"template", "practitioner", "case_reference", "audit_date", "answers.0.question"},
    )


def test_a_future_audit_date_is_refused(audits, api):
    tomorrow = (today() + dt.timedelta(days=1)).isoformat()
    response = api("manager").post(
        AUDITS, body(audits.template, audits.person("worker"), audit_date=tomorrow)
    )
    assert_error(response, 400, fields={"audit_date"})


def test_every_answer_not_applicable_leaves_nothing_to_grade(audits, api):
    response = api("manager").post(
        AUDITS,
        body(audits.template, audits.person("worker"), answers=answers_for(audits.template, "n/a")),
    )
    assert_error(response, 400, fields={"answers"})


def test_an_older_template_version_is_refused_for_a_new_audit(audits, api):
    old = audits.template
    services.audit_template_revise(template=old, changes={"description": "Revised"})
    response = api("manager").post(AUDITS, body(old, audits.person("worker")))
    assert_error(response, 400, fields={"template"})


# ---------------------------------------------------------------------------------------------
# Who records and who sees (the "done when")
# ---------------------------------------------------------------------------------------------
def test_a_manager_cannot_record_an_audit_of_another_teams_practitioner(audits, api):
    before = CaseAudit.objects.count()
    response = api("manager").post(AUDITS, body(audits.template, audits.person("outsider")))
    assert_error(response, 403)
    assert CaseAudit.objects.count() == before


def test_a_manager_cannot_audit_themselves(audits, api):
    response = api("manager").post(AUDITS, body(audits.template, audits.person("manager")))
    assert_error(response, 403)


def test_a_manager_cannot_read_another_teams_audits_by_list_filter_or_address(audits, api):
    client = api("manager")
    listed = {a["id"] for a in client.get(AUDITS).json()["results"]}
    assert listed == {audits.submitted.pk, audits.draft.pk}
    team_b = audits.academy.teams["b"].pk
    assert client.get(f"{AUDITS}?team={team_b}").json()["results"] == []
    outsider = audits.person("outsider").pk
    assert client.get(f"{AUDITS}?practitioner={outsider}").json()["results"] == []
    assert_error(client.get(f"{AUDITS}{audits.other_team.pk}/"), 404)
    assert_error(client.get(f"{AUDITS}{audits.other_team.pk}/actions/"), 404)


def test_the_other_teams_manager_sees_only_their_own_team(audits, api, academy):
    client = api(None)
    client.force_login(audits.manager_b.user)
    listed = {a["id"] for a in client.get(AUDITS).json()["results"]}
    assert listed == {audits.other_team.pk}
    assert client.get(f"{AUDITS}{audits.submitted.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("login", "visible"),
    [
        ("nqsw", {"submitted"}),
        ("worker", set()),  # their audit is still a draft
        ("outsider", {"other_team"}),
        ("supervisor", set()),
        ("coordinator", set()),
        ("psw", {"submitted", "draft", "other_team"}),
        ("dass", {"submitted", "draft", "other_team"}),
    ],
)
def test_each_role_lists_only_the_audits_it_may_see(audits, api, login, visible):
    listed = {a["id"] for a in api(login).get(AUDITS).json()["results"]}
    assert listed == {getattr(audits, name).pk for name in visible}


def test_the_list_filters_by_team_practitioner_status_grade_and_month(audits, api):
    client = api("psw")
    failing = record(
        audits.person("manager"),
        audits.person("worker"),
        answer="no",
        audit_date=add_months(today(), -2),
    )

    def ids(query: str) -> set[int]:
        response = client.get(f"{AUDITS}?{query}")
        assert response.status_code == 200, response.content
        return {a["id"] for a in response.json()["results"]}

    team_a = audits.academy.teams["a"].pk
    assert ids(f"team={team_a}") == {audits.submitted.pk, audits.draft.pk, failing.pk}
    assert ids(f"practitioner={audits.person('worker').pk}") == {audits.draft.pk, failing.pk}
    assert ids("status=draft") == {audits.draft.pk}
    assert ids("grade=inadequate") == {failing.pk}
    assert ids(f"month={failing.audit_date:%Y-%m}") == {failing.pk}
    assert failing.pk not in ids(f"month={today():%Y-%m}")


@pytest.mark.parametrize(
    ("parameter", "value"),
    [("month", "2026-13"), ("month", "March"), ("grade", "great"), ("team", "x")],
)
def test_a_filter_it_cannot_read_is_a_400_naming_it(audits, api, parameter, value):
    assert_error(api("psw").get(f"{AUDITS}?{parameter}={value}"), 400, fields={parameter})


def test_the_list_pages_by_cursor_latest_first(audits, api):
    for months in range(1, 4):
        record(
            audits.person("manager"),
            audits.person("worker"),
            audit_date=add_months(today(), -months),
        )
    client = api("manager")
    first = client.get(f"{AUDITS}?page_size=3").json()
    second = client.get(first["next"]).json()
    dates = [a["audit_date"] for a in first["results"] + second["results"]]
    assert dates == sorted(dates, reverse=True)
    assert len(dates) == 5
    assert second["next"] is None


# ---------------------------------------------------------------------------------------------
# Repeats and re-audits
# ---------------------------------------------------------------------------------------------
def test_a_case_audited_this_year_needs_the_psws_allowance(audits, api):
    reference = audits.submitted.case_reference
    manager = api("manager")
    refused = manager.post(
        AUDITS, body(audits.template, audits.person("nqsw"), case_reference=reference)
    )
    errors = assert_error(refused, 400, fields={"case_reference"})
    assert "The PSW can allow a repeat audit" in errors[0]["message"]

    allowed = api("psw").post(
        f"{API}/repeat-allowances/",
        {"case_reference": reference.lower(), "reason": "A complaint about the case."},
    )
    assert allowed.status_code == 201, allowed.content
    assert allowed.json()["case_reference"] == reference

    again = manager.post(
        AUDITS, body(audits.template, audits.person("nqsw"), case_reference=reference)
    )
    assert again.status_code == 201, again.content
    assert RepeatAllowance.objects.get().used_by_id == again.json()["id"]
    assert again.json()["repeat_reason"] == "A complaint about the case."
    # the allowance is used: a third audit is refused again
    third = manager.post(
        AUDITS, body(audits.template, audits.person("nqsw"), case_reference=reference)
    )
    assert_error(third, 400, fields={"case_reference"})


def test_a_repeat_allowance_needs_a_reason(audits, api):
    response = api("psw").post(
        f"{API}/repeat-allowances/", {"case_reference": "CR123456", "reason": " "}
    )
    assert_error(response, 400, fields={"reason"})


@pytest.mark.parametrize("reference", ["Mrs Smith", "J Smith 1234", "CR-12345"])
def test_a_repeat_allowance_holds_a_case_reference_never_a_name(audits, api, reference):
    response = api("psw").post(
        f"{API}/repeat-allowances/", {"case_reference": reference, "reason": "A complaint."}
    )
    errors = assert_error(response, 400, fields={"case_reference"})
    assert "never a name" in errors[0]["message"]
    assert not RepeatAllowance.objects.exists()


def test_an_inadequate_audit_gets_a_reaudit_date_and_its_reaudit_is_allowed(audits, api):
    client = api("manager")
    day = add_months(today(), -3)
    failing = client.post(
        AUDITS,
        body(
            audits.template,
            audits.person("worker"),
            audit_date=day.isoformat(),
            answers=answers_for(audits.template, "no"),
        ),
    ).json()
    assert failing["grade"] == "inadequate"
    assert failing["reaudit_due"] == add_months(day, 3).isoformat()

    reaudit = client.post(
        AUDITS,
        body(
            audits.template,
            audits.person("worker"),
            case_reference=failing["case_reference"],
            reaudit_of=failing["id"],
        ),
    )
    assert reaudit.status_code == 201, reaudit.content
    assert reaudit.json()["reaudit_of"] == failing["id"]

    # a re-audit follows an Inadequate audit of the same case, and one the manager may see
    wrong_case = client.post(
        AUDITS, body(audits.template, audits.person("worker"), reaudit_of=failing["id"])
    )
    assert_error(wrong_case, 400, fields={"reaudit_of"})
    other_team = client.post(
        AUDITS,
        body(audits.template, audits.person("worker"), reaudit_of=audits.other_team.pk),
    )
    assert_error(other_team, 400, fields={"reaudit_of"})


def test_a_second_manager_of_the_team_may_continue_a_draft(audits, api):
    second = team_manager(audits.academy.teams["a"])
    client = api(None)
    client.force_login(second.user)
    response = client.patch(f"{AUDITS}{audits.draft.pk}/", {"areas_to_develop": "Chronology"})
    assert response.status_code == 200, response.content
    assert response.json()["auditor"]["id"] == audits.person("manager").pk
    assert viewer_for(second.user).managed_team_ids == {audits.academy.teams["a"].pk}
