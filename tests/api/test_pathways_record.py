"""An enrolment's record over the API: supervision, development time, evidence (JSON and
multipart with a file) and pauses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from academy.common.dates import today
from academy.pathways import services
from academy.pathways.models import DevelopmentActivity, Evidence, Milestone, Pause, Supervision
from tests.api.support import assert_error
from tests.api.test_pathways import (  # noqa: F401  (fixtures)
    media_fixture,
    pathways_fixture,
    pdf,
    standard_pathways_fixture,
)
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def day(offset: int = 0) -> str:
    return (today() + dt.timedelta(days=offset)).isoformat()


# ---------------------------------------------------------------------------------------------
# Supervision
# ---------------------------------------------------------------------------------------------
def test_the_supervisor_records_supervision_given_by_themselves_by_default(pathways, api):
    response = api("supervisor").post(
        pathways.url("supervisions/"),
        {"held_on": day(-1), "kind": "reflective", "note": "Talked through a complex case."},
    )

    assert response.status_code == 201, response.content
    supervisor = pathways.person("supervisor")
    body = response.json()
    assert body["held_on"] == day(-1)
    assert body["supervisor"] == {"id": supervisor.pk, "full_name": "Supervisor Tester"}
    assert body["recorded_by"] == {"id": supervisor.pk, "full_name": "Supervisor Tester"}
    assert body["kind"] == "reflective"
    assert Supervision.objects.get(pk=body["id"]).enrolment == pathways.enrolment


def test_reflective_supervision_by_someone_not_a_social_worker_is_refused_naming_supervisor(
    pathways, api
):
    not_a_social_worker = PersonFactory(team=pathways.academy.teams["a"])
    response = api("psw").post(
        pathways.url("supervisions/"),
        {"held_on": day(), "kind": "reflective", "supervisor": not_a_social_worker.pk},
    )

    assert_error(response, 400, fields={"supervisor"})
    assert not Supervision.objects.exists()


def test_case_management_supervision_may_be_given_by_any_manager(pathways, api):
    manager = pathways.person("manager")
    response = api("psw").post(
        pathways.url("supervisions/"),
        {"held_on": day(), "kind": "case_management", "supervisor": manager.pk},
    )
    assert response.status_code == 201, response.content
    assert response.json()["supervisor"]["id"] == manager.pk


def test_supervision_with_no_supervisor_to_default_to_is_refused_naming_supervisor(pathways, api):
    pathways.enrolment.supervisor = None
    pathways.enrolment.save(update_fields=["supervisor"])
    response = api("psw").post(pathways.url("supervisions/"), {"held_on": day(), "kind": "group"})
    assert_error(response, 400, fields={"supervisor"})


def test_supervision_input_errors_name_their_fields(pathways, api):
    response = api("supervisor").post(
        pathways.url("supervisions/"), {"held_on": day(1), "kind": "reflective"}
    )
    assert_error(response, 400, fields={"held_on"})
    response = api("supervisor").post(pathways.url("supervisions/"), {"kind": "chat"})
    assert_error(response, 400, fields={"held_on", "kind"})


def test_supervisions_list_latest_first(pathways, api):
    for offset in (-20, -5, -12):
        services.supervision_record(
            enrolment=pathways.enrolment,
            held_on=today() + dt.timedelta(days=offset),
            supervisor=pathways.person("supervisor"),
            kind="reflective",
            actor=None,
        )
    rows = api("nqsw").get(pathways.url("supervisions/")).json()["results"]
    assert [r["held_on"] for r in rows] == [day(-5), day(-12), day(-20)]
    assert rows[0]["recorded_by"] is None


# ---------------------------------------------------------------------------------------------
# Development time
# ---------------------------------------------------------------------------------------------
def test_the_person_logs_development_time_and_it_counts_in_the_figures(pathways, api):
    client = api("nqsw")
    response = client.post(
        pathways.url("development-time/"),
        {"date": day(-2), "hours": "7.40", "activity": "Mental Capacity Act training"},
    )

    assert response.status_code == 201, response.content
    assert response.json()["hours"] == "7.40"
    assert response.json()["recorded_by"]["id"] == pathways.person("nqsw").pk
    assert DevelopmentActivity.objects.get().hours == Decimal("7.40")
    assert client.get(pathways.url()).json()["progress"]["development_logged"] == "7.40"


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"date": "2026-13-01", "hours": "2", "activity": "x"}, {"date"}),
        ({"date": "TODAY", "hours": "0", "activity": "Reading"}, {"hours"}),
        ({"date": "TODAY", "hours": "25", "activity": "Reading"}, {"hours"}),
        ({"date": "TODAY", "hours": "two", "activity": "Reading"}, {"hours"}),
        ({"date": "TODAY", "hours": "2", "activity": "   "}, {"activity"}),
        ({"date": "TOMORROW", "hours": "2", "activity": "Reading"}, {"date"}),
    ],
)
def test_development_time_errors_name_their_field_and_write_nothing(pathways, api, body, fields):
    body = {**body, "date": body["date"].replace("TODAY", day()).replace("TOMORROW", day(1))}
    response = api("nqsw").post(pathways.url("development-time/"), body)
    assert_error(response, 400, fields=fields)
    assert not DevelopmentActivity.objects.exists()


# ---------------------------------------------------------------------------------------------
# Evidence
# ---------------------------------------------------------------------------------------------
def test_the_assessor_adds_evidence_as_json_tagged_with_pcf_domains(pathways, api):
    response = api("assessor").post(
        pathways.url("evidence/"),
        {
            "kind": "direct_observation",
            "date": day(-3),
            "summary": "Observed a Care Act assessment at home.",
            "pcf_domains": ["skills_interventions", "values_ethics"],
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert [d["key"] for d in body["pcf_domains"]] == ["values_ethics", "skills_interventions"]
    assert body["file"] is None
    assert body["file_name"] is None
    item = Evidence.objects.get(pk=body["id"])
    assert {d.key for d in item.domains.all()} == {"skills_interventions", "values_ethics"}
    assert item.recorded_by == pathways.person("assessor")


def test_evidence_with_a_file_comes_as_a_form_and_downloads_for_those_who_see_it(
    pathways, api, media
):
    response = api("nqsw").post(
        pathways.url("evidence/"),
        {
            "kind": "critical_reflection",
            "date": day(),
            "summary": "Six-month reflection.",
            "pcf_domains": ["critical_reflection", "professionalism"],
            "file": pdf("reflection.pdf"),
        },
        format="multipart",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert {d["key"] for d in body["pcf_domains"]} == {"critical_reflection", "professionalism"}
    assert body["file_name"].startswith("reflection")
    assert body["file"].endswith(f"/evidence/{body['id']}/file/")

    download = api("manager").get(body["file"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 a direct observation"
    assert "attachment" in download["Content-Disposition"]
    assert api("outsider").get(body["file"]).status_code == 404


def test_evidence_without_a_file_has_nothing_to_download(pathways, api):
    item = services.evidence_add(
        enrolment=pathways.enrolment, kind="other", date=today(), summary="Notes", actor=None
    )
    response = api("psw").get(pathways.url(f"evidence/{item.pk}/file/"))
    assert_error(response, 404)


def test_an_unknown_pcf_domain_is_refused_naming_pcf_domains_and_nothing_is_written(
    pathways, api, media
):
    response = api("nqsw").post(
        pathways.url("evidence/"),
        {
            "kind": "critical_reflection",
            "date": day(),
            "summary": "Reflection.",
            "pcf_domains": ["knowledge", "wisdom"],
            "file": pdf(),
        },
        format="multipart",
    )

    assert_error(response, 400, fields={"pcf_domains"})
    assert not Evidence.objects.exists()
    assert not media.exists() or not [f for f in media.rglob("*") if f.is_file()]


def test_evidence_dated_before_the_start_is_refused_naming_date(pathways, api):
    response = api("nqsw").post(
        pathways.url("evidence/"),
        {
            "kind": "other",
            "date": (pathways.start - dt.timedelta(days=1)).isoformat(),
            "summary": "x",
        },
    )
    assert_error(response, 400, fields={"date"})


def test_evidence_in_another_format_is_a_415(pathways, api):
    response = api("nqsw").post(pathways.url("evidence/"), "kind=other", content_type="text/plain")
    assert_error(response, 415)


def test_evidence_counts_show_in_the_figures_and_the_list(pathways, api):
    for kind in ("direct_observation", "direct_observation", "person_feedback"):
        services.evidence_add(
            enrolment=pathways.enrolment, kind=kind, date=today(), summary="s", actor=None
        )
    client = api("nqsw")
    assert client.get(pathways.url()).json()["progress"]["evidence_counts"] == {
        "direct_observation": 2,
        "person_feedback": 1,
    }
    assert len(client.get(pathways.url("evidence/")).json()["results"]) == 3


# ---------------------------------------------------------------------------------------------
# Pauses and extensions
# ---------------------------------------------------------------------------------------------
def test_a_pause_moves_the_end_date_and_the_milestones_not_yet_due(pathways, api):
    e = pathways.enrolment
    services.milestone_complete(
        enrolment=e, key="support_agreement", completed_on=today(), actor=None
    )
    before = dict(e.milestones.values_list("key", "due_date"))
    end_before = e.end_date
    first, last = today() + dt.timedelta(days=10), today() + dt.timedelta(days=19)

    response = api("manager").post(
        pathways.url("pauses/"),
        {
            "kind": "sick_leave",
            "reason": "Sick leave",
            "first_day": first.isoformat(),
            "last_day": last.isoformat(),
        },
    )

    assert response.status_code == 201, response.content
    assert response.json()["days"] == 10
    assert response.json()["recorded_by"]["id"] == pathways.person("manager").pk
    after = dict(e.milestones.values_list("key", "due_date"))
    assert after["support_agreement"] == before["support_agreement"]  # done: never moves
    assert after["review_3m"] == before["review_3m"] + dt.timedelta(days=10)
    assert after["moderation_panel"] == before["moderation_panel"] + dt.timedelta(days=10)
    body = api("nqsw").get(pathways.url()).json()
    assert body["end_date"] == (end_before + dt.timedelta(days=10)).isoformat()
    review_3m = next(m for m in body["milestones"] if m["key"] == "review_3m")
    assert review_3m["original_due_date"] == before["review_3m"].isoformat()


def test_an_extension_moves_only_the_final_milestones(pathways, api):
    e = pathways.enrolment
    before = dict(e.milestones.values_list("key", "due_date"))
    response = api("psw").post(
        pathways.url("pauses/"), {"kind": "extension", "reason": "More evidence", "days": 30}
    )

    assert response.status_code == 201, response.content
    assert (response.json()["first_day"], response.json()["days"]) == (None, 30)
    after = dict(e.milestones.values_list("key", "due_date"))
    moved = {k for k in after if after[k] != before[k]}
    assert moved == {"final_review", "moderation_panel"}


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"kind": "extension", "reason": "More time"}, {"days"}),
        ({"kind": "extension", "reason": "More time", "days": 0}, {"days"}),
        ({"kind": "sick_leave", "reason": "Ill"}, {"first_day"}),
        ({"kind": "sick_leave", "reason": "Ill", "first_day": "TODAY"}, {"last_day"}),
        ({"kind": "holiday", "reason": "x", "days": 3}, {"kind"}),
        ({"kind": "extension", "reason": "", "days": 3}, {"reason"}),
    ],
)
def test_pause_errors_name_their_field_and_move_nothing(pathways, api, body, fields):
    body = {k: (day() if v == "TODAY" else v) for k, v in body.items()}
    before = list(Milestone.objects.values_list("due_date", flat=True))
    response = api("psw").post(pathways.url("pauses/"), body)
    assert_error(response, 400, fields=fields)
    assert not Pause.objects.exists()
    assert list(Milestone.objects.values_list("due_date", flat=True)) == before


def test_a_pause_overlapping_another_is_refused_naming_first_day(pathways, api):
    client = api("psw")
    pause = {"kind": "parental_leave", "reason": "Leave", "first_day": day(5), "last_day": day(40)}
    assert client.post(pathways.url("pauses/"), pause).status_code == 201
    overlap = {**pause, "first_day": day(30), "last_day": day(50)}
    assert_error(client.post(pathways.url("pauses/"), overlap), 400, fields={"first_day"})
    assert Pause.objects.count() == 1
