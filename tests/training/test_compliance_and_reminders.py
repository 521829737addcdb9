"""The compliance matrix and the daily reminder sweep: states right, each reminder once per
occurrence, and a fixed number of queries whatever the number of people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from academy.notifications.models import Notification
from academy.people.models import Person, Role
from academy.training.models import Booking, Completion, Course, Requirement
from academy.training.reminders import training_reminders_sweep
from academy.training.rules import Compliance
from academy.training.selectors import compliance_matrix
from academy.training.services import (
    booking_create,
    course_save,
    cpd_entry_save,
    session_cancel,
)
from tests.factories import PersonFactory, TeamFactory
from tests.training.conftest import (
    DAY,
    HOUR,
    host,
    make_course,
    make_session,
    social_worker,
    viewer,
)

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 6, 1)


def completed(person: Person, course: Course, on: dt.date, expires: dt.date | None) -> Completion:
    completion: Completion = Completion.objects.create(
        person=person,
        course=course,
        completed_on=on,
        expires_on=expires,
        source=Completion.Source.RECORDED,
        certificate_number=f"AT-T-{person.pk}-{course.pk}-{on:%Y%m%d}",
    )
    return completion


def required_course(title: str, requirement: dict[str, Any], **fields: Any) -> Course:
    return course_save(
        data={
            "title": title,
            "provider": host(),
            "delivery_mode": Course.Mode.E_LEARNING,
            **fields,
        },
        requirements=[requirement],
    )


def count_queries(action: Callable[[], Any]) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as context:
        result = action()
    return len(context.captured_queries), result


# ---------------------------------------------------------------------------------------------
# Compliance
# ---------------------------------------------------------------------------------------------
def test_the_matrix_shows_each_person_each_course_they_must_hold_in_its_state(academy):
    team = academy.teams["a"]
    everyone = required_course("Safeguarding adults", {"kind": "everyone"}, refresh_months=36)
    managers = required_course(
        "Supervising staff", {"kind": "role", "role": Role.TEAM_MANAGER}, refresh_months=12
    )
    ots = required_course(
        "Moving and assisting",
        {"kind": "job_title", "job_title": "occupational therapist"},
        refresh_months=12,
    )
    team_course = required_course("Hoists", {"kind": "team", "team": team}, refresh_months=None)
    retired = required_course("Old course", {"kind": "everyone"}, active=False)

    ok = PersonFactory(team=team, organisation=team.organisation, last_name="Adams")
    soon = PersonFactory(
        team=team,
        organisation=team.organisation,
        last_name="Baker",
        job_title="Occupational Therapist",
    )
    lapsed = PersonFactory(
        team=team,
        organisation=team.organisation,
        last_name="Clark",
        roles=[Role.TEAM_MANAGER],
    )
    elsewhere = PersonFactory(
        team=academy.teams["b"],
        organisation=academy.council,
        last_name="Dunn",
        job_title="Administrator",
    )

    completed(ok, everyone, dt.date(2024, 1, 1), dt.date(2027, 1, 1))
    completed(ok, team_course, dt.date(2010, 1, 1), None)
    completed(soon, everyone, dt.date(2023, 8, 1), AS_OF + dt.timedelta(days=90))
    completed(soon, ots, dt.date(2025, 6, 2), AS_OF + dt.timedelta(days=91))
    # An old, expired completion and a refresher: the latest one counts.
    completed(lapsed, everyone, dt.date(2020, 1, 1), dt.date(2023, 1, 1))
    completed(lapsed, everyone, dt.date(2025, 1, 1), dt.date(2028, 1, 1))
    completed(lapsed, managers, dt.date(2025, 6, 1), AS_OF)
    completed(elsewhere, retired, dt.date(2020, 1, 1), dt.date(2021, 1, 1))

    people = Person.objects.filter(pk__in=[ok.pk, soon.pk, lapsed.pk, elsewhere.pk])
    matrix = compliance_matrix(people, as_of=AS_OF, expiring_days=90)

    states = {
        row.person.last_name: {row.cells[c].course.title: row.cells[c].state for c in row.cells}
        for row in matrix.rows
    }
    assert states == {
        "Adams": {"Safeguarding adults": Compliance.COMPLIANT, "Hoists": Compliance.COMPLIANT},
        "Baker": {
            "Safeguarding adults": Compliance.EXPIRING,
            "Moving and assisting": Compliance.COMPLIANT,
            "Hoists": Compliance.MISSING,
        },
        "Clark": {
            "Safeguarding adults": Compliance.COMPLIANT,
            "Supervising staff": Compliance.EXPIRED,
            "Hoists": Compliance.MISSING,
        },
        "Dunn": {"Safeguarding adults": Compliance.MISSING},
    }
    assert [row.person.last_name for row in matrix.rows] == ["Adams", "Baker", "Clark", "Dunn"]
    assert [c.title for c in matrix.courses] == [
        "Hoists",
        "Moving and assisting",
        "Safeguarding adults",
        "Supervising staff",
    ]
    assert matrix.counts() == {"compliant": 4, "expiring": 1, "expired": 1, "missing": 3}
    assert Requirement.objects.filter(course=retired).exists()  # kept, but not shown


def test_the_matrix_takes_as_many_queries_for_sixty_people_as_for_five(academy):
    teams = [TeamFactory(organisation=academy.council) for _ in range(3)]
    everyone = required_course("Safeguarding adults", {"kind": "everyone"}, refresh_months=36)
    required_course("Supervising staff", {"kind": "role", "role": Role.TEAM_MANAGER})
    required_course("Hoists", {"kind": "team", "team": teams[0]})
    required_course("Moving and assisting", {"kind": "job_title", "job_title": "Social Worker"})
    people = []
    for n in range(60):
        team = teams[n % 3]
        person = PersonFactory(
            team=team,
            organisation=team.organisation,
            roles=[Role.TEAM_MANAGER] if n % 7 == 0 else [],
        )
        if n % 2:
            completed(person, everyone, dt.date(2025, 1, 1), dt.date(2028, 1, 1))
        people.append(person)

    five = Person.objects.filter(pk__in=[p.pk for p in people[:5]])
    sixty = Person.objects.filter(pk__in=[p.pk for p in people])
    small, small_matrix = count_queries(
        lambda: compliance_matrix(five, as_of=AS_OF, expiring_days=90)
    )
    large, large_matrix = count_queries(
        lambda: compliance_matrix(sixty, as_of=AS_OF, expiring_days=90)
    )

    assert small == large
    assert large <= 4
    assert len(small_matrix.rows) == 5
    assert len(large_matrix.rows) == 60
    assert large_matrix.counts()["compliant"] == 30


# ---------------------------------------------------------------------------------------------
# The reminder sweep
# ---------------------------------------------------------------------------------------------
def london(day: dt.date, time: str = "06:00") -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.fromisoformat(time)))


def sweep(day: dt.date, time: str = "06:00") -> int:
    return training_reminders_sweep(now=london(day, time))


def sent(kind: str, person: Person | None = None) -> list[Notification]:
    rows = Notification.objects.filter(kind=kind).order_by("id")
    if person is not None:
        rows = rows.filter(recipient=person)
    return list(rows)


def test_session_reminders_go_seven_days_and_one_day_before_once_each(academy, coordinator):
    worker = academy.people["worker"]
    start_day = timezone.localdate() + dt.timedelta(days=30)
    session = make_session(starts_in=dt.timedelta(days=30))
    session.starts_at = london(start_day, "10:00")
    session.ends_at = session.starts_at + 3 * HOUR
    session.save()
    booking_create(session=session, person=worker, actor=viewer(worker))
    waiting_session = make_session(capacity=1, starts_in=dt.timedelta(days=30))
    waiting_session.starts_at, waiting_session.ends_at = session.starts_at, session.ends_at
    waiting_session.save()
    booking_create(session=waiting_session, person=academy.people["nqsw"], actor=coordinator)
    booking_create(session=waiting_session, person=worker, actor=coordinator)  # waitlisted

    steps = []
    for days_before in (8, 7, 7, 6, 2, 1, 1, 0):
        sweep(start_day - dt.timedelta(days=days_before))
        steps.append(len(sent("training.session_soon", worker)))

    assert steps == [0, 1, 1, 1, 1, 2, 2, 2]
    week, day = sent("training.session_soon", worker)
    assert "is in 7 days" in week.subject
    assert "is tomorrow" in day.subject
    assert week.link == day.link
    assert len(sent("training.session_soon", academy.people["nqsw"])) == 2


def test_no_session_reminder_for_a_cancelled_session(academy, coordinator):
    worker = academy.people["worker"]
    session = make_session(starts_in=dt.timedelta(days=20))
    booking_create(session=session, person=worker, actor=viewer(worker))
    session_cancel(session=session, reason="Trainer unwell", actor=coordinator)
    sweep(timezone.localtime(session.starts_at).date() - dt.timedelta(days=1))
    assert sent("training.session_soon") == []


def test_a_request_waiting_three_days_is_chased_with_the_manager_once(academy):
    course = make_course(needs_manager_approval=True)
    session = make_session(course, starts_in=dt.timedelta(days=30))
    booking = booking_create(
        session=session, person=academy.people["worker"], actor=viewer(academy.people["worker"])
    ).booking
    asked = timezone.now()
    Booking.objects.filter(pk=booking.pk).update(created_at=asked)
    manager = academy.people["manager"]

    training_reminders_sweep(now=asked + 3 * DAY - HOUR)
    assert sent("training.approval_chase", manager) == []
    training_reminders_sweep(now=asked + 3 * DAY)
    training_reminders_sweep(now=asked + 3 * DAY + HOUR)
    training_reminders_sweep(now=asked + 4 * DAY)

    [chase] = sent("training.approval_chase", manager)
    assert chase.subject.startswith("Still waiting for you: approve Worker Tester")
    assert sent("training.approval_chase", academy.people["outsider"]) == []


def test_expiry_reminders_go_at_90_30_7_and_0_days_once_each(academy):
    worker = academy.people["worker"]
    course = make_course(title="Moving and assisting people", refresh_months=12)
    expires = dt.date(2026, 9, 30)
    completed(worker, course, dt.date(2025, 9, 30), expires)

    counts = []
    for days_before in (91, 90, 90, 89, 31, 30, 29, 8, 7, 6, 1, 0, 0, -1, -30):
        sweep(expires - dt.timedelta(days=days_before))
        counts.append(
            len(sent("training.expiring", worker)) + len(sent("training.expired", worker))
        )

    assert counts == [0, 1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 4]
    subjects = [m.subject for m in sent("training.expiring", worker)]
    assert subjects == ["Your Moving and assisting people expires on 30 September 2026"] * 3
    [expired] = sent("training.expired", worker)
    assert expired.subject == "Your Moving and assisting people has expired"


def test_a_refresher_stops_the_old_completions_reminders_and_leavers_get_none(academy):
    course = make_course(refresh_months=12)
    refreshed = academy.people["worker"]
    completed(refreshed, course, dt.date(2025, 9, 30), dt.date(2026, 9, 30))
    completed(refreshed, course, dt.date(2026, 8, 1), dt.date(2027, 8, 1))
    leaver = PersonFactory(active=False)
    completed(leaver, course, dt.date(2025, 9, 30), dt.date(2026, 9, 30))

    sweep(dt.date(2026, 9, 1))

    assert sent("training.expiring") == []


def test_swe_renewal_reminders_from_1_september_then_weekly_through_november(academy):
    short = social_worker()
    met = social_worker()
    exempt = social_worker(registered_on=dt.date(2025, 9, 10))
    not_registered = PersonFactory(swe_number="")
    for n, peer in ((1, False), (2, True)):
        cpd_entry_save(
            person=met,
            data={
                "title": f"Entry {n}",
                "activity_date": dt.date(2025, 2, n),
                "activity": "A course.",
                "learning": "Something.",
                "impact": "Better practice.",
                "peer_reflection": peer,
                "peer_learning": "From a colleague." if peer else "",
            },
        )

    counts = []
    days = [
        dt.date(2025, 8, 31),
        dt.date(2025, 9, 1),
        dt.date(2025, 9, 1),
        dt.date(2025, 9, 2),
        dt.date(2025, 10, 31),
        dt.date(2025, 11, 1),
        dt.date(2025, 11, 2),
        dt.date(2025, 11, 7),
        dt.date(2025, 11, 8),
        dt.date(2025, 11, 9),
        dt.date(2025, 11, 15),
        dt.date(2025, 11, 22),
        dt.date(2025, 11, 29),
        dt.date(2025, 11, 30),
        dt.date(2025, 12, 1),
    ]
    for day in days:
        sweep(day)
        counts.append(len(sent("training.swe_renewal", short)))

    assert counts == [0, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6, 6, 6]
    for person in (met, exempt, not_registered):
        assert sent("training.swe_renewal", person) == []
    first = sent("training.swe_renewal", short)[0]
    assert "2 more pieces of CPD and 1 more with a peer reflection needed." in first.subject
    assert "30 November 2025" in first.body
    assert first.link == sent("training.swe_renewal", short)[-1].link


def people_due_everything(count: int) -> None:
    """``count`` people, each with a session in 7 days, a request waiting for three days and
    training expiring in 30 days."""
    team = TeamFactory(organisation=host())
    PersonFactory(team=team, organisation=team.organisation, roles=[Role.TEAM_MANAGER])
    course = make_course(refresh_months=12)
    approval = make_course(needs_manager_approval=True)
    soon = make_session(course, starts_in=dt.timedelta(days=7), capacity=count)
    later = make_session(approval, starts_in=dt.timedelta(days=20), capacity=count)
    for _ in range(count):
        person = PersonFactory(team=team, organisation=team.organisation, swe_number="")
        actor = viewer(person)
        booking_create(session=soon, person=person, actor=actor)
        booking_create(session=later, person=person, actor=actor)
        completed(person, course, AS_OF, timezone.localdate() + dt.timedelta(days=30))
    Booking.objects.filter(session=later).update(created_at=timezone.now() - 4 * DAY)


def test_the_sweep_takes_as_many_queries_for_many_people_as_for_few(academy):
    people_due_everything(3)
    small, small_sent = count_queries(training_reminders_sweep)
    Notification.objects.all().delete()
    people_due_everything(15)
    large, large_sent = count_queries(training_reminders_sweep)

    assert small_sent == 3 * 3  # a session reminder, an expiry reminder and a chase each
    assert large_sent == 18 * 3
    assert small == large


def test_the_sweep_queries_stay_fixed_in_the_renewal_season(academy):
    def run(count: int) -> tuple[int, int]:
        for _ in range(count):
            social_worker()
        return count_queries(lambda: sweep(dt.date(2025, 11, 8)))

    small, small_sent = run(2)
    large, large_sent = run(20)
    assert (small_sent, large_sent) == (2, 22)
    assert small == large
