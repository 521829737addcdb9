"""The catalogue over the API: courses with who must hold them, event series, sessions with
their places, and cancelling a session."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from academy.training.models import Booking, BookingStatus, Session
from tests.api.support import assert_error
from tests.api.test_training import (  # noqa: F401  (fixtures)
    API,
    Training,
    at,
    book,
    make_session,
    training_fixture,
)
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _fill(t: Training, session: Session, n: int) -> list[Booking]:
    """``n`` new people of team A booked on ``session`` by the coordinator, in that order."""
    people = [PersonFactory(team=t.academy.teams["a"]) for _ in range(n)]
    return [book(session, person, t.actor("coordinator")) for person in people]


# ---------------------------------------------------------------------------------------------
# Courses
# ---------------------------------------------------------------------------------------------
def test_coordinator_creates_a_course_with_who_must_hold_it_and_its_pcf_domains(training, api):
    response = api("coordinator").post(
        f"{API}/courses/",
        {
            "title": "Moving and assisting people",
            "provider": training.academy.council.pk,
            "delivery_mode": "blended",
            "cpd_hours": "2.50",
            "refresh_months": 12,
            "partner_kinds": ["care_provider"],
            "cqc_statements": ["safe_systems"],
            "requirements": [
                {"kind": "role", "role": "team_manager"},
                {"kind": "job_title", "job_title": "Occupational Therapist"},
                {"kind": "team", "team": training.academy.teams["b"].pk},
            ],
            "pcf_domains": ["knowledge", "professionalism"],
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    course = response.json()
    assert course["provider"]["name"] == "Shire County Council"
    assert course["refresh_months"] == 12
    assert course["cpd_hours"] == "2.50"
    assert course["partner_kinds"] == ["care_provider"]
    assert course["requirements"] == [
        {"kind": "role", "role": "team_manager", "job_title": "", "team": None},
        {"kind": "job_title", "role": "", "job_title": "Occupational Therapist", "team": None},
        {"kind": "team", "role": "", "job_title": "", "team": training.academy.teams["b"].pk},
    ]
    assert {d["key"] for d in course["pcf_domains"]} == {"knowledge", "professionalism"}
    assert api("nqsw").get(f"{API}/courses/{course['id']}/").json() == course


def test_a_change_replaces_requirements_only_when_they_are_sent(training, api):
    url = f"{API}/courses/{training.safeguarding.pk}/"
    client = api("coordinator")

    kept = client.patch(url, {"cpd_hours": "3.50"}, format="json").json()
    replaced = client.patch(
        url, {"requirements": [{"kind": "role", "role": "psw"}], "pcf_domains": []}, format="json"
    ).json()

    assert kept["cpd_hours"] == "3.50"
    assert kept["requirements"] == [{"kind": "everyone", "role": "", "job_title": "", "team": None}]
    assert len(kept["pcf_domains"]) == 2
    assert replaced["requirements"] == [
        {"kind": "role", "role": "psw", "job_title": "", "team": None}
    ]
    assert replaced["pcf_domains"] == []
    assert replaced["cpd_hours"] == "3.50"


def test_a_requirement_missing_what_it_names_is_refused_naming_its_row(training, api):
    response = api("coordinator").post(
        f"{API}/courses/",
        {
            "title": "Mental Capacity Act",
            "provider": training.academy.council.pk,
            "delivery_mode": "e_learning",
            "requirements": [{"kind": "everyone"}, {"kind": "role"}],
        },
        format="json",
    )

    assert_error(response, 400, fields={"requirements.1"})


@pytest.mark.parametrize(("sent", "stored"), [({}, 36), ({"refresh_months": None}, None)])
def test_a_new_course_lasts_the_default_unless_it_says_it_never_expires(
    training, api, sent, stored
):
    response = api("coordinator").post(
        f"{API}/courses/",
        {
            "title": "Mental Capacity Act in practice",
            "provider": training.academy.council.pk,
            "delivery_mode": "live_webinar",
            **sent,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["refresh_months"] == stored


def test_the_default_refresh_is_a_setting(training, api, settings):
    settings.TRAINING = {**settings.TRAINING, "DEFAULT_REFRESH_MONTHS": 12}
    response = api("coordinator").post(
        f"{API}/courses/",
        {
            "title": "Moving and assisting people",
            "provider": training.academy.council.pk,
            "delivery_mode": "face_to_face",
        },
        format="json",
    )
    assert response.json()["refresh_months"] == 12


def test_course_input_errors_name_each_field(training, api):
    response = api("coordinator").post(
        f"{API}/courses/",
        {
            "provider": 999999,
            "delivery_mode": "by_carrier_pigeon",
            "refresh_months": 0,
            "partner_kinds": ["pub"],
            "pcf_domains": ["no-such-domain"],
        },
        format="json",
    )

    assert_error(
        response,
        400,
        fields={
            "title",
            "provider",
            "delivery_mode",
            "refresh_months",
            "partner_kinds.0",
            "pcf_domains",
        },
    )


def test_a_second_course_of_the_same_title_from_the_same_provider_is_refused(training, api):
    response = api("coordinator").post(
        f"{API}/courses/",
        {
            "title": "safeguarding ADULTS",
            "provider": training.academy.council.pk,
            "delivery_mode": "face_to_face",
        },
        format="json",
    )

    assert_error(response, 400, fields={"title"})


def test_courses_are_searched_by_words_mode_and_whether_in_the_catalogue(training, api):
    client = api("nqsw")
    client_coord = api("coordinator")
    client_coord.patch(
        f"{API}/courses/{training.approval_course.pk}/", {"active": False}, format="json"
    )

    def titles(query: str) -> list[str]:
        response = client.get(f"{API}/courses/{query}")
        assert response.status_code == 200, response.content
        return [c["title"] for c in response.json()["results"]]

    assert titles("") == ["Practice educator refresher", "Safeguarding adults"]
    assert titles("?search=personal safeguarding") == ["Safeguarding adults"]
    assert titles("?search=personal refresher") == []
    assert titles("?mode=live_webinar") == ["Practice educator refresher"]
    assert titles("?active=true") == ["Safeguarding adults"]
    assert titles("?active=false") == ["Practice educator refresher"]


def test_a_course_filter_it_cannot_read_is_refused_naming_it(training, api):
    response = api("nqsw").get(f"{API}/courses/?mode=osmosis&active=maybe")

    assert_error(response, 400, fields={"mode", "active"})


# ---------------------------------------------------------------------------------------------
# Event series
# ---------------------------------------------------------------------------------------------
def test_a_series_shows_its_sessions_with_their_places(training, api):
    second = make_session(training.safeguarding, days=15, capacity=10, series=training.week)

    response = api("worker").get(f"{API}/event-series/{training.week.pk}/")

    assert response.status_code == 200
    series = response.json()
    assert series["slug"] == "safeguarding-week"
    assert series["session_count"] == 2
    assert [(s["id"], s["booked_count"], s["places_left"]) for s in series["sessions"]] == [
        (training.session.pk, 2, 1),
        (second.pk, 0, 10),
    ]


def test_a_series_that_ends_before_it_starts_is_refused_naming_ends_on(training, api):
    response = api("coordinator").post(
        f"{API}/event-series/",
        {"title": "Autumn", "slug": "autumn", "starts_on": "2026-10-05", "ends_on": "2026-10-01"},
        format="json",
    )

    assert_error(response, 400, fields={"ends_on"})


def test_a_series_slug_is_unique(training, api):
    response = api("coordinator").post(
        f"{API}/event-series/",
        {
            "title": "Again",
            "slug": "safeguarding-week",
            "starts_on": "2026-10-01",
            "ends_on": "2026-10-05",
        },
        format="json",
    )

    assert_error(response, 400, fields={"slug"})


# ---------------------------------------------------------------------------------------------
# Sessions
# ---------------------------------------------------------------------------------------------
def test_each_session_shows_capacity_booked_places_left_and_the_waiting_list(training, api):
    _fill(training, training.session, 3)  # one place, then two waiting

    response = api("nqsw").get(f"{API}/sessions/{training.session.pk}/")

    session = response.json()
    assert session["capacity"] == 3
    assert session["booked_count"] == 3
    assert session["places_left"] == 0
    assert session["waitlist_count"] == 2
    assert session["requested_count"] == 0
    assert session["series"]["slug"] == "safeguarding-week"


def test_sessions_filter_by_course_series_time_places_and_partners(training, api):
    _fill(training, training.session, 1)  # now full
    client = api("nqsw")

    def ids(query: str) -> list[int]:
        response = client.get(f"{API}/sessions/{query}")
        assert response.status_code == 200, response.content
        return [s["id"] for s in response.json()["results"]]

    t = training
    assert ids("") == [t.past.pk, t.session.pk, t.approval_session.pk, t.later.pk]
    assert ids(f"?course={t.approval_course.pk}") == [t.approval_session.pk]
    assert ids(f"?series={t.week.pk}") == [t.session.pk]
    assert ids(f"?{urlencode({'starts_after': at(15).isoformat()})}") == [
        t.approval_session.pk,
        t.later.pk,
    ]
    assert ids(f"?{urlencode({'starts_before': at(15).isoformat()})}") == [t.past.pk, t.session.pk]
    assert ids("?has_places=false") == [t.session.pk]
    assert t.session.pk not in ids("?has_places=true")
    assert ids("?open_to_partners=false") == [t.approval_session.pk]


def test_a_session_that_has_begun_has_no_places_to_offer(training, api):
    """training.past began three days ago with places left, its register never closed."""
    Session.objects.filter(pk=training.past.pk).update(status=Session.Status.SCHEDULED)
    response = api("worker").get(
        f"{API}/sessions/?course={training.safeguarding.pk}&has_places=true"
    )
    listed = {s["id"] for s in response.json()["results"]}
    assert training.past.pk not in listed
    assert {training.session.pk, training.later.pk} <= listed


def test_a_time_filter_it_cannot_read_is_refused_naming_it(training, api):
    response = api("nqsw").get(f"{API}/sessions/?starts_after=next-tuesday&course=x")

    assert_error(response, 400, fields={"starts_after", "course"})


def test_the_joining_link_is_for_people_with_a_place_and_coordinators(training, api):
    """As on the session page: someone without a place learns there is a link, not what it is,
    wherever the session is read (the list, the session, its series)."""
    link = "https://meet.example.org/safeguarding-week"
    Session.objects.filter(pk=training.session.pk).update(joining_link=link)
    Session.objects.filter(pk=training.later.pk).update(joining_link=link)

    def links(login: str) -> dict[str, object]:
        client = api(login)
        listed = {
            s["id"]: s["joining_link"]
            for s in client.get(f"{API}/sessions/?series={training.week.pk}").json()["results"]
        }
        series = client.get(f"{API}/event-series/{training.week.pk}/").json()["sessions"]
        return {
            "list": listed[training.session.pk],
            "detail": client.get(f"{API}/sessions/{training.session.pk}/").json()["joining_link"],
            "series": next(s for s in series if s["id"] == training.session.pk)["joining_link"],
            "other": client.get(f"{API}/sessions/{training.later.pk}/").json()["joining_link"],
        }

    booked = {"list": link, "detail": link, "series": link, "other": None}
    assert links("nqsw") == booked  # a place on one session, not on the other
    assert links("coordinator") == {"list": link, "detail": link, "series": link, "other": link}
    assert links("worker") == dict.fromkeys(booked, None)
    assert links("psw") == dict.fromkeys(booked, None)


def test_a_session_without_a_joining_link_reads_back_empty(training, api):
    response = api("worker").get(f"{API}/sessions/{training.later.pk}/")
    assert response.json()["joining_link"] == ""


def test_coordinator_schedules_a_session_with_facilitators(training, api):
    response = api("coordinator").post(
        f"{API}/sessions/",
        {
            "course": training.safeguarding.pk,
            "series": training.week.pk,
            "starts_at": at(16).isoformat(),
            "ends_at": at(16, 16).isoformat(),
            "joining_link": "https://meet.example.org/safeguarding",
            "capacity": 40,
            "facilitators": [training.person("psw").pk],
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    session = response.json()
    assert session["places_left"] == 40
    assert session["status"] == "scheduled"
    assert [f["full_name"] for f in session["facilitators"]] == ["Psw Tester"]


def test_a_session_with_no_place_to_meet_or_ending_before_it_starts_names_both(training, api):
    response = api("coordinator").post(
        f"{API}/sessions/",
        {
            "course": training.safeguarding.pk,
            "starts_at": at(16, 14).isoformat(),
            "ends_at": at(16, 10).isoformat(),
            "capacity": 10,
        },
        format="json",
    )

    assert_error(response, 400, fields={"venue", "ends_at"})


def test_capacity_cannot_drop_below_the_places_held(training, api):
    response = api("coordinator").patch(
        f"{API}/sessions/{training.session.pk}/", {"capacity": 1}, format="json"
    )

    assert_error(response, 400, fields={"capacity"})


def test_more_places_go_to_the_waiting_list_at_once_in_arrival_order(training, api):
    first, second, third = _fill(training, training.session, 3)

    response = api("coordinator").patch(
        f"{API}/sessions/{training.session.pk}/", {"capacity": 4}, format="json"
    )

    assert response.json()["places_left"] == 0
    assert response.json()["waitlist_count"] == 1
    statuses = dict(
        Booking.objects.filter(pk__in=[first.pk, second.pk, third.pk]).values_list("pk", "status")
    )
    assert statuses == {
        first.pk: BookingStatus.BOOKED,
        second.pk: BookingStatus.BOOKED,
        third.pk: BookingStatus.WAITLISTED,
    }


def test_cancelling_a_session_cancels_every_booking_on_it(training, api):
    response = api("coordinator").post(
        f"{API}/sessions/{training.session.pk}/cancel/",
        {"reason": "The trainer is ill."},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["cancelled_reason"] == "The trainer is ill."
    assert set(
        Booking.objects.filter(session=training.session).values_list("status", flat=True)
    ) == {BookingStatus.CANCELLED}


def test_a_session_cancelled_without_a_reason_or_twice_is_refused(training, api):
    client = api("coordinator")
    url = f"{API}/sessions/{training.session.pk}/cancel/"

    assert_error(client.post(url, {"reason": ""}, format="json"), 400, fields={"reason"})
    client.post(url, {"reason": "Venue flooded."}, format="json")
    assert_error(client.post(url, {"reason": "Again"}, format="json"), 400, fields={"session"})
