"""Writes about pathways: templates, cohorts, enrolling, and an enrolment's record.

Each function checks its whole input first and raises ``ValidationError`` naming the field at
fault (or ``ConflictError`` for a full cohort), then writes in one transaction and refreshes the
enrolment's status. ``actor`` is the person doing it, recorded against what they record
(``enrolment_reassign`` takes the viewer, and refuses anyone but the PSW with
``PermissionDenied``).
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from typing import Any, Final, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from academy.common.dates import today
from academy.common.errors import ConflictError
from academy.common.links import link_to
from academy.notifications.services import NotificationDraft, notifications_enqueue
from academy.pathways import rules
from academy.pathways.models import (
    OPEN_OUTCOMES,
    Cohort,
    DevelopmentActivity,
    Enrolment,
    EnrolmentReassignment,
    Evidence,
    FundingYear,
    Milestone,
    MilestoneTemplate,
    Outcome,
    OutcomeDecision,
    PathwayTemplate,
    Pause,
    PcfDomain,
    Supervision,
)
from academy.pathways.permissions import plans_pathways
from academy.pathways.selectors import progress_for, status_of, with_people
from academy.people.models import Person
from academy.people.permissions import Viewer
from academy.people.services import person_pcf_level_set

T = TypeVar("T")

TEMPLATE_FIELDS = (
    "name",
    "description",
    "duration_months",
    "pass_fail",
    "pcf_level_on_pass",
    "supervision_schedule",
    "development_rule",
    "reduced_workload_percent",
    "evidence_minimums",
    "evidence_deadline_key",
    "eligibility_checks",
    "due_soon_days",
    "development_alert_percent",
    "development_grace_days",
    "reflective_supervisor_registration",
    "active",
)


# ---------------------------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------------------------
def pathway_template_copy(*, template: PathwayTemplate, key: str, name: str) -> PathwayTemplate:
    """A local variant of a template, with its milestones, for the PSW to edit."""
    copy = PathwayTemplate(
        key=key.strip(),
        name=name.strip(),
        kind=template.kind,
        based_on=template,
        **{f: getattr(template, f) for f in TEMPLATE_FIELDS if f not in ("name", "active")},
    )
    _validate_template(copy)
    with transaction.atomic():
        copy.save()
        MilestoneTemplate.objects.bulk_create(
            MilestoneTemplate(
                pathway=copy,
                key=m.key,
                title=m.title,
                offset_months=m.offset_months,
                offset_days=m.offset_days,
                optional=m.optional,
                moves_with_extension=m.moves_with_extension,
                evidence_needed=m.evidence_needed,
                position=m.position,
            )
            for m in template.milestones.all()
        )
    return copy


def pathway_template_update(
    *, template: PathwayTemplate, changes: Mapping[str, Any]
) -> PathwayTemplate:
    """Change a template. Enrolments already made keep the dates they were given."""
    unknown = set(changes) - set(TEMPLATE_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be changed."))
    for name, value in changes.items():
        setattr(template, name, value)
    _validate_template(template)
    template.save(update_fields=[*changes.keys(), "updated_at"])
    return template


def _validate_template(template: PathwayTemplate) -> None:
    errors: dict[str, list[str]] = {}
    try:
        template.full_clean(exclude=["based_on"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        rules.parse_supervision_schedule(template.supervision_schedule or [])
    except (KeyError, TypeError, ValueError, AttributeError):
        errors.setdefault("supervision_schedule", []).append(
            'Give bands such as [{"every": {"days": 14}, "until": {"months": 6}}].'
        )
    try:
        rules.weekly_development_hours(
            rule=template.development_rule or {},
            contracted_hours=Decimal("37"),
            start=dt.date(2026, 1, 1),
            duration=rules.Interval(months=max(template.duration_months or 1, 1)),
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        errors.setdefault("development_rule", []).append("This development-time rule is not valid.")
    try:
        rules.check_eligibility(
            rules.Candidate(dt.date(2026, 1, 1), dt.date(2025, 1, 1), dt.date(2025, 1, 1)),
            template.eligibility_checks or [],
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        errors.setdefault("eligibility_checks", []).append(
            "These eligibility checks are not valid."
        )
    kinds = set(Evidence.Kind.values)
    if not isinstance(template.evidence_minimums, dict) or any(
        k not in kinds or not isinstance(v, int) or v < 0
        for k, v in (template.evidence_minimums or {}).items()
    ):
        errors.setdefault("evidence_minimums", []).append(
            f"Give whole numbers for evidence kinds: {', '.join(sorted(kinds))}."
        )
    if errors:
        raise ValidationError(errors)


# ---------------------------------------------------------------------------------------------
# Cohorts
# ---------------------------------------------------------------------------------------------
def cohort_create(
    *,
    name: str,
    pathway: PathwayTemplate,
    start_date: dt.date,
    capacity: int,
    lead: Person | None = None,
) -> Cohort:
    cohort = Cohort(
        name=name.strip(), pathway=pathway, start_date=start_date, capacity=capacity, lead=lead
    )
    errors: dict[str, list[str]] = {}
    try:
        cohort.full_clean()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if capacity is not None and capacity < 1:
        errors.setdefault("capacity", []).append("A cohort needs at least one place.")
    if not pathway.active:
        errors.setdefault("pathway_template", []).append("This pathway is no longer in use.")
    if errors:
        raise ValidationError(errors)
    cohort.save()
    return cohort


def cohort_update(*, cohort: Cohort, changes: Mapping[str, Any]) -> Cohort:
    allowed = {"name", "start_date", "capacity", "lead"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be changed."))
    with transaction.atomic():
        locked = _lock_cohort(cohort.pk)
        if "capacity" in changes:
            taken = _places_taken(locked)
            if changes["capacity"] < max(taken, 1):
                raise ValidationError(
                    {"capacity": f"{taken} people are enrolled: the capacity cannot be less."}
                )
        for name, value in changes.items():
            setattr(cohort, name, value)
        cohort.full_clean()
        cohort.save(update_fields=list(changes))
    return cohort


def _lock_cohort(pk: int) -> Cohort:
    """Lock a cohort's row: enrolments into it queue behind each other, so counts stay true."""
    return Cohort.objects.select_for_update().get(pk=pk)


