"""Enrolments over the API: enrolling, what each role sees, one enrolment in full, "My pathway",
completing milestones and the outcome."""

from __future__ import annotations

import datetime as dt

import pytest

from academy.common.dates import today
from academy.pathways import services
from academy.pathways.models import Enrolment, Milestone, Outcome, OutcomeDecision, PathwayTemplate
from academy.pathways.rules import add_months
from academy.people.models import PcfLevel
from tests.api.support import assert_error
from tests.api.test_pathways import (  # noqa: F401  (fixtures)
    API,
    asye,
    enrol,
    pathways_fixture,
    qualify,
    standard_pathways_fixture,
)
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

ENROLMENTS = f"{API}/enrolments/"


def enrol_body(person, pathway=None, **extra) -> dict:
    return {
        "person": person.pk,
        "pathway_template": (pathway or asye()).pk,
        "start_date": today().isoformat(),
        **extra,
    }


# ---------------------------------------------------------------------------------------------
# Enrolling
# ---------------------------------------------------------------------------------------------
def test_enrolling_reads_back_with_milestones_end_date_and_status(pathways, api):
    worker = pathways.person("worker")
    start = today()
    response = api("psw").post(
        ENROLMENTS,
        enrol_body(
            worker,
            start_date=start.isoformat(),
            cohort=pathways.cohort.pk,
            assessor=pathways.person("assessor").pk,
            supervisor=pathways.person("supervisor").pk,
            optional_milestones=["review_9m"],
        ),
    )

    assert response.status_code == 201, response.content
    body = response.json()
    enrolment = Enrolment.objects.get(person=worker)
    assert body["id"] == enrolment.pk
    assert body["person"] == {"id": worker.pk, "full_name": "Worker Tester"}
    assert body["pathway"]["key"] == "asye-adults"
    assert body["cohort"] == {"id": pathways.cohort.pk, "name": "ASYE spring"}
    assert body["assessor"]["id"] == pathways.person("assessor").pk
    assert body["supervisor"]["id"] == pathways.person("supervisor").pk
    assert body["start_date"] == start.isoformat()
    assert body["end_date"] == add_months(start, 12).isoformat()
    assert body["status"] == enrolment.status
    assert body["status_reasons"] == enrolment.status_reasons
    assert body["outcome"] == "in_progress"
    assert body["weekly_development_hours"] == "3.70"
    milestones = {m["key"]: m for m in body["milestones"]}
    assert list(milestones) == [
        "support_agreement",
        "review_3m",
        "review_6m",
        "review_9m",
        "final_review",
        "moderation_panel",
    ]
    assert milestones["support_agreement"]["due_date"] == add_months(start, 1).isoformat()
    assert milestones["review_9m"]["status"] != "switched_off"
    assert set(milestones["final_review"]) == {
        "key",
        "title",
        "due_date",
        "original_due_date",
        "optional",
        "status",
        "completed_on",
        "note",
    }
    assert milestones["final_review"]["completed_on"] is None
    assert body["progress"]["as_of"] == today().isoformat()
    assert body["decisions"] == []


def test_a_start_on_31_january_puts_the_first_milestone_at_the_end_of_february(pathways, api):
    worker = qualify(pathways.person("worker"), registered_on=dt.date(2025, 12, 1))
    response = api("psw").post(ENROLMENTS, enrol_body(worker, start_date="2028-01-31"))
    assert response.status_code == 201, response.content
    due = {m["key"]: m["due_date"] for m in response.json()["milestones"]}
    assert due["support_agreement"] == "2028-02-29"
    assert response.json()["end_date"] == "2029-01-31"


def test_an_optional_milestone_not_switched_on_reads_switched_off(pathways, api):
    body = api("nqsw").get(pathways.url()).json()
    status = {m["key"]: m["status"] for m in body["milestones"]}
    assert status["review_9m"] == "switched_off"
    assert status["support_agreement"] == "overdue"  # due a month after a start 60 days ago


def test_someone_qualified_three_years_ago_needs_an_override_reason(pathways, api):
    worker = qualify(
        pathways.person("worker"),
        registered_on=today() - dt.timedelta(days=1000),
        qualified_on=today() - dt.timedelta(days=1100),
    )
    client = api("psw")

    refused = client.post(ENROLMENTS, enrol_body(worker))
    assert_error(refused, 400, fields={"override_reason"})
    assert not Enrolment.objects.filter(person=worker).exists()

    accepted = client.post(
        ENROLMENTS, enrol_body(worker, override_reason="Has kept up practice as a locum.")
    )
    assert accepted.status_code == 201, accepted.content
    assert accepted.json()["override_reason"] == "Has kept up practice as a locum."
    assert Enrolment.objects.get(person=worker).overridden_by == pathways.person("psw")


