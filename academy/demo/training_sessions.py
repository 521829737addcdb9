"""The demo's sessions through the training services: each created, booked by its learners in
the order they asked (a demo login for themselves, a manager or partner coordinator with a
login for their people, the training coordinator for everyone else), and settled since:
requests decided, places given up, the register marked or the session cancelled.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from academy.common.dates import add_months
from academy.demo import training_data as table
from academy.demo.acting import Actors
from academy.demo.data import Ref
from academy.demo.roster import PersonSpec
from academy.demo.training_records import Plan, must_hold
from academy.people.models import Person, Role
from academy.people.permissions import Viewer
from academy.training import services
from academy.training.models import Booking, BookingStatus, Course, EventSeries, Session
from academy.training.services.bookings import approvers_of

ONE_DAY = dt.timedelta(days=1)
HOST = "council"
COURSE_ROWS = {row.key: row for row in table.COURSES}
#: (person, course) whose state ``training_data.FIXED_STATES`` fixes: never drawn for it.
FIXED = {(ref, course) for ref, course, _ in table.FIXED_STATES}
#: States of someone who should book the course soon.
DUE = (table.EXPIRING, table.EXPIRED, table.MISSING)
#: Why people gave up their places, in turn.
CANCEL_REASONS = ("Off sick.", "Annual leave booked before the date was set.", "Court hearing.")


@dataclass
class BookingContext:
    """What booking the demo's sessions needs, and what it learns on the way."""

    today: dt.date
    now: dt.datetime
    people: Mapping[Ref, Person]
    specs: Mapping[Ref, PersonSpec]  # in roster order
    actors: Actors
    coordinator: Viewer
    #: Who books for the staff of a team or an organisation (a demo login that may), by key.
    bookers: Mapping[str, Viewer]
    plan: Plan
    #: When each person last attended a session held of each course, by (person, course key).
    attended: dict[tuple[Ref, str], dt.date] = field(default_factory=dict)
    #: Each booking and when it was made, so its record shows that day.
    made_on: list[tuple[Booking, dt.datetime]] = field(default_factory=list)


def bookers_among(
    roster: Sequence[PersonSpec], people: Mapping[Ref, Person], actors: Actors
) -> dict[str, Viewer]:
    """The demo logins that book for others: a team manager for their team, a partner
    coordinator for their organisation."""
    bookers = {}
    for spec in roster:
        if not spec.login:
            continue
        if Role.TEAM_MANAGER in spec.roles and spec.team:
            bookers[spec.team] = actors.of(people[spec.ref])
        if Role.PARTNER_COORDINATOR in spec.roles:
            bookers[spec.organisation] = actors.of(people[spec.ref])
    return bookers


# ---------------------------------------------------------------------------------------------
# A session, its bookings and its register
# ---------------------------------------------------------------------------------------------
@dataclass
class _Booked:
    ref: Ref
    booking: Booking
    moment: dt.datetime


def session_write(
    row: table.SessionRow,
    course: Course,
    series: Mapping[str, EventSeries],
    context: BookingContext,
) -> int:
    """Create the session, book its learners in the order they asked, and settle what happened
    since: requests decided, places given up, the register marked (or the session cancelled).
    Returns the number of bookings made."""
    day = row.when.on(context.today)
    starts = timezone.make_aware(dt.datetime.combine(day, row.at))
    session = services.session_create(
        course=course,
        data={
            "starts_at": starts,
            "ends_at": starts + dt.timedelta(minutes=course.duration_minutes),
            "venue": row.venue,
            "joining_link": ""
            if row.venue
            else f"https://meet.brackenshire.example/academy/{row.course}-{day:%Y%m%d}",
            "capacity": row.capacity,
            "series": series[row.series] if row.series else None,
        },
        facilitators=[context.people[ref] for ref in row.facilitators],
    )
    rng = random.Random(f"{table.BOOKING_SEED}:{row.course}:{day.isoformat()}")  # noqa: S311
    held = starts < context.now
    moments = _moments(starts if held else context.now, held, _wanted(row), rng)
    booked = []
    for ref, moment in zip(_learners(row, moments[0].date(), context, rng), moments, strict=False):
        actor = _booker(ref, row, context)
        person = context.people[ref]
        booking = services.booking_create(
            session=session, person=person, actor=actor, now=moment
        ).booking
        context.made_on.append((booking, moment))
        booked.append(_Booked(ref, booking, moment))
    _settle(row, session, booked, held, context, rng)
    return len(booked)


def _wanted(row: table.SessionRow) -> int:
    learners = row.learners
    partners = sum(n for _, n in learners.partners)
    return len(learners.named) + learners.staff + partners + learners.waitlisted


def _moments(before: dt.datetime, held: bool, count: int, rng: random.Random) -> list[dt.datetime]:
    """When each learner booked, earliest first: some days before the session (held) or before
    now (to come)."""
    low, high = table.BOOKED_DAYS_BEFORE if held else table.BOOKED_DAYS_AGO
    minutes = sorted((rng.randint(low * 1440, high * 1440) for _ in range(count)), reverse=True)
    return [before - dt.timedelta(minutes=m) for m in minutes] or [before]


def _booker(ref: Ref, row: table.SessionRow, context: BookingContext) -> Viewer:
    """A demo login named on the session books for themselves; a manager or partner
    coordinator with a login books their own people; the training coordinator everyone else."""
    spec = context.specs[ref]
    if ref in row.learners.named and spec.login:
        return context.actors.of(context.people[ref])
    for key in (spec.team, spec.organisation):
        if key and key in context.bookers:
            return context.bookers[key]
    return context.coordinator


