"""Booking, cancelling, approving and the waitlist — all under the session's row lock.

The contract every function here keeps: lock the session row (``lock_session``) before counting
or changing its bookings, so two people can never take the last place and the waitlist is served
strictly in arrival order. The database backs it: one active booking per person per session, and
one arrival number per booking.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from academy.common.errors import ConflictError
from academy.common.links import link_to
from academy.notifications.services import NotificationDraft, notifications_enqueue
from academy.people.models import Organisation, Person, Role
from academy.people.permissions import Viewer
from academy.training import rules
from academy.training.calendar import booking_invite
from academy.training.models import ACTIVE_BOOKING, HOLDS_PLACE, Booking, BookingStatus, Session
from academy.training.permissions import coordinates, may_approve_for, may_book_for


@dataclass
class BookingResult:
    booking: Booking
    waitlist_position: int | None = None
    clashes: list[Session] = field(default_factory=list)


def lock_session(pk: int) -> Session:
    """Lock one session's row (not its course's) for the rest of the transaction."""
    return Session.objects.select_for_update(of=("self",)).select_related("course").get(pk=pk)


def _holding(session: Session) -> int:
    return Booking.objects.filter(session=session, status__in=HOLDS_PLACE).count()


def waitlist_position(booking: Booking) -> int | None:
    if booking.status != BookingStatus.WAITLISTED:
        return None
    ahead = Booking.objects.filter(
        session_id=booking.session_id, status=BookingStatus.WAITLISTED, arrival__lt=booking.arrival
    ).count()
    return ahead + 1


def may_join(session: Session, person: Person) -> str | None:
    """Why this person may not book this session, or None. (The host's staff always may.)"""
    organisation: Organisation = person.organisation
    if not person.active:
        return f"{person.full_name} has left."
    if organisation.hosts_academy:
        return None
    if organisation.kind not in (session.course.partner_kinds or []):
        kind = organisation.get_kind_display().lower()
        return f"{session.course.title} is not open to {kind} staff."
    return None


def booking_create(
    *, session: Session, person: Person, actor: Viewer, now: dt.datetime | None = None
) -> BookingResult:
    """Book a person on a session: a place if one is free, else the waitlist; a request awaiting
    a manager when the course needs approval and the booker is not an approver."""
    now = now or timezone.now()
    if not may_book_for(actor, person):
        raise PermissionDenied("You may not book training for this person.")
    refusal = may_join(session, person)
    if refusal:
        raise ValidationError({"person": refusal})
    with transaction.atomic():
        locked = lock_session(session.pk)
        _check_bookable(locked, now)
        if Booking.objects.filter(
            session=locked, person=person, status__in=ACTIVE_BOOKING
        ).exists():
            raise ConflictError(
                f"{person.full_name} already has a booking on this session.", field="person"
            )
        place = rules.placement(
            capacity=locked.capacity,
            holding=_holding(locked),
            needs_approval=locked.course.needs_manager_approval
            and not may_approve_for(actor, person),
        )
        arrival = locked.next_arrival
        Session.objects.filter(pk=locked.pk).update(next_arrival=F("next_arrival") + 1)
        try:
            with transaction.atomic():
                booking = Booking.objects.create(
                    session=locked,
                    person=person,
                    status=place.value,
                    arrival=arrival,
                    booked_by_id=actor.person_id,
                )
        except IntegrityError as exc:  # the database's guard, should a check above be bypassed
            raise ConflictError(
                f"{person.full_name} already has a booking on this session.", field="person"
            ) from exc
        drafts = [_message(booking, place.value)]
        if place is rules.Placement.REQUESTED:
            drafts += [approval_draft(booking, m, chase=False) for m in approvers_of(person)]
        notifications_enqueue(drafts=drafts)
    return BookingResult(booking, waitlist_position(booking), clashes_for(booking))


def _check_bookable(session: Session, now: dt.datetime) -> None:
    if not session.course.active:
        raise ValidationError({"session": f"{session.course.title} is no longer offered."})
    if session.status != Session.Status.SCHEDULED:
        raise ValidationError(
            {"session": f"This session is {session.get_status_display().lower()}."}
        )
    if not rules.booking_window_open(
        now=now,
        opens_at=session.booking_opens_at,
        closes_at=session.booking_closes_at,
        starts_at=session.starts_at,
    ):
        raise ValidationError({"session": "Booking is not open for this session."})


def clashes_for(booking: Booking) -> list[Session]:
    """Other sessions the person is booked on that overlap this one (a warning, not a refusal)."""
    session = booking.session
    return list(
        Session.objects.filter(
            bookings__person_id=booking.person_id,
            bookings__status__in=ACTIVE_BOOKING,
            starts_at__lt=session.ends_at,
            ends_at__gt=session.starts_at,
        )
        .exclude(pk=session.pk)
        .select_related("course")
        .distinct()
    )


def booking_cancel(
    *, booking: Booking, actor: Viewer, reason: str = "", now: dt.datetime | None = None
) -> Booking:
    """Cancel a request, a place or a waitlist entry. A freed place goes at once to the first
    person waiting. Cancelling a place within the course's cut-off is flagged as late."""
    now = now or timezone.now()
    if not may_book_for(actor, booking.person):
        raise PermissionDenied("You may not cancel this booking.")
    with transaction.atomic():
        return _cancel(booking.pk, session_id=booking.session_id, reason=reason, now=now)


def bookings_release_for_leaver(*, person: Person, now: dt.datetime | None = None) -> int:
    """Someone has left: their requests, places and waitlist entries on sessions still to come
    are cancelled (never flagged late, and no message to a closed mailbox), and each freed place
    goes to the first person waiting. Returns the number cancelled."""
    now = now or timezone.now()
    cancelled = 0
    with transaction.atomic():
        held = (
            Booking.objects.filter(
                person=person, status__in=ACTIVE_BOOKING, session__starts_at__gt=now
            )
            .order_by("session_id")  # sessions locked in one order, as everywhere
            .values_list("pk", "session_id")
        )
        for pk, session_id in list(held):
            try:
                _cancel(
                    pk, session_id=session_id, reason="Left the organisation.", now=now, leaver=True
                )
            except ValidationError:
                continue  # ended or started meanwhile: nothing left to release
            cancelled += 1
    return cancelled


def _cancel(
    pk: int, *, session_id: int, reason: str, now: dt.datetime, leaver: bool = False
) -> Booking:
    """Cancel one booking under its session's lock. Call inside a transaction."""
    session = lock_session(session_id)
    current = Booking.objects.select_for_update().get(pk=pk)
    if current.status not in ACTIVE_BOOKING:
        raise ValidationError(
            {
                "status": f"A booking that is {current.get_status_display().lower()} "
                "cannot be cancelled."
            }
        )
    if session.starts_at <= now:
        raise ValidationError({"session": "The session has started: record attendance instead."})
    held_place = current.status == BookingStatus.BOOKED
    current.status = BookingStatus.CANCELLED
    current.cancelled_at = now
    current.cancel_reason = reason.strip()
    current.late_cancellation = (
        held_place
        and not leaver
        and rules.is_late_cancellation(
            starts_at=session.starts_at,
            cancelled_at=now,
            cutoff_days=session.course.late_cancellation_days,
        )
    )
    current.ical_sequence += 1
    current.save(
        update_fields=[
            "status",
            "cancelled_at",
            "cancel_reason",
            "late_cancellation",
            "ical_sequence",
            "updated_at",
        ]
    )
    drafts = [] if leaver else [_message(current, "cancelled", cancel_invite=held_place)]
    if held_place:
        drafts += _promote_waiting(session)
    notifications_enqueue(drafts=drafts)
    return current


def _promote_waiting(session: Session) -> list[NotificationDraft]:
    """Give free places to the first people waiting, in arrival order, and return the messages
    telling them. Call holding the session's lock."""
    free = rules.places_left(capacity=session.capacity, holding=_holding(session))
    promoted = list(
        Booking.objects.filter(
            session=session, status=BookingStatus.WAITLISTED, person__active=True
        ).order_by("arrival")[:free]
    )
    for booking in promoted:
        booking.status = BookingStatus.BOOKED
        booking.ical_sequence += 1
        booking.save(update_fields=["status", "ical_sequence", "updated_at"])
    return [_message(booking, "promoted") for booking in promoted]


def booking_decide(
    *, booking: Booking, approve: bool, actor: Viewer, now: dt.datetime | None = None
) -> Booking:
    """A manager or coordinator approves a request (a place, or the waitlist by its arrival) or
    declines it."""
    now = now or timezone.now()
    if not may_approve_for(actor, booking.person):
        raise PermissionDenied(
            "Only the person's team manager or a training coordinator may decide."
        )
    with transaction.atomic():
        session = lock_session(booking.session_id)
        current = Booking.objects.select_for_update().get(pk=booking.pk)
        if current.status != BookingStatus.REQUESTED:
            raise ValidationError(
                {"status": "Only a request awaiting approval can be approved or declined."}
            )
        current.decided_by_id = actor.person_id
        current.decided_at = now
        if not approve:
            current.status = BookingStatus.DECLINED
        else:
            _check_bookable(session, now)
            place = rules.placement(
                capacity=session.capacity, holding=_holding(session), needs_approval=False
            )
            current.status = place.value
        current.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        notifications_enqueue(drafts=[_message(current, current.status if approve else "declined")])
    return current


def requests_expire(*, now: dt.datetime | None = None) -> int:
    """Requests still awaiting approval when booking closes expire (and the person is told).

    The requests are locked and re-read, so one decided meanwhile is neither expired nor told."""
    now = now or timezone.now()
    with transaction.atomic():
        expiring = list(
            Booking.objects.select_for_update(of=("self",))
            .filter(status=BookingStatus.REQUESTED)
            .filter(_closed(now))
            .select_related("session__course", "person")
            .order_by("pk")
        )
        Booking.objects.filter(pk__in=[b.pk for b in expiring]).update(
            status=BookingStatus.EXPIRED, updated_at=now
        )
        for booking in expiring:
            booking.status = BookingStatus.EXPIRED
        notifications_enqueue(drafts=[_message(booking, "expired") for booking in expiring])
    return len(expiring)


def _closed(now: dt.datetime) -> Q:
    return Q(session__booking_closes_at__lte=now) | Q(
        session__booking_closes_at__isnull=True, session__starts_at__lte=now
    )


# ---------------------------------------------------------------------------------------------
# Sessions
# ---------------------------------------------------------------------------------------------
def session_cancel(*, session: Session, reason: str, actor: Viewer) -> Session:
    """Cancel a session (a training coordinator only): every active booking is cancelled and each
    person told."""
    if not coordinates(actor):
        raise PermissionDenied("Only a training coordinator cancels a session.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the session is cancelled."})
    with transaction.atomic():
        locked = lock_session(session.pk)
        if locked.status != Session.Status.SCHEDULED:
            raise ValidationError(
                {"session": f"This session is {locked.get_status_display().lower()}."}
            )
        locked.status = Session.Status.CANCELLED
        locked.cancelled_reason = reason.strip()
        locked.save(update_fields=["status", "cancelled_reason"])
        bookings = list(
            Booking.objects.filter(
                session=locked,
                status__in=ACTIVE_BOOKING,
            ).select_related("person")
        )
        now = timezone.now()
        drafts = []
        for booking in bookings:
            had_place = booking.status == BookingStatus.BOOKED
            booking.status = BookingStatus.CANCELLED
            booking.cancelled_at = now
            booking.cancel_reason = f"Session cancelled: {reason.strip()}"
            booking.ical_sequence += 1
            booking.updated_at = now
            booking.session = locked
            drafts.append(_message(booking, "session_cancelled", cancel_invite=had_place))
        Booking.objects.bulk_update(
            bookings, ["status", "cancelled_at", "cancel_reason", "ical_sequence", "updated_at"]
        )
        notifications_enqueue(drafts=drafts)
    return locked


