"""Bookings over the API: places, the waiting list, requests and approval, who may book whom,
the bookings each role sees, cancelling, and the calendar invite."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from academy.training.models import Booking, BookingStatus
from tests.api.support import assert_error
from tests.api.test_training import (  # noqa: F401  (fixtures)
    API,
    Training,
    book,
    make_session,
    training_fixture,
)
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _book(client, session_id: int, person_id: int | None = None):
    body = {} if person_id is None else {"person": person_id}
    return client.post(f"{API}/sessions/{session_id}/bookings/", body, format="json")


def _team_a_people(t: Training, n: int) -> list:
    return [PersonFactory(team=t.academy.teams["a"]) for _ in range(n)]


# ---------------------------------------------------------------------------------------------
# Places, the waiting list and requests
# ---------------------------------------------------------------------------------------------
def test_a_learner_books_themself_a_free_place(training, api):
    response = _book(api("worker"), training.later.pk)

    assert response.status_code == 201, response.content
    booking = response.json()
    assert booking["status"] == "booked"
    assert booking["waitlist_position"] is None
    assert booking["warnings"] == []
    assert booking["person"]["id"] == training.person("worker").pk
    assert booking["session"]["id"] == training.later.pk
    assert booking["invite"].endswith(f"/api/v1/bookings/{booking['id']}/invite.ics")


def test_when_the_session_is_full_people_join_the_waiting_list_in_arrival_order(training, api):
    coordinator = api("coordinator")
    first, second, third = _team_a_people(training, 3)

    statuses = [
        _book(coordinator, training.session.pk, person.pk).json()
        for person in (first, second, third)
    ]

    assert [(b["status"], b["waitlist_position"]) for b in statuses] == [
        ("booked", None),
        ("waitlisted", 1),
        ("waitlisted", 2),
    ]


def test_a_course_needing_approval_makes_a_request_unless_an_approver_books(training, api):
    own = _book(api("nqsw"), training.approval_session.pk).json()
    by_manager = _book(
        api("manager"), training.approval_session.pk, training.person("supervisor").pk
    ).json()

    assert (own["status"], own["waitlist_position"]) == ("requested", None)
    assert by_manager["status"] == "booked"


def test_a_second_booking_on_the_same_session_is_a_conflict_naming_the_person(training, api):
    response = _book(api("manager"), training.session.pk, training.person("nqsw").pk)

    errors = assert_error(response, 409, fields={"person"}, code="conflict")
    assert "already has a booking" in errors[0]["message"]
    assert Booking.objects.filter(session=training.session).count() == 2


def test_another_session_at_the_same_time_is_warned_about_and_the_booking_made(training, api):
    clash = make_session(training.approval_course, days=14, venue="Library")

    response = _book(api("nqsw"), clash.pk)

    assert response.status_code == 201
    assert response.json()["status"] == "requested"
    [warning] = response.json()["warnings"]
    assert warning["code"] == "clash"
    assert warning["session"] == training.session.pk
    assert "Safeguarding adults" in warning["message"]


def test_a_cancelled_session_takes_no_bookings(training, api):
    api("coordinator").post(
        f"{API}/sessions/{training.later.pk}/cancel/", {"reason": "No trainer."}, format="json"
    )

    assert_error(_book(api("worker"), training.later.pk), 400, fields={"session"})


def test_booking_input_errors_name_the_field(training, api):
    assert_error(
        _book(api("coordinator"), training.later.pk, -1), 400, fields={"person"}, code="min_value"
    )
    assert_error(_book(api("admin"), training.later.pk), 400, fields={"person"}, code="required")


# ---------------------------------------------------------------------------------------------
# Who may book whom
# ---------------------------------------------------------------------------------------------
def test_a_manager_books_their_own_team_but_cannot_see_another_team(training, api):
    manager = api("manager")

    own_team = _book(manager, training.later.pk, training.person("worker").pk)
    other_team = _book(manager, training.later.pk, training.person("outsider").pk)

    assert own_team.status_code == 201
    assert own_team.json()["booked_by"] == training.person("manager").pk
    assert_error(other_team, 400, fields={"person"}, code="does_not_exist")


def test_a_partner_coordinator_books_their_organisation_not_the_council(training, api):
    partner = api("partner")

    own_organisation = _book(partner, training.later.pk, training.person("nhs_staff").pk)
    council = _book(partner, training.later.pk, training.person("worker").pk)

    assert own_organisation.status_code == 201
    assert_error(council, 400, fields={"person"})


def test_partner_staff_cannot_join_a_course_not_open_to_their_kind_of_organisation(training, api):
    response = _book(api("partner"), training.approval_session.pk, training.person("nhs_staff").pk)

    errors = assert_error(response, 400, fields={"person"})
    assert "not open to nhs trust staff" in errors[0]["message"]


@pytest.mark.parametrize("login", ["psw", "dass", "principal_ot"])
def test_academy_leads_see_everyone_but_book_only_themselves(training, api, login):
    response = _book(api(login), training.later.pk, training.person("worker").pk)

    assert_error(response, 403, code="permission_denied")
    assert _book(api(login), training.later.pk).status_code == 201


def test_booking_needs_a_sign_in(training, api):
    assert_error(_book(api(None), training.later.pk), 401, code="not_authenticated")


# ---------------------------------------------------------------------------------------------
# The bookings each role sees
# ---------------------------------------------------------------------------------------------
def _people_listed(client, query: str = "") -> list[str]:
    response = client.get(f"{API}/bookings/{query}")
    assert response.status_code == 200, response.content
    return sorted(b["person"]["full_name"] for b in response.json()["results"])


@pytest.mark.parametrize(
    ("login", "expected"),
    [
        ("nqsw", ["Nqsw Tester", "Nqsw Tester"]),
        ("worker", ["Worker Tester"]),
        ("manager", ["Nqsw Tester", "Nqsw Tester", "Worker Tester"]),
        ("partner", ["Nhs Staff Tester"]),
        ("nhs_staff", ["Nhs Staff Tester"]),
        ("outsider", []),
        ("assessor", []),
        ("coordinator", ["Nhs Staff Tester", "Nqsw Tester", "Nqsw Tester", "Worker Tester"]),
        ("psw", ["Nhs Staff Tester", "Nqsw Tester", "Nqsw Tester", "Worker Tester"]),
        ("dass", ["Nhs Staff Tester", "Nqsw Tester", "Nqsw Tester", "Worker Tester"]),
        ("admin", ["Nhs Staff Tester", "Nqsw Tester", "Nqsw Tester", "Worker Tester"]),
    ],
)
def test_each_role_sees_the_bookings_of_the_people_it_looks_after(training, api, login, expected):
    assert _people_listed(api(login)) == expected


def test_bookings_filter_by_session_person_and_status(training, api):
    client = api("coordinator")

    assert _people_listed(client, f"?session={training.session.pk}") == [
        "Nhs Staff Tester",
        "Nqsw Tester",
    ]
    assert _people_listed(client, f"?person={training.person('worker').pk}") == ["Worker Tester"]
    assert _people_listed(client, "?status=attended") == ["Nqsw Tester"]
    assert_error(client.get(f"{API}/bookings/?status=maybe"), 400, fields={"status"})


def test_the_list_shows_each_waiting_persons_place_in_the_queue(training, api):
    people = _team_a_people(training, 3)
    for person in people:
        book(training.session, person, training.actor("coordinator"))

    response = api("manager").get(f"{API}/bookings/?session={training.session.pk}")

    positions = {b["person"]["id"]: b["waitlist_position"] for b in response.json()["results"]}
    assert positions == {
        training.person("nqsw").pk: None,
        people[0].pk: None,
        people[1].pk: 1,
        people[2].pk: 2,
    }


# ---------------------------------------------------------------------------------------------
# Cancelling and deciding
# ---------------------------------------------------------------------------------------------
def test_a_freed_place_goes_at_once_to_the_first_person_waiting(training, api):
    first_waiting, second_waiting = _team_a_people(training, 2)
    book(
        training.session,
        PersonFactory(team=training.academy.teams["a"]),
        training.actor("coordinator"),
    )
    first = book(training.session, first_waiting, training.actor("coordinator"))
    second = book(training.session, second_waiting, training.actor("coordinator"))
    client = api("manager")

    cancelled = client.post(
        f"{API}/bookings/{training.booking.pk}/cancel/", {"reason": "On leave"}, format="json"
    )

    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["cancel_reason"] == "On leave"
    promoted = client.get(f"{API}/bookings/{first.pk}/").json()
    still_waiting = client.get(f"{API}/bookings/{second.pk}/").json()
    assert (promoted["status"], promoted["waitlist_position"]) == ("booked", None)
    assert (still_waiting["status"], still_waiting["waitlist_position"]) == ("waitlisted", 1)


def test_cancelling_twice_is_refused_naming_the_status(training, api):
    client = api("nqsw")
    url = f"{API}/bookings/{training.booking.pk}/cancel/"
    client.post(url, {}, format="json")

    assert_error(client.post(url, {}, format="json"), 400, fields={"status"})


def test_the_manager_approves_a_request_into_a_place(training, api):
    response = api("manager").post(f"{API}/bookings/{training.request.pk}/approve/")

    assert response.status_code == 200
    assert response.json()["status"] == "booked"
    assert response.json()["decided_by"] == training.person("manager").pk


def test_a_request_approved_for_a_full_session_joins_the_waiting_list(training, api):
    for person in _team_a_people(training, 5):
        book(training.approval_session, person, training.actor("coordinator"))

    response = api("coordinator").post(f"{API}/bookings/{training.request.pk}/approve/")

    assert (response.json()["status"], response.json()["waitlist_position"]) == (
        "waitlisted",
        1,
    )


def test_a_declined_request_cannot_then_be_approved(training, api):
    manager = api("manager")

    declined = manager.post(f"{API}/bookings/{training.request.pk}/decline/")
    again = manager.post(f"{API}/bookings/{training.request.pk}/approve/")

    assert declined.json()["status"] == "declined"
    assert_error(again, 400, fields={"status"})


def test_the_person_cannot_approve_their_own_request(training, api):
    response = api("worker").post(f"{API}/bookings/{training.request.pk}/approve/")

    assert_error(response, 403)
    assert Booking.objects.get(pk=training.request.pk).status == BookingStatus.REQUESTED


# ---------------------------------------------------------------------------------------------
# The calendar invite
# ---------------------------------------------------------------------------------------------
def _invite(client, booking_id: int, **headers) -> Calendar:
    response = client.get(f"{API}/bookings/{booking_id}/invite.ics", **headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_the_invite_is_a_request_then_a_cancel_with_the_same_uid_and_a_higher_sequence(
    training, api
):
    client = api("nqsw")
    booking = Booking.objects.get(pk=training.booking.pk)

    before = _invite(client, booking.pk)
    client.post(f"{API}/bookings/{booking.pk}/cancel/", {}, format="json")
    after = _invite(client, booking.pk, HTTP_ACCEPT="text/calendar")

    [event_before] = before.walk("VEVENT")
    [event_after] = after.walk("VEVENT")
    assert str(before["METHOD"]) == "REQUEST"
    assert str(after["METHOD"]) == "CANCEL"
    assert (
        str(event_before["UID"]) == str(event_after["UID"]) == f"{booking.ical_uid}@academy-tracker"
    )
    assert int(event_before["SEQUENCE"]) == 0
    assert int(event_after["SEQUENCE"]) == 1
    assert str(event_before["SUMMARY"]) == "Safeguarding adults"
    assert event_before.decoded("DTSTART") == training.session.starts_at
    assert str(event_after["STATUS"]) == "CANCELLED"


def test_a_request_or_a_place_on_the_waiting_list_has_no_invite_yet(training, api):
    response = api("worker").get(f"{API}/bookings/{training.request.pk}/invite.ics")

    assert_error(response, 409, fields={"status"})
