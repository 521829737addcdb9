"""Build the demo academy's cohorts, enrolments and their history through the pathways services.

``pathways_seed`` creates what is missing of the tables in ``pathway_data``. Cohorts are found by
name, enrolments by person and pathway, the funding year by its first day. An enrolment's
history (pauses, milestones, supervision, development time, evidence, portal registration,
outcome) is written only when the enrolment is created, dated up to ``today`` and never after:
so a second run writes nothing, and statuses come out of the same rules as anywhere else.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import count

from django.core.exceptions import ValidationError

from academy.demo.data import Ref
from academy.demo.pathway_data import (
    COHORTS,
    DEVELOPMENT_ACTIVITIES,
    DEVELOPMENT_DAY_HOURS,
    ENROLMENTS,
    EVIDENCE,
    HISTORY_SEED,
    MILESTONE_NOTES,
    PORTAL_DEADLINE_AFTER_DAYS,
    SUPERVISION_ROUND,
    EnrolmentRow,
    PauseRow,
    start_of,
)
from academy.pathways import rules, services
from academy.pathways.models import (
    Cohort,
    Enrolment,
    Evidence,
    FundingYear,
    Milestone,
    Outcome,
    OutcomeDecision,
    PathwayTemplate,
    Pause,
    PcfDomain,
    Supervision,
)
from academy.people.models import Person

ONE_DAY = dt.timedelta(days=1)
HOURS = Decimal("0.01")
#: The assessor's recommendation ahead of each panel decision.
RECOMMENDATIONS = {
    Outcome.PASSED: Outcome.RECOMMENDED_PASS,
    Outcome.FAILED: Outcome.RECOMMENDED_FAIL,
}


@dataclass(frozen=True)
class PathwaysMade:
    """(created, already there) for each kind of thing the pathway seed makes."""

    cohorts: tuple[int, int]
    enrolments: tuple[int, int]
    funding_years: tuple[int, int]


@dataclass
class _Context:
    today: dt.date
    domains: Mapping[str, PcfDomain]
    planner: Person
    #: The next example of each kind of evidence, so records differ from person to person.
    turns: dict[str, Iterator[int]] = field(default_factory=dict)

    def turn(self, kind: str) -> int:
        return next(self.turns.setdefault(kind, count()))


def pathways_seed(*, people: Mapping[Ref, Person], today: dt.date) -> PathwaysMade:
    """Create whatever of the demo's cohorts, enrolments and funding year is missing. Call
    inside the seed's transaction, after the people are there."""
    templates = {t.key: t for t in PathwayTemplate.objects.prefetch_related("milestones")}
    context = _Context(
        today=today,
        domains={d.key: d for d in PcfDomain.objects.all()},
        planner=people["psw"],
    )
    cohorts, cohorts_made = _cohorts(templates, people, today)
    ours = [people[row.person] for row in ENROLMENTS]
    enrolled = set(Enrolment.objects.filter(person__in=ours).values_list("person_id", "pathway_id"))
    created = 0
    # Hundreds of records: each enrolment's status is worked out once, when all are in.
    with services.status_refresh_deferred():
        for index, row in enumerate(ENROLMENTS):
            person, pathway = people[row.person], templates[row.pathway]
            if (person.pk, pathway.pk) in enrolled:
                continue
            enrolment = _enrol(row, person, pathway, cohorts, people, today, context)
            rng = random.Random(f"{HISTORY_SEED}:{index}")  # noqa: S311 - demo data
            _history(enrolment, row, context, rng)
            enrolled.add((person.pk, pathway.pk))
            created += 1
    return PathwaysMade(
        cohorts=cohorts_made,
        enrolments=(created, len(ENROLMENTS) - created),
        funding_years=_funding_year(today),
    )


def _enrol(
    row: EnrolmentRow,
    person: Person,
    pathway: PathwayTemplate,
    cohorts: Mapping[str, Cohort],
    people: Mapping[Ref, Person],
    today: dt.date,
    context: _Context,
) -> Enrolment:
    try:
        [enrolment] = services.enrolments_create(
            people=[person],
            pathway=pathway,
            start_date=start_of(row, today),
            cohort=cohorts[row.cohort] if row.cohort else None,
            assessor=_maybe(people, row.assessor),
            supervisor=_maybe(people, row.supervisor),
            actor=context.planner,
        )
    except ValidationError as exc:
        # Only a person already in the database, with a career the demo did not give them,
        # can be refused: the roster fits everyone it creates to their pathway.
        raise ValidationError(
            f"{person.full_name} cannot be enrolled on {pathway.name}: "
            f"{' '.join(exc.messages)} Seed the demo into a database of its own."
        ) from exc
    return enrolment


def _maybe(people: Mapping[Ref, Person], ref: Ref | None) -> Person | None:
    return people[ref] if ref is not None else None


