# ruff: noqa: E501  (the access table is a wide table, one request per line)
"""Training over the API: who gets what from every address, by role.

The other ``test_training_*`` files import the fixture and helpers defined here: ``training``
(``training_fixture``, described on it), ``at`` (a local time some days ahead), ``as_actor``
(a login's viewer, as the services take it) and ``csv_file``.

Each row of ``ACCESS`` is one request; each column the status a login gets (the same columns as
tests/test_access_matrix.py). A booking, completion or person the login may not see is 404; one
it sees but may not change is 403.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, resolve
from django.utils import timezone

from academy.pathways.models import PcfDomain
from academy.people.models import Person
from academy.people.permissions import Viewer, viewer_for
from academy.training import services
from academy.training.models import (
    Booking,
    BookingStatus,
    CalendarFeed,
    Completion,
    Course,
    CpdEntry,
    EventSeries,
    Session,
)
from tests.api.support import access_cases
from tests.conftest import Academy

pytestmark = pytest.mark.django_db

API = "/api/v1"


# ---------------------------------------------------------------------------------------------
# Fixtures and helpers shared by the training API tests
# ---------------------------------------------------------------------------------------------
def at(days: int, hour: int = 9, minute: int = 30) -> dt.datetime:
    """A local time ``days`` from today (an aware datetime)."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def as_actor(academy: Academy, login: str) -> Viewer:
    return viewer_for(academy.user(login))


