"""The demo's training records outside the sessions it seeds: how up to date each person's
required training is (completions from e-learning and from the council's previous learning
record), and social workers' CPD for Social Work England.

``compliance_plan`` is pure: who must hold which course (by the same rule the compliance matrix
uses) and, for each, a state drawn with a seeded generator or fixed by the tables.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections.abc import Mapping, Sequence

from django.db.models import Count

from academy.common.dates import add_months
from academy.demo import data
from academy.demo import training_data as table
from academy.demo.data import Ref
from academy.demo.roster import PersonSpec
from academy.people.models import Person, Role
from academy.people.permissions import Viewer
from academy.training import rules, services
from academy.training.models import Completion, Course, CpdEntry

#: Stand-in ids for the teams, so the pure requirement rule can compare them.
TEAM_IDS = {row.key: index for index, row in enumerate(data.TEAMS, start=1)}
#: Completions before this many years are not carried over from the previous record.
OLDEST_RECORD_YEARS = 5

#: A course's states for each person who must hold it: {course key: {person: state}}.
Plan = Mapping[str, Mapping[Ref, str]]


@functools.cache
def must_hold(spec: PersonSpec, course: table.CourseRow) -> bool:
    """Whether the person must hold the course, by ``training.rules.is_required``."""
    requirements = [
        rules.RequirementRule(
            kind=_kind(needs),
            role=needs.role,
            job_title=needs.job_title,
            team_id=TEAM_IDS.get(needs.team),
        )
        for needs in course.needs
    ]
    return rules.is_required(
        requirements,
        roles=(*spec.roles, Role.LEARNER),
        job_title=spec.job_title,
        team_id=TEAM_IDS.get(spec.team or ""),
    )


def _kind(needs: table.Needs) -> str:
    if needs.role:
        return "role"
    if needs.job_title:
        return "job_title"
    return "team" if needs.team else "everyone"


def compliance_plan(roster: Sequence[PersonSpec], today: dt.date) -> dict[str, dict[Ref, str]]:
    """For each course with requirements, the state of each working person who must hold it."""
    fixed = {(ref, course): state for ref, course, state in table.FIXED_STATES}
    states = [state for state, _ in table.STATE_MIX]
    weights = [weight for _, weight in table.STATE_MIX]
    plan: dict[str, dict[Ref, str]] = {}
    for course in table.COURSES:
        if not course.needs:
            continue
        held = plan.setdefault(course.key, {})
        for spec in roster:
            if not spec.active or not must_hold(spec, course):
                continue
            rng = _rng(spec, course)
            held[spec.ref] = fixed.get((spec.ref, course.key)) or rng.choices(states, weights)[0]
    return plan


def _rng(spec: PersonSpec, course: table.CourseRow) -> random.Random:
    return random.Random(f"{table.COMPLIANCE_SEED}:{spec.work_email}:{course.key}")  # noqa: S311


def completed_on(
    state: str, course: table.CourseRow, spec: PersonSpec, today: dt.date, rng: random.Random
) -> dt.date | None:
    """When the person last completed the course, for the state drawn; None when a compliant
    record cannot be (they started too recently to have done it here), which leaves it
    missing."""
    started = spec.employment_start_date
    months = course.refresh_months
    if months is None or state == table.COMPLIANT:
        earliest = max(started, add_months(today, -12 * OLDEST_RECORD_YEARS))
        if months is not None:  # still comfortably in date: expires after the expiring window
            margin = dt.timedelta(days=table.EXPIRING_DAYS_LEFT[1] + 10)
            earliest = max(earliest, add_months(today, -months) + margin)
        latest = today - dt.timedelta(days=table.COMPLETED_AT_LEAST_DAYS_AGO)
        if earliest > latest:
            return None
        return earliest + dt.timedelta(days=rng.randint(0, (latest - earliest).days))
    if state == table.EXPIRING:
        expires = today + dt.timedelta(days=rng.randint(*table.EXPIRING_DAYS_LEFT))
    elif state == table.EXPIRED:
        expires = today - dt.timedelta(days=rng.randint(*table.EXPIRED_DAYS_AGO))
    else:
        return None
    # A certificate from before they joined counts: new starters bring their records.
    return add_months(expires, -months)


def completions_record(
    *,
    course_row: table.CourseRow,
    course: Course,
    plan: Plan,
    attended: Mapping[tuple[Ref, str], dt.date],
    specs: Mapping[Ref, PersonSpec],
    people: Mapping[Ref, Person],
    actor: Viewer,
    today: dt.date,
) -> None:
    """Record the planned completions of a course for everyone who did not attend one of the
    demo's sessions of it: e-learning done, or carried over from the previous record."""
    source = (
        Completion.Source.E_LEARNING
        if course_row.mode == table.E_LEARNING
        else Completion.Source.IMPORT
    )
    for ref, state in plan.get(course_row.key, {}).items():
        if state == table.MISSING or (ref, course_row.key) in attended:
            continue
        spec = specs[ref]
        day = completed_on(state, course_row, spec, today, _rng(spec, course_row))
        if day is None:
            continue
        services.completion_record(
            person=people[ref], course=course, completed_on=day, source=source, actor=actor
        )


def cpd_record(people: Mapping[Ref, Person], today: dt.date) -> tuple[int, int]:
    """Write the CPD of each social worker in the tables who has none yet, dated in this
    registration year (never before its first day). Returns (created, already there)."""
    year = rules.registration_year_start(today, services.cpd_rules())
    named = [people[ref] for ref, _ in table.CPD_ENTRIES]
    found = dict(
        CpdEntry.objects.filter(person__in=named)
        .values("person_id")
        .annotate(n=Count("id"))
        .values_list("person_id", "n")
    )
    created = 0
    for ref, entries in table.CPD_ENTRIES:
        person = people[ref]
        if person.pk in found:
            continue
        for key, days_ago, peer in entries:
            activity = table.CPD_ACTIVITIES[key]
            services.cpd_entry_save(
                person=person,
                data={
                    "title": activity.title,
                    "activity_date": max(year, today - dt.timedelta(days=days_ago)),
                    "hours": activity.hours,
                    "activity": activity.activity,
                    "learning": activity.learning,
                    "impact": activity.impact,
                    "peer_reflection": peer,
                    "peer_learning": activity.peer_learning if peer else "",
                },
            )
            created += 1
    return created, sum(found.values())
