"""Pathway templates, cohorts and PCF domains over the API: what the PSW plans with."""

from __future__ import annotations

import datetime as dt

import pytest

from academy.common.dates import today
from academy.pathways.models import (
    Cohort,
    Enrolment,
    MilestoneTemplate,
    Outcome,
    PathwayTemplate,
)
from academy.pathways.services import TEMPLATE_FIELDS
from api.pathways.planning import PathwayTemplateUpdateIn
from tests.api.support import assert_error
from tests.api.test_pathways import (  # noqa: F401  (fixtures)
    API,
    enrol,
    pathways_fixture,
    qualify,
    standard_pathways_fixture,
)
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

TEMPLATES = f"{API}/pathway-templates/"
COHORTS = f"{API}/cohorts/"


def template_url(template: PathwayTemplate, tail: str = "") -> str:
    return f"{TEMPLATES}{template.pk}/{tail}"


# ---------------------------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------------------------
def test_a_template_reads_back_with_its_milestones_in_order(pathways, api):
    body = api("nqsw").get(template_url(pathways.asye)).json()

    assert body["key"] == "asye-adults"
    assert body["kind"] == "asye"
    assert body["duration_months"] == 12
    assert body["evidence_minimums"] == {
        "direct_observation": 3,
        "person_feedback": 3,
        "professional_feedback": 3,
    }
    assert body["based_on"] is None
    assert [m["key"] for m in body["milestones"]] == [
        "support_agreement",
        "review_3m",
        "review_6m",
        "review_9m",
        "final_review",
        "moderation_panel",
    ]
    by_key = {m["key"]: m for m in body["milestones"]}
    assert by_key["review_9m"]["optional"] is True
    assert by_key["final_review"]["offset_months"] == 12
    assert by_key["final_review"]["moves_with_extension"] is True
    assert by_key["review_6m"]["evidence_needed"] == ["critical_reflection"]


def test_the_template_list_is_every_seeded_pathway_by_name(pathways, api):
    body = api("worker").get(TEMPLATES).json()
    names = [row["name"] for row in body["results"]]
    assert names == sorted(names)
    assert {row["kind"] for row in body["results"]} == set(PathwayTemplate.Kind.values)


def test_templates_filter_by_kind_and_active(pathways, api):
    client = api("psw")
    PathwayTemplate.objects.filter(key="bia").update(active=False)

    asye_only = client.get(TEMPLATES, {"kind": "asye"}).json()["results"]
    retired = client.get(TEMPLATES, {"active": "false"}).json()["results"]

    assert [row["key"] for row in asye_only] == ["asye-adults"]
    assert [row["key"] for row in retired] == ["bia"]


@pytest.mark.parametrize(("parameter", "value"), [("active", "maybe"), ("kind", "nursing")])
def test_a_template_filter_it_cannot_read_is_a_400_naming_it(pathways, api, parameter, value):
    response = api("psw").get(TEMPLATES, {parameter: value})
    assert_error(response, 400, fields={parameter})


def test_the_psw_copies_a_template_into_a_local_variant_with_its_milestones(pathways, api):
    response = api("psw").post(
        template_url(pathways.asye, "copy/"), {"key": "asye-north", "name": "ASYE (North)"}
    )

    assert response.status_code == 201, response.content
    body = response.json()
    copy = PathwayTemplate.objects.get(key="asye-north")
    assert body["id"] == copy.pk
    assert body["based_on"] == pathways.asye.pk
    assert body["name"] == "ASYE (North)"
    assert body["supervision_schedule"] == pathways.asye.supervision_schedule
    assert [m["key"] for m in body["milestones"]] == [m.key for m in pathways.asye.milestones.all()]
    assert MilestoneTemplate.objects.filter(pathway=copy).count() == 6


