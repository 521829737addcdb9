"""iCalendar invites and feeds for bookings.

One booking keeps one UID for its whole life; every change raises its SEQUENCE, so calendar
programs replace the event rather than add another, and a cancellation (METHOD:CANCEL) with the
same UID removes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from academy.training.models import HOLDS_PLACE, Booking, Session

PRODID = "-//Academy tracker//Training//EN"


def _uid(booking: Booking) -> str:
    return f"{booking.ical_uid}@academy-tracker"


def _organizer() -> vCalAddress:
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{address or 'academy@localhost'}")
    organizer.params["cn"] = vText(name or settings.SERVICE_NAME)
    return organizer


def _event(booking: Booking, *, cancelled: bool, stamp: dt.datetime) -> Event:
    session = booking.session
    course = session.course
    event = Event()
    event.add("uid", _uid(booking))
    event.add("dtstamp", stamp)
    event.add("sequence", booking.ical_sequence)
    event.add("dtstart", session.starts_at.astimezone(dt.UTC))
    event.add("dtend", session.ends_at.astimezone(dt.UTC))
    event.add("summary", course.title)
    location = session.venue or session.joining_link or ""
    if location:
        event.add("location", location)
    description = course.description or ""
    if session.joining_link:
        description = f"{description}\n\nJoin: {session.joining_link}".strip()
    event.add("description", description)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event["organizer"] = _organizer()
    attendee = vCalAddress(f"mailto:{booking.person.work_email}")
    attendee.params["cn"] = vText(booking.person.full_name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("DECLINED" if cancelled else "ACCEPTED")
    event.add("attendee", attendee, encode=False)
    return event


def booking_invite(
    booking: Booking, *, cancel: bool = False, stamp: dt.datetime | None = None
) -> str:
    """METHOD:REQUEST for a booked place, METHOD:CANCEL when it is cancelled."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancel else "REQUEST")
    calendar.add_component(_event(booking, cancelled=cancel, stamp=stamp or timezone.now()))
    return calendar.to_ical().decode()


def person_feed(bookings: Iterable[Booking], *, name: str) -> str:
    """A subscribable feed (METHOD:PUBLISH) of a person's booked sessions: of ``bookings``, only
    those holding a place on a session that goes ahead (requests, the waitlist, cancellations and
    cancelled sessions are left out)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for booking in bookings:
        if booking.status not in HOLDS_PLACE or booking.session.status == Session.Status.CANCELLED:
            continue
        calendar.add_component(_event(booking, cancelled=False, stamp=stamp))
    return calendar.to_ical().decode()
