# ruff: noqa: E501  (the matrix below is a wide table, one request per line)
"""The access matrix's rows for training over the API (see ``tests.test_access_matrix`` for how
to read them).

The rules (``academy.training.permissions``): everyone signed in reads the catalogue; training
coordinators (and admins) write it, cancel sessions, mark registers, record and import
completions. A person books themself; a team manager their team's people; a partner coordinator
their organisation's; a coordinator anyone. The PSW, DASS and principal OT see every booking and
everyone's compliance but book only themselves. Requests on a course needing approval are decided
by the person's team manager or a coordinator. Completions are seen as bookings are. CPD entries
and the calendar feed are each person's own (an account with no person, the admin here, keeps
none: 403).

Placeholders (built by ``build``):

- ``{t_course}`` "Mental Capacity Act in practice": everyone must hold it, open to NHS trust
  staff; ``{t_approval_course}`` "Practice educator standards": needs a manager's approval, open
  to NHS trust staff too; ``{t_series}`` a week of events;
- ``{t_session}``: the course in 14 days, in the series, 5 places: ``nqsw`` booked by themself
  (``{t_booking}``), ``nhs_staff`` by ``partner`` (``{t_nhs_booking}``), ``outsider`` by
  themself (``{t_outsider_booking}``);
- ``{t_later}``: the course in 28 days, nobody booked;
- ``{t_approval_session}``: the approval course in 21 days: ``worker``'s request
  (``{t_request}``) and ``outsider``'s (``{t_outsider_request}``) await a decision;
- ``{t_past}``: the course 3 days ago, ``nqsw`` attended (``{t_attended}``), which completed it
  (``{t_completion}``); ``{t_nhs_completion}``: ``nhs_staff``'s e-learning completion;
- ``{t_cpd}``: a CPD entry of ``nqsw``'s.

The imports take a CSV file as multipart form data; the matrix sends JSON, so their rows send no
file at all: coordinators get 400 (the file is required), everyone else 403.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils import timezone

from academy.people.permissions import Viewer, viewer_for
from academy.training import services
from academy.training.models import Booking, BookingStatus, Completion, Course, Session
from tests.access.place import Payload, Place, csv_upload, iso_today
from tests.api.test_training import at, make_session

MATRIX = """
#                                                                             anon  psw   dass  pot   coord mgr   assr  sup   partn nqsw  wrkr  outs  nhs   admin
# -- API: training catalogue (everyone signed in reads; training coordinators and admins write) -----------------------------------------------------------------
GET    /api/v1/courses/                                                       401   200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /api/v1/courses/                                                       401   403   403   403   201   403   403   403   403   403   403   403   403   201
PUT    /api/v1/courses/                                                       401   405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /api/v1/courses/{t_course}/                                            401   200   200   200   200   200   200   200   200   200   200   200   200   200
GET    /api/v1/courses/{missing}/                                             401   404   404   404   404   404   404   404   404   404   404   404   404   404
PATCH  /api/v1/courses/{t_course}/                                            401   403   403   403   200   403   403   403   403   403   403   403   403   200
PATCH  /api/v1/courses/{missing}/                                             401   403   403   403   404   403   403   403   403   403   403   403   403   404
DELETE /api/v1/courses/{t_course}/                                            401   405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /api/v1/event-series/                                                  401   200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /api/v1/event-series/                                                  401   403   403   403   201   403   403   403   403   403   403   403   403   201
GET    /api/v1/event-series/{t_series}/                                       401   200   200   200   200   200   200   200   200   200   200   200   200   200
GET    /api/v1/event-series/{missing}/                                        401   404   404   404   404   404   404   404   404   404   404   404   404   404
PATCH  /api/v1/event-series/{t_series}/                                       401   405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /api/v1/sessions/                                                      401   200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /api/v1/sessions/                                                      401   403   403   403   201   403   403   403   403   403   403   403   403   201
GET    /api/v1/sessions/{t_session}/                                          401   200   200   200   200   200   200   200   200   200   200   200   200   200
GET    /api/v1/sessions/{missing}/                                            401   404   404   404   404   404   404   404   404   404   404   404   404   404
PATCH  /api/v1/sessions/{t_session}/                                          401   403   403   403   200   403   403   403   403   403   403   403   403   200
PATCH  /api/v1/sessions/{missing}/                                            401   403   403   403   404   403   403   403   403   403   403   403   403   404
DELETE /api/v1/sessions/{t_session}/                                          401   405   405   405   405   405   405   405   405   405   405   405   405   405
POST   /api/v1/sessions/{t_session}/cancel/                                   401   403   403   403   200   403   403   403   403   403   403   403   403   200
POST   /api/v1/sessions/{missing}/cancel/                                     401   403   403   403   404   403   403   403   403   403   403   403   403   404
GET    /api/v1/sessions/{t_session}/cancel/                                   401   405   405   405   405   405   405   405   405   405   405   405   405   405
# -- API: booking a place (yourself; a team manager their team; a partner coordinator their organisation; coordinators anyone) ----------------------------------
POST   /api/v1/sessions/{t_later}/bookings/                                   401   201   201   201   201   201   201   201   201   201   201   201   201   400
POST   /api/v1/sessions/{t_session}/bookings/                                 401   403   403   403   201   201   400   400   400   400   201   400   400   201
POST   /api/v1/sessions/{t_approval_session}/bookings/                        401   403   403   403   201   400   400   400   201   400   400   400   201   201
POST   /api/v1/sessions/{missing}/bookings/                                   401   404   404   404   404   404   404   404   404   404   404   404   404   404
GET    /api/v1/sessions/{t_session}/bookings/                                 401   405   405   405   405   405   405   405   405   405   405   405   405   405
# -- API: the register and imports (training coordinators and admins; an import sent with no file is refused) ---------------------------------------------------
POST   /api/v1/sessions/{t_later}/bookings/import/                            401   403   403   403   200   403   403   403   403   403   403   403   403   200
POST   /api/v1/sessions/{missing}/bookings/import/                            401   403   403   403   404   403   403   403   403   403   403   403   403   404
GET    /api/v1/sessions/{t_later}/bookings/import/                            401   405   405   405   405   405   405   405   405   405   405   405   405   405
POST   /api/v1/sessions/{t_past}/attendance/                                  401   403   403   403   200   403   403   403   403   403   403   403   403   200
POST   /api/v1/sessions/{missing}/attendance/                                 401   403   403   403   404   403   403   403   403   403   403   403   403   404
GET    /api/v1/sessions/{t_past}/attendance/                                  401   405   405   405   405   405   405   405   405   405   405   405   405   405
# -- API: bookings (t_booking: nqsw's, team A; t_nhs_booking: nhs_staff's, the trust; t_outsider_booking: team B) -----------------------------------------------
GET    /api/v1/bookings/                                                      401   200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /api/v1/bookings/                                                      401   405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /api/v1/bookings/{t_booking}/                                          401   200   200   200   200   200   404   404   404   200   404   404   404   200
GET    /api/v1/bookings/{t_nhs_booking}/                                      401   200   200   200   200   404   404   404   200   404   404   404   200   200
GET    /api/v1/bookings/{t_outsider_booking}/                                 401   200   200   200   200   404   404   404   404   404   404   200   404   200
GET    /api/v1/bookings/{missing}/                                            401   404   404   404   404   404   404   404   404   404   404   404   404   404
DELETE /api/v1/bookings/{t_booking}/                                          401   405   405   405   405   405   405   405   405   405   405   405   405   405
POST   /api/v1/bookings/{t_booking}/cancel/                                   401   403   403   403   200   200   404   404   404   200   404   404   404   200
POST   /api/v1/bookings/{t_nhs_booking}/cancel/                               401   403   403   403   200   404   404   404   200   404   404   404   200   200
POST   /api/v1/bookings/{t_outsider_booking}/cancel/                          401   403   403   403   200   404   404   404   404   404   404   200   404   200
POST   /api/v1/bookings/{missing}/cancel/                                     401   404   404   404   404   404   404   404   404   404   404   404   404   404
GET    /api/v1/bookings/{t_booking}/cancel/                                   401   405   405   405   405   405   405   405   405   405   405   405   405   405
# -- API: deciding requests (t_request: worker's, team A; t_outsider_request: team B; the person's team manager or a coordinator) -------------------------------
POST   /api/v1/bookings/{t_request}/approve/                                  401   403   403   403   200   200   404   404   404   404   403   404   404   200
POST   /api/v1/bookings/{t_outsider_request}/approve/                         401   403   403   403   200   404   404   404   404   404   404   403   404   200
POST   /api/v1/bookings/{t_nhs_booking}/approve/                              401   403   403   403   400   404   404   404   403   404   404   404   403   400
POST   /api/v1/bookings/{missing}/approve/                                    401   404   404   404   404   404   404   404   404   404   404   404   404   404
GET    /api/v1/bookings/{t_request}/approve/                                  401   405   405   405   405   405   405   405   405   405   405   405   405   405
POST   /api/v1/bookings/{t_request}/decline/                                  401   403   403   403   200   200   404   404   404   404   403   404   404   200
POST   /api/v1/bookings/{t_outsider_request}/decline/                         401   403   403   403   200   404   404   404   404   404   404   403   404   200
POST   /api/v1/bookings/{missing}/decline/                                    401   404   404   404   404   404   404   404   404   404   404   404   404   404
GET    /api/v1/bookings/{t_request}/decline/                                  401   405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /api/v1/bookings/{t_booking}/invite.ics                                401   200   200   200   200   200   404   404   404   200   404   404   404   200
GET    /api/v1/bookings/{t_nhs_booking}/invite.ics                            401   200   200   200   200   404   404   404   200   404   404   404   200   200
GET    /api/v1/bookings/{missing}/invite.ics                                  401   404   404   404   404   404   404   404   404   404   404   404   404   404
POST   /api/v1/bookings/{t_booking}/invite.ics                                401   405   405   405   405   405   405   405   405   405   405   405   405   405
# -- API: completions (seen as bookings are; coordinators and admins record) and compliance ---------------------------------------------------------------------
GET    /api/v1/completions/                                                   401   200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /api/v1/completions/                                                   401   403   403   403   201   403   403   403   403   403   403   403   403   201
DELETE /api/v1/completions/                                                   401   405   405   405   405   405   405   405   405   405   405   405   405   405
POST   /api/v1/completions/import/                                            401   403   403   403   200   403   403   403   403   403   403   403   403   200
GET    /api/v1/completions/import/                                            401   405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /api/v1/completions/{t_completion}/certificate.pdf                     401   200   200   200   200   200   404   404   404   200   404   404   404   200
GET    /api/v1/completions/{t_nhs_completion}/certificate.pdf                 401   200   200   200   200   404   404   404   200   404   404   404   200   200
GET    /api/v1/completions/{missing}/certificate.pdf                          401   404   404   404   404   404   404   404   404   404   404   404   404   404
POST   /api/v1/completions/{t_completion}/certificate.pdf                     401   405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /api/v1/people/{nqsw}/compliance/                                      401   200   200   200   200   200   403   403   404   200   404   404   404   200
GET    /api/v1/people/{nhs_staff}/compliance/                                 401   200   200   200   200   404   404   404   200   404   404   404   200   200
GET    /api/v1/people/{outsider}/compliance/                                  401   200   200   200   200   404   404   404   404   404   404   200   404   200
GET    /api/v1/people/{missing}/compliance/                                   401   404   404   404   404   404   404   404   404   404   404   404   404   404
POST   /api/v1/people/{nqsw}/compliance/                                      401   405   405   405   405   405   405   405   405   405   405   405   405   405
# -- API: CPD entries and calendar feeds (each person their own; an account with no person keeps none) ----------------------------------------------------------
GET    /api/v1/cpd-entries/                                                   401   200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /api/v1/cpd-entries/                                                   401   201   201   201   201   201   201   201   201   201   201   201   201   403
PUT    /api/v1/cpd-entries/                                                   401   405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /api/v1/cpd-entries/{t_cpd}/                                           401   404   404   404   404   404   404   404   404   200   404   404   404   403
GET    /api/v1/cpd-entries/{missing}/                                         401   404   404   404   404   404   404   404   404   404   404   404   404   403
PATCH  /api/v1/cpd-entries/{t_cpd}/                                           401   404   404   404   404   404   404   404   404   200   404   404   404   403
DELETE /api/v1/cpd-entries/{t_cpd}/                                           401   404   404   404   404   404   404   404   404   204   404   404   404   403
POST   /api/v1/cpd-entries/{t_cpd}/                                           401   405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /api/v1/cpd-entries/standing/                                          401   200   200   200   200   200   200   200   200   200   200   200   200   403
POST   /api/v1/cpd-entries/standing/                                          401   405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /api/v1/cpd-entries/prefill/{t_attended}/                              401   404   404   404   404   404   404   404   404   200   404   404   404   403
GET    /api/v1/cpd-entries/prefill/{missing}/                                 401   404   404   404   404   404   404   404   404   404   404   404   404   403
POST   /api/v1/cpd-entries/prefill/{t_attended}/                              401   405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /api/v1/me/calendar-feed/                                              401   200   200   200   200   200   200   200   200   200   200   200   200   403
POST   /api/v1/me/calendar-feed/                                              401   200   200   200   200   200   200   200   200   200   200   200   200   403
DELETE /api/v1/me/calendar-feed/                                              401   405   405   405   405   405   405   405   405   405   405   405   405   405
"""


def _person_id(login: str) -> Payload:
    return lambda place, _login: {"person": place.person(login).pk}


def _marks(place: Place, login: str | None) -> list[Any]:
    """The register's marks: a JSON list, one mark per booking."""
    return [{"booking": place.pk("t_attended"), "attendance": "partially_attended"}]


