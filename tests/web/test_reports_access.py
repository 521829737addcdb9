"""Who may open each reports page: every role, by address. A run the login may not read is a
404 (its existence never leaks); a page its role does not give is a 403; a signed-out visitor
is sent to sign in.

``dass`` asked for the run (done, with its file); a monthly schedule sends its runs to
``nqsw``, and ``scheduled`` is one of them.
"""

from __future__ import annotations

import pytest

from tests.conftest import ROLE_LOGINS
from tests.web.test_reports_support import (  # noqa: F401  (fixture)
    compiled,
    media,
    placed,
    requested,
    schedule_for,
)

pytestmark = pytest.mark.django_db

ASKS = {"psw", "dass", "principal_ot", "coordinator", "manager", "admin"}
KEEPS_SCHEDULES = {"psw", "admin"}


def expected(allowed: set[str], visible: set[str] | None = None) -> dict[str, int]:
    """200 for ``allowed``; 403 for the rest of ``visible`` (everyone, when not given); 404 for
    those who may not see it."""
    return {
        login: 200 if login in allowed else 403 if visible is None or login in visible else 404
        for login in ROLE_LOGINS
    }


PAGES = {
    "/reports/": expected(ASKS),
    "/reports/{run}/": expected({"dass", "admin"}, set()),
    "/reports/{run}/download/": expected({"dass", "admin"}, set()),
    "/reports/{scheduled}/": expected({"nqsw", "psw", "admin"}, set()),
    "/reports/{scheduled}/download/": expected({"nqsw", "psw", "admin"}, set()),
    "/reports/987654321/": expected(set(), set()),
    "/reports/987654321/download/": expected(set(), set()),
    "/reports/schedules/": expected(KEEPS_SCHEDULES),
    "/reports/schedules/new/": expected(KEEPS_SCHEDULES),
}
#: Forms: an empty POST from those allowed shows the form again with its errors (200).
FORMS = ["/reports/", "/reports/schedules/new/"]


@pytest.fixture
def places(academy, media):  # noqa: F811
    run = compiled(requested(academy, "dass", "academy_overview", format="csv"))
    schedule = schedule_for(academy, [academy.people["nqsw"]])
    scheduled = compiled(placed(academy.people["psw"], schedule=schedule))
    return {"run": run.pk, "scheduled": scheduled.pk, "schedule": schedule.pk}


@pytest.mark.parametrize("address", sorted(PAGES))
def test_each_role_gets_each_page_as_the_rules_say(academy, places, address):
    url = address.format(**places)
    got = {login: academy.client(login).get(url).status_code for login in ROLE_LOGINS}
    assert got == PAGES[address]


@pytest.mark.parametrize("address", sorted(PAGES))
def test_signed_out_visitors_are_sent_to_sign_in(academy, places, address):
    url = address.format(**places)
    response = academy.client(None).get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next={url}"


@pytest.mark.parametrize("address", FORMS)
def test_each_form_refuses_a_post_as_it_refuses_the_page(academy, places, address):
    url = address.format(**places)
    got = {login: academy.client(login).post(url, {}).status_code for login in ROLE_LOGINS}
    assert got == PAGES[address]


def test_stopping_a_schedule_is_for_the_psw_and_admins_and_only_by_post(academy, places):
    url = "/reports/schedules/{schedule}/stop/".format(**places)
    got = {login: academy.client(login).post(url).status_code for login in ROLE_LOGINS}
    assert got == {login: 302 if login in KEEPS_SCHEDULES else 403 for login in ROLE_LOGINS}
    assert academy.client("psw").get(url).status_code == 405
    assert academy.client("psw").post("/reports/schedules/987654321/stop/").status_code == 404


def test_a_run_and_its_file_are_only_read(academy, places):
    for address in ("/reports/{run}/", "/reports/{run}/download/"):
        assert academy.client("dass").post(address.format(**places)).status_code == 405