def test_someone_with_no_registration_date_is_refused_naming_person(pathways, api):
    newcomer = PersonFactory(team=pathways.academy.teams["a"])
    response = api("psw").post(ENROLMENTS, enrol_body(newcomer))
    assert_error(response, 400, fields={"person"})
    assert not Enrolment.objects.filter(person=newcomer).exists()


def test_someone_already_on_the_pathway_is_refused_naming_person(pathways, api):
    response = api("psw").post(ENROLMENTS, enrol_body(pathways.person("nqsw")))
    assert_error(response, 400, fields={"person"})
    assert Enrolment.objects.filter(person=pathways.person("nqsw")).count() == 1


def test_a_full_cohort_is_a_409_naming_cohort_and_nothing_is_written(pathways, api):
    pathways.cohort.capacity = 1
    pathways.cohort.save(update_fields=["capacity"])
    worker = pathways.person("worker")
    milestones_before = Milestone.objects.count()

    response = api("psw").post(ENROLMENTS, enrol_body(worker, cohort=pathways.cohort.pk))

    assert_error(response, 409, fields={"cohort"}, code="conflict")
    assert not Enrolment.objects.filter(person=worker).exists()
    assert Milestone.objects.count() == milestones_before


def test_a_cohort_on_another_pathway_is_refused_naming_cohort(pathways, api):
    bia = PathwayTemplate.objects.get(key="ot-preceptorship")
    response = api("psw").post(
        ENROLMENTS, enrol_body(pathways.person("worker"), bia, cohort=pathways.cohort.pk)
    )
    assert_error(response, 400, fields={"cohort"})


def test_an_unknown_optional_milestone_is_refused_naming_it(pathways, api):
    response = api("psw").post(
        ENROLMENTS, enrol_body(pathways.person("worker"), optional_milestones=["review_3m"])
    )
    assert_error(response, 400, fields={"optional_milestones"})


def test_missing_and_malformed_enrolment_input_names_each_field(pathways, api):
    response = api("psw").post(
        ENROLMENTS, {"person": "nqsw", "start_date": "next week", "assessor": 999999}
    )
    assert_error(response, 400, fields={"person", "pathway_template", "start_date", "assessor"})


def test_an_assessor_cannot_assess_themselves(pathways, api):
    worker = pathways.person("worker")
    response = api("psw").post(ENROLMENTS, enrol_body(worker, assessor=worker.pk))
    assert_error(response, 400, fields={"person"})


# ---------------------------------------------------------------------------------------------
# What each role sees
# ---------------------------------------------------------------------------------------------
def _enrolled_logins(pathways, results) -> set[str]:
    by_person = {p.pk: login for login, p in pathways.academy.people.items()}
    return {by_person[row["person"]["id"]] for row in results}


@pytest.fixture
def three_enrolled(pathways):
    """nqsw (team A, assessed by assessor), worker (team A, no assessor), outsider (team B)."""
    enrol(pathways.person("worker"))
    enrol(qualify(pathways.person("outsider")), supervisor=pathways.person("supervisor"))
    return pathways


@pytest.mark.parametrize(
    ("login", "visible"),
    [
        ("psw", {"nqsw", "worker", "outsider"}),
        ("dass", {"nqsw", "worker", "outsider"}),
        ("principal_ot", {"nqsw", "worker", "outsider"}),
        ("admin", {"nqsw", "worker", "outsider"}),
        ("manager", {"nqsw", "worker"}),
        ("assessor", {"nqsw"}),
        ("supervisor", {"nqsw", "outsider"}),
        ("nqsw", {"nqsw"}),
        ("worker", {"worker"}),
        ("coordinator", set()),
        ("partner", set()),
        ("nhs_staff", set()),
    ],
)
def test_enrolment_list_shows_whom_the_role_may_see(three_enrolled, api, login, visible):
    response = api(login).get(ENROLMENTS)
    assert response.status_code == 200
    assert _enrolled_logins(three_enrolled, response.json()["results"]) == visible