def _places_taken(cohort: Cohort) -> int:
    return Enrolment.objects.filter(cohort=cohort, outcome__in=OPEN_OUTCOMES).count()


# ---------------------------------------------------------------------------------------------
# Enrolling
# ---------------------------------------------------------------------------------------------
def enrolment_create(
    *,
    person: Person,
    pathway: PathwayTemplate,
    start_date: dt.date,
    cohort: Cohort | None = None,
    assessor: Person | None = None,
    supervisor: Person | None = None,
    override_reason: str = "",
    actor: Person | None = None,
    optional_milestones: Iterable[str] = (),
) -> Enrolment:
    """Enrol a person: compute milestone due dates, the end date and development entitlement.

    Eligibility findings that need the PSW's confirmation or override are refused unless
    ``override_reason`` is given. A full cohort raises ``ConflictError`` (field ``cohort``).
    """
    enrolments = enrolments_create(
        people=[person],
        pathway=pathway,
        start_date=start_date,
        cohort=cohort,
        assessor=assessor,
        supervisor=supervisor,
        override_reason=override_reason,
        actor=actor,
        optional_milestones=optional_milestones,
    )
    return enrolments[0]


def enrolments_create(
    *,
    people: Sequence[Person],
    pathway: PathwayTemplate,
    start_date: dt.date,
    cohort: Cohort | None = None,
    assessor: Person | None = None,
    supervisor: Person | None = None,
    override_reason: str = "",
    actor: Person | None = None,
    optional_milestones: Iterable[str] = (),
) -> list[Enrolment]:
    """Enrol several people at once: all are enrolled, or none (errors name ``people.N``)."""
    if not people:
        raise ValidationError({"people": "Choose at least one person."})
    errors = _enrolment_problems(
        people=people,
        pathway=pathway,
        start_date=start_date,
        cohort=cohort,
        assessor=assessor,
        supervisor=supervisor,
        override_reason=override_reason.strip(),
        optional_milestones=set(optional_milestones),
    )
    if errors:
        raise ValidationError(errors)
    specs = list(pathway.milestones.all())
    duration = rules.Interval(months=pathway.duration_months)
    with transaction.atomic():
        if cohort is not None:
            locked = _lock_cohort(cohort.pk)
            free = locked.capacity - _places_taken(locked)
            if len(people) > free:
                raise ConflictError(
                    f"{locked.name} has {max(free, 0)} of {locked.capacity} places left; "
                    f"{len(people)} asked for.",
                    field="cohort",
                )
        try:
            # A savepoint: a competing enrolment of the same person that committed after the
            # checks above trips the one-open-enrolment constraint; say so, not a server error.
            with transaction.atomic():
                created = _enrolment_rows(
                    people=people,
                    pathway=pathway,
                    start_date=start_date,
                    cohort=cohort,
                    assessor=assessor,
                    supervisor=supervisor,
                    override_reason=override_reason,
                    actor=actor,
                    duration=duration,
                )
        except IntegrityError as exc:
            clash = _already_enrolled(people, pathway)
            if clash is None:
                raise
            raise clash from exc
        # bulk_create gives primary keys on PostgreSQL and SQLite alike.
        Milestone.objects.bulk_create(
            _milestone_row(enrolment, spec, set(optional_milestones))
            for enrolment in created
            for spec in specs
        )
        ids = [e.pk for e in created]
        enrolments_refresh_status(ids=ids)
    return list(Enrolment.objects.filter(pk__in=ids).order_by("pk"))


