"""The catalogue: courses with who must hold them, event series, sessions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from academy.common.cqc import QualityStatement
from academy.pathways.models import PcfDomain
from academy.people.models import Organisation, Person, Role, Team
from academy.training.models import Course, EventSeries, Requirement, Session
from academy.training.selectors import holding_count
from academy.training.services.bookings import lock_session, session_changed

COURSE_FIELDS = (
    "title",
    "description",
    "provider",
    "provider_unit",
    "delivery_mode",
    "duration_minutes",
    "cpd_hours",
    "refresh_months",
    "needs_manager_approval",
    "partner_kinds",
    "late_cancellation_days",
    "cqc_statements",
    "active",
)
SESSION_FIELDS = (
    "starts_at",
    "ends_at",
    "venue",
    "joining_link",
    "capacity",
    "booking_opens_at",
    "booking_closes_at",
    "series",
)


def course_save(
    *,
    data: Mapping[str, Any],
    course: Course | None = None,
    requirements: Iterable[Mapping[str, Any]] | None = None,
    pcf_domains: Iterable[PcfDomain] | None = None,
) -> Course:
    """Create or change a course; ``requirements`` (when given) replace who must hold it:
    ``{"kind": "everyone"}``, ``{"kind": "role", "role": "team_manager"}``,
    ``{"kind": "job_title", "job_title": "Social Worker"}``, ``{"kind": "team", "team": Team}``.
    A new course given no ``refresh_months`` lasts ``TRAINING["DEFAULT_REFRESH_MONTHS"]``; one
    given None never expires."""
    unknown = set(data) - set(COURSE_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be set."))
    if course is None and "refresh_months" not in data:
        data = {**data, "refresh_months": settings.TRAINING["DEFAULT_REFRESH_MONTHS"]}
    course = course or Course()
    for name, value in data.items():
        setattr(course, name, value.strip() if isinstance(value, str) else value)
    errors: dict[str, list[str]] = {}
    try:
        course.full_clean(validate_constraints=False)
    except ValidationError as exc:
        errors.update({k: list(v) for k, v in exc.message_dict.items()})
    kinds = set(Organisation.Kind.values)
    if not isinstance(course.partner_kinds, list) or not set(course.partner_kinds) <= kinds:
        errors.setdefault("partner_kinds", []).append(f"Choose from: {', '.join(sorted(kinds))}.")
    statements = set(QualityStatement.values)
    if not isinstance(course.cqc_statements, list) or not set(course.cqc_statements) <= statements:
        errors.setdefault("cqc_statements", []).append(
            f"Choose from: {', '.join(sorted(statements))}."
        )
    if course.refresh_months is not None and course.refresh_months < 1:
        errors.setdefault("refresh_months", []).append("Leave blank for never, or give 1 or more.")
    clash = Course.objects.filter(title__iexact=course.title, provider_id=course.provider_id)
    if course.pk:
        clash = clash.exclude(pk=course.pk)
    if course.title and clash.exists():
        errors.setdefault("title", []).append("This provider already has a course with this title.")
    rows = (
        []
        if requirements is None
        else [_requirement(course, spec, i, errors) for i, spec in enumerate(requirements)]
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        course.save()
        if requirements is not None:
            course.requirements.all().delete()
            Requirement.objects.bulk_create(r for r in rows if r is not None)
        if pcf_domains is not None:
            course.pcf_domains.set(list(pcf_domains))
    return course


def _requirement(
    course: Course, spec: Mapping[str, Any], index: int, errors: dict[str, list[str]]
) -> Requirement | None:
    kind = spec.get("kind")
    field = f"requirements.{index}"
    row = Requirement(course=course, kind=kind or "")
    if kind == Requirement.Kind.EVERYONE:
        return row
    if kind == Requirement.Kind.ROLE and spec.get("role") in Role.values:
        row.role = spec["role"]
        return row
    if kind == Requirement.Kind.JOB_TITLE and str(spec.get("job_title", "")).strip():
        row.job_title = str(spec["job_title"]).strip()
        return row
    if kind == Requirement.Kind.TEAM and isinstance(spec.get("team"), Team):
        row.team = spec["team"]
        return row
    errors.setdefault(field, []).append(
        "Give a kind (everyone, role, job_title, team) and the role, job title or team it names."
    )
    return None


def series_save(*, data: Mapping[str, Any], series: EventSeries | None = None) -> EventSeries:
    series = series or EventSeries()
    for name, value in data.items():
        setattr(series, name, value.strip() if isinstance(value, str) else value)
    errors: dict[str, list[str]] = {}
    try:
        series.full_clean(validate_constraints=False)
    except ValidationError as exc:
        errors.update({k: list(v) for k, v in exc.message_dict.items()})
    if series.starts_on and series.ends_on and series.ends_on < series.starts_on:
        errors.setdefault("ends_on", []).append("The series must end on or after its first day.")
    if errors:
        raise ValidationError(errors)
    series.save()
    return series


def session_create(
    *, course: Course, data: Mapping[str, Any], facilitators: Iterable[Person] = ()
) -> Session:
    session = Session(course=course)
    _apply_session(session, data)
    with transaction.atomic():
        session.save()
        session.facilitators.set(list(facilitators))
    return session


def session_update(
    *, session: Session, data: Mapping[str, Any], facilitators: Iterable[Person] | None = None
) -> Session:
    """Change a session. Booked people get an updated invite when the time or place changes; a
    larger capacity gives places to the waitlist at once; capacity cannot drop below the booked.

    The change is made on the session's locked row and writes only the fields given, so a stale
    ``session`` never overwrites a booking's arrival counter or a cancellation made meanwhile.
    ``session`` is refreshed from the saved row."""
    with transaction.atomic():
        locked = lock_session(session.pk)
        if locked.status != Session.Status.SCHEDULED:
            raise ValidationError(
                {"session": f"This session is {locked.get_status_display().lower()}."}
            )
        before = {name: getattr(locked, name) for name in SESSION_FIELDS}
        _apply_session(locked, data)
        holding = holding_count(locked)
        if locked.capacity < holding:
            raise ValidationError(
                {"capacity": f"{holding} people hold places: the capacity cannot be less."}
            )
        changed = [name for name in SESSION_FIELDS if getattr(locked, name) != before[name]]
        if changed:
            locked.save(update_fields=changed)
        if facilitators is not None:
            locked.facilitators.set(list(facilitators))
        moved = any(f in changed for f in ("starts_at", "ends_at", "venue", "joining_link"))
        grew = locked.capacity > before["capacity"]
        if moved or grew:
            session_changed(session=locked, moved=moved, capacity_grew=grew)
    for name in (*SESSION_FIELDS, "status", "next_arrival", "cancelled_reason"):
        setattr(session, name, getattr(locked, name))
    return session


def _apply_session(session: Session, data: Mapping[str, Any]) -> None:
    unknown = set(data) - set(SESSION_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be set."))
    for name, value in data.items():
        setattr(session, name, value.strip() if isinstance(value, str) else value)
    errors: dict[str, list[str]] = {}
    try:
        session.full_clean(exclude=["course", "facilitators"], validate_constraints=False)
    except ValidationError as exc:
        errors.update({k: list(v) for k, v in exc.message_dict.items()})
    if session.starts_at and session.ends_at and session.ends_at <= session.starts_at:
        errors.setdefault("ends_at", []).append("The session must end after it starts.")
    if session.capacity is not None and session.capacity < 1:
        errors.setdefault("capacity", []).append("A session needs at least one place.")
    online_only = session.course_id and session.course.delivery_mode == Course.Mode.E_LEARNING
    if not session.venue and not session.joining_link and session.course_id and not online_only:
        errors.setdefault("venue", []).append("Give a venue or an online joining link.")
    closes = session.booking_closes_at
    if closes and session.starts_at and closes > session.starts_at:
        errors.setdefault("booking_closes_at", []).append("Booking must close by the start.")
    opens = session.booking_opens_at
    if opens and closes and closes <= opens:
        errors.setdefault("booking_closes_at", []).append("Booking must close after it opens.")
    if errors:
        raise ValidationError(errors)