def session_changed(*, session: Session, moved: bool, capacity_grew: bool) -> None:
    """After a session changed: when its time or place moved, booked people get an updated
    invite (a higher SEQUENCE), and those waiting for a place or for approval are told too (no
    invite, nor the joining link, until they have a place); when it grew, new places go to the
    first people waiting."""
    with transaction.atomic():
        locked = lock_session(session.pk)
        drafts = []
        if moved:
            told = list(
                Booking.objects.filter(
                    session=locked,
                    status__in=ACTIVE_BOOKING,
                ).select_related("person")
            )
            # Every change moves the sequence on, so each change is a message of its own.
            Booking.objects.filter(pk__in=[b.pk for b in told]).update(
                ical_sequence=F("ical_sequence") + 1
            )
            for booking in told:
                booking.ical_sequence += 1
                booking.session = locked
                booked = booking.status == BookingStatus.BOOKED
                drafts.append(_message(booking, "updated" if booked else "updated_waiting"))
        if capacity_grew:
            drafts += _promote_waiting(locked)
        notifications_enqueue(drafts=drafts)


# ---------------------------------------------------------------------------------------------
# Messages
# ---------------------------------------------------------------------------------------------
MESSAGES = {
    "booked": ("Booked: {course}", "You have a place on {course} on {when}.{where}"),
    "waitlisted": (
        "Waiting list: {course}",
        "{course} on {when} is full. You are number {position} on the waiting list; if a place "
        "frees up it is yours at once and we will tell you.",
    ),
    "requested": (
        "Awaiting approval: {course}",
        "Your request for {course} on {when} is waiting for your manager's approval.",
    ),
    "promoted": (
        "A place for you: {course}",
        "A place came free on {course} on {when}: it is yours.{where}",
    ),
    "cancelled": ("Cancelled: {course}", "Your booking on {course} on {when} is cancelled."),
    "session_cancelled": (
        "Session cancelled: {course}",
        "{course} on {when} has been cancelled: {reason}. Look for another date in the catalogue.",
    ),
    "updated": ("Changed: {course}", "{course} has changed: it is now on {when}.{where}"),
    "updated_waiting": (
        "Changed: {course}",
        "{course}, which you are waiting for, has changed: it is now on {when}.{venue}",
    ),
    "declined": ("Not approved: {course}", "Your request for {course} on {when} was not approved."),
    "expired": (
        "Request expired: {course}",
        "Your request for {course} on {when} was not approved before booking closed.",
    ),
}


