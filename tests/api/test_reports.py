"""Reports over the API: asking for a report by role, the errors naming the field at fault,
following a run to its file, who may read a run and download it, the kinds each role is
offered, the PSW's schedules, and the runs list's fixed number of queries."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from academy.reports.compilers import COMPILERS
from academy.reports.models import ReportRun, ReportSchedule
from api.reports.kinds import PARAMETERS
from tests.api.support import assert_error, assert_same_queries, count_queries
from tests.conftest import ROLE_LOGINS
from tests.factories import PersonFactory
from tests.web.test_pathways_support import cohort
from tests.web.test_reports_support import (  # noqa: F401  (fixture)
    compiled,
    media,
    placed,
    requested,
    schedule_for,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"
#: The session, its user, and the viewer's roles.
AUTH = 3
STAFF = ("assessor", "supervisor", "partner", "nqsw", "worker", "outsider", "nhs_staff")
LEADS = ("psw", "dass", "principal_ot", "admin")


@pytest.fixture(autouse=True)
def _files(media: Any) -> None:  # noqa: F811
    """Every test here keeps its report files in a folder of its own."""


def ask(api: Any, login: str | None, body: dict[str, Any]) -> Any:
    return api(login).post(f"{API}/reports/", body, format="json")


def kinds_body(academy: Any) -> dict[str, dict[str, Any]]:
    """A valid request body for every kind."""
    return {
        "cohort_progression": {
            "kind": "cohort_progression",
            "parameters": {"cohort": cohort().pk},
            "format": "xlsx",
        },
        "academy_overview": {"kind": "academy_overview", "format": "csv"},
        "training_compliance": {
            "kind": "training_compliance",
            "parameters": {"team": academy.teams["a"].pk},
            "format": "csv",
        },
        "audit_summary": {
            "kind": "audit_summary",
            "parameters": {"period": "quarter", "start": "2026-04"},
            "format": "xlsx",
        },
        "cpd_readiness": {"kind": "cpd_readiness", "format": "csv"},
        "cqc_evidence": {"kind": "cqc_evidence", "parameters": {"months": 6}, "format": "pdf"},
    }


# ---------------------------------------------------------------------------------------------
# Asking for a report, by role
# ---------------------------------------------------------------------------------------------
TRAINING = {"coordinator"}
GIVES = {
    "cohort_progression": set(LEADS),
    "academy_overview": set(LEADS),
    "training_compliance": set(LEADS) | TRAINING | {"manager"},  # the manager's own team (A)
    "audit_summary": set(LEADS),
    "cpd_readiness": set(LEADS) | TRAINING,
    "cqc_evidence": set(LEADS),
}


@pytest.mark.parametrize("kind", sorted(GIVES))
def test_each_role_may_ask_for_the_kinds_its_role_gives_and_no_other(api, academy, kind):
    body = kinds_body(academy)[kind]
    for login in ROLE_LOGINS:
        response = ask(api, login, body)
        if login in GIVES[kind]:
            assert response.status_code == 201, (login, response.content)
            assert set(response.json()) == {"id", "status"}
            assert response.json()["status"] == "queued"
            run = ReportRun.objects.get(pk=response.json()["id"])
            assert response["Location"] == f"{API}/reports/{run.pk}/"
            assert run.requested_by_id == (academy.people[login].pk if login != "admin" else None)
        else:
            assert_error(response, 403)
    assert_error(ask(api, None, body), 401)
    assert ReportRun.objects.count() == len(GIVES[kind])


def test_a_team_manager_gets_compliance_for_their_own_team_only(api, academy):
    team_b = academy.teams["b"].pk
    mine = {"kind": "training_compliance", "parameters": {"team": academy.teams["a"].pk}}
    assert ask(api, "manager", {**mine, "format": "xlsx"}).status_code == 201
    for parameters in ({"team": team_b}, {}):
        body = {"kind": "training_compliance", "parameters": parameters, "format": "csv"}
        assert_error(ask(api, "manager", body), 403)
    assert_error(ask(api, "manager", {"kind": "academy_overview", "format": "csv"}), 403)
    assert ReportRun.objects.count() == 1


# ---------------------------------------------------------------------------------------------
# Errors name the field at fault, and nothing is written
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "league_table", "format": "csv"}, "kind"),
        ({"format": "csv"}, "kind"),
        ({"kind": "academy_overview", "format": "docx"}, "format"),
        ({"kind": "academy_overview"}, "format"),
        ({"kind": "cqc_evidence", "format": "csv"}, "format"),
        ({"kind": "academy_overview", "format": "csv", "parameters": [1]}, "parameters"),
        ({"kind": "cohort_progression", "format": "csv"}, "parameters.cohort"),
        (
            {"kind": "cohort_progression", "format": "csv", "parameters": {"cohort": 987654}},
            "parameters.cohort",
        ),
        (
            {"kind": "training_compliance", "format": "csv", "parameters": {"team": "north"}},
            "parameters.team",
        ),
        (
            {"kind": "audit_summary", "format": "csv", "parameters": {"start": "April"}},
            "parameters.start",
        ),
        (
            {"kind": "audit_summary", "format": "csv", "parameters": {"period": "year"}},
            "parameters.period",
        ),
        (
            {
                "kind": "audit_summary",
                "format": "csv",
                "parameters": {"period": "quarter", "start": "2026-05"},
            },
            "parameters.start",
        ),
        (
            {"kind": "cqc_evidence", "format": "pdf", "parameters": {"months": 99}},
            "parameters.months",
        ),
    ],
)
def test_a_bad_request_names_its_field_and_writes_nothing(api, academy, body, field):
    assert_error(ask(api, "psw", body), 400, fields={field})
    assert not ReportRun.objects.exists()


def test_a_request_that_is_not_json_is_refused_with_the_one_error_format(api, academy):
    response = api("psw").post(
        f"{API}/reports/", "kind=academy_overview", content_type="text/plain"
    )
    assert_error(response, 415)


# ---------------------------------------------------------------------------------------------
# Following a run to its file
# ---------------------------------------------------------------------------------------------
def test_a_run_asked_for_is_compiled_on_commit_and_then_offers_its_file(
    api, academy, django_capture_on_commit_callbacks
):
    client = api("psw")
    body = kinds_body(academy)["cohort_progression"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{API}/reports/", body, format="json")
    assert response.status_code == 201
    run_id = response.json()["id"]

    detail = client.get(f"{API}/reports/{run_id}/").json()
    assert detail["status"] == "done"
    assert detail["progress"] == 100
    assert detail["error"] is None
    assert detail["kind"] == "cohort_progression"
    assert detail["kind_name"] == "Cohort progression"
    assert detail["parameters"] == body["parameters"]
    assert detail["format"] == "xlsx"
    assert detail["requested_by"] == {
        "id": academy.people["psw"].pk,
        "full_name": "Psw Tester",
    }
    assert detail["started_at"] <= detail["finished_at"]
    assert detail["row_counts"]
    assert detail["download_url"] == f"http://testserver{API}/reports/{run_id}/download/"

    download = client.get(detail["download_url"], HTTP_ACCEPT="application/json")
    assert download.status_code == 200
    assert download["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert download["Content-Disposition"].startswith("attachment; filename=")
    assert "cohort_progression-" in download["Content-Disposition"]
    assert download["Content-Disposition"].endswith(f'-{run_id}.xlsx"')
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert workbook.sheetnames


@pytest.mark.parametrize(
    ("format", "content_type", "starts"),
    [
        ("csv", "text/csv", b""),
        ("pdf", "application/pdf", b"%PDF"),
    ],
)
def test_each_format_downloads_with_its_content_type(api, academy, format, content_type, starts):
    run = compiled(requested(academy, "psw", "academy_overview", format=format))
    response = api("psw").get(f"{API}/reports/{run.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].endswith(f'-{run.pk}.{format}"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(starts)


def test_a_queued_run_shows_its_progress_and_no_file_yet(api, academy):
    run = placed(academy.people["psw"], status="running", progress=40)
    detail = api("psw").get(f"{API}/reports/{run.pk}/").json()
    assert (detail["status"], detail["progress"]) == ("running", 40)
    assert detail["download_url"] is None
    assert detail["error"] is None
    assert detail["finished_at"] is None
    assert_error(api("psw").get(f"{API}/reports/{run.pk}/download/"), 404)


def test_a_failed_run_shows_the_error_and_no_file(api, academy):
    run = placed(
        academy.people["psw"], status="failed", progress=35, error="ValueError: no such cohort"
    )
    detail = api("psw").get(f"{API}/reports/{run.pk}/").json()
    assert detail["status"] == "failed"
    assert detail["error"] == "ValueError: no such cohort"
    assert detail["download_url"] is None
    assert_error(api("psw").get(f"{API}/reports/{run.pk}/download/"), 404)


# ---------------------------------------------------------------------------------------------
# Who may read a run and its file
# ---------------------------------------------------------------------------------------------
def test_a_run_is_read_by_its_requester_and_admins_and_no_one_else(api, academy):
    run = compiled(requested(academy, "dass"))
    for login in ROLE_LOGINS:
        detail = api(login).get(f"{API}/reports/{run.pk}/")
        download = api(login).get(f"{API}/reports/{run.pk}/download/")
        if login in ("dass", "admin"):
            assert detail.status_code == 200, login
            assert download.status_code == 200, login
        else:
            assert_error(detail, 404)
            assert_error(download, 404)
    assert_error(api(None).get(f"{API}/reports/{run.pk}/download/"), 401)
    assert_error(api("psw").get(f"{API}/reports/987654321/"), 404)


def test_a_scheduled_run_is_read_by_the_schedules_subscribers(api, academy):
    schedule = schedule_for(academy, [academy.people["nqsw"], academy.people["manager"]])
    run = placed(academy.people["psw"], schedule=schedule, status="queued")
    compiled(run)
    for login in ("nqsw", "manager", "psw", "admin"):
        assert api(login).get(f"{API}/reports/{run.pk}/download/").status_code == 200, login
    for login in ("worker", "dass", "coordinator"):
        assert_error(api(login).get(f"{API}/reports/{run.pk}/download/"), 404)


def test_a_file_missing_from_storage_is_a_404_not_a_crash(api, academy, media):  # noqa: F811
    run = compiled(requested(academy, "psw"))
    (media / run.file.name).unlink()
    assert_error(api("psw").get(f"{API}/reports/{run.pk}/download/"), 404)


# ---------------------------------------------------------------------------------------------
# The list of my runs
# ---------------------------------------------------------------------------------------------
def test_the_list_holds_the_callers_runs_newest_first_and_admins_see_all(api, academy):
    first = placed(academy.people["psw"], status="done", progress=100)
    second = placed(academy.people["psw"], kind="cpd_readiness")
    theirs = placed(academy.people["dass"])
    ids = [row["id"] for row in api("psw").get(f"{API}/reports/").json()["results"]]
    assert ids == [second.pk, first.pk]
    assert [row["id"] for row in api("dass").get(f"{API}/reports/").json()["results"]] == [
        theirs.pk
    ]
    assert api("nqsw").get(f"{API}/reports/").json()["results"] == []
    everything = api("admin").get(f"{API}/reports/").json()["results"]
    assert [row["id"] for row in everything] == [theirs.pk, second.pk, first.pk]


def test_the_list_pages_by_cursor_without_repeating_or_skipping(api, academy):
    runs = [placed(academy.people["psw"]) for _ in range(5)]
    client = api("psw")
    seen: list[int] = []
    url: str | None = f"{API}/reports/?page_size=2"
    while url:
        page = client.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert seen == [run.pk for run in reversed(runs)]
    assert_error(client.get(f"{API}/reports/?cursor=nonsense"), 400, fields={"cursor"})


def _grow(academy: Any, n: int) -> None:
    schedule = schedule_for(academy, [academy.people["psw"]])
    for index in range(n):
        placed(
            academy.people["psw"],
            status=("queued", "running", "done", "failed")[index % 4],
            schedule=schedule if index % 2 else None,
        )


def test_the_list_runs_the_same_queries_for_one_run_as_for_forty(api, academy):
    client = api("psw")
    _grow(academy, 1)
    client.get(f"{API}/reports/")
    few = count_queries(lambda: client.get(f"{API}/reports/"))
    assert len(few[0].json()["results"]) == 1
    _grow(academy, 39)
    many = count_queries(lambda: client.get(f"{API}/reports/"))
    assert len(many[0].json()["results"]) == 40
    assert_same_queries(few[1], many[1], expected=AUTH + 1)


# ---------------------------------------------------------------------------------------------
# The kinds
# ---------------------------------------------------------------------------------------------
def _kinds(api: Any, login: str) -> dict[str, dict[str, Any]]:
    response = api(login).get(f"{API}/report-kinds/")
    assert response.status_code == 200
    return {kind["kind"]: kind for kind in response.json()}


def _parameter(kind: dict[str, Any], name: str) -> dict[str, Any]:
    return next(p for p in kind["parameters"] if p["name"] == name)


def test_the_kinds_say_what_each_role_may_ask_for(api, academy):
    for login in ROLE_LOGINS:
        offered = {kind for kind, row in _kinds(api, login).items() if row["may_request"]}
        assert offered == {kind for kind, givers in GIVES.items() if login in givers}, login


def test_the_kinds_list_formats_and_the_cohorts_and_teams_the_caller_may_name(api, academy):
    group = cohort()
    psw = _kinds(api, "psw")
    assert [f["format"] for f in psw["cqc_evidence"]["formats"]] == ["pdf"]
    assert [f["format"] for f in psw["academy_overview"]["formats"]] == ["csv", "xlsx", "pdf"]
    assert _parameter(psw["cohort_progression"], "cohort")["choices"] == [
        {"value": group.pk, "label": group.name}
    ]
    assert _parameter(psw["cohort_progression"], "cohort")["required"] is True
    assert {c["label"] for c in _parameter(psw["training_compliance"], "team")["choices"]} == {
        "North Locality",
        "Hospital Discharge",
        "Community Mental Health",
    }
    manager = _kinds(api, "manager")
    assert _parameter(manager["training_compliance"], "team")["choices"] == [
        {"value": academy.teams["a"].pk, "label": "North Locality"}
    ]
    # Nothing is listed for a kind the caller may not ask for.
    assert _parameter(manager["cohort_progression"], "cohort")["choices"] is None
    assert _parameter(_kinds(api, "nqsw")["training_compliance"], "team")["choices"] is None


def test_the_advertised_parameters_are_what_the_compilers_read(academy):
    group = cohort()
    assert set(PARAMETERS) == set(COMPILERS)
    examples = {"cohort": group.pk, "team": academy.teams["a"].pk, "start": "2026-04"}
    for kind, parameters in PARAMETERS.items():
        required = {p.name: examples[p.name] for p in parameters if p.required}
        cleaned = COMPILERS[kind].clean(required)
        for parameter in parameters:
            if parameter.default is not None:
                assert cleaned[parameter.name] == parameter.default, (kind, parameter.name)
        assert set(cleaned) <= {p.name for p in parameters}, kind


# ---------------------------------------------------------------------------------------------
# The PSW's schedules
# ---------------------------------------------------------------------------------------------
def _schedule_body(academy: Any, **changes: Any) -> dict[str, Any]:
    body = {
        "kind": "academy_overview",
        "format": "xlsx",
        "frequency": "monthly",
        "day": 1,
        "subscribers": [academy.people["dass"].pk, academy.people["manager"].pk],
    }
    return {**body, **changes}


def test_the_psw_subscribes_people_changes_and_deactivates_a_schedule(api, academy):
    client = api("psw")
    created = client.post(f"{API}/report-schedules/", _schedule_body(academy), format="json")
    assert created.status_code == 201, created.content
    schedule = created.json()
    assert schedule["kind"] == "academy_overview"
    assert schedule["active"] is True
    assert [p["full_name"] for p in schedule["subscribers"]] == ["Dass Tester", "Manager Tester"]

    changed = client.patch(
        f"{API}/report-schedules/{schedule['id']}/",
        {"frequency": "weekly", "day": 5, "subscribers": [academy.people["dass"].pk]},
        format="json",
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["frequency"], changed.json()["day"]) == ("weekly", 5)
    assert [p["full_name"] for p in changed.json()["subscribers"]] == ["Dass Tester"]
    assert changed.json()["format"] == "xlsx"  # untouched

    stopped = client.post(f"{API}/report-schedules/{schedule['id']}/deactivate/")
    assert stopped.status_code == 200
    assert stopped.json()["active"] is False
    assert not ReportSchedule.objects.get(pk=schedule["id"]).active
    listed = client.get(f"{API}/report-schedules/").json()["results"]
    assert [(row["id"], row["active"]) for row in listed] == [(schedule["id"], False)]
    assert client.get(f"{API}/report-schedules/{schedule['id']}/").json()["active"] is False


def test_only_the_psw_and_admins_keep_schedules(api, academy):
    schedule = schedule_for(academy, [academy.people["dass"]])
    for login in ROLE_LOGINS:
        client = api(login)
        listed = client.get(f"{API}/report-schedules/")
        created = client.post(f"{API}/report-schedules/", _schedule_body(academy), format="json")
        stopped = client.post(f"{API}/report-schedules/{schedule.pk}/deactivate/")
        if login in ("psw", "admin"):
            assert (listed.status_code, created.status_code) == (200, 201), login
            assert stopped.status_code == 200
        else:
            for response in (listed, created, stopped):
                assert_error(response, 403)
    assert_error(api(None).get(f"{API}/report-schedules/"), 401)
    assert_error(api("psw").get(f"{API}/report-schedules/987654321/"), 404)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"day": 30}, "day"),
        ({"frequency": "weekly", "day": 8}, "day"),
        ({"frequency": "daily"}, "frequency"),
        ({"subscribers": []}, "subscribers"),
        ({"subscribers": [987654321]}, "subscribers"),
        ({"kind": "cqc_evidence", "format": "xlsx"}, "format"),
        ({"kind": "cohort_progression"}, "parameters.cohort"),
    ],
)
def test_a_bad_schedule_names_its_field_and_writes_nothing(api, academy, changes, field):
    response = api("psw").post(
        f"{API}/report-schedules/", _schedule_body(academy, **changes), format="json"
    )
    assert_error(response, 400, fields={field})
    assert not ReportSchedule.objects.exists()


def test_only_people_with_accounts_may_be_subscribed(api, academy):
    no_account = PersonFactory(first_name="Ada", last_name="Paper", team=academy.teams["a"])
    body = _schedule_body(academy, subscribers=[academy.people["dass"].pk, no_account.pk])
    errors = assert_error(
        api("psw").post(f"{API}/report-schedules/", body, format="json"),
        400,
        fields={"subscribers"},
    )
    assert "Ada Paper" in errors[0]["message"]


def test_the_schedules_list_runs_the_same_queries_for_one_as_for_forty(api, academy):
    client = api("psw")
    people = [academy.people[login] for login in ("dass", "manager", "nqsw")]

    def grow(n: int) -> None:
        for index in range(n):
            schedule_for(academy, people[: 1 + index % 3])

    grow(1)
    client.get(f"{API}/report-schedules/")
    few = count_queries(lambda: client.get(f"{API}/report-schedules/"))
    grow(39)
    many = count_queries(lambda: client.get(f"{API}/report-schedules/"))
    assert len(many[0].json()["results"]) == 40
    assert_same_queries(few[1], many[1], expected=AUTH + 2)  # schedules, their subscribers
