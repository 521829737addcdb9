"""Every training list runs the same number of queries for one row as for forty.

Each case grows its list from one row to forty between two identical requests; the counts must
match each other and the budget written here (a failure prints every statement of both runs).
Signed in by session: the session and the user (2), and the viewer's roles (1) where the view
asks who is calling, then the list's own queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from academy.pathways.models import PcfDomain
from academy.training import services
from academy.training.models import Course
from tests.api.support import assert_same_queries, count_queries
from tests.api.test_training import (  # noqa: F401  (fixtures)
    API,
    Training,
    book,
    make_session,
    training_fixture,
)
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

SIGNED_IN = 2
VIEWER = 1


@dataclass
class ListCase:
    login: str | None
    url: str
    grow: Callable[[int], None]
    expected_queries: int
    already: int = 0  # rows the fixture puts in the list
    rows: Callable[[Any], int] = lambda response: len(response.json()["results"])


def _counter() -> Callable[[], int]:
    state = [0]

    def next_number() -> int:
        state[0] += 1
        return state[0]

    return next_number


def _course(number: int, t: Training, **data: Any) -> Course:
    return services.course_save(
        data={
            "title": f"Grown course {number}",
            "provider": t.academy.council,
            "delivery_mode": Course.Mode.E_LEARNING,
            "refresh_months": 12,
            **data,
        },
        requirements=[{"kind": "everyone"}, {"kind": "role", "role": "psw"}],
        pcf_domains=PcfDomain.objects.filter(key__in=["knowledge", "professionalism"]),
    )


def courses(t: Training) -> ListCase:
    number = _counter()

    def grow(n: int) -> None:
        for _ in range(n):
            _course(number(), t)

    return ListCase(
        login="nqsw",
        url=f"{API}/courses/?search=grown&active=true",
        grow=grow,
        expected_queries=SIGNED_IN + 3,  # courses with providers, PCF domains, requirements
    )


def event_series(t: Training) -> ListCase:
    number = _counter()

    def grow(n: int) -> None:
        for _ in range(n):
            i = number()
            series = services.series_save(
                data={
                    "title": f"Week {i}",
                    "slug": f"week-{i}",
                    "starts_on": dt.date(2027, 1, 4),
                    "ends_on": dt.date(2027, 1, 8),
                }
            )
            make_session(t.safeguarding, days=30 + i, series=series)

    return ListCase(
        login="worker",
        url=f"{API}/event-series/",
        grow=grow,
        already=1,
        expected_queries=SIGNED_IN + 1,  # series with their session counts
    )


def series_sessions(t: Training) -> ListCase:
    series = services.series_save(
        data={
            "title": "Grown week",
            "slug": "grown-week",
            "starts_on": dt.date(2027, 1, 4),
            "ends_on": dt.date(2027, 1, 8),
        }
    )
    number = _counter()

    def grow(n: int) -> None:
        for _ in range(n):
            session = make_session(t.safeguarding, days=30 + number(), series=series)
            book(session, t.person("worker"), t.actor("worker"))

    return ListCase(
        login="worker",
        url=f"{API}/event-series/{series.pk}/",
        grow=grow,
        expected_queries=SIGNED_IN + 2,  # the series; its sessions with courses and counts
        rows=lambda response: len(response.json()["sessions"]),
    )


def sessions(t: Training) -> ListCase:
    course = _course(0, t)
    number = _counter()

    def grow(n: int) -> None:
        for _ in range(n):
            session = make_session(
                course, days=30 + number(), capacity=1, joining_link="https://meet.example.org/x"
            )
            book(session, t.person("worker"), t.actor("worker"))
            book(session, t.person("nqsw"), t.actor("nqsw"))  # waitlisted

    return ListCase(
        login="nqsw",
        url=f"{API}/sessions/?course={course.pk}&has_places=false",
        grow=grow,
        # sessions with course, series and counts; who the caller is and where they have a
        # place, for the joining links
        expected_queries=SIGNED_IN + 3,
    )


def bookings(t: Training) -> ListCase:
    full = make_session(t.safeguarding, days=40, capacity=1)
    book(full, t.person("worker"), t.actor("worker"))

    def grow(n: int) -> None:
        for _ in range(n):
            book(full, PersonFactory(team=t.academy.teams["a"]), t.actor("manager"))

    return ListCase(
        login="manager",
        url=f"{API}/bookings/?session={full.pk}&status=waitlisted",
        grow=grow,
        # bookings with people, sessions, courses and series; the waitlisted's positions
        expected_queries=SIGNED_IN + VIEWER + 2,
    )


def completions(t: Training) -> ListCase:
    def grow(n: int) -> None:
        for _ in range(n):
            services.completion_record(
                person=PersonFactory(team=t.academy.teams["nhs"]),
                course=t.safeguarding,
                completed_on=timezone.localdate(),
                actor=t.actor("coordinator"),
            )

    return ListCase(
        login="partner",
        url=f"{API}/completions/?course={t.safeguarding.pk}",
        grow=grow,
        expected_queries=SIGNED_IN + VIEWER + 1,  # completions with people and courses
    )


def cpd_entries(t: Training) -> ListCase:
    def grow(n: int) -> None:
        for i in range(n):
            services.cpd_entry_save(
                person=t.person("nqsw"),
                data={
                    "title": f"Reading {i}",
                    "activity_date": timezone.localdate(),
                    "hours": Decimal("1.00"),
                    "activity": "Reading.",
                    "learning": "Something.",
                    "impact": "Some.",
                },
            )

    return ListCase(
        login="nqsw",
        url=f"{API}/cpd-entries/",
        grow=grow,
        already=1,
        expected_queries=SIGNED_IN + VIEWER + 1,
    )


def compliance(t: Training) -> ListCase:
    number = _counter()

    def grow(n: int) -> None:
        for _ in range(n):
            course = _course(number(), t)
            services.completion_record(
                person=t.person("nqsw"),
                course=course,
                completed_on=timezone.localdate(),
                actor=t.actor("coordinator"),
            )

    return ListCase(
        login="manager",
        url=f"{API}/people/{t.person('nqsw').pk}/compliance/",
        grow=grow,
        already=1,
        # the person; the person again with their team and roles; requirements; completions
        expected_queries=SIGNED_IN + VIEWER + 5,
        rows=lambda response: len(response.json()["courses"]),
    )


def calendar_feed(t: Training) -> ListCase:
    feed = services.calendar_feed_for(person=t.person("worker"))  # only a request so far
    number = _counter()

    def grow(n: int) -> None:
        for _ in range(n):
            session = make_session(t.safeguarding, days=30 + number())
            book(session, t.person("worker"), t.actor("worker"))

    return ListCase(
        login=None,
        url=reverse("web:calendar-feed", kwargs={"token": feed.token}),
        grow=grow,
        expected_queries=2,  # the feed with its person; the bookings with their sessions
        rows=lambda response: len(Calendar.from_ical(response.content).walk("VEVENT")),
    )


@pytest.mark.parametrize(
    "make_case",
    [
        courses,
        event_series,
        series_sessions,
        sessions,
        bookings,
        completions,
        cpd_entries,
        compliance,
        calendar_feed,
    ],
    ids=lambda f: f.__name__,
)
def test_training_list_runs_the_same_queries_for_one_row_as_for_forty(training, api, make_case):
    case = make_case(training)
    client = api(case.login)

    case.grow(1 - case.already)
    one, few = count_queries(lambda: client.get(case.url))
    case.grow(39)
    forty, many = count_queries(lambda: client.get(case.url))

    assert one.status_code == forty.status_code == 200, (one.content[:300], forty.content[:300])
    assert case.rows(one) == 1
    assert case.rows(forty) == 40
    assert_same_queries(few, many, expected=case.expected_queries)