def session_when(session: Session) -> str:
    local = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    return f"{local:%A} {local.day} {local:%B %Y}, {local:%H:%M}–{end:%H:%M}"


def _message(booking: Booking, event: str, *, cancel_invite: bool = False) -> NotificationDraft:
    """What to tell the person at once; confirmations carry the invite, cancellations cancel it."""
    session = booking.session
    subject, body = MESSAGES[event]
    where = ""
    if session.venue:
        where = f" Venue: {session.venue}."
    elif session.joining_link:
        where = f" Join online: {session.joining_link}"
    context = {
        "course": session.course.title,
        "when": session_when(session),
        "where": where,
        "venue": f" Venue: {session.venue}." if session.venue else "",
        "position": waitlist_position(booking) or "",
        "reason": session.cancelled_reason,
    }
    calendar = ""
    if event in ("booked", "promoted", "updated"):
        calendar = booking_invite(booking)
    elif cancel_invite:
        calendar = booking_invite(booking, cancel=True)
    return NotificationDraft(
        recipient_id=booking.person_id,
        kind=f"training.{event}",
        subject=subject.format(**context),
        body=body.format(**context),
        link=link_to("booking", booking.pk),
        calendar=calendar,
        dedupe_key=f"training:{event}:{booking.pk}:{booking.ical_sequence}:{booking.status}",
    )