def _cohorts(
    templates: Mapping[str, PathwayTemplate], people: Mapping[Ref, Person], today: dt.date
) -> tuple[dict[str, Cohort], tuple[int, int]]:
    found = {c.name: c for c in Cohort.objects.filter(name__in=[row.name for row in COHORTS])}
    result, created = {}, 0
    for row in COHORTS:
        cohort = found.get(row.name)
        if cohort is None:
            cohort = services.cohort_create(
                name=row.name,
                pathway=templates[row.pathway],
                start_date=row.started.before(today),
                capacity=row.capacity,
                lead=people[row.lead],
            )
            created += 1
        result[row.name] = cohort
    return result, (created, len(result) - created)


def _funding_year(today: dt.date) -> tuple[int, int]:
    """This funding year, with a portal deadline soon enough for the PSW's reminder to show."""
    starts_on = rules.funding_year_start(today)
    if FundingYear.objects.filter(starts_on=starts_on).exists():
        return 0, 1
    last_day = rules.add_months(starts_on, 12) - ONE_DAY
    services.funding_year_create(
        starts_on=starts_on,
        registration_deadline=min(today + dt.timedelta(days=PORTAL_DEADLINE_AFTER_DAYS), last_day),
    )
    return 1, 0


# ---------------------------------------------------------------------------------------------
# An enrolment's history
# ---------------------------------------------------------------------------------------------
def _history(
    enrolment: Enrolment, row: EnrolmentRow, context: _Context, rng: random.Random
) -> None:
    """Write what has happened on an enrolment so far, as the row tells it."""
    for pause in row.pauses:
        _pause(enrolment, pause, context)
    finished = bool(row.outcome)
    until = min(context.today, enrolment.end_date) if finished else context.today
    milestones = list(enrolment.milestones.all())
    paused = [
        (p.first_day, p.last_day)
        for p in enrolment.pauses.all()
        if p.first_day is not None and p.last_day is not None
    ]
    done = _milestones(enrolment, milestones, row, context, rng)
    _supervisions(enrolment, until - dt.timedelta(days=row.supervision_gap_days), paused, rng)
    _development(enrolment, until, paused, row.development_share)
    _evidence(enrolment, milestones, done, until, paused, row, context)
    if enrolment.pathway.kind == PathwayTemplate.Kind.ASYE and row.portal_registered:
        services.portal_registration_record(
            enrolment=enrolment,
            registered_on=min(enrolment.start_date + dt.timedelta(days=14), context.today),
        )
    if finished:
        _outcome(enrolment, milestones, done, row.outcome, context)


def _pause(enrolment: Enrolment, pause: PauseRow, context: _Context) -> None:
    if pause.kind == Pause.Kind.EXTENSION:
        services.pause_record(
            enrolment=enrolment,
            kind=pause.kind,
            reason=pause.reason,
            days=pause.days,
            actor=context.planner,
        )
        return
    first = enrolment.start_date + dt.timedelta(days=pause.from_day)
    services.pause_record(
        enrolment=enrolment,
        kind=pause.kind,
        reason=pause.reason,
        first_day=first,
        last_day=first + dt.timedelta(days=pause.days - 1),
        actor=context.planner,
    )


def _milestones(
    enrolment: Enrolment,
    milestones: Sequence[Milestone],
    row: EnrolmentRow,
    context: _Context,
    rng: random.Random,
) -> dict[str, dt.date]:
    """Complete every milestone due by today (a few days early, as reviews often are), except
    the ones the row says were missed. Returns when each was done."""
    done = {}
    last_key = milestones[-1].key if milestones else ""
    for m in milestones:
        if not m.enabled or m.due_date > context.today or m.key in row.missed:
            continue
        early = dt.timedelta(days=rng.randint(0, 5))
        day = min(max(m.due_date - early, enrolment.start_date), context.today)
        services.milestone_complete(
            enrolment=enrolment,
            key=m.key,
            completed_on=day,
            note=MILESTONE_NOTES.get(m.key, ""),
            actor=context.planner if m.key == last_key else _assessing(enrolment, context),
        )
        done[m.key] = day
    return done


def _assessing(enrolment: Enrolment, context: _Context) -> Person:
    """Who records an enrolment's progress: its assessor, else its supervisor, else the PSW."""
    return enrolment.assessor or enrolment.supervisor or context.planner


def _is_paused(day: dt.date, paused: Sequence[tuple[dt.date, dt.date]]) -> bool:
    return any(first <= day <= last for first, last in paused)


