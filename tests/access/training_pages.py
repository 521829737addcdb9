# ruff: noqa: E501  (the matrix below is a wide table, one request per line)
"""The access matrix's rows for the training pages (read as ``tests.test_access_matrix`` says).

Who may do what (``academy.training.permissions``): everyone signed in reads the catalogue, its
courses, series and sessions (a retired course, and its sessions, only those who run training);
a person books themselves, a team manager their team's people, a partner coordinator their
organisation's, a training coordinator (and an admin) anyone; a booking, a completion and its
certificate are seen by the person, those who may book for them, and those who see all training
(the PSW, DASS, principal OT and training coordinators); a team manager or a coordinator decides
requests; each person keeps their own CPD log (an admin account, with no person, keeps none);
the compliance matrix is for those who see all training, team managers and partner
coordinators; the coordinator's pages (sessions, registers, imports, completions) for training
coordinators and admins alone, refused (403) to everyone else whether or not the session exists.
A calendar feed needs no sign-in: its private address is the key.

Placeholders (``build``): ``{tp_course}`` a course open to NHS trust staff and required of
everyone; ``{tp_retired}`` a retired course and ``{tp_retired_session}`` a session of it;
``{tp_series}`` an event series (its slug); ``{tp_session}`` a session to come in that series,
on which nqsw (``{tp_booking}``) and nhs_staff (``{tp_nhs_booking}``) hold places;
``{tp_open}`` a session of the course nobody is booked on; ``{tp_others}`` another, on which
the payload books worker; ``{tp_council}`` a session of a course open to the council's staff
alone; ``{tp_request}`` worker's request for a place on a course needing a manager's approval;
``{tp_past}`` a session that started yesterday, with nqsw's place on it
(``{tp_past_booking}``); ``{tp_completion}`` nqsw's completion of the course and
``{tp_nhs_completion}`` nhs_staff's; ``{tp_entry}`` a piece of CPD in nqsw's log;
``{tp_token}`` nqsw's calendar feed address.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from academy.common.dates import today
from academy.people.models import Organisation
from academy.training import services
from academy.training.models import Course
from tests.access.place import Payload, Place, csv_upload, iso_today
from tests.web.test_training_forms import cpd_data
from tests.web.test_training_support import (
    book,
    coordinator_of,
    course,
    date,
    moved,
    series,
    session,
)

MATRIX = """
#                                                                             anon  psw   dass  pot   coord mgr   assr  sup   partn nqsw  wrkr  outs  nhs   admin
# -- Pages: training catalogue, courses, series and sessions (a retired course: those who run training) ---------------------------------------------------------
GET    /training/                                                             login 200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /training/                                                             login 405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /training/courses/{tp_course}/                                         login 200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /training/courses/{tp_course}/                                         login 405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /training/courses/{tp_retired}/                                        login 404   404   404   200   404   404   404   404   404   404   404   404   200
GET    /training/courses/{missing}/                                           login 404   404   404   404   404   404   404   404   404   404   404   404   404
GET    /training/series/{tp_series}/                                          login 200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /training/series/{tp_series}/                                          login 405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /training/series/no-such-series/                                       login 404   404   404   404   404   404   404   404   404   404   404   404   404
GET    /training/sessions/{tp_session}/                                       login 200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /training/sessions/{tp_session}/                                       login 405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /training/sessions/{tp_retired_session}/                               login 404   404   404   200   404   404   404   404   404   404   404   404   200
GET    /training/sessions/{missing}/                                          login 404   404   404   404   404   404   404   404   404   404   404   404   404
# -- Pages: booking a place (oneself: anyone with a person record; someone else: as may_book_for says) ----------------------------------------------------------
POST   /training/sessions/{tp_open}/book/                                     login 302   302   302   302   302   302   302   302   302   302   302   302   403
POST   /training/sessions/{tp_session}/book/                                  login 302   302   302   302   302   302   302   302   200   302   302   200   403
POST   /training/sessions/{tp_council}/book/                                  login 302   302   302   302   302   302   302   200   302   302   302   200   403
POST   /training/sessions/{tp_others}/book/                                   login 403   403   403   302   302   403   403   200   403   403   403   403   302
POST   /training/sessions/{missing}/book/                                     login 404   404   404   404   404   404   404   404   404   404   404   404   404
GET    /training/sessions/{tp_open}/book/                                     login 405   405   405   405   405   405   405   405   405   405   405   405   405
# -- Pages: bookings (nqsw's: team A's manager books for them; nhs_staff's: the partner coordinator) ------------------------------------------------------------
GET    /training/bookings/{tp_booking}/                                       login 200   200   200   200   200   404   404   404   200   404   404   404   200
GET    /training/bookings/{tp_nhs_booking}/                                   login 200   200   200   200   404   404   404   200   404   404   404   200   200
GET    /training/bookings/{missing}/                                          login 404   404   404   404   404   404   404   404   404   404   404   404   404
POST   /training/bookings/{tp_booking}/                                       login 405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /training/bookings/{tp_booking}/invite.ics                             login 200   200   200   200   200   404   404   404   200   404   404   404   200
GET    /training/bookings/{tp_nhs_booking}/invite.ics                         login 200   200   200   200   404   404   404   200   404   404   404   200   200
GET    /training/bookings/{tp_request}/invite.ics                             login 404   404   404   404   404   404   404   404   404   404   404   404   404
GET    /training/bookings/{missing}/invite.ics                                login 404   404   404   404   404   404   404   404   404   404   404   404   404
POST   /training/bookings/{tp_booking}/invite.ics                             login 405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /training/bookings/{tp_booking}/cancel/                                login 403   403   403   200   200   404   404   404   200   404   404   404   200
POST   /training/bookings/{tp_booking}/cancel/                                login 403   403   403   302   302   404   404   404   302   404   404   404   302
GET    /training/bookings/{tp_nhs_booking}/cancel/                            login 403   403   403   200   404   404   404   200   404   404   404   200   200
POST   /training/bookings/{tp_nhs_booking}/cancel/                            login 403   403   403   302   404   404   404   302   404   404   404   302   302
GET    /training/bookings/{missing}/cancel/                                   login 404   404   404   404   404   404   404   404   404   404   404   404   404
POST   /training/bookings/{tp_request}/decide/                                login 403   403   403   302   302   404   404   404   404   403   404   404   302
POST   /training/bookings/{missing}/decide/                                   login 404   404   404   404   404   404   404   404   404   404   404   404   404
GET    /training/bookings/{tp_request}/decide/                                login 405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /training/approvals/                                                   login 403   403   403   200   200   403   403   403   403   403   403   403   200
POST   /training/approvals/                                                   login 405   405   405   405   405   405   405   405   405   405   405   405   405
# -- Pages: my learning, certificates and the calendar feed (the feed's address is its key: no sign-in) ---------------------------------------------------------
GET    /training/my-learning/                                                 login 200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /training/my-learning/                                                 login 405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /training/completions/{tp_completion}/certificate/                     login 200   200   200   200   200   404   404   404   200   404   404   404   200
GET    /training/completions/{tp_nhs_completion}/certificate/                 login 200   200   200   200   404   404   404   200   404   404   404   200   200
GET    /training/completions/{missing}/certificate/                           login 404   404   404   404   404   404   404   404   404   404   404   404   404
POST   /training/completions/{tp_completion}/certificate/                     login 405   405   405   405   405   405   405   405   405   405   405   405   405
POST   /training/calendar/new/                                                login 302   302   302   302   302   302   302   302   302   302   302   302   403
GET    /training/calendar/new/                                                login 405   405   405   405   405   405   405   405   405   405   405   405   405
POST   /training/calendar/revoke/                                             login 302   302   302   302   302   302   302   302   302   302   302   302   403
GET    /training/calendar/revoke/                                             login 405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /training/calendar/{tp_token}.ics                                      200   200   200   200   200   200   200   200   200   200   200   200   200   200
GET    /training/calendar/not-a-real-address.ics                              404   404   404   404   404   404   404   404   404   404   404   404   404   404
POST   /training/calendar/{tp_token}.ics                                      405   405   405   405   405   405   405   405   405   405   405   405   405   405
# -- Pages: the CPD log (each person their own; an admin account keeps none) ------------------------------------------------------------------------------------
GET    /training/cpd/                                                         login 200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /training/cpd/                                                         login 405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /training/cpd/new/                                                     login 200   200   200   200   200   200   200   200   200   200   200   200   403
POST   /training/cpd/new/                                                     login 302   302   302   302   302   302   302   302   302   302   302   302   403
GET    /training/cpd/{tp_entry}/                                              login 404   404   404   404   404   404   404   404   200   404   404   404   404
GET    /training/cpd/{missing}/                                               login 404   404   404   404   404   404   404   404   404   404   404   404   404
POST   /training/cpd/{tp_entry}/                                              login 405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /training/cpd/{tp_entry}/edit/                                         login 404   404   404   404   404   404   404   404   200   404   404   404   404
POST   /training/cpd/{tp_entry}/edit/                                         login 404   404   404   404   404   404   404   404   302   404   404   404   404
GET    /training/cpd/{tp_entry}/delete/                                       login 404   404   404   404   404   404   404   404   200   404   404   404   404
POST   /training/cpd/{tp_entry}/delete/                                       login 404   404   404   404   404   404   404   404   302   404   404   404   404
POST   /training/cpd/{missing}/delete/                                        login 404   404   404   404   404   404   404   404   404   404   404   404   404
# -- Pages: compliance (those who see all training, team managers, partner coordinators) ------------------------------------------------------------------------
GET    /training/compliance/                                                  login 200   200   200   200   200   403   403   200   403   403   403   403   200
POST   /training/compliance/                                                  login 405   405   405   405   405   405   405   405   405   405   405   405   405
# -- Pages: running training (training coordinators and admins; 403 to the rest, whether or not the course, series or session exists) --------------------------
GET    /training/admin/                                                       login 403   403   403   200   403   403   403   403   403   403   403   403   200
POST   /training/admin/                                                       login 405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /training/admin/courses/new/                                           login 403   403   403   200   403   403   403   403   403   403   403   403   200
POST   /training/admin/courses/new/                                           login 403   403   403   302   403   403   403   403   403   403   403   403   302
GET    /training/courses/{tp_course}/edit/                                    login 403   403   403   200   403   403   403   403   403   403   403   403   200
POST   /training/courses/{tp_course}/edit/                                    login 403   403   403   302   403   403   403   403   403   403   403   403   302
GET    /training/courses/{tp_retired}/edit/                                   login 403   403   403   200   403   403   403   403   403   403   403   403   200
GET    /training/courses/{missing}/edit/                                      login 403   403   403   404   403   403   403   403   403   403   403   403   404
POST   /training/courses/{missing}/edit/                                      login 403   403   403   404   403   403   403   403   403   403   403   403   404
GET    /training/admin/series/new/                                            login 403   403   403   200   403   403   403   403   403   403   403   403   200
POST   /training/admin/series/new/                                            login 403   403   403   302   403   403   403   403   403   403   403   403   302
GET    /training/series/{tp_series}/edit/                                     login 403   403   403   200   403   403   403   403   403   403   403   403   200
POST   /training/series/{tp_series}/edit/                                     login 403   403   403   302   403   403   403   403   403   403   403   403   302
GET    /training/series/no-such-series/edit/                                  login 403   403   403   404   403   403   403   403   403   403   403   403   404
GET    /training/admin/sessions/new/                                          login 403   403   403   200   403   403   403   403   403   403   403   403   200
POST   /training/admin/sessions/new/                                          login 403   403   403   302   403   403   403   403   403   403   403   403   302
GET    /training/sessions/{tp_session}/edit/                                  login 403   403   403   200   403   403   403   403   403   403   403   403   200
POST   /training/sessions/{tp_session}/edit/                                  login 403   403   403   302   403   403   403   403   403   403   403   403   302
GET    /training/sessions/{tp_retired_session}/edit/                          login 403   403   403   200   403   403   403   403   403   403   403   403   200
GET    /training/sessions/{missing}/edit/                                     login 403   403   403   404   403   403   403   403   403   403   403   403   404
GET    /training/sessions/{tp_session}/cancel/                                login 403   403   403   200   403   403   403   403   403   403   403   403   200
POST   /training/sessions/{tp_session}/cancel/                                login 403   403   403   302   403   403   403   403   403   403   403   403   302
POST   /training/sessions/{missing}/cancel/                                   login 403   403   403   404   403   403   403   403   403   403   403   403   404
GET    /training/sessions/{tp_session}/register/                              login 403   403   403   200   403   403   403   403   403   403   403   403   200
GET    /training/sessions/{tp_past}/register/                                 login 403   403   403   200   403   403   403   403   403   403   403   403   200
POST   /training/sessions/{tp_past}/register/                                 login 403   403   403   302   403   403   403   403   403   403   403   403   302
GET    /training/sessions/{tp_session}/bookings/import/                       login 403   403   403   200   403   403   403   403   403   403   403   403   200
POST   /training/sessions/{tp_session}/bookings/import/                       login 403   403   403   200   403   403   403   403   403   403   403   403   200
GET    /training/admin/completions/new/                                       login 403   403   403   200   403   403   403   403   403   403   403   403   200
POST   /training/admin/completions/new/                                       login 403   403   403   302   403   403   403   403   403   403   403   403   302
GET    /training/admin/completions/import/                                    login 403   403   403   200   403   403   403   403   403   403   403   403   200
POST   /training/admin/completions/import/                                    login 403   403   403   200   403   403   403   403   403   403   403   403   200
"""


def _session_form(place: Place, login: str | None) -> dict[str, Any]:
    """A session three weeks from now, 09:30 to 12:30 local time, as the session form takes it
    (the course is chosen on creating only)."""
    return {
        "course": place.ids["tp_course"],
        "series": "",
        **date("date", today() + dt.timedelta(days=21)),
        "starts": "09:30",
        "ends": "12:30",
        "venue": "County Hall, Room 4",
        "joining_link": "",
        "capacity": "12",
    }


def _course_form(place: Place, login: str | None) -> dict[str, Any]:
    """A course of the council's that everyone and team managers must hold, as the course form
    takes it (a title of its own, so adding it clashes with no other course). The matrix sends
    one value a field, so each set of checkboxes has one ticked."""
    return {
        "title": "Positive risk taking in practice",
        "description": "Working with people to take the risks that matter to them.",
        "provider": place.ids["council"],
        "delivery_mode": "face_to_face",
        "duration_minutes": "180",
        "cpd_hours": "3",
        "refresh_months": "36",
        "late_cancellation_days": "3",
        "partner_kinds": "nhs_trust",
        "cqc_statements": "safeguarding",
        "active": "on",
        "everyone": "on",
        "roles": "team_manager",
        "teams": place.ids["team_a"],
        "job_titles": "Social Worker",
    }


def _series_form(place: Place, login: str | None) -> dict[str, Any]:
    """A fortnight a month from now; its address is made from its name."""
    first = today() + dt.timedelta(days=30)
    return {
        "title": "Strengths-based practice fortnight",
        "slug": "",
        "description": "Talks and workshops.",
        **date("starts_on", first),
        **date("ends_on", first + dt.timedelta(days=13)),
    }


def _cancel_form(place: Place, login: str | None) -> dict[str, Any]:
    return {"reason": "On leave that week"}


PAYLOADS: dict[str, Payload] = {
    # The imports take a file; the page answers with the report by row.
    "POST /training/sessions/{tp_session}/bookings/import/": lambda p, _: {
        "file": csv_upload("work_email\nworker@example.org\n")
    },
    "POST /training/admin/completions/import/": lambda p, _: {
        "file": csv_upload(
            "work_email,course,completed_on\n"
            f"worker@example.org,Safeguarding adults in practice,{iso_today()}\n"
        )
    },
    # A coordinator names the person by work email; a manager chooses them from their people
    # (the form a role gets keeps one of the two). worker is not the partner coordinator's to
    # book, so their form is shown again with the refusal.
    "POST /training/sessions/{tp_others}/book/": lambda p, _: {
        "person": p.ids["worker"],
        "work_email": "worker@example.org",
    },
    "POST /training/bookings/{tp_booking}/cancel/": _cancel_form,
    "POST /training/bookings/{tp_nhs_booking}/cancel/": _cancel_form,
    "POST /training/bookings/{tp_request}/decide/": lambda p, _: {"decision": "approve"},
    "POST /training/cpd/new/": lambda p, _: cpd_data(),
    "POST /training/cpd/{tp_entry}/edit/": lambda p, _: cpd_data(title="MCA refresher"),
    "POST /training/admin/courses/new/": _course_form,
    # Changed, the course keeps its title (another title of the council's would clash).
    "POST /training/courses/{tp_course}/edit/": lambda p, login: {
        **_course_form(p, login),
        "title": "Safeguarding adults in practice",
    },
    "POST /training/courses/{missing}/edit/": _course_form,
    "POST /training/admin/series/new/": _series_form,
    # Changed, the series keeps its name and address.
    "POST /training/series/{tp_series}/edit/": lambda p, login: {
        **_series_form(p, login),
        "title": "Practice Week",
        "slug": p.ids["tp_series"],
    },
    "POST /training/admin/sessions/new/": _session_form,
    "POST /training/sessions/{tp_session}/edit/": _session_form,
    "POST /training/sessions/{tp_session}/cancel/": lambda p, _: {"reason": "The trainer is ill"},
    "POST /training/sessions/{tp_past}/register/": lambda p, _: {
        f"mark_{p.ids['tp_past_booking']}": "attended"
    },
    "POST /training/admin/completions/new/": lambda p, _: {
        "work_email": "worker@example.org",
        "course": p.ids["tp_course"],
        **date("completed_on", today() - dt.timedelta(days=1)),
        "source": "recorded",
    },
}

STATES: dict[str, Callable[[Place], None]] = {}


def build(place: Place) -> None:
    """What the training pages add to the scenario, with the ids their placeholders stand for."""
    academy = place.academy
    people = academy.people
    coordinator = coordinator_of(academy)
    open_course = course(
        "Safeguarding adults in practice",
        partner_kinds=[Organisation.Kind.NHS_TRUST],
        required=[{"kind": "everyone"}],
    )
    retired = course("Care Act eligibility (old)")
    council_only = course("Council recording standards")
    approval = course("Best interests assessor refresher", approval=True)
    week = series("Practice Week", days=3, length=20)

    upcoming = session(open_course, days=7, series=week)
    booking = book(upcoming, people["nqsw"])
    nhs_booking = book(upcoming, people["nhs_staff"])
    retired_session = session(retired, days=8)
    Course.objects.filter(pk=retired.pk).update(active=False)
    past = session(open_course, days=9)
    past_booking = book(past, people["nqsw"], by=coordinator)
    moved(past, days=-1)
    request = book(session(approval, days=12), people["worker"])

    completed_on = today() - dt.timedelta(days=30)
    completions = {
        login: services.completion_record(
            person=people[login], course=open_course, completed_on=completed_on, actor=coordinator
        )
        for login in ("nqsw", "nhs_staff")
    }
    entry = services.cpd_entry_save(
        person=people["nqsw"],
        data={
            "title": "Reading on strengths-based practice",
            "activity_date": today(),
            "activity": "Read the guidance.",
            "learning": "Asking what matters.",
            "impact": "Better conversations.",
        },
    )
    feed = services.calendar_feed_for(person=people["nqsw"])
    place.ids.update(
        tp_course=str(open_course.pk),
        tp_retired=str(retired.pk),
        tp_retired_session=str(retired_session.pk),
        tp_series=week.slug,
        tp_session=str(upcoming.pk),
        tp_booking=str(booking.pk),
        tp_nhs_booking=str(nhs_booking.pk),
        tp_open=str(session(open_course, days=10).pk),
        tp_others=str(session(open_course, days=11).pk),
        tp_council=str(session(council_only, days=13).pk),
        tp_request=str(request.pk),
        tp_past=str(past.pk),
        tp_past_booking=str(past_booking.pk),
        tp_completion=str(completions["nqsw"].pk),
        tp_nhs_completion=str(completions["nhs_staff"].pk),
        tp_entry=str(entry.pk),
        tp_token=feed.token,
    )
