"""The training forms through the pages, for the roles that use them: each saves through the
training services and lands on what was done, or shows each problem on its field (the service's
refusals included) and writes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from academy.common.dates import today
from academy.notifications.models import Notification
from academy.people.models import Organisation
from academy.training import rules, services
from academy.training.models import Booking, Completion, Course, CpdEntry, Session
from tests.web.conftest import page_of
from tests.web.test_training_support import (
    book,
    coordinator_of,
    course,
    date,
    moved,
    series,
    session,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def banners(response):
    return page_of(response).texts("p", class_="govuk-notification-banner__heading")


def booking_of(person, target):
    return Booking.objects.get(person=person, session=target)


# ---------------------------------------------------------------------------------------------
# Booking oneself
# ---------------------------------------------------------------------------------------------
def test_a_learner_books_a_place_and_lands_on_their_booking(academy):
    target = session(course("Safeguarding adults"))
    response = academy.client("nqsw").post(f"/training/sessions/{target.pk}/book/", follow=True)
    booking = booking_of(academy.people["nqsw"], target)
    assert response.redirect_chain == [(f"/training/bookings/{booking.pk}/", 302)]
    assert banners(response) == ["You have a place on Safeguarding adults."]
    assert booking.status == "booked"
    assert booking.booked_by == academy.people["nqsw"]
    sent = Notification.objects.get(recipient=academy.people["nqsw"], kind="training.booked")
    assert "METHOD:REQUEST" in sent.calendar


def test_a_full_session_puts_the_learner_on_the_waiting_list_with_their_number(academy):
    target = session(course("Popular"), capacity=1)
    book(target, academy.people["worker"])
    book(target, academy.people["outsider"])
    response = academy.client("nqsw").post(f"/training/sessions/{target.pk}/book/", follow=True)
    assert banners(response) == ["Popular is full. You are number 2 on the waiting list."]
    assert booking_of(academy.people["nqsw"], target).status == "waitlisted"


def test_a_course_needing_approval_sends_the_request_to_the_manager(academy):
    target = session(course("Best interests assessment", approval=True))
    response = academy.client("worker").post(f"/training/sessions/{target.pk}/book/", follow=True)
    assert banners(response) == [
        "Your request for a place on Best interests assessment is waiting for a manager's approval."
    ]
    assert booking_of(academy.people["worker"], target).status == "requested"
    asked = Notification.objects.filter(kind="training.approval_needed")
    assert [n.recipient for n in asked] == [academy.people["manager"]]


def test_booking_twice_is_refused_on_the_page(academy):
    target = session(course("Safeguarding"))
    book(target, academy.people["nqsw"])
    response = academy.client("nqsw").post(f"/training/sessions/{target.pk}/book/")
    page = page_of(response)
    assert response.status_code == 200
    assert page.error_summary_links() == {
        "booking": "Nqsw Tester already has a booking on this session."
    }
    assert page.title.startswith("Error: ")
    assert Booking.objects.filter(session=target).count() == 1


def test_booking_after_booking_closes_is_refused(academy):
    target = session(course("Safeguarding"))
    Session.objects.filter(pk=target.pk).update(booking_closes_at=timezone.now())
    response = academy.client("nqsw").post(f"/training/sessions/{target.pk}/book/")
    assert page_of(response).error_summary_links() == {
        "booking": "Booking is not open for this session."
    }
    assert not Booking.objects.exists()


def test_a_clash_is_warned_of_once_booked(academy):
    first = session(course("Morning course"), days=7, hours=3)
    overlapping = session(course("Overlapping course"), days=7.05, hours=2)
    book(first, academy.people["nqsw"])
    response = academy.client("nqsw").post(
        f"/training/sessions/{overlapping.pk}/book/", follow=True
    )
    texts = banners(response)
    assert texts[0] == "You have a place on Overlapping course."
    assert texts[1].startswith("This clashes with another booking: Morning course, ")
    assert booking_of(academy.people["nqsw"], overlapping).status == "booked"


# ---------------------------------------------------------------------------------------------
# Booking someone else
# ---------------------------------------------------------------------------------------------
def test_a_manager_books_someone_in_their_team(academy):
    target = session(course("Safeguarding"))
    worker = academy.people["worker"]
    response = academy.client("manager").post(
        f"/training/sessions/{target.pk}/book/", {"person": worker.pk}, follow=True
    )
    assert banners(response) == ["Worker Tester has a place on Safeguarding."]
    booking = booking_of(worker, target)
    assert booking.booked_by == academy.people["manager"]


def test_a_manager_cannot_book_someone_outside_their_teams(academy):
    target = session(course("Safeguarding"))
    response = academy.client("manager").post(
        f"/training/sessions/{target.pk}/book/", {"person": academy.people["outsider"].pk}
    )
    assert page_of(response).error_summary_links() == {"id_person": "Choose a person from the list"}
    assert not Booking.objects.exists()


def test_a_manager_must_choose_someone(academy):
    target = session(course("Safeguarding"))
    response = academy.client("manager").post(
        f"/training/sessions/{target.pk}/book/", {"person": ""}
    )
    assert page_of(response).error_summary_links() == {"id_person": "Choose the person to book"}


def test_a_partner_coordinator_books_their_staff_on_a_course_open_to_them(academy):
    target = session(course("Medical devices", partner_kinds=[Organisation.Kind.NHS_TRUST]))
    nhs_staff = academy.people["nhs_staff"]
    academy.client("partner").post(
        f"/training/sessions/{target.pk}/book/", {"person": nhs_staff.pk}
    )
    assert booking_of(nhs_staff, target).booked_by == academy.people["partner"]


def test_a_partner_coordinator_is_told_when_a_course_is_not_open_to_their_staff(academy):
    target = session(course("Council only"))
    response = academy.client("partner").post(
        f"/training/sessions/{target.pk}/book/", {"person": academy.people["nhs_staff"].pk}
    )
    assert page_of(response).error_summary_links() == {
        "id_person": "Council only is not open to nhs trust staff."
    }


def test_a_coordinator_books_anyone_by_work_email(academy):
    target = session(course("Safeguarding"))
    response = academy.client("coordinator").post(
        f"/training/sessions/{target.pk}/book/", {"work_email": "OUTSIDER@example.org"}, follow=True
    )
    assert banners(response) == ["Outsider Tester has a place on Safeguarding."]
    assert booking_of(academy.people["outsider"], target).status == "booked"


@pytest.mark.parametrize(
    ("email", "error"),
    [
        ("", "Enter the work email address of the person to book"),
        ("not an email", "Enter an email address in the correct format, like name@example.com"),
        ("nobody@example.org", "Nobody has this work email address"),
    ],
)
def test_a_coordinators_work_email_is_checked(academy, email, error):
    target = session(course("Safeguarding"))
    response = academy.client("coordinator").post(
        f"/training/sessions/{target.pk}/book/", {"work_email": email}
    )
    assert page_of(response).error_summary_links() == {"id_work_email": error}


def test_a_coordinator_booking_someone_already_booked_sees_it_on_the_email(academy):
    target = session(course("Safeguarding"))
    book(target, academy.people["nqsw"])
    response = academy.client("coordinator").post(
        f"/training/sessions/{target.pk}/book/", {"work_email": "nqsw@example.org"}
    )
    assert page_of(response).error_summary_links() == {
        "id_work_email": "Nqsw Tester already has a booking on this session."
    }


def test_a_learner_cannot_book_someone_else(academy):
    target = session(course("Safeguarding"))
    response = academy.client("nqsw").post(
        f"/training/sessions/{target.pk}/book/", {"person": academy.people["worker"].pk}
    )
    assert response.status_code == 403
    assert not Booking.objects.exists()


# ---------------------------------------------------------------------------------------------
# Cancelling, approving and declining
# ---------------------------------------------------------------------------------------------
def test_cancelling_a_place_gives_it_to_the_first_person_waiting(academy):
    target = session(course("Popular"), capacity=1)
    booking = book(target, academy.people["nqsw"])
    book(target, academy.people["worker"])
    book(target, academy.people["outsider"])
    response = academy.client("nqsw").post(
        f"/training/bookings/{booking.pk}/cancel/", {"reason": "On leave"}, follow=True
    )
    assert banners(response) == ["The booking on Popular was cancelled."]
    booking.refresh_from_db()
    assert (booking.status, booking.cancel_reason, booking.late_cancellation) == (
        "cancelled",
        "On leave",
        False,
    )
    assert booking_of(academy.people["worker"], target).status == "booked"
    assert booking_of(academy.people["outsider"], target).status == "waitlisted"


def test_cancelling_within_the_cut_off_is_late(academy):
    target = session(course("Safeguarding", late_cancellation_days=3), days=2)
    booking = book(target, academy.people["nqsw"])
    cancel_page = page_of(academy.client("nqsw").get(f"/training/bookings/{booking.pk}/cancel/"))
    assert "within 3 days of the start counts as a late cancellation" in cancel_page.html
    response = academy.client("manager").post(
        f"/training/bookings/{booking.pk}/cancel/", {}, follow=True
    )
    assert banners(response) == [
        "The booking on Safeguarding was cancelled. This is a late cancellation."
    ]
    booking.refresh_from_db()
    assert booking.late_cancellation


def test_a_session_that_has_started_cannot_be_cancelled(academy):
    target = session(course("Safeguarding"))
    booking = book(target, academy.people["nqsw"])
    moved(target, days=-0.01)
    response = academy.client("nqsw").post(f"/training/bookings/{booking.pk}/cancel/", {})
    assert page_of(response).error_summary_links() == {
        "id_reason": "The session has started: record attendance instead."
    }
    assert Booking.objects.get(pk=booking.pk).status == "booked"


def test_the_manager_approves_a_request_and_the_person_gets_a_place(academy):
    request = book(session(course("Approval", approval=True)), academy.people["worker"])
    response = academy.client("manager").post(
        f"/training/bookings/{request.pk}/decide/", {"decision": "approve"}, follow=True
    )
    assert response.redirect_chain == [(f"/training/bookings/{request.pk}/", 302)]
    assert banners(response) == ["Worker Tester's request was approved: they have a place."]
    request.refresh_from_db()
    assert (request.status, request.decided_by) == ("booked", academy.people["manager"])


def test_approving_a_request_for_a_full_session_puts_them_on_the_waiting_list(academy):
    target = session(course("Approval", approval=True), capacity=1)
    book(target, academy.people["nqsw"], by=coordinator_of(academy))
    request = book(target, academy.people["worker"])
    response = academy.client("manager").post(
        f"/training/bookings/{request.pk}/decide/", {"decision": "approve"}, follow=True
    )
    assert banners(response) == [
        "Worker Tester's request was approved: Approval is full, so they are waiting."
    ]
    assert Booking.objects.get(pk=request.pk).status == "waitlisted"


def test_declining_from_the_approvals_list_goes_back_to_it(academy):
    request = book(session(course("Approval", approval=True)), academy.people["worker"])
    response = academy.client("manager").post(
        f"/training/bookings/{request.pk}/decide/",
        {"decision": "decline", "back": "approvals"},
        follow=True,
    )
    assert response.redirect_chain == [("/training/approvals/", 302)]
    assert banners(response) == ["Worker Tester's request for Approval was declined."]
    assert Booking.objects.get(pk=request.pk).status == "declined"
    assert Notification.objects.filter(
        recipient=academy.people["worker"], kind="training.declined"
    ).exists()


def test_a_decision_must_be_chosen(academy):
    request = book(session(course("Approval", approval=True)), academy.people["worker"])
    response = academy.client("manager").post(f"/training/bookings/{request.pk}/decide/", {})
    assert page_of(response).error_summary_links() == {
        "id_decision": "Choose to approve or decline the request"
    }
    assert Booking.objects.get(pk=request.pk).status == "requested"


def test_deciding_twice_is_refused_with_a_message(academy):
    request = book(session(course("Approval", approval=True)), academy.people["worker"])
    client = academy.client("manager")
    client.post(f"/training/bookings/{request.pk}/decide/", {"decision": "decline"}, follow=True)
    response = client.post(
        f"/training/bookings/{request.pk}/decide/", {"decision": "approve"}, follow=True
    )
    assert banners(response) == ["Only a request awaiting approval can be approved or declined."]
    assert Booking.objects.get(pk=request.pk).status == "declined"


# ---------------------------------------------------------------------------------------------
# My learning: the calendar address
# ---------------------------------------------------------------------------------------------
def test_a_new_calendar_address_stops_the_old_one(academy):
    target = session(course("Safeguarding"))
    book(target, academy.people["nqsw"])
    client = academy.client("nqsw")
    response = client.post("/training/calendar/new/", follow=True)
    assert response.redirect_chain == [("/training/my-learning/#calendar", 302)]
    old = academy.people["nqsw"].calendar_feed.token
    feed = academy.client(None).get(f"/training/calendar/{old}.ics").content.decode()
    assert "SUMMARY:Safeguarding" in feed
    assert "METHOD:PUBLISH" in feed
    client.post("/training/calendar/revoke/")
    academy.people["nqsw"].calendar_feed.refresh_from_db()
    new = academy.people["nqsw"].calendar_feed.token
    assert new != old
    assert academy.client(None).get(f"/training/calendar/{old}.ics").status_code == 404
    assert academy.client(None).get(f"/training/calendar/{new}.ics").status_code == 200


# ---------------------------------------------------------------------------------------------
# CPD
# ---------------------------------------------------------------------------------------------
def cpd_data(**changes):
    return {
        "title": "Mental Capacity Act refresher",
        **date("activity_date", today() - dt.timedelta(days=3)),
        "hours": "2.5",
        "activity": "A half-day refresher on capacity assessments.",
        "learning": "Record the decision-specific test.",
        "impact": "My assessments name the decision.",
        "peer_reflection": "yes",
        "peer_learning": "My colleague records the reasonable steps taken.",
        **changes,
    }


def test_a_social_worker_adds_a_piece_of_cpd(academy):
    response = academy.client("nqsw").post("/training/cpd/new/", cpd_data(), follow=True)
    entry = CpdEntry.objects.get()
    assert response.redirect_chain == [(f"/training/cpd/{entry.pk}/", 302)]
    assert banners(response) == ["‘Mental Capacity Act refresher’ is in your CPD log."]
    config = services.cpd_rules()
    assert (entry.person, entry.hours, entry.peer_reflection, entry.registration_year_starts) == (
        academy.people["nqsw"],
        Decimal("2.5"),
        True,
        rules.registration_year_start(entry.activity_date, config),
    )


def test_the_cpd_form_shows_each_problem_on_its_field(academy):
    page = page_of(academy.client("nqsw").post("/training/cpd/new/", {"hours": "-1"}))
    assert page.error_summary_links() == {
        "id_title": "Enter the title of the activity",
        "id_activity_date_day": "Enter the date of the activity",
        "id_hours": "Hours cannot be negative",
        "id_activity": "Say what the activity was and why it was relevant",
        "id_learning": "Say what you learnt",
        "id_impact": "Say what impact it has had",
        "id_peer_reflection": "Say whether you reflected on it with a peer",
    }
    assert not CpdEntry.objects.exists()


def test_a_peer_reflection_must_say_what_was_learnt_from_the_peer(academy):
    page = page_of(academy.client("nqsw").post("/training/cpd/new/", cpd_data(peer_learning="")))
    assert page.error_summary_links() == {
        "id_peer_learning": "Say what you learnt from the peer discussion."
    }
    assert not CpdEntry.objects.exists()


def test_cpd_in_the_future_is_refused(academy):
    data = cpd_data(**date("activity_date", today() + dt.timedelta(days=2)))
    page = page_of(academy.client("nqsw").post("/training/cpd/new/", data))
    assert page.error_summary_links() == {
        "id_activity_date_day": "The date cannot be in the future."
    }


def test_an_attended_session_fills_in_the_cpd_form(academy):
    nqsw = academy.people["nqsw"]
    target = session(course("Safeguarding adults", description="The Care Act duties."))
    booking = book(target, nqsw)
    moved(target, days=-2)
    services.attendance_record(
        session=target, marks=[(booking.pk, "attended")], actor=coordinator_of(academy)
    )
    client = academy.client("nqsw")
    page = page_of(client.get("/training/cpd/new/", {"booking": booking.pk}))
    assert page.find("input", name="title")["attrs"]["value"] == "Safeguarding adults"
    assert page.find("input", name="hours")["attrs"]["value"] == "3.00"
    day = timezone.localtime(Session.objects.get(pk=target.pk).starts_at).date()
    assert page.find("input", name="activity_date_day")["attrs"]["value"] == str(day.day)
    assert "I attended Safeguarding adults (face to face). The Care Act duties." in page.html
    data = cpd_data(title="Safeguarding adults", **date("activity_date", day), booking=booking.pk)
    client.post(f"/training/cpd/new/?booking={booking.pk}", data)
    assert CpdEntry.objects.get().booking == booking


def test_someone_elses_booking_does_not_fill_in_the_form(academy):
    target = session(course("Safeguarding adults"))
    booking = book(target, academy.people["worker"])
    page = page_of(academy.client("nqsw").get("/training/cpd/new/", {"booking": booking.pk}))
    assert page.find("input", name="title")["attrs"].get("value") is None


def test_a_cpd_entry_is_changed_and_deleted_by_its_owner(academy):
    client = academy.client("nqsw")
    client.post("/training/cpd/new/", cpd_data())
    entry = CpdEntry.objects.get()
    form = page_of(client.get(f"/training/cpd/{entry.pk}/edit/"))
    assert form.find("input", name="title")["attrs"]["value"] == "Mental Capacity Act refresher"
    response = client.post(
        f"/training/cpd/{entry.pk}/edit/",
        cpd_data(title="MCA refresher", peer_reflection="no"),
        follow=True,
    )
    assert banners(response) == ["‘MCA refresher’ is in your CPD log."]
    entry.refresh_from_db()
    assert (entry.title, entry.peer_reflection, entry.peer_learning) == ("MCA refresher", False, "")
    response = client.post(f"/training/cpd/{entry.pk}/delete/", follow=True)
    assert response.redirect_chain == [("/training/cpd/", 302)]
    assert banners(response) == ["‘MCA refresher’ was deleted from your CPD log."]
    assert not CpdEntry.objects.exists()


def test_a_bad_change_leaves_the_entry_as_it_was(academy):
    client = academy.client("nqsw")
    client.post("/training/cpd/new/", cpd_data())
    entry = CpdEntry.objects.get()
    page = page_of(client.post(f"/training/cpd/{entry.pk}/edit/", cpd_data(title="")))
    assert page.error_summary_links() == {"id_title": "Enter the title of the activity"}
    entry.refresh_from_db()
    assert entry.title == "Mental Capacity Act refresher"


# ---------------------------------------------------------------------------------------------
# Sessions: create, change, cancel
# ---------------------------------------------------------------------------------------------
def session_data(of, day, **changes):
    return {
        "course": of.pk,
        "series": "",
        **date("date", day),
        "starts": "09:30",
        "ends": "12:30",
        "venue": "County Hall, Room 2",
        "joining_link": "",
        "capacity": "12",
        **changes,
    }


def test_a_coordinator_creates_a_session_in_london_time(academy):
    mca = course("Mental Capacity Act")
    week = series()
    summer_day = dt.date(today().year + 1, 7, 15)
    data = session_data(
        mca, summer_day, series=week.pk, **date("closes_on", summer_day - dt.timedelta(days=2))
    )
    response = academy.client("coordinator").post(
        "/training/admin/sessions/new/", data, follow=True
    )
    made = Session.objects.get()
    assert response.redirect_chain == [(f"/training/sessions/{made.pk}/", 302)]
    assert banners(response) == ["The session of Mental Capacity Act was created."]
    assert made.starts_at == dt.datetime(summer_day.year, 7, 15, 9, 30, tzinfo=LONDON)
    assert made.starts_at.astimezone(dt.UTC).hour == 8
    assert made.booking_closes_at == dt.datetime(summer_day.year, 7, 13, 23, 59, tzinfo=LONDON)
    assert (made.capacity, made.series, made.venue) == (12, week, "County Hall, Room 2")


def test_the_session_form_shows_each_problem_on_its_field(academy):
    page = page_of(
        academy.client("coordinator").post(
            "/training/admin/sessions/new/", {"starts": "9 o'clock", "capacity": "0"}
        )
    )
    assert page.error_summary_links() == {
        "id_course": "Choose a course",
        "id_date_day": "Enter the date",
        "id_starts": "Enter the start time as hours and minutes on the 24-hour clock, like 09:30",
        "id_ends": "Enter the end time",
        "id_capacity": "A session needs at least 1 place",
    }
    assert not Session.objects.exists()


def test_a_session_must_end_after_it_starts(academy):
    mca = course("Mental Capacity Act")
    data = session_data(mca, today() + dt.timedelta(days=30), ends="09:00")
    page = page_of(academy.client("coordinator").post("/training/admin/sessions/new/", data))
    assert page.error_summary_links() == {"id_ends": "The end time must be after the start time"}


def test_a_face_to_face_session_needs_a_venue_or_a_link(academy):
    mca = course("Mental Capacity Act")
    data = session_data(mca, today() + dt.timedelta(days=30), venue="")
    page = page_of(academy.client("coordinator").post("/training/admin/sessions/new/", data))
    assert page.error_summary_links() == {"id_venue": "Give a venue or an online joining link."}
    assert not Session.objects.exists()


def test_booking_must_close_by_the_start(academy):
    mca = course("Mental Capacity Act")
    day = today() + dt.timedelta(days=30)
    data = session_data(mca, day, **date("closes_on", day + dt.timedelta(days=1)))
    page = page_of(academy.client("coordinator").post("/training/admin/sessions/new/", data))
    assert page.error_summary_links() == {"id_closes_on_day": "Booking must close by the start."}


def test_moving_a_session_sends_booked_people_an_updated_invite(academy):
    target = session(course("Mental Capacity Act"), days=20)
    booking = book(target, academy.people["nqsw"])
    local = timezone.localtime(target.starts_at)
    data = session_data(target.course, local.date() + dt.timedelta(days=1), capacity="10")
    data.pop("course")
    response = academy.client("coordinator").post(
        f"/training/sessions/{target.pk}/edit/", data, follow=True
    )
    assert response.redirect_chain == [(f"/training/sessions/{target.pk}/", 302)]
    target.refresh_from_db()
    assert timezone.localtime(target.starts_at).date() == local.date() + dt.timedelta(days=1)
    changed = Notification.objects.get(recipient=academy.people["nqsw"], kind="training.updated")
    assert "SEQUENCE:1" in changed.calendar
    assert Booking.objects.get(pk=booking.pk).ical_sequence == 1


def test_more_places_go_at_once_to_people_waiting(academy):
    target = session(course("Popular"), capacity=1, days=20)
    book(target, academy.people["worker"])
    book(target, academy.people["nqsw"])
    form = page_of(academy.client("coordinator").get(f"/training/sessions/{target.pk}/edit/"))
    assert form.find("input", name="capacity")["attrs"]["value"] == "1"
    starts = form.find("input", name="starts")["attrs"]["value"]
    local = timezone.localtime(target.starts_at)
    assert starts == f"{local:%H:%M}"
    data = session_data(target.course, local.date(), starts=starts, capacity="2")
    data["ends"] = f"{timezone.localtime(target.ends_at):%H:%M}"
    data.pop("course")
    academy.client("coordinator").post(f"/training/sessions/{target.pk}/edit/", data)
    assert booking_of(academy.people["nqsw"], target).status == "booked"


def test_capacity_cannot_drop_below_the_people_booked(academy):
    target = session(course("Popular"), capacity=3, days=20)
    book(target, academy.people["worker"])
    book(target, academy.people["nqsw"])
    local = timezone.localtime(target.starts_at)
    data = session_data(target.course, local.date(), capacity="1")
    data.pop("course")
    page = page_of(
        academy.client("coordinator").post(f"/training/sessions/{target.pk}/edit/", data)
    )
    assert page.error_summary_links() == {
        "id_capacity": "2 people hold places: the capacity cannot be less."
    }
    assert Session.objects.get(pk=target.pk).capacity == 3


def test_cancelling_a_session_cancels_its_bookings_and_tells_each_person(academy):
    target = session(course("Popular"), capacity=1)
    book(target, academy.people["worker"])
    book(target, academy.people["nqsw"])
    client = academy.client("coordinator")
    page = page_of(client.get(f"/training/sessions/{target.pk}/cancel/"))
    assert "2 bookings are cancelled with it" in page.html
    response = client.post(
        f"/training/sessions/{target.pk}/cancel/", {"reason": "The trainer is ill"}, follow=True
    )
    assert banners(response) == ["The session was cancelled. Everyone on it has been told why."]
    assert Session.objects.get(pk=target.pk).status == "cancelled"
    assert set(Booking.objects.values_list("status", flat=True)) == {"cancelled"}
    told = Notification.objects.filter(kind="training.session_cancelled")
    assert {n.recipient.pk for n in told} == {
        academy.people["worker"].pk,
        academy.people["nqsw"].pk,
    }
    assert all("The trainer is ill" in n.body for n in told)


def test_a_session_is_not_cancelled_without_a_reason(academy):
    target = session(course("Popular"))
    page = page_of(
        academy.client("coordinator").post(
            f"/training/sessions/{target.pk}/cancel/", {"reason": ""}
        )
    )
    assert page.error_summary_links() == {"id_reason": "Say why the session is cancelled"}
    assert Session.objects.get(pk=target.pk).status == "scheduled"


# ---------------------------------------------------------------------------------------------
# The register
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def started(academy):
    """A session that started an hour ago with three people holding places."""
    target = session(course("Safeguarding adults", refresh_months=36), hours=3)
    for login in ("nqsw", "worker", "outsider"):
        book(target, academy.people[login])
    return moved(target, days=-1 / 24)


def test_the_coordinator_marks_the_register_in_one_go(academy, started):
    nqsw = booking_of(academy.people["nqsw"], started)
    worker = booking_of(academy.people["worker"], started)
    outsider = booking_of(academy.people["outsider"], started)
    data = {
        f"mark_{nqsw.pk}": "attended",
        f"mark_{worker.pk}": "partially_attended",
        f"mark_{outsider.pk}": "no_show",
    }
    response = academy.client("coordinator").post(
        f"/training/sessions/{started.pk}/register/", data, follow=True
    )
    assert banners(response) == [
        "The register was saved: 1 attended, 1 partly attended, 1 did not attend."
    ]
    statuses = dict(Booking.objects.values_list("person__first_name", "status"))
    assert statuses == {
        "Nqsw": "attended",
        "Worker": "partially_attended",
        "Outsider": "no_show",
    }
    completion = Completion.objects.get()
    assert (completion.person, completion.source) == (academy.people["nqsw"], "session")
    # the marks show when the register is opened again
    page = page_of(response)
    checked = [
        i["attrs"]["value"] for i in page.find_all("input", type="radio") if "checked" in i["attrs"]
    ]
    assert sorted(checked) == ["attended", "no_show", "partially_attended"]


def test_a_register_with_nobody_marked_is_refused(academy, started):
    page = page_of(
        academy.client("coordinator").post(f"/training/sessions/{started.pk}/register/", {})
    )
    links = page.error_summary_links()
    assert list(links.values()) == [
        "Choose attended, partly attended or did not attend for at least one person"
    ]
    assert set(Booking.objects.values_list("status", flat=True)) == {"booked"}


def test_a_mark_not_offered_is_refused_on_its_row(academy, started):
    nqsw = booking_of(academy.people["nqsw"], started)
    worker = booking_of(academy.people["worker"], started)
    data = {f"mark_{nqsw.pk}": "attended", f"mark_{worker.pk}": "fell asleep"}
    page = page_of(
        academy.client("coordinator").post(f"/training/sessions/{started.pk}/register/", data)
    )
    assert page.error_summary_links() == {
        f"id_mark_{worker.pk}": "Choose attended, partly attended or did not attend for "
        "Worker Tester"
    }
    assert page.field_error(f"id_mark_{worker.pk}").endswith("for Worker Tester")
    assert not Completion.objects.exists()


def test_marking_before_the_start_is_refused(academy):
    target = session(course("Safeguarding"))
    booking = book(target, academy.people["nqsw"])
    page = page_of(
        academy.client("coordinator").post(
            f"/training/sessions/{target.pk}/register/", {f"mark_{booking.pk}": "attended"}
        )
    )
    assert "The register opens when the session starts." in page.error_summary_links().values()
    assert Booking.objects.get(pk=booking.pk).status == "booked"


# ---------------------------------------------------------------------------------------------
# Files: bulk booking and completions
# ---------------------------------------------------------------------------------------------
def csv_file(text, name="people.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_booking_from_a_file_reports_each_row(academy):
    target = session(course("Safeguarding"), capacity=1)
    text = "work_email\nnqsw@example.org\nWORKER@example.org\nnobody@example.org\n"
    response = academy.client("coordinator").post(
        f"/training/sessions/{target.pk}/bookings/import/", {"file": csv_file(text)}
    )
    page = page_of(response)
    assert page.table_rows("Report by row") == [
        ["2", "nqsw@example.org", "Booked"],
        ["3", "WORKER@example.org", "On the waiting list"],
        ["4", "nobody@example.org", "Refused Nobody has this work email."],
    ]
    assert "2 of 3 rows done" in page.html
    assert booking_of(academy.people["worker"], target).status == "waitlisted"


@pytest.mark.parametrize(
    ("upload", "error"),
    [
        (None, "Choose a CSV file"),
        (csv_file("email\nnqsw@example.org\n"), "The first line must name the columns"),
        (csv_file("work_email\n"), "The file has no rows under its column names."),
        (
            SimpleUploadedFile("people.csv", "work_email\nnqsw@exämple.org\n".encode("latin-1")),
            "The file must be a CSV file saved as UTF-8",
        ),
        (csv_file("work_email\n", name="people.xlsx"), "The file must be a CSV file"),
    ],
)
def test_a_file_the_import_cannot_read_is_refused_and_nothing_is_booked(academy, upload, error):
    target = session(course("Safeguarding"))
    data = {"file": upload} if upload else {}
    page = page_of(
        academy.client("coordinator").post(f"/training/sessions/{target.pk}/bookings/import/", data)
    )
    assert page.error_summary_links()["id_file"].startswith(error)
    assert not Booking.objects.exists()


def test_a_coordinator_records_an_e_learning_completion(academy):
    e_learning = course("Oliver McGowan Tier 1", mode=Course.Mode.E_LEARNING, refresh_months=36)
    data = {
        "work_email": "nqsw@example.org",
        "course": e_learning.pk,
        **date("completed_on", today() - dt.timedelta(days=1)),
        "source": "e_learning",
    }
    response = academy.client("coordinator").post(
        "/training/admin/completions/new/", data, follow=True
    )
    completion = Completion.objects.get()
    assert banners(response) == [
        f"Nqsw Tester's completion of Oliver McGowan Tier 1 was recorded (certificate "
        f"{completion.certificate_number})."
    ]
    assert (completion.person, completion.source, completion.recorded_by) == (
        academy.people["nqsw"],
        "e_learning",
        academy.people["coordinator"],
    )
    assert completion.expires_on is not None


def test_the_completion_form_shows_each_problem_on_its_field(academy):
    e_learning = course("Oliver McGowan Tier 1", mode=Course.Mode.E_LEARNING)
    page = page_of(
        academy.client("coordinator").post(
            "/training/admin/completions/new/",
            {"work_email": "nobody@example.org", "course": e_learning.pk},
        )
    )
    assert page.error_summary_links() == {
        "id_work_email": "Nobody has this work email address",
        "id_completed_on_day": "Enter the date completed",
        "id_source": "Choose how it was completed",
    }


def test_a_completion_in_the_future_or_twice_on_a_day_is_refused(academy):
    e_learning = course("Oliver McGowan Tier 1", mode=Course.Mode.E_LEARNING)
    client = academy.client("coordinator")
    data = {
        "work_email": "nqsw@example.org",
        "course": e_learning.pk,
        **date("completed_on", today() + dt.timedelta(days=1)),
        "source": "e_learning",
    }
    page = page_of(client.post("/training/admin/completions/new/", data))
    assert page.error_summary_links() == {
        "id_completed_on_day": "The date cannot be in the future."
    }
    data.update(date("completed_on", today()))
    client.post("/training/admin/completions/new/", data)
    page = page_of(client.post("/training/admin/completions/new/", data))
    assert page.error_summary_links() == {
        "id_completed_on_day": "Nqsw Tester already has this completion on that day."
    }
    assert Completion.objects.count() == 1


def test_completions_import_from_a_file_with_a_report_by_row(academy):
    course("Oliver McGowan Tier 1", mode=Course.Mode.E_LEARNING)
    text = (
        "work_email,course,completed_on\n"
        "nqsw@example.org,Oliver McGowan Tier 1,2026-01-31\n"
        "worker@example.org,oliver mcgowan tier 1,31/01/2026\n"
        "worker@example.org,No such course,31/01/2026\n"
        "outsider@example.org,Oliver McGowan Tier 1,31 January\n"
    )
    page = page_of(
        academy.client("coordinator").post(
            "/training/admin/completions/import/", {"file": csv_file(text, "done.csv")}
        )
    )
    assert page.table_rows("Report by row") == [
        ["2", "nqsw@example.org", "Recorded Oliver McGowan Tier 1"],
        ["3", "worker@example.org", "Recorded Oliver McGowan Tier 1"],
        ["4", "worker@example.org", "Refused No course is called 'No such course'."],
        ["5", "outsider@example.org", "Refused Give the date as 2026-03-31 or 31/03/2026."],
    ]
    assert Completion.objects.count() == 2
    assert set(Completion.objects.values_list("source", flat=True)) == {"import"}


def test_a_completions_file_without_its_columns_is_refused(academy):
    page = page_of(
        academy.client("coordinator").post(
            "/training/admin/completions/import/", {"file": csv_file("work_email\nx@y.org\n")}
        )
    )
    assert page.error_summary_links()["id_file"].startswith(
        "The first line must name the columns: work_email, course, completed_on"
    )
    assert not Completion.objects.exists()
