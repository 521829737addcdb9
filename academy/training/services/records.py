"""Attendance, completions and certificates, CPD entries and calendar feeds."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from academy.common.dates import today
from academy.people.models import Person
from academy.people.permissions import Viewer
from academy.training import rules
from academy.training.models import (
    Booking,
    BookingStatus,
    CalendarFeed,
    Completion,
    Course,
    CpdEntry,
    Session,
)
from academy.training.permissions import coordinates
from academy.training.services.bookings import lock_session

ATTENDANCE = (BookingStatus.ATTENDED, BookingStatus.PARTIALLY_ATTENDED, BookingStatus.NO_SHOW)


def cpd_rules() -> rules.CpdRules:
    config = settings.TRAINING
    return rules.CpdRules(
        year_starts_month=config["CPD_YEAR_STARTS"][0],
        year_starts_day=config["CPD_YEAR_STARTS"][1],
        renewal_opens_month=config["CPD_RENEWAL_OPENS"][0],
        renewal_opens_day=config["CPD_RENEWAL_OPENS"][1],
        minimum_entries=config["CPD_MINIMUM_ENTRIES"],
        minimum_peer_reflections=config["CPD_MINIMUM_PEER_REFLECTIONS"],
    )


# ---------------------------------------------------------------------------------------------
# Attendance and completions
# ---------------------------------------------------------------------------------------------
def attendance_record(
    *, session: Session, marks: Sequence[tuple[int, str]], actor: Viewer
) -> list[Booking]:
    """Mark the register: each (booking id, attended | partially_attended | no_show). Attending
    completes the course (with its certificate and expiry). All marks are saved, or none."""
    if not coordinates(actor):
        raise PermissionDenied("Only a training coordinator marks the register.")
    with transaction.atomic():
        # Under the session's lock, as booking and cancelling are: two coordinators marking
        # the register at once take turns, and each reads the bookings as they now stand.
        session = lock_session(session.pk)
        if session.status == Session.Status.CANCELLED:
            raise ValidationError({"session": "This session was cancelled."})
        if session.starts_at > timezone.now():
            raise ValidationError({"session": "The register opens when the session starts."})
        by_id = {
            b.pk: b
            for b in Booking.objects.filter(
                session=session, pk__in=[pk for pk, _ in marks]
            ).select_related("person")
        }
        _check_marks(marks, by_id)
        completed_on = timezone.localtime(session.starts_at).date()
        course = session.course
        changed = []
        for pk, mark in marks:
            booking = by_id[pk]
            booking.status = mark
            booking.attendance_marked_by_id = actor.person_id
            changed.append(booking)
            if mark == BookingStatus.ATTENDED:
                _complete_from_booking(booking, course, completed_on, actor)
            else:
                Completion.objects.filter(booking=booking).delete()
        Booking.objects.bulk_update(changed, ["status", "attendance_marked_by"])
        if session.status == Session.Status.SCHEDULED and session.ends_at <= timezone.now():
            session.status = Session.Status.COMPLETED
            session.save(update_fields=["status"])
    return changed


def _check_marks(marks: Sequence[tuple[int, str]], by_id: Mapping[int, Booking]) -> None:
    errors: dict[str, list[str]] = {}
    for index, (pk, mark) in enumerate(marks):
        booking = by_id.get(pk)
        if booking is None:
            errors.setdefault(f"{index}.booking", []).append("This booking is not on this session.")
        elif booking.status not in (BookingStatus.BOOKED, *ATTENDANCE):
            errors.setdefault(f"{index}.booking", []).append(
                f"{booking.person.full_name}'s booking is {booking.get_status_display().lower()}."
            )
        if mark not in ATTENDANCE:
            errors.setdefault(f"{index}.attendance", []).append(
                f"Choose one of: {', '.join(ATTENDANCE)}."
            )
    if errors:
        raise ValidationError(errors)


def _complete_from_booking(
    booking: Booking, course: Course, completed_on: dt.date, actor: Viewer
) -> None:
    if Completion.objects.filter(booking=booking).exists():
        return
    Completion.objects.update_or_create(
        person=booking.person,
        course=course,
        completed_on=completed_on,
        defaults={
            "expires_on": rules.expiry_date(completed_on, course.refresh_months),
            "source": Completion.Source.SESSION,
            "booking": booking,
            "certificate_number": _certificate_number(completed_on),
            "recorded_by_id": actor.person_id,
        },
    )


def _certificate_number(day: dt.date) -> str:
    return f"AT-{day:%Y%m}-{secrets.token_hex(4).upper()}"


def completion_record(
    *,
    person: Person,
    course: Course,
    completed_on: dt.date,
    source: str = Completion.Source.RECORDED,
    actor: Viewer,
) -> Completion:
    """Record a completion outside a register (e-learning, or evidence from elsewhere)."""
    if not coordinates(actor):
        raise PermissionDenied("Only a training coordinator records completions.")
    errors = completion_problems(person=person, course=course, completed_on=completed_on)
    if errors:
        raise ValidationError(errors)
    return Completion.objects.create(
        person=person,
        course=course,
        completed_on=completed_on,
        expires_on=rules.expiry_date(completed_on, course.refresh_months),
        source=source,
        certificate_number=_certificate_number(completed_on),
        recorded_by_id=actor.person_id,
    )


def completion_problems(*, person: Person, course: Course, completed_on: dt.date) -> dict[str, str]:
    if completed_on > today():
        return {"completed_on": "The date cannot be in the future."}
    if Completion.objects.filter(person=person, course=course, completed_on=completed_on).exists():
        return {"completed_on": f"{person.full_name} already has this completion on that day."}
    return {}


# ---------------------------------------------------------------------------------------------
# CPD
# ---------------------------------------------------------------------------------------------
CPD_FIELDS = (
    "title",
    "activity_date",
    "hours",
    "activity",
    "learning",
    "impact",
    "peer_reflection",
    "peer_learning",
)


def cpd_entry_prefill(*, booking: Booking) -> dict[str, Any]:
    """A draft CPD entry from an attended session, for the person to complete."""
    session = booking.session
    course = session.course
    return {
        "title": course.title,
        "activity_date": timezone.localtime(session.starts_at).date(),
        "hours": course.cpd_hours,
        "activity": f"I attended {course.title} ({course.get_delivery_mode_display().lower()}). "
        f"{course.description}".strip(),
        "learning": "",
        "impact": "",
        "peer_reflection": False,
        "peer_learning": "",
        "booking": booking,
    }


def cpd_entry_save(
    *, person: Person, data: Mapping[str, Any], entry: CpdEntry | None = None
) -> CpdEntry:
    """Create or change a CPD entry. The registration year follows the activity date."""
    unknown = set(data) - {*CPD_FIELDS, "booking", "completion"}
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be set."))
    entry = entry or CpdEntry(person=person)
    for name, value in data.items():
        setattr(entry, name, value.strip() if isinstance(value, str) else value)
    errors: dict[str, list[str]] = {}
    if entry.activity_date and entry.activity_date > today():
        errors.setdefault("activity_date", []).append("The date cannot be in the future.")
    if entry.peer_reflection and not entry.peer_learning:
        errors.setdefault("peer_learning", []).append(
            "Say what you learnt from the peer discussion."
        )
    if entry.hours is not None and entry.hours < Decimal("0"):
        errors.setdefault("hours", []).append("Hours cannot be negative.")
    if entry.booking is not None and entry.booking.person_id != person.pk:
        errors.setdefault("booking", []).append("This booking is someone else's.")
    try:
        entry.full_clean(exclude=["registration_year_starts", "person"], validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    entry.registration_year_starts = rules.registration_year_start(entry.activity_date, cpd_rules())
    entry.save()
    return entry


def cpd_entry_delete(*, entry: CpdEntry) -> None:
    entry.delete()


def cpd_standing_for(*, person: Person, as_of: dt.date | None = None) -> rules.CpdStanding:
    as_of = as_of or today()
    config = cpd_rules()
    year = rules.registration_year_start(as_of, config)
    entries = CpdEntry.objects.filter(person=person, registration_year_starts=year)
    return rules.cpd_standing(
        as_of=as_of,
        first_registered_on=person.swe_first_registered_on,
        entries=entries.count(),
        peer_reflections=entries.filter(peer_reflection=True).count(),
        rules=config,
    )


# ---------------------------------------------------------------------------------------------
# Calendar feeds
# ---------------------------------------------------------------------------------------------
def calendar_feed_for(*, person: Person) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(person=person)
    return feed


def calendar_feed_revoke(*, person: Person) -> CalendarFeed:
    """A new private address; the old one stops working at once."""
    feed = calendar_feed_for(person=person)
    feed.token = secrets.token_urlsafe(32)
    feed.save(update_fields=["token"])
    return feed