def approvers_of(person: Person) -> list[int]:
    """Who decides a person's requests: the active managers of their team or, when their team
    has none but them (or they have no team), the training coordinators. Never the person."""
    managers: list[int] = []
    if person.team_id is not None:
        managers = list(
            Person.objects.filter(
                roles__role=Role.TEAM_MANAGER, roles__team_id=person.team_id, active=True
            )
            .exclude(pk=person.pk)
            .values_list("id", flat=True)
            .distinct()
        )
    return managers or [pk for pk in coordinator_ids() if pk != person.pk]


def coordinator_ids() -> list[int]:
    return list(
        Person.objects.filter(roles__role=Role.TRAINING_COORDINATOR, active=True)
        .values_list("id", flat=True)
        .distinct()
    )


def approval_draft(booking: Booking, manager_id: int, *, chase: bool) -> NotificationDraft:
    course = booking.session.course.title
    prefix = "Still waiting for you: " if chase else ""
    return NotificationDraft(
        recipient_id=manager_id,
        kind="training.approval_chase" if chase else "training.approval_needed",
        subject=f"{prefix}approve {booking.person.full_name} for {course}",
        body=(
            f"{booking.person.full_name} asked to book {course} on "
            f"{session_when(booking.session)}, "
            "which needs a manager's approval."
        ),
        link=link_to("booking", booking.pk),
        dedupe_key=f"training:approval:{'chase' if chase else 'ask'}:{booking.pk}:{manager_id}",
    )