def _cpd_entry(place: Place, login: str | None) -> dict[str, Any]:
    return {
        "title": "Peer discussion on a complex case",
        "activity_date": iso_today(),
        "activity": "A case discussion with a peer.",
        "learning": "Another view of risk.",
        "impact": "I involve the person earlier.",
        "peer_reflection": True,
        "peer_learning": "How a colleague frames risk with families.",
    }


PAYLOADS: dict[str, Payload] = {
    "POST /api/v1/courses/": lambda place, login: {
        "title": "Court skills for social workers",
        "provider": place.pk("council"),
        "delivery_mode": "face_to_face",
        "refresh_months": 12,
    },
    "PATCH /api/v1/courses/{t_course}/": lambda place, login: {"cpd_hours": "3.50"},
    "PATCH /api/v1/courses/{missing}/": lambda place, login: {"cpd_hours": "3.50"},
    "POST /api/v1/event-series/": lambda place, login: {
        "title": "Court skills fortnight",
        "slug": "court-skills-fortnight",
        "starts_on": iso_today(),
        "ends_on": iso_today(),
    },
    "POST /api/v1/sessions/": lambda place, login: {
        "course": place.pk("t_course"),
        "starts_at": at(40).isoformat(),
        "ends_at": at(40, 12).isoformat(),
        "venue": "County Hall",
        "capacity": 12,
    },
    "PATCH /api/v1/sessions/{t_session}/": lambda place, login: {"capacity": 20},
    "PATCH /api/v1/sessions/{missing}/": lambda place, login: {"capacity": 20},
    "POST /api/v1/sessions/{t_session}/cancel/": lambda place, login: {
        "reason": "The trainer is ill."
    },
    "POST /api/v1/sessions/{missing}/cancel/": lambda place, login: {
        "reason": "The trainer is ill."
    },
    "POST /api/v1/sessions/{t_session}/bookings/": _person_id("worker"),
    "POST /api/v1/sessions/{t_approval_session}/bookings/": _person_id("nhs_staff"),
    "POST /api/v1/sessions/{t_later}/bookings/import/": lambda p, _: {
        "file": csv_upload("work_email\nworker@example.org\n")
    },
    "POST /api/v1/sessions/{missing}/bookings/import/": lambda p, _: {
        "file": csv_upload("work_email\nworker@example.org\n")
    },
    "POST /api/v1/completions/import/": lambda p, _: {
        "file": csv_upload(
            "work_email,course,completed_on\n"
            f"worker@example.org,Mental Capacity Act in practice,{iso_today()}\n"
        )
    },
    "POST /api/v1/sessions/{t_past}/attendance/": _marks,
    "POST /api/v1/sessions/{missing}/attendance/": _marks,
    "POST /api/v1/bookings/{t_booking}/cancel/": lambda place, login: {"reason": "On leave"},
    "POST /api/v1/completions/": lambda place, login: {
        "person": place.pk("worker"),
        "course": place.pk("t_course"),
        "completed_on": iso_today(),
        "source": "e_learning",
    },
    "POST /api/v1/cpd-entries/": _cpd_entry,
    "PATCH /api/v1/cpd-entries/{t_cpd}/": lambda place, login: {"hours": "2.50"},
}