def _enrolment_rows(
    *,
    people: Sequence[Person],
    pathway: PathwayTemplate,
    start_date: dt.date,
    cohort: Cohort | None,
    assessor: Person | None,
    supervisor: Person | None,
    override_reason: str,
    actor: Person | None,
    duration: rules.Interval,
) -> list[Enrolment]:
    return Enrolment.objects.bulk_create(
        Enrolment(
            person=person,
            pathway=pathway,
            cohort=cohort,
            start_date=start_date,
            end_date=rules.end_date(start_date, duration),
            assessor=assessor,
            supervisor=supervisor,
            override_reason=override_reason.strip(),
            overridden_by=actor if override_reason.strip() else None,
            weekly_development_hours=rules.weekly_development_hours(
                rule=pathway.development_rule or {},
                contracted_hours=person.contracted_hours_per_week,
                start=start_date,
                duration=duration,
            ),
            reduced_workload_percent=pathway.reduced_workload_percent,
        )
        for person in people
    )


def _already_enrolled(people: Sequence[Person], pathway: PathwayTemplate) -> ConflictError | None:
    """The clash when some of ``people`` are on ``pathway`` already (enrolled meanwhile)."""
    on_it = set(
        Enrolment.objects.filter(
            person__in=people, pathway=pathway, outcome__in=OPEN_OUTCOMES
        ).values_list("person_id", flat=True)
    )
    taken = [p.full_name for p in people if p.pk in on_it]
    if not taken:
        return None
    verb = "is" if len(taken) == 1 else "are"
    return ConflictError(
        f"{', '.join(taken)} {verb} already on {pathway.name}.",
        field="person" if len(people) == 1 else "people",
    )


def _milestone_row(
    enrolment: Enrolment, spec: MilestoneTemplate, switched_on: set[str]
) -> Milestone:
    due = rules.Interval(months=spec.offset_months, days=spec.offset_days).after(
        enrolment.start_date
    )
    return Milestone(
        enrolment=enrolment,
        key=spec.key,
        title=spec.title,
        position=spec.position,
        due_date=due,
        original_due_date=due,
        optional=spec.optional,
        enabled=not spec.optional or spec.key in switched_on,
        moves_with_extension=spec.moves_with_extension,
        evidence_needed=spec.evidence_needed,
    )