def test_enrolments_filter_by_cohort_person_pathway_status_and_open(three_enrolled, api):
    p = three_enrolled
    worker_enrolment = Enrolment.objects.get(person=p.person("worker"))
    Enrolment.objects.filter(pk=worker_enrolment.pk).update(
        outcome=Outcome.WITHDRAWN, status="complete"
    )
    client = api("psw")

    def logins(**params) -> set[str]:
        response = client.get(ENROLMENTS, params)
        assert response.status_code == 200, response.content
        return _enrolled_logins(p, response.json()["results"])

    assert logins(cohort=p.cohort.pk) == {"nqsw"}
    assert logins(person=p.person("outsider").pk) == {"outsider"}
    assert logins(pathway_template=p.asye.pk) == {"nqsw", "worker", "outsider"}
    assert logins(pathway_template=PathwayTemplate.objects.get(key="bia").pk) == set()
    assert logins(status="complete") == {"worker"}
    assert logins(open="true") == {"nqsw", "outsider"}
    assert logins(open="false") == {"worker"}


def test_filters_never_widen_what_the_caller_may_see(three_enrolled, api):
    response = api("assessor").get(ENROLMENTS, {"person": three_enrolled.person("worker").pk})
    assert response.json()["results"] == []


@pytest.mark.parametrize(
    ("parameter", "value"),
    [("cohort", "spring"), ("person", "-1"), ("status", "late"), ("open", "yes please")],
)
def test_an_enrolment_filter_it_cannot_read_is_a_400_naming_it(pathways, api, parameter, value):
    assert_error(api("psw").get(ENROLMENTS, {parameter: value}), 400, fields={parameter})


def test_the_list_pages_by_cursor_latest_start_first(three_enrolled, api):
    client = api("psw")
    first = client.get(ENROLMENTS, {"page_size": 2}).json()
    second = client.get(first["next"]).json()

    rows = first["results"] + second["results"]
    assert len(first["results"]) == 2
    assert len(rows) == 3
    assert second["next"] is None
    keys = [(r["start_date"], -r["id"]) for r in rows]
    assert keys == sorted(keys, reverse=True)


# ---------------------------------------------------------------------------------------------
# One enrolment and "My pathway"
# ---------------------------------------------------------------------------------------------
def test_the_detail_shows_todays_figures(pathways, api):
    services.development_time_log(
        enrolment=pathways.enrolment,
        date=today(),
        hours=pathways.enrolment.weekly_development_hours,
        activity="Reading",
        actor=pathways.person("nqsw"),
    )
    services.supervision_record(
        enrolment=pathways.enrolment,
        held_on=today() - dt.timedelta(days=3),
        supervisor=pathways.person("supervisor"),
        kind="reflective",
        actor=pathways.person("supervisor"),
    )

    progress = api("manager").get(pathways.url()).json()["progress"]

    assert progress["last_supervision"] == (today() - dt.timedelta(days=3)).isoformat()
    assert progress["development_logged"] == "3.70"
    assert float(progress["development_entitled"]) == pytest.approx(3.7 * 61 / 7, abs=0.01)
    assert progress["paused_days"] == 0
    assert progress["evidence_counts"] == {}
    assert progress["evidence_shortfalls"] == []  # 3 of each by 12 months: none due yet
    assert progress["supervision_overdue_from"] > today().isoformat()


def test_my_pathway_is_the_callers_own_enrolments_in_full(pathways, api):
    amhp = PathwayTemplate.objects.get(key="ot-preceptorship")
    enrol(pathways.person("nqsw"), pathway=amhp, start=today())
    enrol(pathways.person("worker"))

    body = api("nqsw").get(f"{API}/me/pathway/").json()

    assert [row["pathway"]["key"] for row in body["results"]] == [
        "ot-preceptorship",
        "asye-adults",
    ]
    assert {row["person"]["id"] for row in body["results"]} == {pathways.person("nqsw").pk}
    assert {"milestones", "progress", "decisions", "status_reasons"} <= set(body["results"][0])


def test_my_pathway_is_empty_for_an_account_with_no_person(pathways, api):
    assert api("admin").get(f"{API}/me/pathway/").json()["results"] == []


# ---------------------------------------------------------------------------------------------
# Completing a milestone
# ---------------------------------------------------------------------------------------------
def complete_url(pathways, key: str) -> str:
    return pathways.url(f"milestones/{key}/complete/")


def test_the_assessor_completes_a_milestone_and_the_status_is_refreshed(pathways, api):
    assert pathways.enrolment.status == "overdue"
    response = api("assessor").post(
        complete_url(pathways, "support_agreement"),
        {"completed_on": today().isoformat(), "note": "Agreement signed."},
    )

    assert response.status_code == 200, response.content
    milestone = pathways.enrolment.milestones.get(key="support_agreement")
    assert milestone.completed_on == today()
    assert milestone.completed_by == pathways.person("assessor")
    shown = {m["key"]: m for m in response.json()["milestones"]}["support_agreement"]
    assert (shown["status"], shown["completed_on"], shown["note"]) == (
        "done",
        today().isoformat(),
        "Agreement signed.",
    )
    assert response.json()["status"] != "overdue"
    pathways.enrolment.refresh_from_db()
    assert response.json()["status"] == pathways.enrolment.status