def test_a_copy_under_a_key_already_taken_is_refused_naming_key(pathways, api):
    before = PathwayTemplate.objects.count()
    response = api("psw").post(
        template_url(pathways.asye, "copy/"), {"key": "bia", "name": "Another"}
    )
    assert_error(response, 400, fields={"key"})
    assert PathwayTemplate.objects.count() == before


def test_a_copy_needs_a_slug_key_and_a_name(pathways, api):
    response = api("psw").post(template_url(pathways.asye, "copy/"), {"key": "not a key!"})
    assert_error(response, 400, fields={"key", "name"})


def test_the_psw_changes_a_template_and_it_reads_back(pathways, api):
    schedule = [{"every": {"days": 14}}]
    response = api("psw").patch(
        template_url(pathways.asye),
        {"due_soon_days": 21, "supervision_schedule": schedule, "description": "Local"},
    )

    assert response.status_code == 200, response.content
    assert response.json()["due_soon_days"] == 21
    assert response.json()["supervision_schedule"] == schedule
    pathways.asye.refresh_from_db()
    assert (pathways.asye.due_soon_days, pathways.asye.description) == (21, "Local")


def test_a_bad_supervision_schedule_is_refused_and_nothing_changes(pathways, api):
    response = api("psw").patch(
        template_url(pathways.asye),
        {"name": "Renamed", "supervision_schedule": [{"often": "weekly"}]},
    )

    assert_error(response, 400, fields={"supervision_schedule"})
    pathways.asye.refresh_from_db()
    assert pathways.asye.name == "ASYE (adults)"


def test_a_bad_alert_percent_is_refused_naming_it(pathways, api):
    response = api("psw").patch(template_url(pathways.asye), {"development_alert_percent": 120})
    assert_error(response, 400, fields={"development_alert_percent"})


def test_the_update_input_covers_exactly_the_template_fields_the_service_changes():
    assert set(PathwayTemplateUpdateIn().fields) == set(TEMPLATE_FIELDS)


def test_a_template_change_leaves_enrolments_dates_alone(pathways, api):
    before = list(pathways.enrolment.milestones.values_list("key", "due_date"))
    api("psw").patch(template_url(pathways.asye), {"duration_months": 18})
    assert list(pathways.enrolment.milestones.values_list("key", "due_date")) == before


# ---------------------------------------------------------------------------------------------
# Cohorts
# ---------------------------------------------------------------------------------------------
def test_the_psw_creates_a_cohort_and_it_reads_back_empty(pathways, api):
    lead = pathways.person("psw")
    start = today() + dt.timedelta(days=30)
    response = api("psw").post(
        COHORTS,
        {
            "name": "ASYE autumn",
            "pathway_template": pathways.asye.pk,
            "start_date": start.isoformat(),
            "capacity": 12,
            "lead": lead.pk,
        },
    )

    assert response.status_code == 201, response.content
    cohort = Cohort.objects.get(name="ASYE autumn")
    assert response.json() == {
        "id": cohort.pk,
        "name": "ASYE autumn",
        "pathway": {
            "id": pathways.asye.pk,
            "key": "asye-adults",
            "name": "ASYE (adults)",
            "kind": "asye",
        },
        "start_date": start.isoformat(),
        "capacity": 12,
        "lead": {"id": lead.pk, "full_name": "Psw Tester"},
        "enrolled": 0,
        "places_left": 12,
        "on_track": 0,
        "at_risk": 0,
        "overdue": 0,
        "finished": 0,
        "created_at": response.json()["created_at"],
    }


def test_cohort_input_errors_name_their_fields(pathways, api):
    response = api("psw").post(
        COHORTS, {"name": "", "pathway_template": 999999, "start_date": "31/01/2026", "capacity": 0}
    )
    assert_error(response, 400, fields={"name", "pathway_template", "start_date", "capacity"})
    assert Cohort.objects.count() == 1