def _supervisions(
    enrolment: Enrolment,
    until: dt.date,
    paused: Sequence[tuple[dt.date, dt.date]],
    rng: random.Random,
) -> None:
    """Supervision as the schedule asks, from the first week to ``until``: never a longer gap
    than the interval in force (sometimes a day sooner), none while paused."""
    supervisor = enrolment.supervisor
    if supervisor is None:
        return
    lead = enrolment.cohort.lead if enrolment.cohort and enrolment.cohort.lead else supervisor
    bands = rules.parse_supervision_schedule(enrolment.pathway.supervision_schedule)
    start = enrolment.start_date
    day, turn = start + dt.timedelta(days=2), 0
    while day <= until:
        every = rules.supervision_interval_on(start, day, bands)
        if every is None:
            return
        if not _is_paused(day, paused):
            kind, note = SUPERVISION_ROUND[turn % len(SUPERVISION_ROUND)]
            turn += 1
            given_by = lead if kind == Supervision.Kind.GROUP else supervisor
            if kind == Supervision.Kind.REFLECTIVE and not given_by.swe_number:
                # Reflective supervision is for registered social workers to give.
                kind = Supervision.Kind.CASE_MANAGEMENT
            services.supervision_record(
                enrolment=enrolment,
                held_on=day,
                supervisor=given_by,
                kind=kind,
                note=note,
                actor=supervisor,
            )
        day = every.after(day) - dt.timedelta(days=rng.choice((0, 0, 1)))


def _development(
    enrolment: Enrolment,
    until: dt.date,
    paused: Sequence[tuple[dt.date, dt.date]],
    share: Decimal,
) -> None:
    """Development time taken in days at the start of each stretch it is owed for, so the hours
    logged keep up with the entitlement (times ``share``); none while paused."""
    weekly = enrolment.weekly_development_hours
    if weekly <= 0:
        return
    every = max(7, round(7 * DEVELOPMENT_DAY_HOURS / weekly))
    hours = (weekly * every / 7 * share).quantize(HOURS)
    activities = DEVELOPMENT_ACTIVITIES.get(enrolment.pathway.kind, DEVELOPMENT_ACTIVITIES[""])
    day, turn = enrolment.start_date, 0
    while day <= until:
        if not _is_paused(day, paused):
            services.development_time_log(
                enrolment=enrolment,
                date=day,
                hours=hours,
                activity=activities[turn % len(activities)],
                actor=enrolment.person,
            )
            turn += 1
        day += dt.timedelta(days=every)


def _evidence(
    enrolment: Enrolment,
    milestones: Sequence[Milestone],
    done: Mapping[str, dt.date],
    until: dt.date,
    paused: Sequence[tuple[dt.date, dt.date]],
    row: EnrolmentRow,
    context: _Context,
) -> None:
    """The pathway's minimum evidence, spread evenly to its deadline (each item in the middle
    of its share of the time, so the count keeps pace), and what each milestone done needed."""
    pathway = enrolment.pathway
    start = enrolment.start_date
    deadline = next(
        (m.due_date for m in milestones if m.key == pathway.evidence_deadline_key),
        enrolment.end_date,
    )
    span = (deadline - start).days
    for kind, minimum in (pathway.evidence_minimums or {}).items():
        if kind in row.evidence_missing:
            continue
        for i in range(int(minimum)):
            day = start + dt.timedelta(days=span * (2 * i + 1) // (2 * int(minimum)))
            while _is_paused(day, paused):
                day += dt.timedelta(days=7)
            if day > until:
                break
            _evidence_add(enrolment, kind, day, context)
    for m in milestones:
        if m.key in done:
            day = max(done[m.key] - dt.timedelta(days=3), start)
            for kind in m.evidence_needed:
                _evidence_add(enrolment, kind, day, context)


def _evidence_add(enrolment: Enrolment, kind: str, day: dt.date, context: _Context) -> None:
    examples = EVIDENCE[Evidence.Kind(kind)]
    summary, domains = examples[context.turn(kind) % len(examples)]
    observed = kind == Evidence.Kind.DIRECT_OBSERVATION
    services.evidence_add(
        enrolment=enrolment,
        kind=kind,
        date=day,
        summary=summary,
        domains=[context.domains[key] for key in domains],
        actor=_assessing(enrolment, context) if observed else enrolment.person,
    )


def _outcome(
    enrolment: Enrolment,
    milestones: Sequence[Milestone],
    done: Mapping[str, dt.date],
    outcome: str,
    context: _Context,
) -> None:
    """The assessor's recommendation when the last-but-one milestone was done (the final
    review), and the panel's decision when the last was (the moderation panel)."""
    *_, review, panel = milestones
    services.outcome_record(
        enrolment=enrolment,
        stage=OutcomeDecision.Stage.RECOMMENDATION,
        decision=RECOMMENDATIONS[Outcome(outcome)],
        decided_on=done[review.key],
        actor=_assessing(enrolment, context),
    )
    services.outcome_record(
        enrolment=enrolment,
        stage=OutcomeDecision.Stage.PANEL,
        decision=outcome,
        decided_on=done[panel.key],
        actor=context.planner,
    )
