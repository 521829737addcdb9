"""Who may open each training page: every role, by address and method. Something a role may not
see is a 404 (its existence never leaks); something it sees but may not do is a 403; a
signed-out visitor is sent to sign in, except to a calendar feed, whose private address is its
key.

``nqsw`` (team A, managed by ``manager``) holds a place on a session to come; ``worker`` (team
A) has asked for a place on a course that needs a manager's approval; the course is not open to
NHS trust staff (``partner``, ``nhs_staff``).
"""

from __future__ import annotations

import datetime as dt

import pytest

from academy.common.dates import today
from academy.training import services
from academy.training.models import Booking, CpdEntry
from tests.conftest import ROLE_LOGINS
from tests.web.test_training_support import (
    book,
    coordinator_of,
    course,
    moved,
    series,
    session,
)

pytestmark = pytest.mark.django_db

EVERYONE = set(ROLE_LOGINS)
PEOPLE = EVERYONE - {"admin"}
SEES_ALL = {"psw", "dass", "principal_ot", "coordinator", "admin"}
COORDINATES = {"coordinator", "admin"}
SEES_NQSW = SEES_ALL | {"nqsw", "manager"}
BOOKS_FOR_NQSW = COORDINATES | {"nqsw", "manager"}
SEES_WORKER = SEES_ALL | {"worker", "manager"}
APPROVES = COORDINATES | {"manager"}
COMPLIANCE = SEES_ALL | {"manager", "partner"}
NOT_OPEN_TO = {"partner", "nhs_staff"}


def expected(allowed: set[str], visible: set[str] | None = None, ok: int = 200) -> dict[str, int]:
    """``ok`` for ``allowed``; 403 for the rest of ``visible`` (everyone, when not given); 404
    for those who may not see it."""
    statuses = {}
    for login in ROLE_LOGINS:
        if login in allowed:
            statuses[login] = ok
        elif visible is None or login in visible:
            statuses[login] = 403
        else:
            statuses[login] = 404
    return statuses


def only(statuses: dict[str, int], **changes: int) -> dict[str, int]:
    return {**statuses, **changes}


PAGES = {
    "/training/": expected(EVERYONE),
    "/training/courses/{course}/": expected(EVERYONE),
    "/training/courses/{retired}/": expected(COORDINATES, COORDINATES),
    "/training/courses/987654321/": expected(set(), set()),
    "/training/series/{series}/": expected(EVERYONE),
    "/training/series/no-such-series/": expected(set(), set()),
    "/training/sessions/{session}/": expected(EVERYONE),
    "/training/sessions/987654321/": expected(set(), set()),
    "/training/bookings/{booking}/": expected(SEES_NQSW, SEES_NQSW),
    "/training/bookings/{booking}/invite.ics": expected(SEES_NQSW, SEES_NQSW),
    "/training/bookings/{booking}/cancel/": expected(BOOKS_FOR_NQSW, SEES_NQSW),
    "/training/approvals/": expected(APPROVES),
    "/training/my-learning/": expected(EVERYONE),
    "/training/completions/{completion}/certificate/": expected(SEES_NQSW, SEES_NQSW),
    "/training/cpd/": expected(EVERYONE),
    "/training/cpd/new/": expected(PEOPLE),
    "/training/cpd/{entry}/": expected({"nqsw"}, {"nqsw"}),
    "/training/cpd/{entry}/edit/": expected({"nqsw"}, {"nqsw"}),
    "/training/cpd/{entry}/delete/": expected({"nqsw"}, {"nqsw"}),
    "/training/compliance/": expected(COMPLIANCE),
    "/training/admin/": expected(COORDINATES),
    "/training/admin/courses/new/": expected(COORDINATES),
    "/training/courses/{course}/edit/": expected(COORDINATES),
    "/training/courses/{retired}/edit/": expected(COORDINATES),
    "/training/admin/series/new/": expected(COORDINATES),
    "/training/series/{series}/edit/": expected(COORDINATES),
    "/training/admin/sessions/new/": expected(COORDINATES),
    "/training/sessions/{session}/edit/": expected(COORDINATES),
    "/training/sessions/{session}/cancel/": expected(COORDINATES),
    "/training/sessions/{session}/register/": expected(COORDINATES),
    "/training/sessions/{past}/register/": expected(COORDINATES),
    "/training/sessions/{session}/bookings/import/": expected(COORDINATES),
    "/training/admin/completions/new/": expected(COORDINATES),
    "/training/admin/completions/import/": expected(COORDINATES),
}
CANCEL = "/training/bookings/{booking}/cancel/"
#: Forms: an empty POST from those allowed shows the form again with its errors (200).
FORMS = [
    "/training/cpd/new/",
    "/training/cpd/{entry}/edit/",
    "/training/admin/courses/new/",
    "/training/courses/{course}/edit/",
    "/training/admin/series/new/",
    "/training/series/{series}/edit/",
    "/training/admin/sessions/new/",
    "/training/sessions/{session}/edit/",
    "/training/sessions/{session}/cancel/",
    "/training/sessions/{past}/register/",
    "/training/sessions/{session}/bookings/import/",
    "/training/admin/completions/new/",
    "/training/admin/completions/import/",
]
#: Actions taken by POST alone: the status each login gets for an empty POST, and a GET's 405.
ACTIONS = {
    # Booking oneself: a place (302 to the booking); nqsw already has one and the course is not
    # open to the trust's staff (the page again, with the reason); an admin account has no
    # person to book (403).
    "/training/sessions/{session}/book/": only(
        expected(PEOPLE, ok=302), nqsw=200, partner=200, nhs_staff=200
    ),
    # Deciding: an empty decision shows the booking again with the error.
    "/training/bookings/{request}/decide/": expected(APPROVES, SEES_WORKER),
    "/training/calendar/new/": expected(PEOPLE, ok=302),
    "/training/calendar/revoke/": expected(PEOPLE, ok=302),
}
#: Only read: a POST is refused with 405 (for those who may read them).
READ_ONLY = [
    "/training/bookings/{booking}/",
    "/training/bookings/{booking}/invite.ics",
    "/training/approvals/",
    "/training/my-learning/",
    "/training/completions/{completion}/certificate/",
    "/training/cpd/",
    "/training/cpd/{entry}/",
    "/training/compliance/",
    "/training/admin/",
]


