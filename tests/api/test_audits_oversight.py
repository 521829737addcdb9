"""What the PSW keeps, over the API: templates and their versions, themes, a team's monthly
programme, the moderation queue and re-grades, and learning bulletins that never name a
worker."""

from __future__ import annotations

import pytest

from academy.audits import services
from academy.audits.models import AuditTemplate, AuditTheme, CaseAudit, Moderation
from academy.common.dates import add_months, today
from academy.people.permissions import viewer_for
from tests.api.support import assert_error
from tests.api.test_audits import (  # noqa: F401  (fixtures)
    API,
    STANDARD_KEY,
    audits_fixture,
    record,
    standard_audit_fixture,
    team_manager,
)

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------------------------
# Templates and themes
# ---------------------------------------------------------------------------------------------
def test_the_template_lists_its_sections_and_questions_in_order(audits, api):
    results = api("worker").get(f"{API}/audit-templates/").json()["results"]
    assert [t["key"] for t in results] == [STANDARD_KEY]
    sections = results[0]["sections"]
    assert [s["title"] for s in sections][:3] == [
        "Recording",
        "Strengths-based assessment",
        "The person's voice",
    ]
    safeguarding = next(s for s in sections if s["title"] == "Safeguarding")
    first = safeguarding["questions"][0]
    assert (first["weight"], first["limiting"], first["cqc_statement"]) == (
        "2.00",
        True,
        "safeguarding",
    )
    assert results[0]["answer_scores"] == {"yes": 1, "partly": 0.5, "no": 0}


def test_revising_a_template_with_submitted_audits_makes_a_new_version(audits, api):
    old = audits.template
    response = api("psw").patch(
        f"{API}/audit-templates/{old.pk}/",
        {
            "grade_bands": [
                {"grade": "outstanding", "min": 90},
                {"grade": "good", "min": 70},
                {"grade": "requires_improvement", "min": 45},
                {"grade": "inadequate", "min": 0},
            ],
            "sections": [
                {"title": "Recording", "questions": [{"text": "Is the record up to date?"}]}
            ],
        },
    )

    assert response.status_code == 200, response.content
    out = response.json()
    assert out["id"] != old.pk
    assert (out["version"], out["current"]) == (old.version + 1, True)
    assert [q["text"] for s in out["sections"] for q in s["questions"]] == [
        "Is the record up to date?"
    ]
    # the audits keep the version they were recorded on; only the new one is listed
    assert CaseAudit.objects.get(pk=audits.submitted.pk).template_id == old.pk
    assert not AuditTemplate.objects.get(pk=old.pk).current
    listed = api("manager").get(f"{API}/audit-templates/").json()["results"]
    assert [t["id"] for t in listed] == [out["id"]]
    assert_error(api("psw").get(f"{API}/audit-templates/{old.pk}/"), 404)


def test_a_template_revision_it_cannot_use_names_the_field(audits, api):
    client = api("psw")
    url = f"{API}/audit-templates/{audits.template.pk}/"
    assert_error(
        client.patch(url, {"grade_bands": [{"grade": "great", "min": 85}]}),
        400,
        fields={"grade_bands"},
    )
    assert_error(client.patch(url, {"answer_scores": {"yes": 1}}), 400, fields={"answer_scores"})
    assert_error(
        client.patch(url, {"sections": [{"title": " ", "questions": [{"text": "A question"}]}]}),
        400,
        fields={"sections.0.title"},
    )
    assert_error(
        client.patch(
            url, {"sections": [{"title": "Recording", "questions": [{"text": "Q", "weight": 0}]}]}
        ),
        400,
        fields={"sections.0.questions.0.weight"},
    )
    assert AuditTemplate.objects.filter(key=STANDARD_KEY).count() == 1


def test_the_psw_adds_renames_and_retires_themes(audits, api):
    client = api("psw")
    created = client.post(f"{API}/audit-themes/", {"name": " Transitions "})
    assert created.status_code == 201, created.content
    assert created.json() == {
        "id": created.json()["id"],
        "name": "Transitions",
        "description": "",
        "active": True,
    }
    duplicate = client.post(f"{API}/audit-themes/", {"name": "transitions"})
    assert_error(duplicate, 400, fields={"name"})

    retired = client.patch(f"{API}/audit-themes/{created.json()['id']}/", {"active": False})
    assert retired.json()["active"] is False
    active = api("manager").get(f"{API}/audit-themes/?active=true").json()["results"]
    assert "Transitions" not in [t["name"] for t in active]
    assert AuditTheme.objects.get(name="Transitions").description == ""


# ---------------------------------------------------------------------------------------------
# The monthly programme
# ---------------------------------------------------------------------------------------------
def test_a_teams_month_counts_submitted_and_drafts_against_its_quota(audits, api):
    team = audits.academy.teams["a"]
    team_manager(team)  # two managers: four audits expected at two each
    response = api("manager").get(f"{API}/teams/{team.pk}/audit-programme/")

    assert response.status_code == 200, response.content
    assert response.json() == {
        "team": {"id": team.pk, "name": team.name, "service_area": team.service_area},
        "month": f"{today():%Y-%m}",
        "quota": 4,
        "submitted": 1,
        "in_progress": 1,
        "due": 2,
        "overdue": 0,
        "status": "in_progress",
    }


