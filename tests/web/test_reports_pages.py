"""What the reports pages show and do: the form offers each role the kinds it may ask for and
asks for each kind's own parameters; asking lands on the run's page, which shows the progress
and then the file or the error; the PSW schedules reports and stops them; each list runs a
fixed number of queries whatever its rows."""

from __future__ import annotations

from typing import Any

import pytest

from academy.common.links import link_to
from academy.reports.models import ReportRun, ReportSchedule
from tests.factories import PersonFactory
from tests.web.conftest import count_queries, page_of, queries_listed
from tests.web.test_pathways_support import cohort
from tests.web.test_reports_support import (  # noqa: F401  (fixture)
    compiled,
    media,
    placed,
    requested,
    schedule_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _files(media: Any) -> None:  # noqa: F811
    """Every test here keeps its report files in a folder of its own."""


def offered(page: Any, name: str) -> list[str]:
    return [e["attrs"]["value"] for e in page.find_all("input", name=name)]


def options(page: Any, select_id: str) -> list[str]:
    """The options of a select, by their text."""
    select = page.find("select", id=select_id)
    assert select is not None, select_id
    start = page.elements.index(select)
    found = []
    for element in page.elements[start + 1 :]:
        if element["tag"] == "select":
            break
        if element["tag"] == "option":
            found.append(element["text"].strip())
    return found


def nav_items(page: Any) -> list[str]:
    return page.texts("a", class_="govuk-service-navigation__link")[1:]


# ---------------------------------------------------------------------------------------------
# The form, by role
# ---------------------------------------------------------------------------------------------
ALL_KINDS = [
    "cohort_progression",
    "academy_overview",
    "training_compliance",
    "audit_summary",
    "cpd_readiness",
    "cqc_evidence",
]


@pytest.mark.parametrize(
    ("login", "kinds"),
    [
        ("psw", ALL_KINDS),
        ("dass", ALL_KINDS),
        ("principal_ot", ALL_KINDS),
        ("admin", ALL_KINDS),
        ("coordinator", ["training_compliance", "cpd_readiness"]),
        ("manager", ["training_compliance"]),
    ],
)
def test_the_form_offers_each_role_the_kinds_it_may_ask_for(academy, login, kinds):
    page = page_of(academy.client(login).get("/reports/"))
    assert page.h1 == "Reports"
    assert offered(page, "kind") == kinds
    assert offered(page, "format") == ["csv", "xlsx", "pdf"]


def test_a_team_manager_chooses_among_their_own_teams_only(academy):
    page = page_of(academy.client("manager").get("/reports/"))
    assert options(page, "id_team") == ["Choose your team", "North Locality"]
    leads = page_of(academy.client("psw").get("/reports/"))
    assert options(leads, "id_team") == [
        "The whole academy",
        "Community Mental Health",
        "Hospital Discharge",
        "North Locality",
    ]


def test_reports_is_in_the_navigation_of_those_who_may_ask(academy):
    for login in ("psw", "coordinator", "manager", "dass"):
        assert "Reports" in nav_items(page_of(academy.client(login).get("/"))), login
    for login in ("nqsw", "assessor", "partner", "worker"):
        assert "Reports" not in nav_items(page_of(academy.client(login).get("/"))), login


# ---------------------------------------------------------------------------------------------
# Asking for a report
# ---------------------------------------------------------------------------------------------
def test_the_psw_asks_for_a_cohort_report_and_lands_on_its_page_with_the_file(
    academy, django_capture_on_commit_callbacks
):
    group = cohort(name="ASYE spring")
    client = academy.client("psw")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/reports/", {"kind": "cohort_progression", "cohort": group.pk, "format": "xlsx"}
        )
    run = ReportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/reports/{run.pk}/"
    assert (run.kind, run.parameters, run.format) == (
        "cohort_progression",
        {"cohort": group.pk},
        "xlsx",
    )
    page = page_of(client.get(response["Location"]))
    assert page.h1 == "Cohort progression"
    assert page.text("strong", data_report_tag="") == "Ready"
    assert page.text("p", data_report_status="") == "Ready to download."
    assert page.find("div", data_report_download="", hidden="") is None
    assert page.find("div", data_report_progress="", hidden="") is not None
    link = page.find("a", href=f"/reports/{run.pk}/download/")
    assert link is not None
    assert "Download the report" in link["text"]
    assert page.table_rows() == []  # no table: the details are a summary list
    assert "ASYE spring" in page.texts("dd", class_="govuk-summary-list__value")

    download = client.get(f"/reports/{run.pk}/download/")
    assert download.status_code == 200
    assert download["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert download["Content-Disposition"].endswith(f'-{run.pk}.xlsx"')

    listing = page_of(client.get("/reports/"))
    assert listing.table_rows("Your reports, newest first") == [
        [
            "Cohort progression",
            "ASYE spring",
            "Excel workbook",
            f"{run.created_at:%-d %b %Y, %H:%M}",
            "Ready",
            f"Download the cohort progression asked for {run.created_at:%-d %b %Y, %H:%M}",
        ]
    ]


@pytest.mark.parametrize(
    ("data", "parameters"),
    [
        ({"kind": "academy_overview"}, {}),
        ({"kind": "training_compliance", "team": ""}, {}),
        (
            {"kind": "audit_summary", "period": "quarter:2026-04"},
            {"period": "quarter", "start": "2026-04"},
        ),
        (
            {"kind": "audit_summary", "period": "month:2026-05"},
            {"period": "month", "start": "2026-05"},
        ),
        ({"kind": "cqc_evidence", "months": "6"}, {"months": 6}),
        ({"kind": "cqc_evidence", "months": ""}, {"months": 12}),
    ],
)
def test_each_kind_takes_its_own_parameters_from_the_form(academy, data, parameters):
    format = "pdf" if data["kind"] == "cqc_evidence" else "csv"
    # Another kind's fields, filled in and then left, are not read.
    response = academy.client("psw").post(
        "/reports/", {"cohort": cohort().pk, **data, "format": format}
    )
    assert response.status_code == 302, page_of(response).error_summary_links()
    assert ReportRun.objects.get().parameters == parameters


def test_an_empty_form_says_what_to_choose_and_links_each_problem_to_its_field(academy):
    page = page_of(academy.client("psw").post("/reports/", {}))
    assert page.error_summary_links() == {
        "id_kind": "Choose a report",
        "id_format": "Choose a format",
    }
    assert page.title.startswith("Error: ")
    assert not ReportRun.objects.exists()


@pytest.mark.parametrize(
    ("login", "data", "field", "message"),
    [
        ("psw", {"kind": "cohort_progression"}, "id_cohort", "Choose a cohort"),
        ("psw", {"kind": "audit_summary"}, "id_period", "Choose a month or quarter"),
        (
            "psw",
            {"kind": "audit_summary", "period": "year:2026"},
            "id_period",
            "Choose a month or quarter from the list",
        ),
        (
            "psw",
            {"kind": "cqc_evidence", "months": "40"},
            "id_months",
            "Give the number of months to cover (1 to 36).",
        ),
        (
            "psw",
            {"kind": "cqc_evidence", "months": "a year"},
            "id_months",
            "The number of months must be a whole number, like 12",
        ),
        ("manager", {"kind": "training_compliance"}, "id_team", "Choose your team"),
        ("coordinator", {"kind": "cohort_progression"}, "id_kind", "Choose a report from the list"),
    ],
)
def test_each_problem_shows_on_its_field_and_nothing_is_asked_for(
    academy, login, data, field, message
):
    format = "pdf" if data["kind"] == "cqc_evidence" else "csv"
    page = page_of(academy.client(login).post("/reports/", {**data, "format": format}))
    assert page.error_summary_links() == {field: message}
    assert page.field_error(field) == f"Error: {message}"
    assert not ReportRun.objects.exists()


def test_a_team_manager_cannot_ask_for_another_teams_compliance(academy):
    page = page_of(
        academy.client("manager").post(
            "/reports/",
            {"kind": "training_compliance", "team": academy.teams["b"].pk, "format": "csv"},
        )
    )
    assert page.error_summary_links() == {"id_team": "Choose a team from the list"}
    assert not ReportRun.objects.exists()


def test_a_format_the_kind_does_not_come_in_is_refused_on_the_format(academy):
    page = page_of(
        academy.client("psw").post("/reports/", {"kind": "cqc_evidence", "format": "csv"})
    )
    assert page.error_summary_links() == {
        "id_format": "CQC evidence: learning, improvement and innovation comes as: pdf."
    }
    assert not ReportRun.objects.exists()


# ---------------------------------------------------------------------------------------------
# A run's page
# ---------------------------------------------------------------------------------------------
def test_a_compiling_run_shows_its_progress_and_how_to_follow_it(academy):
    run = placed(academy.people["psw"], kind="cpd_readiness", status="running", progress=40)
    page = page_of(academy.client("psw").get(f"/reports/{run.pk}/"))
    assert page.h1 == "CPD readiness for Social Work England renewal"
    bar = page.find("progress", id="report-progress")
    assert bar is not None
    assert (bar["attrs"]["value"], bar["attrs"]["max"]) == ("40", "100")
    assert page.find("label", for_="report-progress") is not None
    assert page.text("strong", data_report_tag="") == "Compiling"
    status = page.find("p", data_report_status="")
    assert status is not None
    assert status["attrs"]["role"] == "status"
    assert status["text"] == "Compiling: 40% done."
    assert page.text("p", data_report_refresh="") == "Refresh this page to see how it is going."
    assert page.find("div", data_report_download="", hidden="") is not None
    assert page.find("div", data_report_failure="", hidden="") is not None
    root = page.find("div", data_report_run="")
    assert root is not None
    assert root["attrs"]["data-status-url"] == f"/api/v1/reports/{run.pk}/"
    assert root["attrs"]["data-finished"] == "false"
    assert page.find("script", src="/static/web/report-progress.mjs") is not None
    assert academy.client("psw").get(f"/reports/{run.pk}/download/").status_code == 404


def test_a_failed_run_shows_its_error_and_no_file(academy):
    run = placed(
        academy.people["psw"], status="failed", progress=20, error="ValueError: no such cohort"
    )
    page = page_of(academy.client("psw").get(f"/reports/{run.pk}/"))
    assert page.text("strong", data_report_tag="") == "Failed"
    assert page.text("p", data_report_status="") == "The report could not be compiled."
    assert page.text("span", data_report_error="") == "ValueError: no such cohort"
    assert page.find("div", data_report_failure="", hidden="") is None
    assert page.find("div", data_report_download="", hidden="") is not None
    assert page.find("a", href="/reports/") is not None  # ask again
    assert page.find("div", data_report_run="")["attrs"]["data-finished"] == "true"


def test_a_subscriber_reads_a_scheduled_run_from_the_link_in_their_message(academy):
    schedule = schedule_for(academy, [academy.people["nqsw"]])
    run = compiled(placed(academy.people["psw"], schedule=schedule))
    assert link_to("report", run.pk) == f"/reports/{run.pk}/"
    page = page_of(academy.client("nqsw").get(link_to("report", run.pk)))
    assert page.h1 == "Academy overview"
    assert page.find("a", class_="govuk-back-link")["attrs"]["href"] == "/"
    assert academy.client("nqsw").get(f"/reports/{run.pk}/download/").status_code == 200


# ---------------------------------------------------------------------------------------------
# Schedules
# ---------------------------------------------------------------------------------------------
def test_the_psw_schedules_a_report_for_people_chosen_and_named_by_email(academy):
    paper = PersonFactory(
        first_name="Board", last_name="Member", work_email="board@example.org", account=True
    )
    client = academy.client("psw")
    page = page_of(client.get("/reports/schedules/new/"))
    assert page.h1 == "Schedule a report"
    subscribers = {e["attrs"]["value"] for e in page.find_all("input", name="subscribers")}
    assert str(academy.people["dass"].pk) in subscribers
    assert str(academy.people["nqsw"].pk) not in subscribers  # offered by email instead
    response = client.post(
        "/reports/schedules/new/",
        {
            "kind": "training_compliance",
            "team": academy.teams["a"].pk,
            "format": "xlsx",
            "frequency": "weekly",
            "day_of_week": "1",
            "subscribers": [academy.people["dass"].pk],
            "others": "BOARD@example.org\nnqsw@example.org",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/reports/schedules/"
    schedule = ReportSchedule.objects.get()
    assert (schedule.kind, schedule.parameters, schedule.frequency, schedule.day) == (
        "training_compliance",
        {"team": academy.teams["a"].pk},
        "weekly",
        1,
    )
    assert set(schedule.subscribers.all()) == {
        academy.people["dass"],
        academy.people["nqsw"],
        paper,
    }
    listing = page_of(client.get("/reports/schedules/"))
    assert listing.text("p", class_="govuk-notification-banner__heading") == (
        "The training compliance is scheduled."
    )
    [row] = listing.table_rows("Report schedules, by report")
    assert row[:5] == [
        "Training complianceNorth Locality, Excel workbook",
        "Every Monday",
        "Board MemberDass TesterNqsw Tester",
        "Not yet",
        "Active",
    ]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"frequency": "monthly"}, "id_day_of_month", "Enter the day of the month"),
        ({"frequency": "weekly"}, "id_day_of_week", "Choose the day of the week"),
        (
            {"frequency": "monthly", "day_of_month": "31"},
            "id_day_of_month",
            "Choose a day of the month from 1 to 28.",
        ),
        (
            {"frequency": "monthly", "day_of_month": "1", "subscribers": []},
            "id_subscribers",
            "Choose at least one person to send it to",
        ),
        (
            {"frequency": "monthly", "day_of_month": "1", "others": "nobody@example.org"},
            "id_others",
            "Nobody has the work email address nobody@example.org",
        ),
    ],
)
def test_each_problem_with_a_schedule_shows_on_its_field(academy, data, field, message):
    body = {
        "kind": "academy_overview",
        "format": "csv",
        "subscribers": [academy.people["dass"].pk],
        **data,
    }
    page = page_of(academy.client("psw").post("/reports/schedules/new/", body))
    assert page.error_summary_links() == {field: message}
    assert not ReportSchedule.objects.exists()


