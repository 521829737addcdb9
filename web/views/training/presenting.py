"""How training things read on the pages: when a session is (in Europe/London time), and what
to tell someone who has just booked. (A status's GOV.UK tag is drawn by
``templates/web/training/includes/booking_tag.html``.)"""

from __future__ import annotations

from django.utils import timezone

from academy.people.permissions import Viewer
from academy.training.models import Booking, BookingStatus, Session


def when(session: Session) -> str:
    """Like ‘Tuesday 3 March 2026, 09:30 to 12:30’, in the academy's local time."""
    starts = timezone.localtime(session.starts_at)
    ends = timezone.localtime(session.ends_at)
    day = f"{starts:%A} {starts.day} {starts:%B %Y}"
    if ends.date() != starts.date():
        return f"{day}, {starts:%H:%M} to {ends:%A} {ends.day} {ends:%B %Y}, {ends:%H:%M}"
    return f"{day}, {starts:%H:%M} to {ends:%H:%M}"


def booking_outcome(booking: Booking, position: int | None, who: Viewer) -> str:
    """What to say once a booking is made."""
    course = booking.session.course.title
    own = booking.person_id == who.person_id
    name = "You" if own else booking.person.full_name
    if booking.status == BookingStatus.BOOKED:
        return f"{name} {'have' if own else 'has'} a place on {course}."
    if booking.status == BookingStatus.WAITLISTED:
        whose = "You are" if own else f"{booking.person.full_name} is"
        return f"{course} is full. {whose} number {position} on the waiting list."
    whose = "Your" if own else f"{booking.person.full_name}'s"
    return f"{whose} request for a place on {course} is waiting for a manager's approval."
