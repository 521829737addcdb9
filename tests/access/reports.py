# ruff: noqa: E501  (the matrix below is a wide table, one request per line)
"""The access matrix's rows for reports (see ``tests.test_access_matrix`` for how to read them).

The rules (``academy.reports.permissions``): the PSW, DASS, principal OT and admins ask for every
kind of report; training coordinators the training kinds; a team manager training compliance for
a team they manage. Anyone signed in lists their own runs (an admin, every run). A run is read,
and its file downloaded, by whoever asked for it, the subscribers of its schedule and admins; to
anyone else it is a 404. Only the PSW and admins keep schedules; anyone else is refused them
(403) whatever the schedule, one that does not exist included.

Placeholders: ``{r_run}`` the academy overview ``psw`` asked for, compiled, with its file;
``{r_manager_run}`` training compliance for team A that ``manager`` asked for, compiled;
``{r_schedule}`` the PSW's monthly academy overview sent to ``nqsw``; ``{r_scheduled}`` one of its
runs, compiled. Asking for a report only queues its run: the compile is put on the reports queue
after commit, and a cell never commits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.access.place import Payload, Place
from tests.web.test_reports_support import compiled, placed, requested, schedule_for

MATRIX = """
# -- API: report runs (anyone signed in lists their own; a run is read by its requester, its schedule's subscribers and admins) --------------------------------
#                                                                             anon  psw   dass  pot   coord mgr   assr  sup   partn nqsw  wrkr  outs  nhs   admin
GET    /api/v1/reports/                                                       401   200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /api/v1/reports/                                                       401   201   201   201   201   201   403   403   403   403   403   403   403   201
DELETE /api/v1/reports/                                                       401   405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /api/v1/reports/{r_run}/                                               401   200   404   404   404   404   404   404   404   404   404   404   404   200
GET    /api/v1/reports/{r_manager_run}/                                       401   404   404   404   404   200   404   404   404   404   404   404   404   200
GET    /api/v1/reports/{r_scheduled}/                                         401   200   404   404   404   404   404   404   404   200   404   404   404   200
GET    /api/v1/reports/{missing}/                                             401   404   404   404   404   404   404   404   404   404   404   404   404   404
DELETE /api/v1/reports/{r_run}/                                               401   405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /api/v1/reports/{r_run}/download/                                      401   200   404   404   404   404   404   404   404   404   404   404   404   200
GET    /api/v1/reports/{r_manager_run}/download/                              401   404   404   404   404   200   404   404   404   404   404   404   404   200
GET    /api/v1/reports/{r_scheduled}/download/                                401   200   404   404   404   404   404   404   404   200   404   404   404   200
GET    /api/v1/reports/{missing}/download/                                    401   404   404   404   404   404   404   404   404   404   404   404   404   404
POST   /api/v1/reports/{r_run}/download/                                      401   405   405   405   405   405   405   405   405   405   405   405   405   405
# -- API: report kinds (everyone signed in; each kind says whether the caller may ask for it) ------------------------------------------------------------------
GET    /api/v1/report-kinds/                                                  401   200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /api/v1/report-kinds/                                                  401   405   405   405   405   405   405   405   405   405   405   405   405   405
# -- API: report schedules (only the PSW and admins keep them; anyone else is refused whatever the method) -----------------------------------------------------
GET    /api/v1/report-schedules/                                              401   200   403   403   403   403   403   403   403   403   403   403   403   200
POST   /api/v1/report-schedules/                                              401   201   403   403   403   403   403   403   403   403   403   403   403   201
DELETE /api/v1/report-schedules/                                              401   405   403   403   403   403   403   403   403   403   403   403   403   405
GET    /api/v1/report-schedules/{r_schedule}/                                 401   200   403   403   403   403   403   403   403   403   403   403   403   200
GET    /api/v1/report-schedules/{missing}/                                    401   404   403   403   403   403   403   403   403   403   403   403   403   404
PATCH  /api/v1/report-schedules/{r_schedule}/                                 401   200   403   403   403   403   403   403   403   403   403   403   403   200
PATCH  /api/v1/report-schedules/{missing}/                                    401   404   403   403   403   403   403   403   403   403   403   403   403   404
DELETE /api/v1/report-schedules/{r_schedule}/                                 401   405   403   403   403   403   403   403   403   403   403   403   403   405
POST   /api/v1/report-schedules/{r_schedule}/deactivate/                      401   200   403   403   403   403   403   403   403   403   403   403   403   200
POST   /api/v1/report-schedules/{missing}/deactivate/                         401   404   403   403   403   403   403   403   403   403   403   403   403   404
GET    /api/v1/report-schedules/{r_schedule}/deactivate/                      401   405   403   403   403   403   403   403   403   403   403   403   403   405
# -- Pages: reports (asked for by the leads, coordinators and team managers; a run as in the API) --------------------------------------------------------------
GET    /reports/                                                              login 200   200   200   200   200   403   403   403   403   403   403   403   200
POST   /reports/                                                              login 302   302   302   302   302   403   403   403   403   403   403   403   302
GET    /reports/{r_run}/                                                      login 200   404   404   404   404   404   404   404   404   404   404   404   200
GET    /reports/{r_manager_run}/                                              login 404   404   404   404   200   404   404   404   404   404   404   404   200
GET    /reports/{r_scheduled}/                                                login 200   404   404   404   404   404   404   404   200   404   404   404   200
GET    /reports/{missing}/                                                    login 404   404   404   404   404   404   404   404   404   404   404   404   404
POST   /reports/{r_run}/                                                      login 405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /reports/{r_run}/download/                                             login 200   404   404   404   404   404   404   404   404   404   404   404   200
GET    /reports/{r_manager_run}/download/                                     login 404   404   404   404   200   404   404   404   404   404   404   404   200
GET    /reports/{r_scheduled}/download/                                       login 200   404   404   404   404   404   404   404   200   404   404   404   200
GET    /reports/{missing}/download/                                           login 404   404   404   404   404   404   404   404   404   404   404   404   404
POST   /reports/{r_run}/download/                                             login 405   405   405   405   405   405   405   405   405   405   405   405   405
# -- Pages: the PSW's report schedules -------------------------------------------------------------------------------------------------------------------------
GET    /reports/schedules/                                                    login 200   403   403   403   403   403   403   403   403   403   403   403   200
POST   /reports/schedules/                                                    login 405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /reports/schedules/new/                                                login 200   403   403   403   403   403   403   403   403   403   403   403   200
POST   /reports/schedules/new/                                                login 302   403   403   403   403   403   403   403   403   403   403   403   302
POST   /reports/schedules/{r_schedule}/stop/                                  login 302   403   403   403   403   403   403   403   403   403   403   403   302
POST   /reports/schedules/{missing}/stop/                                     login 404   403   403   403   403   403   403   403   403   403   403   403   404
GET    /reports/schedules/{r_schedule}/stop/                                  login 405   405   405   405   405   405   405   405   405   405   405   405   405
"""


def _request(place: Place, login: str | None) -> dict[str, Any]:
    """Training compliance for team A: every role that asks for some report may ask for this
    (a team manager for the team they manage)."""
    return {
        "kind": "training_compliance",
        "parameters": {"team": place.pk("team_a")},
        "format": "csv",
    }


def _schedule(place: Place, login: str | None) -> dict[str, Any]:
    return {
        "kind": "academy_overview",
        "format": "xlsx",
        "frequency": "monthly",
        "day": 1,
        "subscribers": [place.pk("dass"), place.pk("manager")],
    }


def _schedule_change(place: Place, login: str | None) -> dict[str, Any]:
    return {"frequency": "weekly", "day": 5}


PAYLOADS: dict[str, Payload] = {
    "POST /api/v1/reports/": _request,
    "POST /api/v1/report-schedules/": _schedule,
    "PATCH /api/v1/report-schedules/{r_schedule}/": _schedule_change,
    "PATCH /api/v1/report-schedules/{missing}/": _schedule_change,
    "POST /reports/": lambda p, _: {
        "kind": "training_compliance",
        "team": p.pk("team_a"),
        "format": "csv",
    },
    "POST /reports/schedules/new/": lambda p, _: {
        "kind": "academy_overview",
        "format": "xlsx",
        "frequency": "monthly",
        "day_of_month": "1",
        "subscribers": p.pk("dass"),
    },
}

STATES: dict[str, Callable[[Place], None]] = {}


def build(place: Place) -> None:
    """What reports add to the scenario, with the ids their placeholders stand for."""
    academy = place.academy
    run = compiled(requested(academy, "psw", "academy_overview", format="csv"))
    manager_run = compiled(
        requested(academy, "manager", "training_compliance", {"team": place.pk("team_a")})
    )
    schedule = schedule_for(academy, [place.person("nqsw")])
    scheduled = compiled(placed(place.person("psw"), schedule=schedule, format="xlsx"))
    place.ids.update(
        r_run=str(run.pk),
        r_manager_run=str(manager_run.pk),
        r_schedule=str(schedule.pk),
        r_scheduled=str(scheduled.pk),
    )
