"""Enrolling into a cohort from several real PostgreSQL connections at once: the cohort row lock
keeps the count true, so a cohort never takes more people than its capacity."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from academy.common.errors import ConflictError
from academy.pathways import services
from academy.pathways.models import OPEN_OUTCOMES, Cohort, Enrolment, Milestone, PathwayTemplate
from tests.pathways.conftest import social_worker

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

START = dt.date(2025, 9, 1)


def run_at_once(count: int, target: Callable[[int], Any]) -> list[Any]:
    """Run ``target(i)`` in ``count`` threads released together, each on its own connection;
    return each one's result or the exception it raised."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = target(index)
        except Exception as exc:
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    return results


def race_for_places(asye: PathwayTemplate, *, places: int, people: int) -> list[Any]:
    cohort = services.cohort_create(
        name=f"ASYE September ({places} places)", pathway=asye, start_date=START, capacity=places
    )
    applicants = [social_worker() for _ in range(people)]

    def enrol(index: int) -> Enrolment:
        return services.enrolment_create(
            person=applicants[index], pathway=asye, start_date=START, cohort=cohort
        )

    results = run_at_once(people, enrol)
    assert (
        Cohort.objects.get(pk=cohort.pk).enrolments.filter(outcome__in=OPEN_OUTCOMES).count()
        == places
    )
    return results


def test_two_people_racing_for_the_last_place_one_wins_the_other_is_refused(asye):
    cohort = services.cohort_create(
        name="ASYE September", pathway=asye, start_date=START, capacity=2
    )
    services.enrolment_create(person=social_worker(), pathway=asye, start_date=START, cohort=cohort)
    racers = [social_worker(), social_worker()]

    results = run_at_once(
        2,
        lambda i: services.enrolment_create(
            person=racers[i], pathway=asye, start_date=START, cohort=cohort
        ),
    )

    won = [r for r in results if isinstance(r, Enrolment)]
    refused = [r for r in results if isinstance(r, ConflictError)]
    assert (len(won), len(refused)) == (1, 1), results
    assert refused[0].field == "cohort"
    assert refused[0].message == "ASYE September has 0 of 2 places left; 1 asked for."
    assert cohort.enrolments.count() == 2
    loser = next(p for p in racers if p.pk != won[0].person_id)
    assert not Enrolment.objects.filter(person=loser).exists()
    assert Milestone.objects.filter(enrolment__person=loser).count() == 0


def test_eight_people_racing_for_three_places_three_win(asye):
    results = race_for_places(asye, places=3, people=8)
    won = [r for r in results if isinstance(r, Enrolment)]
    refused = [r for r in results if isinstance(r, ConflictError)]
    assert (len(won), len(refused)) == (3, 5), results
    assert {r.field for r in refused} == {"cohort"}
    assert Milestone.objects.count() == 3 * 6


def test_the_same_person_enrolled_twice_at_once_is_refused_as_a_clash_not_an_error(asye):
    person = social_worker()

    results = run_at_once(
        2, lambda _: services.enrolment_create(person=person, pathway=asye, start_date=START)
    )

    won = [r for r in results if isinstance(r, Enrolment)]
    refused = [r for r in results if not isinstance(r, Enrolment)]
    assert len(won) == 1, results
    assert len(refused) == 1
    # The loser either saw the winner's row in its checks, or tripped the constraint after them.
    clash = refused[0]
    assert isinstance(clash, ConflictError | ValidationError), repr(clash)
    if isinstance(clash, ConflictError):
        assert (clash.field, clash.message) == (
            "person",
            f"{person.full_name} is already on ASYE (adults).",
        )
    assert Enrolment.objects.filter(person=person).count() == 1
    assert Milestone.objects.filter(enrolment__person=person).count() == 6