def test_a_cohort_name_already_used_is_refused_naming_name(pathways, api):
    response = api("psw").post(
        COHORTS,
        {
            "name": "ASYE spring",
            "pathway_template": pathways.asye.pk,
            "start_date": today().isoformat(),
            "capacity": 3,
        },
    )
    assert_error(response, 400, fields={"name"})


def test_a_cohort_on_a_retired_pathway_is_refused_naming_the_pathway(pathways, api):
    PathwayTemplate.objects.filter(key="bia").update(active=False)
    response = api("psw").post(
        COHORTS,
        {
            "name": "BIA 2027",
            "pathway_template": PathwayTemplate.objects.get(key="bia").pk,
            "start_date": today().isoformat(),
            "capacity": 3,
        },
    )
    assert_error(response, 400, fields={"pathway_template"})


def test_the_cohort_list_counts_places_and_the_stored_statuses(pathways, api):
    cohort = pathways.cohort
    others = [qualify(PersonFactory(team=pathways.academy.teams["a"])) for _ in range(4)]
    extra = [enrol(person, start=pathways.start, cohort=cohort) for person in others]
    Enrolment.objects.filter(pk=extra[0].pk).update(status="on_track")
    Enrolment.objects.filter(pk__in=[extra[1].pk, extra[2].pk]).update(status="at_risk")
    Enrolment.objects.filter(pk=pathways.enrolment.pk).update(status="overdue")
    Enrolment.objects.filter(pk=extra[3].pk).update(outcome=Outcome.WITHDRAWN)

    body = api("dass").get(COHORTS).json()

    row = next(r for r in body["results"] if r["id"] == cohort.pk)
    assert row["capacity"] == 10
    assert row["enrolled"] == 4
    assert row["places_left"] == 6
    assert (row["on_track"], row["at_risk"], row["overdue"], row["finished"]) == (1, 2, 1, 1)


def test_cohorts_come_latest_start_first_and_filter_by_pathway(pathways, api):
    bia = PathwayTemplate.objects.get(key="bia")
    later = Cohort.objects.create(
        name="BIA", pathway=bia, start_date=today() + dt.timedelta(days=10), capacity=4
    )
    client = api("psw")

    everything = [row["id"] for row in client.get(COHORTS).json()["results"]]
    on_bia = [
        row["id"] for row in client.get(COHORTS, {"pathway_template": bia.pk}).json()["results"]
    ]

    assert everything == [later.pk, pathways.cohort.pk]
    assert on_bia == [later.pk]


def test_a_cohort_filter_that_is_not_an_id_is_a_400_naming_it(pathways, api):
    assert_error(
        api("psw").get(COHORTS, {"pathway_template": "asye"}), 400, fields={"pathway_template"}
    )


def test_the_psw_changes_a_cohort(pathways, api):
    response = api("psw").patch(
        f"{COHORTS}{pathways.cohort.pk}/", {"capacity": 20, "name": "ASYE spring intake"}
    )
    assert response.status_code == 200, response.content
    assert (response.json()["capacity"], response.json()["places_left"]) == (20, 19)
    pathways.cohort.refresh_from_db()
    assert pathways.cohort.name == "ASYE spring intake"


def test_a_cohort_cannot_shrink_below_the_people_enrolled(pathways, api):
    enrol(qualify(PersonFactory()), cohort=pathways.cohort, start=pathways.start)
    response = api("psw").patch(f"{COHORTS}{pathways.cohort.pk}/", {"capacity": 1})
    assert_error(response, 400, fields={"capacity"})
    pathways.cohort.refresh_from_db()
    assert pathways.cohort.capacity == 10


# ---------------------------------------------------------------------------------------------
# PCF domains
# ---------------------------------------------------------------------------------------------
def test_the_nine_pcf_domains_in_framework_order(pathways, api):
    body = api("nqsw").get(f"{API}/pcf-domains/").json()
    assert len(body["results"]) == 9
    assert body["results"][0] == {"key": "professionalism", "name": "Professionalism"}
    assert body["results"][-1]["key"] == "professional_leadership"
