"""Calendar invites: parsed back with the icalendar library, sent through the outbox to a real
SMTP server as a text/calendar part, and the private feed of a person's booked sessions."""

from __future__ import annotations

import datetime as dt
import email
from collections.abc import Iterator
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone
from icalendar import Calendar

from academy.notifications.models import Notification
from academy.notifications.services import notifications_claim_due, notifications_deliver
from academy.training.calendar import booking_invite, person_feed
from academy.training.models import Booking, BookingStatus, Session
from academy.training.selectors import my_bookings
from academy.training.services import (
    booking_cancel,
    booking_create,
    session_cancel,
    session_update,
)
from academy.training.services.bookings import session_when
from tests.notifications.conftest import point_email_at
from tests.notifications.mailserver import MailServer, RecordingHandler, free_port
from tests.training.conftest import DAY, HOUR, make_course, make_session, messages, viewer

pytestmark = pytest.mark.django_db


def parse(text: str) -> tuple[Calendar, Any]:
    calendar = Calendar.from_ical(text)
    [event] = calendar.walk("VEVENT")
    return calendar, event


def book(session: Session, person: Any) -> Booking:
    return booking_create(session=session, person=person, actor=viewer(person)).booking


@pytest.fixture
def booked(academy) -> Booking:
    course = make_course(title="Safeguarding adults: level 2", description="Section 42 enquiries.")
    return book(make_session(course, venue="County Hall, Room 4"), academy.people["worker"])


# ---------------------------------------------------------------------------------------------
# Invites
# ---------------------------------------------------------------------------------------------
def test_an_invite_carries_uid_stamp_method_sequence_organizer_and_attendee(booked, settings):
    settings.DEFAULT_FROM_EMAIL = "Shire Academy <academy@shire.example.org>"
    calendar, event = parse(booking_invite(booked))

    assert calendar["METHOD"] == "REQUEST"
    assert calendar["VERSION"] == "2.0"
    assert str(event["UID"]) == f"{booked.ical_uid}@academy-tracker"
    assert isinstance(event.decoded("DTSTAMP"), dt.datetime)
    assert event["SEQUENCE"] == 0
    assert str(event["ORGANIZER"]) == "mailto:academy@shire.example.org"
    assert event["ORGANIZER"].params["CN"] == "Shire Academy"
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:worker@example.org"
    assert attendee.params["CN"] == "Worker Tester"
    assert attendee.params["PARTSTAT"] == "ACCEPTED"
    assert str(event["SUMMARY"]) == "Safeguarding adults: level 2"
    assert str(event["LOCATION"]) == "County Hall, Room 4"
    assert str(event["STATUS"]) == "CONFIRMED"


def test_an_invite_gives_the_session_times_in_utc(booked):
    _, event = parse(booking_invite(booked))
    assert event.decoded("DTSTART") == booked.session.starts_at
    assert event.decoded("DTSTART").utcoffset() == dt.timedelta(0)
    assert event.decoded("DTEND") == booked.session.ends_at


def test_messages_show_the_time_in_london(academy):
    summer = dt.datetime(2031, 7, 15, 8, 30, tzinfo=dt.UTC)  # 09:30 British Summer Time
    session = Session.objects.create(
        course=make_course(), starts_at=summer, ends_at=summer + 2 * HOUR, capacity=5, venue="Hall"
    )
    assert session_when(session) == "Tuesday 15 July 2031, 09:30–11:30"


def test_an_online_session_puts_its_joining_link_in_the_invite(academy):
    session = make_session(venue="", joining_link="https://meet.example.org/abc")
    _, event = parse(booking_invite(book(session, academy.people["worker"])))
    assert str(event["LOCATION"]) == "https://meet.example.org/abc"
    assert "Join: https://meet.example.org/abc" in str(event["DESCRIPTION"])


