"""Booking from many real PostgreSQL connections at once. The session's row lock serialises the
bookings: a session never holds more people than its capacity, the waitlist is served in the
order people arrived under the lock, and the database keeps one active booking per person."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from academy.common.errors import ConflictError
from academy.notifications.models import Notification
from academy.people.models import Person
from academy.training.models import Booking, BookingStatus, Completion, Session
from academy.training.services import (
    BookingResult,
    attendance_record,
    booking_cancel,
    booking_create,
    booking_decide,
    requests_expire,
    session_cancel,
)
from academy.training.services.bookings import waitlist_position
from tests.training.conftest import DAY, HOUR, learner, make_course, make_session, viewer

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

Status = BookingStatus


def run_at_once(count: int, target: Callable[[int], Any]) -> list[Any]:
    """Run ``target(i)`` in ``count`` threads released together by a barrier, each on its own
    database connection (closed when the thread ends); return each result or the exception."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = target(index)
        except Exception as exc:
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    return results


def people_of(team: Any, count: int) -> list[Person]:
    people = [learner(team) for _ in range(count)]
    return list(
        Person.objects.filter(pk__in=[p.pk for p in people])
        .select_related("organisation", "user")
        .order_by("pk")
    )


def test_fifty_people_booking_ten_places_at_once_fill_them_and_queue_the_rest_in_arrival_order(
    academy,
):
    session = make_session(capacity=10)
    people = people_of(academy.teams["a"], 50)
    viewers = [viewer(person) for person in people]

    results = run_at_once(
        50, lambda i: booking_create(session=session, person=people[i], actor=viewers[i])
    )

    errors = [r for r in results if not isinstance(r, BookingResult)]
    assert errors == []
    bookings = list(Booking.objects.filter(session=session).order_by("arrival"))
    assert len(bookings) == 50
    assert [b.arrival for b in bookings] == list(range(1, 51))
    assert Session.objects.get(pk=session.pk).next_arrival == 51
    # The ten who reached the lock first hold the places; the rest wait in the order they came.
    assert [b.status for b in bookings[:10]] == [Status.BOOKED] * 10
    assert [b.status for b in bookings[10:]] == [Status.WAITLISTED] * 40
    assert [waitlist_position(b) for b in bookings[10:]] == list(range(1, 41))
    # Each person was told the position they had when they booked.
    told = {r.booking.pk: r.waitlist_position for r in results}
    assert [told[b.pk] for b in bookings[10:]] == list(range(1, 41))
    assert all(told[b.pk] is None for b in bookings[:10])
    assert Notification.objects.filter(kind="training.booked").count() == 10
    assert Notification.objects.filter(kind="training.waitlisted").count() == 40

    # Three people give up their places at once: the first three waiting take them, in order.
    leaving = bookings[:3]
    cancelled = run_at_once(
        3,
        lambda i: booking_cancel(
            booking=leaving[i], actor=viewers[people.index(leaving[i].person)]
        ),
    )
    assert [isinstance(c, Booking) for c in cancelled] == [True] * 3

    after = list(Booking.objects.filter(session=session).order_by("arrival"))
    assert [b.status for b in after[:3]] == [Status.CANCELLED] * 3
    assert [b.status for b in after[3:13]] == [Status.BOOKED] * 10
    assert [b.arrival for b in after if b.status == Status.BOOKED] == list(range(4, 14))
    still_waiting = [b for b in after if b.status == Status.WAITLISTED]
    assert [b.arrival for b in still_waiting] == list(range(14, 51))
    assert [waitlist_position(b) for b in still_waiting] == list(range(1, 38))
    promoted = Notification.objects.filter(kind="training.promoted").order_by("id")
    assert [n.recipient_id for n in promoted] == [b.person_id for b in bookings[10:13]]


def test_the_same_person_booked_twice_at_once_gets_one_booking_and_one_conflict(academy):
    session = make_session(capacity=5)
    worker = academy.people["worker"]
    bookers = [viewer(worker), viewer(academy.people["manager"])]

    results = run_at_once(
        2, lambda i: booking_create(session=session, person=worker, actor=bookers[i])
    )

    assert sorted(type(r).__name__ for r in results) == ["BookingResult", "ConflictError"]
    conflict = next(r for r in results if isinstance(r, ConflictError))
    assert conflict.field == "person"
    assert Booking.objects.filter(session=session, person=worker).count() == 1


