"""Booking over the API from several real PostgreSQL connections at once: a session never holds
more people than its places, the waiting list gets one position each, and the same person
booked twice at once gets one booking and one 409 naming the person."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connections

from academy.training.models import HOLDS_PLACE, Booking, BookingStatus
from tests.api.conftest import json_client
from tests.api.test_training import API, make_session, training_fixture  # noqa: F401
from tests.factories import PersonFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(user: Any, bodies: list[dict], url: str) -> list[Any]:
    """Send each body from its own thread and connection, all released at once."""
    barrier = threading.Barrier(len(bodies))
    answers: list[Any] = [None] * len(bodies)

    def send(index: int) -> None:
        client = json_client()
        client.force_login(user)
        try:
            barrier.wait(timeout=10)
            answers[index] = client.post(url, bodies[index], format="json")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


def test_people_racing_for_two_places_get_two_places_and_a_queue_in_order(training):
    session = make_session(training.safeguarding, days=20, capacity=2)
    racers = [PersonFactory(team=training.academy.teams["a"]) for _ in range(5)]

    answers = _race(
        training.academy.user("coordinator"),
        [{"person": person.pk} for person in racers],
        f"{API}/sessions/{session.pk}/bookings/",
    )

    assert [a.status_code for a in answers] == [201] * 5, [a.content[:300] for a in answers]
    outcomes = sorted((a.json()["status"], a.json()["waitlist_position"] or 0) for a in answers)
    assert outcomes == [
        ("booked", 0),
        ("booked", 0),
        ("waitlisted", 1),
        ("waitlisted", 2),
        ("waitlisted", 3),
    ]
    assert Booking.objects.filter(session=session, status__in=HOLDS_PLACE).count() == 2
    waiting = Booking.objects.filter(session=session, status=BookingStatus.WAITLISTED)
    assert sorted(waiting.values_list("arrival", flat=True)) == [3, 4, 5]


def test_the_same_person_booked_twice_at_once_gets_one_booking_and_a_409(training):
    answers = _race(
        training.academy.user("manager"),
        [{"person": training.person("worker").pk}] * 2,
        f"{API}/sessions/{training.later.pk}/bookings/",
    )

    assert sorted(a.status_code for a in answers) == [201, 409]
    refused = next(a for a in answers if a.status_code == 409)
    assert [e["field"] for e in refused.json()["errors"]] == ["person"]
    assert (
        Booking.objects.filter(session=training.later, person=training.person("worker")).count()
        == 1
    )