@pytest.fixture
def places(academy):
    nqsw, worker = academy.people["nqsw"], academy.people["worker"]
    open_course = course("Safeguarding adults", required=[{"kind": "everyone"}])
    retired = course("Old course", active=False)
    week = series()
    upcoming = session(open_course, series=week)
    past = session(open_course)
    booking = book(upcoming, nqsw)
    book(past, nqsw, by=coordinator_of(academy))
    moved(past, days=-1)
    approval = session(course("Best interests assessment", approval=True))
    request = book(approval, worker)
    completion = services.completion_record(
        person=nqsw,
        course=open_course,
        completed_on=today() - dt.timedelta(days=30),
        actor=coordinator_of(academy),
    )
    entry = services.cpd_entry_save(
        person=nqsw,
        data={
            "title": "Reading on strengths-based practice",
            "activity_date": today(),
            "activity": "Read the guidance.",
            "learning": "Asking what matters.",
            "impact": "Better conversations.",
        },
    )
    feed = services.calendar_feed_for(person=nqsw)
    return {
        "course": open_course.pk,
        "retired": retired.pk,
        "series": week.slug,
        "session": upcoming.pk,
        "past": past.pk,
        "booking": booking.pk,
        "request": request.pk,
        "completion": completion.pk,
        "entry": entry.pk,
        "token": feed.token,
    }


@pytest.mark.parametrize("address", sorted(PAGES))
def test_each_role_gets_each_page_as_the_rules_say(academy, places, address):
    url = address.format(**places)
    got = {login: academy.client(login).get(url).status_code for login in ROLE_LOGINS}
    assert got == PAGES[address]


@pytest.mark.parametrize("address", sorted(PAGES) + sorted(ACTIONS))
def test_signed_out_visitors_are_sent_to_sign_in(academy, places, address):
    url = address.format(**places)
    client = academy.client(None)
    response = client.post(url) if address in ACTIONS else client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next={url}"


@pytest.mark.parametrize("address", FORMS)
def test_each_form_refuses_a_post_as_it_refuses_the_page(academy, places, address):
    url = address.format(**places)
    got = {login: academy.client(login).post(url, {}).status_code for login in ROLE_LOGINS}
    assert got == PAGES[address]


@pytest.mark.parametrize("address", sorted(ACTIONS))
def test_each_action_is_taken_by_post_alone_and_only_by_those_allowed(academy, places, address):
    url = address.format(**places)
    got = {login: academy.client(login).post(url, {}).status_code for login in ROLE_LOGINS}
    assert got == ACTIONS[address]
    assert academy.client("coordinator").get(url).status_code == 405


@pytest.mark.parametrize("address", READ_ONLY)
def test_pages_that_only_show_refuse_a_post(academy, places, address):
    url = address.format(**places)
    assert academy.client("admin").post(url).status_code == 405


@pytest.mark.parametrize("login", ROLE_LOGINS)
def test_cancelling_nqsws_booking_is_for_those_who_book_for_them(academy, places, login):
    """The reason is optional, so an empty POST from someone allowed cancels the booking."""
    url = "/training/bookings/{booking}/cancel/".format(**places)
    response = academy.client(login).post(url, {})
    allowed = login in BOOKS_FOR_NQSW
    assert response.status_code == (302 if allowed else PAGES[CANCEL][login])
    status = Booking.objects.get(pk=places["booking"]).status
    assert status == ("cancelled" if allowed else "booked")


def test_deleting_a_cpd_entry_is_for_its_owner_alone(academy, places):
    url = "/training/cpd/{entry}/delete/".format(**places)
    got = {
        login: academy.client(login).post(url).status_code
        for login in ROLE_LOGINS
        if login != "nqsw"
    }
    assert set(got.values()) == {404}
    assert CpdEntry.objects.filter(pk=places["entry"]).exists()
    assert academy.client("nqsw").post(url).status_code == 302
    assert not CpdEntry.objects.filter(pk=places["entry"]).exists()


def test_a_calendar_feed_needs_no_sign_in_and_an_unknown_address_is_not_found(academy, places):
    client = academy.client(None)
    response = client.get("/training/calendar/{token}.ics".format(**places))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert client.get("/training/calendar/not-a-real-address.ics").status_code == 404
    assert client.post("/training/calendar/{token}.ics".format(**places)).status_code == 405