STATES: dict[str, Callable[[Place], None]] = {}


def _actor(place: Place, login: str) -> Viewer:
    return viewer_for(place.person(login).user)


def _book(place: Place, session: Session, person: str, *, by: str) -> Booking:
    return services.booking_create(
        session=session, person=place.person(person), actor=_actor(place, by)
    ).booking


def build(place: Place) -> None:
    """What training adds to the scenario, with the ids its placeholders stand for."""
    council = place.academy.council
    course = services.course_save(
        data={
            "title": "Mental Capacity Act in practice",
            "provider": council,
            "delivery_mode": Course.Mode.FACE_TO_FACE,
            "duration_minutes": 180,
            "cpd_hours": Decimal("3.00"),
            "refresh_months": 36,
            "partner_kinds": ["nhs_trust"],
        },
        requirements=[{"kind": "everyone"}],
    )
    approval_course = services.course_save(
        data={
            "title": "Practice educator standards",
            "provider": council,
            "delivery_mode": Course.Mode.LIVE_WEBINAR,
            "needs_manager_approval": True,
            "partner_kinds": ["nhs_trust"],
        },
    )
    series = services.series_save(
        data={
            "title": "Mental capacity week",
            "slug": "mental-capacity-week",
            "starts_on": at(14).date(),
            "ends_on": at(18).date(),
        }
    )
    session = make_session(course, days=14, capacity=5, series=series)
    later = make_session(course, days=28, capacity=5)
    approval_session = make_session(
        approval_course,
        days=21,
        capacity=5,
        venue="",
        joining_link="https://meet.example.org/practice-educators",
    )
    past = make_session(course, days=1, capacity=5)

    booking = _book(place, session, "nqsw", by="nqsw")
    nhs_booking = _book(place, session, "nhs_staff", by="partner")
    outsider_booking = _book(place, session, "outsider", by="outsider")
    request = _book(place, approval_session, "worker", by="worker")
    outsider_request = _book(place, approval_session, "outsider", by="outsider")
    attended = _book(place, past, "nqsw", by="nqsw")
    Session.objects.filter(pk=past.pk).update(starts_at=at(-3), ends_at=at(-3, 12, 30))
    past.refresh_from_db()
    coordinator = _actor(place, "coordinator")
    services.attendance_record(
        session=past, marks=[(attended.pk, BookingStatus.ATTENDED)], actor=coordinator
    )
    attended.refresh_from_db()
    nhs_completion = services.completion_record(
        person=place.person("nhs_staff"),
        course=course,
        completed_on=timezone.localdate() - dt.timedelta(days=10),
        source="e_learning",
        actor=coordinator,
    )
    cpd = services.cpd_entry_save(
        person=place.person("nqsw"),
        data={
            "title": "Reading on the Mental Capacity Act",
            "activity_date": timezone.localdate() - dt.timedelta(days=2),
            "hours": Decimal("2.00"),
            "activity": "Read the code of practice, chapter 4.",
            "learning": "How capacity is assessed decision by decision.",
            "impact": "Clearer best interests records.",
        },
    )
    assert request.status == outsider_request.status == BookingStatus.REQUESTED
    assert attended.status == BookingStatus.ATTENDED
    place.ids.update(
        t_course=str(course.pk),
        t_approval_course=str(approval_course.pk),
        t_series=str(series.pk),
        t_session=str(session.pk),
        t_later=str(later.pk),
        t_approval_session=str(approval_session.pk),
        t_past=str(past.pk),
        t_booking=str(booking.pk),
        t_nhs_booking=str(nhs_booking.pk),
        t_outsider_booking=str(outsider_booking.pk),
        t_request=str(request.pk),
        t_outsider_request=str(outsider_request.pk),
        t_attended=str(attended.pk),
        t_completion=str(Completion.objects.get(booking=attended).pk),
        t_nhs_completion=str(nhs_completion.pk),
        t_cpd=str(cpd.pk),
    )