def test_last_months_missing_audits_are_overdue_and_a_teams_own_quota_counts(audits, api):
    team = audits.academy.teams["a"]
    services.quota_set(team=team, per_manager=3, actor=viewer_for(audits.person("psw").user))
    last_month = add_months(today(), -1)
    record(audits.person("manager"), audits.person("worker"), audit_date=last_month)

    response = api("psw").get(f"{API}/teams/{team.pk}/audit-programme/?month={last_month:%Y-%m}")

    out = response.json()
    assert (out["quota"], out["submitted"], out["overdue"], out["due"]) == (3, 1, 2, 0)
    assert out["status"] == "overdue"


@pytest.mark.parametrize("month", ["2026-00", "last", "2026-1"])
def test_a_month_it_cannot_read_is_a_400_naming_month(audits, api, month):
    team = audits.academy.teams["a"]
    response = api("manager").get(f"{API}/teams/{team.pk}/audit-programme/?month={month}")
    assert_error(response, 400, fields={"month"})


# ---------------------------------------------------------------------------------------------
# Moderation
# ---------------------------------------------------------------------------------------------
def test_the_psw_regrades_from_the_queue_and_agreement_is_recorded(audits, api):
    client = api("psw")
    queue = client.get(f"{API}/moderations/").json()["results"]
    assert {m["audit"]["id"] for m in queue} == {audits.submitted.pk, audits.other_team.pk}

    response = client.post(
        f"{API}/moderations/{audits.moderation.pk}/",
        {"grade": "good", "note": "The capacity record is thin."},
    )

    assert response.status_code == 200, response.content
    out = response.json()
    assert (out["moderated_grade"], out["agreed"]) == ("good", False)
    assert out["moderator"]["full_name"] == "Psw Tester"
    queue = client.get(f"{API}/moderations/").json()["results"]
    assert [m["audit"]["id"] for m in queue] == [audits.other_team.pk]
    # a second look may change the re-grade
    agreed = client.post(f"{API}/moderations/{audits.moderation.pk}/", {"grade": "outstanding"})
    assert agreed.json()["agreed"] is True
    assert Moderation.objects.get(pk=audits.moderation.pk).agreed is True


def test_a_regrade_outside_the_scale_is_refused_naming_grade(audits, api):
    response = api("psw").post(f"{API}/moderations/{audits.moderation.pk}/", {"grade": "fine"})
    assert_error(response, 400, fields={"grade"})


# ---------------------------------------------------------------------------------------------
# Learning bulletins
# ---------------------------------------------------------------------------------------------
def bulletin_body(**extra) -> dict:
    return {
        "title": "Quarter one",
        "period_start": today().replace(day=1).isoformat(),
        "period_end": today().isoformat(),
        "went_well": "Timely reviews.",
        "to_improve": "Advocacy.",
        **extra,
    }


def test_everyone_reads_published_bulletins_and_only_the_psw_sees_drafts(audits, api):
    titles = [b["title"] for b in api("worker").get(f"{API}/learning-bulletins/").json()["results"]]
    assert titles == ["What we learnt this month"]
    psw_titles = {
        b["title"] for b in api("psw").get(f"{API}/learning-bulletins/").json()["results"]
    }
    assert psw_titles == {"What we learnt this month", "Next month's bulletin"}


def test_the_psw_drafts_then_publishes_a_bulletin(audits, api):
    client = api("psw")
    created = client.post(
        f"{API}/learning-bulletins/", bulletin_body(themes=[audits.theme.pk])
    ).json()
    assert created["published_at"] is None
    assert api("worker").get(f"{API}/learning-bulletins/{created['id']}/").status_code == 404

    published = client.patch(f"{API}/learning-bulletins/{created['id']}/", {"publish": True})

    assert published.status_code == 200, published.content
    assert published.json()["published_by"]["full_name"] == "Psw Tester"
    assert published.json()["themes"] == [{"id": audits.theme.pk, "name": "Mental capacity"}]
    assert api("worker").get(f"{API}/learning-bulletins/{created['id']}/").status_code == 200


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("went_well", "Nqsw Tester wrote a clear chronology."),
        ("to_improve", "Ask Tester about capacity."),
        ("title", "Outsider Tester's month"),
    ],
)
def test_a_bulletin_naming_a_practitioner_audited_in_the_period_is_refused(
    audits, api, field, text
):
    response = api("psw").post(f"{API}/learning-bulletins/", bulletin_body(**{field: text}))
    errors = assert_error(response, 400, fields={field})
    assert "never names a worker" in errors[0]["message"]


def test_a_bulletin_period_must_end_after_it_starts(audits, api):
    response = api("psw").post(
        f"{API}/learning-bulletins/",
        bulletin_body(period_start=today().isoformat(), period_end="2020-01-01"),
    )
    assert_error(response, 400, fields={"period_end"})
