"""Who may request which report, and who may read a run's file."""

from __future__ import annotations

import pytest

from academy.people.permissions import ANONYMOUS, viewer_for
from academy.reports.models import Kind, ReportRun, ReportSchedule
from academy.reports.permissions import may_read, may_request
from academy.reports.selectors import subscriber_ids
from tests.conftest import ROLE_LOGINS

pytestmark = pytest.mark.django_db

ALL = frozenset(Kind.values)
TRAINING = frozenset({"training_compliance", "cpd_readiness"})
#: The kinds each login may request (a team manager's only for their own team: see below).
MAY_REQUEST = {
    "psw": ALL,
    "dass": ALL,
    "principal_ot": ALL,
    "admin": ALL,
    "coordinator": TRAINING,
    "manager": frozenset(),
    "assessor": frozenset(),
    "supervisor": frozenset(),
    "partner": frozenset(),
    "nqsw": frozenset(),
    "worker": frozenset(),
    "outsider": frozenset(),
    "nhs_staff": frozenset(),
}


def test_every_login_is_in_the_table():
    assert set(MAY_REQUEST) == set(ROLE_LOGINS)


@pytest.mark.parametrize("login", ROLE_LOGINS)
def test_who_may_request_each_kind_for_the_whole_academy(academy, login):
    viewer = viewer_for(academy.user(login))
    allowed = {kind for kind in Kind.values if may_request(viewer, kind, {})}
    assert allowed == MAY_REQUEST[login]


def test_a_team_manager_requests_training_compliance_for_their_own_team_only(academy):
    manager = viewer_for(academy.user("manager"))
    own, other = academy.teams["a"].pk, academy.teams["b"].pk
    assert may_request(manager, "training_compliance", {"team": own})
    assert not may_request(manager, "training_compliance", {"team": other})
    assert not may_request(manager, "training_compliance", {})
    for kind in ALL - {"training_compliance"}:
        assert not may_request(manager, kind, {"team": own}), kind


def test_nobody_signed_out_requests_anything():
    assert not any(may_request(ANONYMOUS, kind, {}) for kind in ALL)


def test_a_run_is_read_by_its_requester_its_subscribers_and_admins(academy):
    schedule = ReportSchedule.objects.create(kind="academy_overview", format="pdf")
    schedule.subscribers.set([academy.people["dass"]])
    run = ReportRun.objects.create(
        kind="academy_overview",
        format="pdf",
        requested_by=academy.people["psw"],
        schedule=schedule,
    )
    subscribers = subscriber_ids(run)
    assert subscribers == {academy.people["dass"].pk}
    readers = {
        login
        for login in ROLE_LOGINS
        if may_read(viewer_for(academy.user(login)), run, subscribers)
    }
    assert readers == {"psw", "dass", "admin"}
    assert not may_read(ANONYMOUS, run, subscribers)


def test_the_rules_permissions_answer_for_pages(academy):
    requesters = {login for login in ROLE_LOGINS if academy.user(login).has_perm("reports.request")}
    keepers = {login for login in ROLE_LOGINS if academy.user(login).has_perm("reports.schedule")}
    assert requesters == {"psw", "dass", "principal_ot", "coordinator", "manager", "admin"}
    assert keepers == {"psw", "admin"}