def test_someone_without_an_account_is_refused_by_name(academy):
    PersonFactory(first_name="Ada", last_name="Paper", work_email="ada@example.org")
    body = {
        "kind": "academy_overview",
        "format": "csv",
        "frequency": "monthly",
        "day_of_month": "1",
        "others": "ada@example.org",
    }
    page = page_of(academy.client("psw").post("/reports/schedules/new/", body))
    assert page.error_summary_links() == {
        "id_subscribers": "Only people with accounts can download reports: Ada Paper."
    }


def test_a_monthly_audit_summary_schedule_reports_the_last_whole_month_each_time(academy):
    """A schedule of the audit summary can name no fixed month, so that each run reports the
    last whole month before it compiles, not the same month for ever."""
    client = academy.client("psw")
    page = page_of(client.get("/reports/schedules/new/"))
    offered = {o["attrs"]["value"] for o in page.find_all("option")}
    assert {"month:", "quarter:"} <= offered
    response = client.post(
        "/reports/schedules/new/",
        {
            "kind": "audit_summary",
            "period": "month:",
            "format": "pdf",
            "frequency": "monthly",
            "day_of_month": "1",
            "subscribers": [academy.people["dass"].pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    schedule = ReportSchedule.objects.get()
    # No start: the compiler takes the last whole month before each run compiles (pinned in
    # tests/reports/test_report_content.py).
    assert schedule.parameters == {"period": "month"}
    listing = page_of(client.get("/reports/schedules/"))
    assert "is scheduled" in listing.text("p", class_="govuk-notification-banner__heading")


def test_the_psw_stops_a_schedule_and_it_stays_listed_as_stopped(academy):
    schedule = schedule_for(academy, [academy.people["dass"]], frequency="monthly", day=3)
    client = academy.client("psw")
    response = client.post(f"/reports/schedules/{schedule.pk}/stop/")
    assert response.status_code == 302
    schedule.refresh_from_db()
    assert not schedule.active
    page = page_of(client.get("/reports/schedules/"))
    assert page.text("p", class_="govuk-notification-banner__heading") == (
        "The academy overview (monthly, on day 3) is stopped. Reports already sent can still "
        "be downloaded."
    )
    [row] = page.table_rows("Report schedules, by report")
    assert row[4] == "Stopped"
    assert page.find("button", class_="app-link-button", type="submit") is not None  # sign out
    assert not [b for b in page.texts("button") if b.startswith("Stop")]


# ---------------------------------------------------------------------------------------------
# Fixed numbers of queries
# ---------------------------------------------------------------------------------------------
def _runs(academy: Any, kind: str, n: int) -> None:
    parameters = {
        "cohort_progression": {"cohort": cohort().pk},
        "training_compliance": {"team": academy.teams["a"].pk},
        "audit_summary": {"period": "month", "start": "2026-04"},
        "academy_overview": {},
    }[kind]
    schedule = schedule_for(academy, [academy.people["psw"]])
    for index in range(n):
        placed(
            academy.people["psw"],
            kind=kind,
            parameters=parameters,
            status=("queued", "running", "done", "failed")[index % 4],
            schedule=schedule if index % 2 else None,
        )


@pytest.mark.parametrize(
    "kind", ["cohort_progression", "training_compliance", "audit_summary", "academy_overview"]
)
def test_the_reports_page_runs_the_same_queries_for_one_run_as_for_forty(academy, kind):
    client = academy.client("psw")
    _runs(academy, kind, 1)
    client.get("/reports/")
    with count_queries() as few:
        client.get("/reports/")
    _runs(academy, kind, 39)
    with count_queries() as many:
        response = client.get("/reports/")
    assert len(page_of(response).table_rows("Your reports, newest first")) == 25
    assert len(few) == len(many), queries_listed(many)


def test_the_schedules_page_runs_the_same_queries_for_one_schedule_as_for_forty(academy):
    client = academy.client("psw")
    people = [academy.people[login] for login in ("dass", "manager", "nqsw")]

    def grow(n: int) -> None:
        for index in range(n):
            schedule_for(academy, people[: 1 + index % 3])

    grow(1)
    client.get("/reports/schedules/")
    with count_queries() as few:
        client.get("/reports/schedules/")
    grow(39)
    with count_queries() as many:
        response = client.get("/reports/schedules/")
    assert len(page_of(response).table_rows("Report schedules, by report")) == 40
    assert len(few) == len(many), queries_listed(many)