def test_a_milestone_the_pathway_does_not_have_is_refused_naming_key(pathways, api):
    response = api("assessor").post(
        complete_url(pathways, "review_99m"), {"completed_on": today().isoformat()}
    )
    assert_error(response, 400, fields={"key"})


def test_a_milestone_completed_twice_is_refused_naming_key(pathways, api):
    client = api("psw")
    body = {"completed_on": today().isoformat()}
    assert client.post(complete_url(pathways, "support_agreement"), body).status_code == 200
    assert_error(
        client.post(complete_url(pathways, "support_agreement"), body), 400, fields={"key"}
    )


def test_a_milestone_cannot_be_completed_in_the_future_or_before_the_start(pathways, api):
    client = api("assessor")
    for day in (today() + dt.timedelta(days=1), pathways.start - dt.timedelta(days=1)):
        response = client.post(
            complete_url(pathways, "support_agreement"), {"completed_on": day.isoformat()}
        )
        assert_error(response, 400, fields={"completed_on"})
    assert pathways.enrolment.milestones.get(key="support_agreement").completed_on is None


def test_a_switched_off_milestone_cannot_be_completed(pathways, api):
    response = api("assessor").post(
        complete_url(pathways, "review_9m"), {"completed_on": today().isoformat()}
    )
    assert_error(response, 400, fields={"key"})


# ---------------------------------------------------------------------------------------------
# The outcome
# ---------------------------------------------------------------------------------------------
def outcome(stage: str, decision: str, **extra) -> dict:
    return {"stage": stage, "decision": decision, "decided_on": today().isoformat(), **extra}


def test_a_recommendation_then_the_panel_pass_moves_the_pcf_level_on(pathways, api):
    nqsw = pathways.person("nqsw")
    nqsw.pcf_level = PcfLevel.ASYE
    nqsw.save(update_fields=["pcf_level"])

    recommended = api("assessor").post(
        pathways.url("outcome/"), outcome("recommendation", "recommended_pass", note="Strong.")
    )
    assert recommended.status_code == 201, recommended.content
    assert recommended.json()["decided_by"]["id"] == pathways.person("assessor").pk
    passed = api("psw").post(pathways.url("outcome/"), outcome("panel", "passed"))
    assert passed.status_code == 201, passed.content

    nqsw.refresh_from_db()
    pathways.enrolment.refresh_from_db()
    assert nqsw.pcf_level == PcfLevel.SOCIAL_WORKER
    assert pathways.enrolment.outcome == Outcome.PASSED
    body = api("nqsw").get(pathways.url()).json()
    assert body["outcome"] == "passed"
    assert body["outcome_on"] == today().isoformat()
    assert [(d["stage"], d["decision"]) for d in body["decisions"]] == [
        ("recommendation", "recommended_pass"),
        ("panel", "passed"),
    ]


def test_the_assessor_cannot_record_the_panel_decision(pathways, api):
    services.outcome_record(
        enrolment=pathways.enrolment,
        stage="recommendation",
        decision="recommended_pass",
        decided_on=today(),
        actor=None,
    )
    response = api("assessor").post(pathways.url("outcome/"), outcome("panel", "passed"))
    assert_error(response, 403)
    assert OutcomeDecision.objects.filter(stage="panel").count() == 0


def test_the_panel_before_a_recommendation_is_refused_naming_stage(pathways, api):
    response = api("psw").post(pathways.url("outcome/"), outcome("panel", "passed"))
    assert_error(response, 400, fields={"stage"})
    assert not OutcomeDecision.objects.exists()


def test_a_decision_that_does_not_fit_the_stage_is_refused_naming_decision(pathways, api):
    response = api("assessor").post(pathways.url("outcome/"), outcome("recommendation", "passed"))
    assert_error(response, 400, fields={"decision"})


def test_nothing_more_is_recorded_once_withdrawn(pathways, api):
    assert (
        api("psw").post(pathways.url("outcome/"), outcome("withdrawal", "withdrawn")).status_code
        == 201
    )
    response = api("assessor").post(
        complete_url(pathways, "support_agreement"), {"completed_on": today().isoformat()}
    )
    assert_error(response, 400, fields={None})
    assert api("psw").get(pathways.url()).json()["status"] == "complete"
