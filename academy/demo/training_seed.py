"""Build the demo academy's training through the training services.

``training_seed`` creates what is missing of the tables in ``training_data``. Courses are found
by title (all are the host's), series by slug. A course's sessions, bookings, registers and
completions are written only when the course is created, and a person's CPD only when they have
none: so a second run writes nothing. History is dated up to the seed day: people booked weeks
before a session, were marked on its register, and earlier training came from the council's
previous learning record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils import timezone

from academy.demo import training_data as table
from academy.demo.acting import Actors
from academy.demo.data import Ref
from academy.demo.roster import PersonSpec
from academy.demo.training_records import completions_record, compliance_plan, cpd_record
from academy.demo.training_sessions import HOST, BookingContext, bookers_among, session_write
from academy.pathways.models import PcfDomain
from academy.people.models import Organisation, Person, Team
from academy.training import services
from academy.training.models import Booking, Completion, Course, EventSeries, Session


@dataclass(frozen=True)
class TrainingMade:
    """(created, already there) for each kind of thing the training seed makes."""

    courses: tuple[int, int]
    series: tuple[int, int]
    sessions: tuple[int, int]
    bookings: tuple[int, int]
    completions: tuple[int, int]
    cpd_entries: tuple[int, int]


def training_seed(
    *,
    people: Mapping[Ref, Person],
    roster: Sequence[PersonSpec],
    organisations: Mapping[str, Organisation],
    teams: Mapping[str, Team],
    today: dt.date,
) -> TrainingMade:
    """Create whatever of the demo's training is missing. Call inside the seed's transaction,
    after the people are there."""
    host = organisations[HOST]
    actors = Actors()
    specs = {spec.ref: spec for spec in roster}
    context = BookingContext(
        today=today,
        now=timezone.now(),
        people=people,
        specs=specs,
        actors=actors,
        coordinator=actors.of(people["coordinator"]),
        bookers=bookers_among(roster, people, actors),
        plan=compliance_plan(roster, today),
    )
    courses, created = _courses(host, teams)
    series, series_made = _series(today)
    sessions = bookings = 0
    for row in table.COURSES:
        if row.key not in created:
            continue
        for session_row in sorted(
            (s for s in table.SESSIONS if s.course == row.key), key=lambda s: s.when.on(today)
        ):
            bookings += session_write(session_row, courses[row.key], series, context)
            sessions += 1
        completions_record(
            course_row=row,
            course=courses[row.key],
            plan=context.plan,
            attended=context.attended,
            specs=specs,
            people=people,
            actor=context.coordinator,
            today=today,
        )
    # The database stamps a booking when the row is written; date it to when the person
    # booked, so the history reads true (and a request waits as long as the story says).
    Booking.objects.bulk_update(
        [_dated(booking, moment) for booking, moment in context.made_on], ["created_at"]
    )
    cpd = cpd_record(people, today)
    kept = [c for key, c in courses.items() if key not in created]
    made = [courses[key] for key in created]
    return TrainingMade(
        courses=(len(created), len(courses) - len(created)),
        series=series_made,
        sessions=(sessions, Session.objects.filter(course__in=kept).count()),
        bookings=(bookings, Booking.objects.filter(session__course__in=kept).count()),
        completions=(_completions_of(made), _completions_of(kept)),
        cpd_entries=cpd,
    )


def _dated(booking: Booking, moment: dt.datetime) -> Booking:
    booking.created_at = moment
    return booking


def _completions_of(courses: Sequence[Course]) -> int:
    return Completion.objects.filter(course__in=courses).count()


# ---------------------------------------------------------------------------------------------
# The catalogue and the series
# ---------------------------------------------------------------------------------------------
def _courses(host: Organisation, teams: Mapping[str, Team]) -> tuple[dict[str, Course], set[str]]:
    found = {
        c.title.casefold(): c
        for c in Course.objects.filter(
            provider=host, title__in=[row.title for row in table.COURSES]
        )
    }
    domains = {d.key: d for d in PcfDomain.objects.all()}
    result, created = {}, set()
    for row in table.COURSES:
        course = found.get(row.title.casefold())
        if course is None:
            course = services.course_save(
                data=_course_fields(row, host),
                requirements=[_requirement(needs, teams) for needs in row.needs],
                pcf_domains=[domains[key] for key in row.domains],
            )
            created.add(row.key)
        result[row.key] = course
    return result, created


def _course_fields(row: table.CourseRow, host: Organisation) -> dict[str, object]:
    return {
        "title": row.title,
        "description": row.description,
        "provider": host,
        "provider_unit": row.unit,
        "delivery_mode": row.mode,
        "duration_minutes": row.minutes,
        "cpd_hours": row.cpd_hours,
        "refresh_months": row.refresh_months,
        "needs_manager_approval": row.approval,
        "partner_kinds": list(row.partners),
        "cqc_statements": list(row.cqc),
    }


def _requirement(needs: table.Needs, teams: Mapping[str, Team]) -> dict[str, object]:
    if needs.role:
        return {"kind": "role", "role": needs.role}
    if needs.job_title:
        return {"kind": "job_title", "job_title": needs.job_title}
    if needs.team:
        return {"kind": "team", "team": teams[needs.team]}
    return {"kind": "everyone"}


def _series(today: dt.date) -> tuple[dict[str, EventSeries], tuple[int, int]]:
    """Safeguarding Week, this year's and last year's, named by the year each began."""
    days = {
        key: sorted(s.when.on(today) for s in table.SESSIONS if s.series == key)
        for key, _ in table.SERIES
    }
    this_year = days[table.THIS_YEARS_WEEK][0].year
    years = {table.THIS_YEARS_WEEK: this_year, table.LAST_YEARS_WEEK: this_year - 1}
    slugs = {key: f"safeguarding-week-{years[key]}" for key, _ in table.SERIES}
    found = {s.slug: s for s in EventSeries.objects.filter(slug__in=slugs.values())}
    result, created = {}, 0
    for key, description in table.SERIES:
        series = found.get(slugs[key])
        if series is None:
            series = services.series_save(
                data={
                    "title": f"Safeguarding Week {years[key]}",
                    "slug": slugs[key],
                    "description": description,
                    "starts_on": days[key][0],
                    "ends_on": days[key][-1],
                }
            )
            created += 1
        result[key] = series
    return result, (created, len(result) - created)