def test_the_database_itself_keeps_one_active_booking_per_person_per_session(academy):
    """Even writes that skip the service and its lock cannot give a person two active bookings."""
    session = make_session(capacity=5)
    worker = academy.people["worker"]

    def insert(index: int) -> Booking:
        with transaction.atomic():
            return Booking.objects.create(
                session=session,
                person=worker,
                status=Status.WAITLISTED if index else Status.BOOKED,
                arrival=100 + index,
            )

    results = run_at_once(2, insert)

    assert sorted(type(r).__name__ for r in results) == ["Booking", "IntegrityError"]
    assert any(isinstance(r, IntegrityError) for r in results)
    assert Booking.objects.filter(session=session, person=worker).count() == 1


def test_racing_for_the_last_place_one_books_and_the_other_waits(academy):
    session = make_session(capacity=3)
    people = people_of(academy.teams["a"], 4)
    for person in people[:2]:
        booking_create(session=session, person=person, actor=viewer(person))
    racers = people[2:]
    viewers = [viewer(p) for p in racers]

    results = run_at_once(
        2, lambda i: booking_create(session=session, person=racers[i], actor=viewers[i])
    )

    statuses = sorted(r.booking.status for r in results)
    assert statuses == [Status.BOOKED, Status.WAITLISTED]
    winner = next(r.booking for r in results if r.booking.status == Status.BOOKED)
    loser = next(r.booking for r in results if r.booking.status == Status.WAITLISTED)
    assert winner.arrival < loser.arrival
    assert Booking.objects.filter(session=session, status=Status.BOOKED).count() == 3


def wait_for_a_blocked_query(timeout: float = 10.0) -> None:
    """Return once another connection of this test database waits on a row lock."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    raise AssertionError("no connection ever waited on the lock")


def while_held(hold: Callable[[], Any], then: Callable[[], Any]) -> Any:
    """Run ``hold`` in a transaction on one connection and keep it open until ``then``, run
    meanwhile on another connection, waits on its lock; return what ``then`` returned, or the
    exception it raised."""
    held, release = threading.Event(), threading.Event()
    outcome: dict[str, Any] = {}

    def holder() -> None:
        try:
            with transaction.atomic():
                hold()
                held.set()
                release.wait(timeout=10)
        finally:
            held.set()
            connections.close_all()

    def other() -> None:
        try:
            held.wait(timeout=10)
            outcome["then"] = then()
        except Exception as exc:
            outcome["then"] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=holder), threading.Thread(target=other)]
    for thread in threads:
        thread.start()
    held.wait(timeout=10)
    try:
        wait_for_a_blocked_query()  # the other waits on the holder's lock
    finally:
        release.set()
        for thread in threads:
            thread.join(timeout=30)
    return outcome["then"]


def test_a_request_approved_while_requests_expire_is_neither_expired_nor_told(academy):
    now = timezone.now()
    course = make_course(needs_manager_approval=True)
    session = make_session(course, booking_closes_at=now + DAY)
    worker = academy.people["worker"]
    request = booking_create(session=session, person=worker, actor=viewer(worker)).booking
    manager = viewer(academy.people["manager"])

    expired = while_held(
        lambda: booking_decide(booking=request, approve=True, actor=manager, now=now),
        lambda: requests_expire(now=now + 2 * DAY),
    )

    assert expired == 0
    assert Booking.objects.get(pk=request.pk).status == Status.BOOKED
    assert Notification.objects.filter(kind="training.expired").count() == 0
    assert Notification.objects.filter(kind="training.booked", recipient=worker).count() == 1


def test_a_register_marked_while_the_session_is_cancelled_is_refused_not_written_over_it(academy):
    """The session began, then was cancelled (the trainer never came) while another coordinator
    marked the register: the marks wait for the cancellation and are refused, so nobody ends up
    attending a cancelled session with a certificate for it."""
    session = make_session(starts_in=-2 * HOUR, length=HOUR)
    worker = academy.people["worker"]
    booking = booking_create(
        session=session, person=worker, actor=viewer(worker), now=session.starts_at - DAY
    ).booking
    coordinator = viewer(academy.people["coordinator"])

    marked = while_held(
        lambda: session_cancel(session=session, reason="The trainer was ill.", actor=coordinator),
        lambda: attendance_record(
            session=session, marks=[(booking.pk, Status.ATTENDED)], actor=coordinator
        ),
    )

    assert isinstance(marked, ValidationError), marked
    assert set(marked.message_dict) == {"session"}
    assert Booking.objects.get(pk=booking.pk).status == Status.CANCELLED
    assert Session.objects.get(pk=session.pk).status == Session.Status.CANCELLED
    assert not Completion.objects.exists()