def csv_file(text: str, name: str = "people.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), "text/csv")


def make_session(course: Course, *, days: int, capacity: int = 3, **data: Any) -> Session:
    return services.session_create(
        course=course,
        data={
            "starts_at": at(days),
            "ends_at": at(days, 12, 30),
            "venue": "County Hall, Room 2",
            "capacity": capacity,
            **data,
        },
    )


def book(session: Session, person: Person, actor: Viewer) -> Booking:
    return services.booking_create(session=session, person=person, actor=actor).booking


def move_to_the_past(session: Session, *, days_ago: int = 3) -> Session:
    """Sessions are booked before they start; a register needs one that has started."""
    Session.objects.filter(pk=session.pk).update(
        starts_at=at(-days_ago), ends_at=at(-days_ago, 12, 30)
    )
    session.refresh_from_db()
    return session


@dataclass
class Training:
    academy: Academy
    safeguarding: Course
    approval_course: Course
    week: EventSeries
    session: Session
    later: Session
    approval_session: Session
    past: Session
    booking: Booking
    nhs_booking: Booking
    request: Booking
    attended: Booking
    completion: Completion
    cpd: CpdEntry
    feed: CalendarFeed

    def person(self, login: str) -> Person:
        return self.academy.people[login]

    def actor(self, login: str) -> Viewer:
        return as_actor(self.academy, login)


@pytest.fixture(name="training")
def training_fixture(academy: Academy) -> Training:
    """The council's "Safeguarding adults" (everyone must hold it; open to NHS trust staff;
    36-month refresh) and "Practice educator refresher" (needs a manager's approval), the series
    "Safeguarding Week", and:

    - ``session``: safeguarding in the series, in 14 days, 3 places: ``nqsw`` booked (by
      themself, ``booking``) and ``nhs_staff`` (by ``partner``, ``nhs_booking``);
    - ``later``: safeguarding in 28 days, nobody booked;
    - ``approval_session``: the refresher in 21 days, ``worker``'s ``request`` awaiting approval;
    - ``past``: safeguarding 3 days ago, ``nqsw`` attended (``attended``), which completed the
      course (``completion``);
    - ``cpd``: a CPD entry of ``nqsw``'s; ``feed``: ``nqsw``'s calendar feed.
    """
    people = academy.people
    domains = PcfDomain.objects.filter(key__in=["knowledge", "values_ethics"])
    safeguarding = services.course_save(
        data={
            "title": "Safeguarding adults",
            "description": "Making safeguarding personal.",
            "provider": academy.council,
            "delivery_mode": Course.Mode.FACE_TO_FACE,
            "duration_minutes": 180,
            "cpd_hours": Decimal("3.00"),
            "refresh_months": 36,
            "partner_kinds": ["nhs_trust"],
        },
        requirements=[{"kind": "everyone"}],
        pcf_domains=domains,
    )
    approval_course = services.course_save(
        data={
            "title": "Practice educator refresher",
            "provider": academy.council,
            "delivery_mode": Course.Mode.LIVE_WEBINAR,
            "needs_manager_approval": True,
        },
    )
    week = services.series_save(
        data={
            "title": "Safeguarding Week",
            "slug": "safeguarding-week",
            "starts_on": at(14).date(),
            "ends_on": at(18).date(),
        }
    )
    session = make_session(safeguarding, days=14, series=week)
    later = make_session(safeguarding, days=28)
    approval_session = make_session(
        approval_course, days=21, capacity=5, venue="", joining_link="https://meet.example.org/pe"
    )
    past = make_session(safeguarding, days=1)

    booking = book(session, people["nqsw"], as_actor(academy, "nqsw"))
    nhs_booking = book(session, people["nhs_staff"], as_actor(academy, "partner"))
    request = book(approval_session, people["worker"], as_actor(academy, "worker"))
    attended = book(past, people["nqsw"], as_actor(academy, "nqsw"))
    move_to_the_past(past)
    services.attendance_record(
        session=past,
        marks=[(attended.pk, BookingStatus.ATTENDED)],
        actor=as_actor(academy, "coordinator"),
    )
    attended.refresh_from_db()
    cpd = services.cpd_entry_save(
        person=people["nqsw"],
        data={
            "title": "Reading on the Care Act",
            "activity_date": timezone.localdate() - dt.timedelta(days=2),
            "hours": Decimal("2.00"),
            "activity": "Read the statutory guidance, chapter 14.",
            "learning": "How enquiries are framed.",
            "impact": "Clearer safeguarding plans.",
        },
    )
    return Training(
        academy=academy,
        safeguarding=safeguarding,
        approval_course=approval_course,
        week=week,
        session=session,
        later=later,
        approval_session=approval_session,
        past=past,
        booking=booking,
        nhs_booking=nhs_booking,
        request=request,
        attended=attended,
        completion=Completion.objects.get(booking=attended),
        cpd=cpd,
        feed=services.calendar_feed_for(person=people["nqsw"]),
    )


# ---------------------------------------------------------------------------------------------
# Who gets what
# ---------------------------------------------------------------------------------------------
# {course}: safeguarding; {series}: the week; {session}: its session with nqsw and nhs_staff
# booked; {later}: a session with nobody booked; {past}: the session nqsw attended; {booking}:
# nqsw's place; {nhs_booking}: nhs_staff's place; {request}: worker's request; {attended}: nqsw's
# attended booking; {completion}: its completion; {cpd}: nqsw's CPD entry; {token}: nqsw's
# feed; {nqsw}, {nhs_staff}: people. "#x" ends an address whose body is BODIES["... #x"].
ACCESS = """
#                                                      anon psw  dass pot  coord mgr  assr sup  partn nqsw wrkr outs nhs  admin
GET    /courses/                                        401 200  200  200  200  200  200  200  200  200  200  200  200  200
POST   /courses/                                        401 403  403  403  201  403  403  403  403  403  403  403  403  201
GET    /courses/{course}/                               401 200  200  200  200  200  200  200  200  200  200  200  200  200
GET    /courses/{missing}/                              401 404  404  404  404  404  404  404  404  404  404  404  404  404
PATCH  /courses/{course}/                               401 403  403  403  200  403  403  403  403  403  403  403  403  200
PATCH  /courses/{missing}/                              401 403  403  403  404  403  403  403  403  403  403  403  403  404
DELETE /courses/{course}/                               401 405  405  405  405  405  405  405  405  405  405  405  405  405
GET    /event-series/                                   401 200  200  200  200  200  200  200  200  200  200  200  200  200
POST   /event-series/                                   401 403  403  403  201  403  403  403  403  403  403  403  403  201
GET    /event-series/{series}/                          401 200  200  200  200  200  200  200  200  200  200  200  200  200
GET    /event-series/{missing}/                         401 404  404  404  404  404  404  404  404  404  404  404  404  404
PATCH  /event-series/{series}/                          401 405  405  405  405  405  405  405  405  405  405  405  405  405
GET    /sessions/                                       401 200  200  200  200  200  200  200  200  200  200  200  200  200
POST   /sessions/                                       401 403  403  403  201  403  403  403  403  403  403  403  403  201
GET    /sessions/{session}/                             401 200  200  200  200  200  200  200  200  200  200  200  200  200
GET    /sessions/{missing}/                             401 404  404  404  404  404  404  404  404  404  404  404  404  404
PATCH  /sessions/{session}/                             401 403  403  403  200  403  403  403  403  403  403  403  403  200
DELETE /sessions/{session}/                             401 405  405  405  405  405  405  405  405  405  405  405  405  405
POST   /sessions/{session}/cancel/                      401 403  403  403  200  403  403  403  403  403  403  403  403  200
POST   /sessions/{missing}/cancel/                      401 403  403  403  404  403  403  403  403  403  403  403  403  404
GET    /sessions/{session}/cancel/                      401 405  405  405  405  405  405  405  405  405  405  405  405  405
POST   /sessions/{session}/bookings/                    401 201  201  201  201  201  201  201  201  409  201  201  409  400
POST   /sessions/{later}/bookings/#worker               401 403  403  403  201  201  400  400  400  400  201  400  400  201
POST   /sessions/{later}/bookings/#nhs_staff            401 403  403  403  201  400  400  400  201  400  400  400  201  201
POST   /sessions/{missing}/bookings/                    401 404  404  404  404  404  404  404  404  404  404  404  404  404
GET    /sessions/{session}/bookings/                    401 405  405  405  405  405  405  405  405  405  405  405  405  405
POST   /sessions/{later}/bookings/import/               401 403  403  403  200  403  403  403  403  403  403  403  403  200
POST   /sessions/{missing}/bookings/import/             401 403  403  403  404  403  403  403  403  403  403  403  403  404
POST   /sessions/{past}/attendance/                     401 403  403  403  200  403  403  403  403  403  403  403  403  200
POST   /sessions/{missing}/attendance/                  401 403  403  403  404  403  403  403  403  403  403  403  403  404
GET    /bookings/                                       401 200  200  200  200  200  200  200  200  200  200  200  200  200
GET    /bookings/{booking}/                             401 200  200  200  200  200  404  404  404  200  404  404  404  200
GET    /bookings/{nhs_booking}/                         401 200  200  200  200  404  404  404  200  404  404  404  200  200
GET    /bookings/{missing}/                             401 404  404  404  404  404  404  404  404  404  404  404  404  404
DELETE /bookings/{booking}/                             401 405  405  405  405  405  405  405  405  405  405  405  405  405
POST   /bookings/{booking}/cancel/                      401 403  403  403  200  200  404  404  404  200  404  404  404  200
POST   /bookings/{nhs_booking}/cancel/                  401 403  403  403  200  404  404  404  200  404  404  404  200  200
POST   /bookings/{request}/approve/                     401 403  403  403  200  200  404  404  404  404  403  404  404  200
POST   /bookings/{request}/decline/                     401 403  403  403  200  200  404  404  404  404  403  404  404  200
POST   /bookings/{nhs_booking}/approve/                 401 403  403  403  400  404  404  404  403  404  404  404  403  400
GET    /bookings/{request}/approve/                     401 405  405  405  405  405  405  405  405  405  405  405  405  405
GET    /bookings/{booking}/invite.ics                   401 200  200  200  200  200  404  404  404  200  404  404  404  200
GET    /bookings/{request}/invite.ics                   401 409  409  409  409  409  404  404  404  404  409  404  404  409
GET    /bookings/{missing}/invite.ics                   401 404  404  404  404  404  404  404  404  404  404  404  404  404
GET    /completions/                                    401 200  200  200  200  200  200  200  200  200  200  200  200  200
POST   /completions/                                    401 403  403  403  201  403  403  403  403  403  403  403  403  201
POST   /completions/import/                             401 403  403  403  200  403  403  403  403  403  403  403  403  200
GET    /completions/{completion}/certificate.pdf        401 200  200  200  200  200  404  404  404  200  404  404  404  200
GET    /completions/{missing}/certificate.pdf           401 404  404  404  404  404  404  404  404  404  404  404  404  404
GET    /people/{nqsw}/compliance/                       401 200  200  200  200  200  404  404  404  200  404  404  404  200
GET    /people/{nhs_staff}/compliance/                  401 200  200  200  200  404  404  404  200  404  404  404  200  200
GET    /people/{missing}/compliance/                    401 404  404  404  404  404  404  404  404  404  404  404  404  404
GET    /cpd-entries/                                    401 200  200  200  200  200  200  200  200  200  200  200  200  200
POST   /cpd-entries/                                    401 201  201  201  201  201  201  201  201  201  201  201  201  403
GET    /cpd-entries/{cpd}/                              401 404  404  404  404  404  404  404  404  200  404  404  404  403
PATCH  /cpd-entries/{cpd}/                              401 404  404  404  404  404  404  404  404  200  404  404  404  403
DELETE /cpd-entries/{cpd}/                              401 404  404  404  404  404  404  404  404  204  404  404  404  403
GET    /cpd-entries/standing/                           401 200  200  200  200  200  200  200  200  200  200  200  200  403
GET    /cpd-entries/prefill/{attended}/                 401 404  404  404  404  404  404  404  404  200  404  404  404  403
GET    /cpd-entries/prefill/{booking}/                  401 404  404  404  404  404  404  404  404  409  404  404  404  403
GET    /me/calendar-feed/                               401 200  200  200  200  200  200  200  200  200  200  200  200  403
POST   /me/calendar-feed/                               401 200  200  200  200  200  200  200  200  200  200  200  200  403
"""


def _bodies(t: Training) -> dict[str, Any]:
    day = timezone.localdate().isoformat()
    return {
        "POST /courses/": {
            "title": "Moving and assisting people",
            "provider": t.academy.council.pk,
            "delivery_mode": "face_to_face",
            "refresh_months": 12,
        },
        "PATCH /courses/{course}/": {"cpd_hours": "3.50"},
        "PATCH /courses/{missing}/": {"cpd_hours": "3.50"},
        "POST /event-series/": {
            "title": "Strengths-based practice fortnight",
            "slug": "strengths-fortnight",
            "starts_on": day,
            "ends_on": day,
        },
        "POST /sessions/": {
            "course": t.safeguarding.pk,
            "starts_at": at(40).isoformat(),
            "ends_at": at(40, 12).isoformat(),
            "venue": "County Hall",
            "capacity": 12,
        },
        "PATCH /sessions/{session}/": {"capacity": 20},
        "POST /sessions/{session}/cancel/": {"reason": "The trainer is ill."},
        "POST /sessions/{missing}/cancel/": {"reason": "The trainer is ill."},
        "POST /sessions/{later}/bookings/#worker": {"person": t.person("worker").pk},
        "POST /sessions/{later}/bookings/#nhs_staff": {"person": t.person("nhs_staff").pk},
        "POST /sessions/{past}/attendance/": [
            {"booking": t.attended.pk, "attendance": "partially_attended"}
        ],
        "POST /sessions/{missing}/attendance/": [
            {"booking": t.attended.pk, "attendance": "attended"}
        ],
        "POST /completions/": {
            "person": t.person("worker").pk,
            "course": t.safeguarding.pk,
            "completed_on": day,
            "source": "e_learning",
        },
        "POST /cpd-entries/": {
            "title": "Peer discussion on a complex case",
            "activity_date": day,
            "activity": "A case discussion with a peer.",
            "learning": "Another view of risk.",
            "impact": "I involve the person earlier.",
            "peer_reflection": True,
            "peer_learning": "How a colleague frames risk with families.",
        },
        "PATCH /cpd-entries/{cpd}/": {"hours": "2.50"},
    }


MULTIPART = {
    "POST /sessions/{later}/bookings/import/": lambda: {
        "file": csv_file("work_email\nworker@example.org\n")
    },
    "POST /sessions/{missing}/bookings/import/": lambda: {
        "file": csv_file("work_email\nworker@example.org\n")
    },
    "POST /completions/import/": lambda: {
        "file": csv_file(
            f"work_email,course,completed_on\nworker@example.org,Safeguarding adults,"
            f"{timezone.localdate().isoformat()}\n"
        )
    },
}


def resolve_address(address: str, t: Training) -> str:
    path = address.split("#", 1)[0]
    return API + path.format(
        course=t.safeguarding.pk,
        series=t.week.pk,
        session=t.session.pk,
        later=t.later.pk,
        past=t.past.pk,
        booking=t.booking.pk,
        nhs_booking=t.nhs_booking.pk,
        request=t.request.pk,
        attended=t.attended.pk,
        completion=t.completion.pk,
        cpd=t.cpd.pk,
        token=t.feed.token,
        nqsw=t.person("nqsw").pk,
        nhs_staff=t.person("nhs_staff").pk,
        missing=999999,
    )


@pytest.mark.parametrize(("method", "address", "login", "expected"), access_cases(ACCESS))
def test_access(training, api, method, address, login, expected):
    key = f"{method} {address}"
    client = api(login)
    url = resolve_address(address, training)
    if key in MULTIPART:
        response = client.post(url, MULTIPART[key](), format="multipart")
    else:
        body = _bodies(training).get(key)
        response = getattr(client, method.lower())(url, body, format="json")

    assert response.status_code == expected, response.content[:600]


def test_every_training_address_is_in_the_access_table():
    """A new training route must get its row here (and in the access matrix)."""
    training_routes = {
        pattern.name
        for pattern in get_resolver("api.urls").url_patterns
        if pattern.callback.__module__.startswith("api.training")
    }
    in_table = {
        resolve(
            API
            + line.split()[1]
            .split("#")[0]
            .replace("{token}", "t")
            .format(
                course=1,
                series=1,
                session=1,
                later=1,
                past=1,
                booking=1,
                nhs_booking=1,
                request=1,
                attended=1,
                completion=1,
                cpd=1,
                nqsw=1,
                nhs_staff=1,
                missing=1,
            )
        ).url_name
        for line in ACCESS.strip().splitlines()
        if not line.startswith("#")
    }
    assert len(training_routes) == 25
    assert training_routes == in_table, training_routes ^ in_table