def _enrolment_problems(
    *,
    people: Sequence[Person],
    pathway: PathwayTemplate,
    start_date: dt.date,
    cohort: Cohort | None,
    assessor: Person | None,
    supervisor: Person | None,
    override_reason: str,
    optional_milestones: set[str],
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not pathway.active:
        add("pathway_template", "This pathway is no longer in use.")
    if cohort is not None and cohort.pathway_id != pathway.pk:
        add("cohort", f"{cohort.name} follows {cohort.pathway.name}, not {pathway.name}.")
    optional_keys = {m.key for m in pathway.milestones.all() if m.optional}
    for key in sorted(optional_milestones - optional_keys):
        add("optional_milestones", f"{key} is not an optional milestone of {pathway.name}.")
    holders = {"assessor": assessor, "supervisor": supervisor}
    for role, messages in _holder_problems(holders).items():
        for message in messages:
            add(role, message)
    open_ids = set(
        Enrolment.objects.filter(
            person__in=people, pathway=pathway, outcome__in=OPEN_OUTCOMES
        ).values_list("person_id", flat=True)
    )
    completed = _completed_kinds(people)
    many = len(people) > 1
    for index, person in enumerate(people):
        field = f"people.{index}" if many else "person"
        who = f"{person.full_name}: " if many else ""
        if not person.active:
            add(field, f"{who}{person.full_name} has left.")
        if person.pk in open_ids:
            add(field, f"{who}{person.full_name} is already on {pathway.name}.")
        for holder in (assessor, supervisor):
            if _holds_themselves(person, holder):
                add(field, f"{who}{SELF_HOLDING}")
        candidate = rules.Candidate(
            start=start_date,
            qualified_on=person.qualified_on,
            registered_on=person.swe_first_registered_on,
            completed_pathways=completed.get(person.pk, frozenset()),
        )
        for finding in rules.check_eligibility(candidate, pathway.eligibility_checks or []):
            if finding.verdict is rules.Verdict.REFUSED:
                target = field if finding.field == "person" else finding.field
                add(target, f"{who}{finding.message}")
            elif not override_reason:
                add("override_reason", f"{who}{finding.message}")
    return errors


#: Refused: the learner as their own assessor or supervisor.
SELF_HOLDING = "A person cannot assess or supervise themselves."


def _holds_themselves(learner: Person, holder: Person | None) -> bool:
    return holder is not None and holder.pk == learner.pk


def _holder_problems(
    holders: Mapping[str, Person | None], *, learner: Person | None = None
) -> dict[str, list[str]]:
    """What stops each person named to a role (``{"assessor": person}``) taking it on, by the
    role: they have left; with ``learner``, they are the learner themselves. (Enrolling checks
    the learner against each holder itself, naming the learner's field, as it enrols several.)
    ``None`` (no one) is always fine."""
    errors: dict[str, list[str]] = {}
    for role, holder in holders.items():
        if holder is None:
            continue
        if not holder.active:
            errors.setdefault(role, []).append(f"{holder.full_name} has left.")
        if learner is not None and _holds_themselves(learner, holder):
            errors.setdefault(role, []).append(SELF_HOLDING)
    return errors


def _completed_kinds(people: Sequence[Person]) -> dict[int, frozenset[str]]:
    done: dict[int, set[str]] = {}
    for person_id, kind in Enrolment.objects.filter(
        person__in=people, outcome__in=[Outcome.PASSED, Outcome.COMPLETED]
    ).values_list("person_id", "pathway__kind"):
        done.setdefault(person_id, set()).add(kind)
    return {k: frozenset(v) for k, v in done.items()}


# ---------------------------------------------------------------------------------------------
# Recording progress
# ---------------------------------------------------------------------------------------------
def _require_open(enrolment: Enrolment) -> None:
    if not enrolment.is_open:
        raise ValidationError(
            f"This enrolment is {enrolment.get_outcome_display().lower()}: "
            "nothing more can be recorded."
        )


def _long(day: dt.date | None) -> str:
    """A date as the pages write it: 3 March 2025."""
    return f"{day.day} {day:%B %Y}" if day is not None else ""


def _check_date(name: str, day: dt.date, enrolment: Enrolment, *, future_ok: bool = False) -> None:
    if day < enrolment.start_date:
        raise ValidationError({name: "The date cannot be before the enrolment started."})
    if not future_ok and day > today():
        raise ValidationError({name: "The date cannot be in the future."})


def _lock(enrolment: Enrolment) -> Enrolment:
    """Lock the enrolment's row for the rest of the transaction and bring ``enrolment``'s state
    up to date from it; returns the row as locked."""
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    for name in ("outcome", "outcome_on", "end_date", "status", "portal_registered_on"):
        setattr(enrolment, name, getattr(locked, name))
    return locked


def _one_at_a_time(function: Callable[..., T]) -> Callable[..., T]:
    """Run holding the enrolment's row lock, with its state re-read under the lock: two people
    recording on one enrolment at the same moment are handled one after the other, so a
    milestone is not completed twice and two decisions cannot both pass their checks."""

    @functools.wraps(function)
    def wrapper(*, enrolment: Enrolment, **kwargs: Any) -> T:
        with transaction.atomic():
            _lock(enrolment)
            return function(enrolment=enrolment, **kwargs)

    return wrapper


@_one_at_a_time
def milestone_complete(
    *, enrolment: Enrolment, key: str, completed_on: dt.date, note: str = "", actor: Person | None
) -> Milestone:
    _require_open(enrolment)
    milestone = Milestone.objects.filter(enrolment=enrolment, key=key).first()
    if milestone is None:
        raise ValidationError({"key": f"{enrolment.pathway.name} has no milestone {key}."})
    if not milestone.enabled:
        raise ValidationError({"key": f"{milestone.title} is switched off for this enrolment."})
    if milestone.completed_on is not None:
        raise ValidationError(
            {"key": f"{milestone.title} was completed on {_long(milestone.completed_on)}."}
        )
    _check_date("completed_on", completed_on, enrolment)
    with transaction.atomic():
        milestone.completed_on = completed_on
        milestone.completed_by = actor
        milestone.note = note.strip()
        milestone.save(update_fields=["completed_on", "completed_by", "note"])
        enrolments_refresh_status(ids=[enrolment.pk])
    return milestone


@_one_at_a_time
def milestone_switch(*, enrolment: Enrolment, key: str, enabled: bool) -> Milestone:
    """Switch an optional milestone (the ASYE's 9-month review) on or off."""
    _require_open(enrolment)
    milestone = Milestone.objects.filter(enrolment=enrolment, key=key).first()
    if milestone is None or not milestone.optional:
        raise ValidationError({"key": "Only an optional milestone can be switched on or off."})
    with transaction.atomic():
        milestone.enabled = enabled
        milestone.save(update_fields=["enabled"])
        enrolments_refresh_status(ids=[enrolment.pk])
    return milestone


def supervision_record(
    *,
    enrolment: Enrolment,
    held_on: dt.date,
    supervisor: Person,
    kind: str,
    note: str = "",
    actor: Person | None,
) -> Supervision:
    """Record a supervision. Reflective supervision must be given by someone holding the
    registration the pathway asks for (Social Work England for social work pathways, HCPC for
    OT preceptorship)."""
    _require_open(enrolment)
    _check_date("held_on", held_on, enrolment)
    if kind not in Supervision.Kind.values:
        raise ValidationError({"kind": f"Choose one of: {', '.join(Supervision.Kind.values)}."})
    if kind == Supervision.Kind.REFLECTIVE:
        problem = _reflective_supervisor_problem(enrolment.pathway, supervisor)
        if problem:
            raise ValidationError({"supervisor": problem})
    if supervisor.pk == enrolment.person_id:
        raise ValidationError({"supervisor": "A person cannot supervise themselves."})
    with transaction.atomic():
        supervision = Supervision.objects.create(
            enrolment=enrolment,
            held_on=held_on,
            supervisor=supervisor,
            kind=kind,
            note=note.strip(),
            recorded_by=actor,
        )
        enrolments_refresh_status(ids=[enrolment.pk])
    return supervision


def _reflective_supervisor_problem(pathway: PathwayTemplate, supervisor: Person) -> str:
    needed = pathway.reflective_supervisor_registration
    Registration = PathwayTemplate.SupervisorRegistration
    if needed == Registration.SOCIAL_WORK_ENGLAND and not supervisor.swe_number:
        return "Reflective supervision must be given by a registered social worker."
    if needed == Registration.HCPC and not supervisor.hcpc_number:
        return "Reflective supervision must be given by an HCPC-registered professional."
    return ""


def development_time_log(
    *, enrolment: Enrolment, date: dt.date, hours: Decimal, activity: str, actor: Person | None
) -> DevelopmentActivity:
    _require_open(enrolment)
    _check_date("date", date, enrolment)
    if hours <= 0 or hours > 24:
        raise ValidationError({"hours": "Enter the hours: more than 0 and at most 24."})
    if not activity.strip():
        raise ValidationError({"activity": "Say what the time was spent on."})
    with transaction.atomic():
        entry = DevelopmentActivity.objects.create(
            enrolment=enrolment,
            date=date,
            hours=hours,
            activity=activity.strip(),
            recorded_by=actor,
        )
        enrolments_refresh_status(ids=[enrolment.pk])
    return entry


def evidence_add(
    *,
    enrolment: Enrolment,
    kind: str,
    date: dt.date,
    summary: str,
    domains: Iterable[PcfDomain] = (),
    file: Any = None,
    actor: Person | None,
) -> Evidence:
    _require_open(enrolment)
    _check_date("date", date, enrolment)
    if kind not in Evidence.Kind.values:
        raise ValidationError({"kind": f"Choose one of: {', '.join(Evidence.Kind.values)}."})
    if not summary.strip():
        raise ValidationError({"summary": "Summarise the evidence."})
    with transaction.atomic():
        item = Evidence(
            enrolment=enrolment, kind=kind, date=date, summary=summary.strip(), recorded_by=actor
        )
        if file is not None:
            item.file = file
        item.save()
        item.domains.set(list(domains))
        enrolments_refresh_status(ids=[enrolment.pk])
    return item


@_one_at_a_time
def pause_record(
    *,
    enrolment: Enrolment,
    kind: str,
    reason: str,
    first_day: dt.date | None = None,
    last_day: dt.date | None = None,
    days: int | None = None,
    actor: Person | None,
) -> Pause:
    """Record a pause (first to last day, inclusive) or a plain extension (``kind="extension"``,
    ``days``). A pause moves the end date and every milestone not done and not yet due when it
    starts; an extension moves the end date and the milestones that move with extensions.
    Completed milestones never move."""
    _require_open(enrolment)
    if kind not in Pause.Kind.values:
        raise ValidationError({"kind": f"Choose one of: {', '.join(Pause.Kind.values)}."})
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason."})
    milestones = list(Milestone.objects.filter(enrolment=enrolment).order_by("position", "id"))
    states = [
        rules.MilestoneState(
            m.key, m.title, m.due_date, m.completed_on, m.enabled, m.moves_with_extension
        )
        for m in milestones
    ]
    if kind == Pause.Kind.EXTENSION:
        if days is None or days < 1:
            raise ValidationError({"days": "Enter the number of days to extend by (1 or more)."})
        new_dues = rules.shift_for_extension(states, days=days)
        shift = days
    else:
        if first_day is None:
            raise ValidationError({"first_day": "Enter the first day of the pause."})
        if last_day is None:
            raise ValidationError({"last_day": "Enter the last day of the pause."})
        if last_day < first_day:
            raise ValidationError({"last_day": "The last day must be on or after the first day."})
        _check_date("first_day", first_day, enrolment, future_ok=True)
        if first_day > enrolment.end_date:
            raise ValidationError(
                {
                    "first_day": f"The pathway ends on {_long(enrolment.end_date)}: a pause after "
                    "that does not extend it. Record an extension instead."
                }
            )
        clash = enrolment.pauses.filter(first_day__lte=last_day, last_day__gte=first_day).first()
        if clash is not None:
            raise ValidationError(
                {"first_day": f"This overlaps the pause from {_long(clash.first_day)}."}
            )
        new_dues = rules.shift_for_pause(states, first_day=first_day, last_day=last_day)
        shift = rules.inclusive_days(first_day, last_day)
    with transaction.atomic():
        pause = Pause.objects.create(
            enrolment=enrolment,
            kind=kind,
            reason=reason.strip(),
            first_day=first_day if kind != Pause.Kind.EXTENSION else None,
            last_day=last_day if kind != Pause.Kind.EXTENSION else None,
            days=shift,
            recorded_by=actor,
        )
        moved = [m for m in milestones if new_dues[m.key] != m.due_date]
        for m in moved:
            m.due_date = new_dues[m.key]
        Milestone.objects.bulk_update(moved, ["due_date"])
        enrolment.end_date = enrolment.end_date + dt.timedelta(days=shift)
        enrolment.save(update_fields=["end_date"])
        enrolments_refresh_status(ids=[enrolment.pk])
    return pause


# ---------------------------------------------------------------------------------------------
# Outcome
# ---------------------------------------------------------------------------------------------
STAGE_DECISIONS = {
    OutcomeDecision.Stage.RECOMMENDATION: (Outcome.RECOMMENDED_PASS, Outcome.RECOMMENDED_FAIL),
    OutcomeDecision.Stage.PANEL: (Outcome.PASSED, Outcome.FAILED),
    OutcomeDecision.Stage.WITHDRAWAL: (Outcome.WITHDRAWN,),
    OutcomeDecision.Stage.DEFERRAL: (Outcome.DEFERRED,),
    OutcomeDecision.Stage.COMPLETION: (Outcome.COMPLETED,),
}


@_one_at_a_time
def outcome_record(
    *,
    enrolment: Enrolment,
    stage: str,
    decision: str,
    decided_on: dt.date,
    note: str = "",
    actor: Person | None,
) -> OutcomeDecision:
    """The assessor's recommendation (pass or fail), then the moderation panel's decision, which
    alone makes the outcome final; or a withdrawal, deferral, or completion (pathways that are
    not pass or fail). A confirmed pass moves the person's PCF level on."""
    _require_open(enrolment)
    if stage not in STAGE_DECISIONS:
        raise ValidationError({"stage": f"Choose one of: {', '.join(STAGE_DECISIONS)}."})
    if decision not in STAGE_DECISIONS[OutcomeDecision.Stage(stage)]:
        allowed = ", ".join(STAGE_DECISIONS[OutcomeDecision.Stage(stage)])
        raise ValidationError({"decision": f"At this stage choose one of: {allowed}."})
    pathway = enrolment.pathway
    if (
        stage in (OutcomeDecision.Stage.RECOMMENDATION, OutcomeDecision.Stage.PANEL)
        and not pathway.pass_fail
    ):
        raise ValidationError(
            {"stage": f"{pathway.name} is not pass or fail: record its completion."}
        )
    if stage == OutcomeDecision.Stage.COMPLETION and pathway.pass_fail:
        raise ValidationError({"stage": f"{pathway.name} ends in a pass or fail decision."})
    if stage == OutcomeDecision.Stage.RECOMMENDATION and enrolment.outcome != Outcome.IN_PROGRESS:
        raise ValidationError({"stage": "The assessor has already made a recommendation."})
    if stage == OutcomeDecision.Stage.PANEL and enrolment.outcome not in (
        Outcome.RECOMMENDED_PASS,
        Outcome.RECOMMENDED_FAIL,
    ):
        raise ValidationError({"stage": "The panel decides after the assessor's recommendation."})
    _check_date("decided_on", decided_on, enrolment)
    with transaction.atomic():
        record = OutcomeDecision.objects.create(
            enrolment=enrolment,
            stage=stage,
            decision=decision,
            decided_on=decided_on,
            note=note.strip(),
            decided_by=actor,
        )
        enrolment.outcome = decision
        final = decision not in OPEN_OUTCOMES
        enrolment.outcome_on = decided_on if final else None
        enrolment.save(update_fields=["outcome", "outcome_on"])
        if decision == Outcome.PASSED and pathway.pcf_level_on_pass:
            person_pcf_level_set(person=enrolment.person, level=pathway.pcf_level_on_pass)
        enrolments_refresh_status(ids=[enrolment.pk])
    return record


def portal_registration_record(*, enrolment: Enrolment, registered_on: dt.date) -> Enrolment:
    """Record the NQSW's registration on Skills for Care's ASYE portal."""
    if registered_on > today():
        raise ValidationError({"registered_on": "The date cannot be in the future."})
    enrolment.portal_registered_on = registered_on
    enrolment.save(update_fields=["portal_registered_on"])
    return enrolment


# ---------------------------------------------------------------------------------------------
# Assessor and supervisor
# ---------------------------------------------------------------------------------------------
class Unchanged(enum.Enum):
    """The value of a role left out of ``enrolment_reassign``: keep who holds it (``None``
    means no one)."""

    UNCHANGED = "unchanged"


UNCHANGED: Final = Unchanged.UNCHANGED

#: How the messages name each role.
ROLE_WORDS: dict[str, str] = {
    EnrolmentReassignment.Role.ASSESSOR: "assessor",
    EnrolmentReassignment.Role.SUPERVISOR: "supervisor",
}


def enrolment_reassign(
    *,
    enrolment: Enrolment,
    assessor: Person | Unchanged | None = UNCHANGED,
    supervisor: Person | Unchanged | None = UNCHANGED,
    reason: str,
    actor: Viewer,
) -> list[EnrolmentReassignment]:
    """Change an open enrolment's assessor (or practice educator), its supervisor, or both: the
    PSW's to do, after enrolling (someone leaves or moves team; a cohort enrolled together needs
    its people matched). ``None`` leaves the role with no one; a role left out, or given the
    person who holds it, stays as it is. The new people are checked as enrolling checks them.

    Each role changed is recorded (from whom, to whom, why, by whom, when) and returned, oldest
    first; the new assessor or supervisor and the learner are told. A finished enrolment, or a
    request that changes nothing, is refused."""
    if not plans_pathways(actor):
        raise PermissionDenied("Only the PSW changes an enrolment's assessor or supervisor.")
    asked = {
        EnrolmentReassignment.Role.ASSESSOR: assessor,
        EnrolmentReassignment.Role.SUPERVISOR: supervisor,
    }
    with transaction.atomic():
        # Under the row lock, so two changes at once (or a change and the outcome) queue, and
        # "from" is who holds the role now.
        locked = _lock(enrolment)
        _require_open(enrolment)
        changes: dict[str, Person | None] = {
            role: holder
            for role, holder in asked.items()
            if not isinstance(holder, Unchanged)
            and (holder.pk if holder is not None else None) != getattr(locked, f"{role}_id")
        }
        errors = _holder_problems(changes, learner=enrolment.person)
        if not reason.strip():
            errors.setdefault("reason", []).append("Give the reason for the change.")
        if errors:
            raise ValidationError(errors)
        if not changes:
            raise ValidationError(
                "Choose a different assessor or supervisor: these are the ones the enrolment "
                "has now."
            )
        rows = EnrolmentReassignment.objects.bulk_create(
            EnrolmentReassignment(
                enrolment=locked,
                role=role,
                from_person_id=getattr(locked, f"{role}_id"),
                to_person=holder,
                reason=reason.strip(),
                changed_by_id=actor.person_id,
            )
            for role, holder in changes.items()
        )
        for role, holder in changes.items():
            setattr(enrolment, role, holder)
        enrolment.save(update_fields=list(changes))
        notifications_enqueue(drafts=_reassignment_drafts(enrolment, rows))
    return rows


def _reassignment_drafts(
    enrolment: Enrolment, rows: Sequence[EnrolmentReassignment]
) -> list[NotificationDraft]:
    """A message to each person newly holding a role, and one to the learner, keyed by the
    changes (one reassignment is one occurrence, so it is told once)."""
    occurrence = "-".join(str(row.pk) for row in rows)
    learner, pathway = enrolment.person.full_name, enrolment.pathway.name
    link = link_to("enrolment", enrolment.pk)
    taken_on: dict[int, list[str]] = {}
    for row in rows:
        if row.to_person_id is not None:
            taken_on.setdefault(row.to_person_id, []).append(ROLE_WORDS[row.role])
    drafts = [
        NotificationDraft(
            recipient_id=recipient_id,
            kind="pathways.reassigned_to_you",
            subject=f"You are now {learner}'s {' and '.join(roles)}",
            body=(
                f"You are now {learner}'s {' and '.join(roles)} on {pathway}, which runs until "
                f"{_long(enrolment.end_date)}. Their milestones, supervision and evidence are in "
                "the tracker."
            ),
            link=link,
            dedupe_key=f"pathways:reassigned:{occurrence}:{recipient_id}",
        )
        for recipient_id, roles in taken_on.items()
    ]
    lines = [
        f"Your {ROLE_WORDS[row.role]} is now {row.to_person.full_name}."
        if row.to_person is not None
        else f"You have no {ROLE_WORDS[row.role]} for now: you will be told who it will be."
        for row in rows
    ]
    changed = " and ".join(ROLE_WORDS[row.role] for row in rows)
    drafts.append(
        NotificationDraft(
            recipient_id=enrolment.person_id,
            kind="pathways.reassigned",
            subject=f"Your {changed} on {pathway} {'have' if len(rows) > 1 else 'has'} changed",
            body=" ".join(lines),
            link=link,
            dedupe_key=f"pathways:reassigned:{occurrence}:{enrolment.person_id}",
        )
    )
    return drafts


# ---------------------------------------------------------------------------------------------
# Status
# ---------------------------------------------------------------------------------------------
#: Enrolments written inside ``status_refresh_deferred``, waiting for their status refresh.
_refresh_pending: ContextVar[set[int] | None] = ContextVar("refresh_pending", default=None)


@contextmanager
def status_refresh_deferred() -> Iterator[None]:
    """Refresh the status of the enrolments written inside the block once, when it ends without
    an error, instead of after every write: for loading a history of many records at once (an
    import, the demo seed). Nothing inside the block may rely on a stored status."""
    if _refresh_pending.get() is not None:
        yield
        return
    pending: set[int] = set()
    token = _refresh_pending.set(pending)
    try:
        yield
    finally:
        _refresh_pending.reset(token)
    if pending:
        enrolments_refresh_status(ids=pending)


def enrolments_refresh_status(
    *, ids: Iterable[int] | None = None, as_of: dt.date | None = None, chunk: int = 500
) -> int:
    """Recompute and store the status of the given enrolments (all open ones when ``ids`` is
    None), in chunks, with a fixed number of queries per chunk. Returns how many changed
    (0 inside ``status_refresh_deferred``, which refreshes them at its end)."""
    pending = _refresh_pending.get()
    if pending is not None and ids is not None and as_of is None:
        pending.update(ids)
        return 0
    as_of = as_of or today()
    base: QuerySet[Enrolment] = Enrolment.objects.all()
    if ids is not None:
        base = base.filter(pk__in=list(ids))
    else:
        base = base.filter(outcome__in=OPEN_OUTCOMES)
    changed = 0
    last_pk = 0
    while True:
        batch = list(with_people(base.filter(pk__gt=last_pk)).order_by("pk")[:chunk])
        if not batch:
            return changed
        last_pk = batch[-1].pk
        figures = progress_for(batch, as_of=as_of)
        dirty = []
        for enrolment in batch:
            status, reasons = status_of(enrolment, figures[enrolment.pk])
            if (enrolment.status, enrolment.status_reasons, enrolment.status_as_of) != (
                status,
                reasons,
                as_of,
            ):
                enrolment.status, enrolment.status_reasons, enrolment.status_as_of = (
                    status,
                    reasons,
                    as_of,
                )
                dirty.append(enrolment)
        Enrolment.objects.bulk_update(dirty, ["status", "status_reasons", "status_as_of"])
        changed += len(dirty)


# ---------------------------------------------------------------------------------------------
# Funding years
# ---------------------------------------------------------------------------------------------
def funding_year_create(*, starts_on: dt.date, registration_deadline: dt.date) -> FundingYear:
    """The PSW enters a Skills for Care funding year and its ASYE portal registration deadline.
    ``starts_on`` must be a funding year's first day (1 February)."""
    errors: dict[str, list[str]] = {}
    if rules.funding_year_start(starts_on) != starts_on:
        errors["starts_on"] = ["A funding year starts on 1 February."]
    elif FundingYear.objects.filter(starts_on=starts_on).exists():
        errors["starts_on"] = [f"The funding year from {_long(starts_on)} is already there."]
    if registration_deadline < starts_on:
        errors["registration_deadline"] = ["The deadline cannot be before the year starts."]
    if errors:
        raise ValidationError(errors)
    return FundingYear.objects.create(
        starts_on=starts_on, registration_deadline=registration_deadline
    )