def _learners(
    row: table.SessionRow, booked_on: dt.date, context: BookingContext, rng: random.Random
) -> list[Ref]:
    """The people who book, in the order they ask: the named, then drawn staff and partners
    shuffled together. Nobody is drawn who had not started by the first booking."""
    learners = row.learners
    taken = set(learners.named)
    drawn = _staff(row, booked_on, taken, context, rng)
    taken.update(drawn)
    for organisation, count in learners.partners:
        pool = [
            ref
            for ref, spec in context.specs.items()
            if spec.organisation == organisation
            and spec.active
            and not spec.roles
            and spec.employment_start_date <= booked_on
            and ref not in taken
        ]
        drawn += rng.sample(pool, min(count, len(pool)))
    rng.shuffle(drawn)
    return [*learners.named, *drawn]


def _staff(
    row: table.SessionRow,
    booked_on: dt.date,
    taken: set[Ref],
    context: BookingContext,
    rng: random.Random,
) -> list[Ref]:
    """Host staff for a session: of those who must hold the course (or the teams named, or
    anyone in a team), the ones due it first (a refresher, or nothing yet); never anyone whose
    state the tables fix for the course, or whom a session attended keeps in date."""
    course = COURSE_ROWS[row.course]
    due: list[Ref] = []
    others: list[Ref] = []
    for ref, spec in context.specs.items():
        if (
            spec.organisation != HOST
            or not spec.team
            or not spec.active
            or spec.employment_start_date > booked_on
            or ref in taken
            or (ref, row.course) in FIXED
            or _in_date(context.attended.get((ref, row.course)), course, booked_on)
        ):
            continue
        if row.learners.from_teams:
            wanted = spec.team in row.learners.from_teams
        else:
            wanted = must_hold(spec, course) if course.needs else True
        if wanted:
            state = context.plan.get(row.course, {}).get(ref)
            attended = (ref, row.course) in context.attended
            (due if attended or state in DUE else others).append(ref)
    rng.shuffle(due)
    rng.shuffle(others)
    return (due + others)[: row.learners.staff + row.learners.waitlisted]


def _in_date(attended: dt.date | None, course: table.CourseRow, on: dt.date) -> bool:
    """Whether a session attended still keeps the person in date, well clear of its expiry."""
    if attended is None:
        return False
    if course.refresh_months is None:
        return True
    expires = add_months(attended, course.refresh_months)
    return (expires - on).days > settings.TRAINING["EXPIRING_DAYS"]


def _settle(
    row: table.SessionRow,
    session: Session,
    booked: list[_Booked],
    held: bool,
    context: BookingContext,
    rng: random.Random,
) -> None:
    """What happened after booking: for a session held, requests approved by the manager two
    days on; places given up (the day before); then the register marked, or the whole session
    cancelled. A request for a session to come is left for the manager to decide."""
    starts = session.starts_at
    for entry in booked:
        if held and entry.booking.status == BookingStatus.REQUESTED:
            manager = context.bookers.get(context.specs[entry.ref].team or "", context.coordinator)
            # Nobody approves their own request: a manager's own goes to the coordinator, and
            # the coordinator's to whoever the service asks (their team's manager).
            decider = next(
                (
                    d
                    for d in (manager, context.coordinator)
                    if d.person_id != entry.booking.person_id
                ),
                None,
            )
            if decider is None:  # the coordinator's own: whoever the service would ask
                first = Person.objects.get(pk=approvers_of(entry.booking.person)[0])
                decider = context.actors.of(first)
            services.booking_decide(
                booking=entry.booking,
                approve=True,
                actor=decider,
                now=min(entry.moment + 2 * ONE_DAY, starts - ONE_DAY),
            )
    statuses = _statuses(session)
    placed = [e.booking for e in booked if statuses[e.booking.pk] == BookingStatus.BOOKED]
    for turn, booking in enumerate(rng.sample(placed, min(row.learners.cancelled, len(placed)))):
        services.booking_cancel(
            booking=booking,
            actor=context.coordinator,
            reason=CANCEL_REASONS[turn % len(CANCEL_REASONS)],
            now=starts - ONE_DAY if held else context.now - ONE_DAY,
        )
    if row.cancelled:
        services.session_cancel(session=session, reason=row.cancelled, actor=context.coordinator)
    elif held:
        _register(row, session, booked, context, rng)


def _statuses(session: Session) -> dict[int, str]:
    return dict(Booking.objects.filter(session=session).values_list("pk", "status"))


def _register(
    row: table.SessionRow,
    session: Session,
    booked: list[_Booked],
    context: BookingContext,
    rng: random.Random,
) -> None:
    """Mark everyone holding a place: most attended, a few did not come or left early."""
    statuses = _statuses(session)
    present = [e for e in booked if statuses[e.booking.pk] == BookingStatus.BOOKED]
    learners = row.learners
    missing = rng.sample(present, min(learners.no_shows + learners.partly, len(present)))
    no_shows, partly = missing[: learners.no_shows], missing[learners.no_shows :]
    marks = []
    for entry in present:
        mark = BookingStatus.ATTENDED
        if entry in no_shows:
            mark = BookingStatus.NO_SHOW
        elif entry in partly:
            mark = BookingStatus.PARTIALLY_ATTENDED
        else:
            context.attended[(entry.ref, row.course)] = timezone.localdate(session.starts_at)
        marks.append((entry.booking.pk, str(mark)))
    services.attendance_record(session=session, marks=marks, actor=context.coordinator)