def test_a_cancellation_keeps_the_uid_raises_the_sequence_and_says_cancel(booked, academy):
    booking_cancel(booking=booked, actor=viewer(academy.people["worker"]))
    invite = messages("training.booked")[0]
    cancellation = messages("training.cancelled")[0]

    _first_calendar, first = parse(invite.calendar)
    cancel_calendar, cancelled = parse(cancellation.calendar)

    assert cancel_calendar["METHOD"] == "CANCEL"
    assert str(cancelled["UID"]) == str(first["UID"])
    assert cancelled["SEQUENCE"] > first["SEQUENCE"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert cancelled["ATTENDEE"].params["PARTSTAT"] == "DECLINED"


def test_cancelling_the_session_cancels_the_invite_under_the_same_uid(booked, coordinator):
    session_cancel(session=booked.session, reason="Trainer unwell", actor=coordinator)
    _, first = parse(messages("training.booked")[0].calendar)
    calendar, cancelled = parse(messages("training.session_cancelled")[0].calendar)
    assert calendar["METHOD"] == "CANCEL"
    assert str(cancelled["UID"]) == str(first["UID"])
    assert cancelled["SEQUENCE"] > first["SEQUENCE"]


def test_moving_a_session_sends_a_request_with_a_higher_sequence_and_the_new_time(booked):
    session = booked.session
    moved_to = session.starts_at + 2 * DAY
    session_update(session=session, data={"starts_at": moved_to, "ends_at": moved_to + HOUR})
    session_update(session=session, data={"venue": "Town Hall"})

    sequences = []
    for row in messages(recipient=booked.person):
        calendar, event = parse(row.calendar)
        assert calendar["METHOD"] == "REQUEST"
        assert str(event["UID"]) == f"{booked.ical_uid}@academy-tracker"
        sequences.append(event["SEQUENCE"])
    assert sequences == [0, 1, 2]
    _, last = parse(messages("training.updated")[-1].calendar)
    assert last.decoded("DTSTART") == moved_to
    assert str(last["LOCATION"]) == "Town Hall"


# ---------------------------------------------------------------------------------------------
# Through the outbox to a real SMTP server
# ---------------------------------------------------------------------------------------------
class RawHandler(RecordingHandler):
    """Keeps each message as received, to be parsed as MIME."""

    def __init__(self) -> None:
        super().__init__()
        self.raw: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.raw.append(envelope.content)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[RawHandler]:
    handler = RawHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), ready_timeout=10)
    controller.start()
    try:
        point_email_at(settings, MailServer("127.0.0.1", controller.port, handler))
        yield handler
    finally:
        controller.stop()


def deliver_outbox() -> None:
    ids = notifications_claim_due(now=timezone.now() + HOUR, batch_size=100)
    report = notifications_deliver(ids=ids)
    assert report.failed == report.retried == 0


def calendar_parts(raw: bytes) -> list[Message]:
    message = email.message_from_bytes(raw)
    return [part for part in message.walk() if part.get_content_type() == "text/calendar"]


def test_the_email_carries_the_invite_as_a_text_calendar_part_with_its_method(
    booked, academy, smtp_server
):
    booking_cancel(booking=booked, actor=viewer(academy.people["worker"]))
    deliver_outbox()

    assert len(smtp_server.raw) == 2
    methods = []
    for raw in smtp_server.raw:
        message = email.message_from_bytes(raw)
        assert message["To"] == "worker@example.org"
        assert message.is_multipart()
        [part] = calendar_parts(raw)
        method = part.get_param("method")
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        calendar, event = parse(payload.decode())
        assert calendar["METHOD"] == method
        assert str(event["UID"]) == f"{booked.ical_uid}@academy-tracker"
        methods.append(method)
    assert methods == ["REQUEST", "CANCEL"]
    assert Notification.objects.filter(status=Notification.Status.SENT).count() == 2


def test_a_message_without_an_invite_has_no_calendar_part(academy, smtp_server):
    session = make_session(capacity=1)
    book(session, academy.people["nqsw"])
    book(session, academy.people["worker"])  # waitlisted: no invite yet
    deliver_outbox()

    by_recipient = {
        email.message_from_bytes(raw)["To"]: calendar_parts(raw) for raw in smtp_server.raw
    }
    assert len(by_recipient["nqsw@example.org"]) == 1
    assert by_recipient["worker@example.org"] == []


# ---------------------------------------------------------------------------------------------
# The private feed
# ---------------------------------------------------------------------------------------------
def test_the_feed_lists_only_the_sessions_the_person_is_booked_on(academy, coordinator):
    worker = academy.people["worker"]
    booked = book(make_session(make_course(title="Booked course")), worker)
    full = make_session(make_course(title="Waiting course"), capacity=1)
    book(full, academy.people["nqsw"])
    book(full, worker)
    left = book(make_session(make_course(title="Cancelled booking course")), worker)
    booking_cancel(booking=left, actor=viewer(worker))
    dropped = make_session(make_course(title="Cancelled session course"))
    book(dropped, worker)
    session_cancel(session=dropped, reason="No trainer", actor=coordinator)
    attended = book(make_session(make_course(title="Attended course")), worker)
    Booking.objects.filter(pk=attended.pk).update(status=BookingStatus.ATTENDED)

    feed = person_feed(my_bookings(worker.pk), name="Worker Tester: training")

    calendar = Calendar.from_ical(feed)
    assert calendar["METHOD"] == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "Worker Tester: training"
    summaries = sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))
    assert summaries == ["Attended course", "Booked course"]
    uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
    assert f"{booked.ical_uid}@academy-tracker" in uids


def test_an_empty_feed_is_still_a_calendar(academy):
    calendar = Calendar.from_ical(person_feed([], name="Nobody"))
    assert calendar.walk("VEVENT") == []
