"""Reads about training, shaped for their callers with a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from academy.people.models import Person, RoleAssignment
from academy.people.permissions import Viewer, viewer_for
from academy.training import rules
from academy.training.models import (
    HOLDS_PLACE,
    Booking,
    BookingStatus,
    CalendarFeed,
    Completion,
    Course,
    CpdEntry,
    EventSeries,
    Requirement,
    Session,
)
from academy.training.permissions import coordinates, sees_all_training


def holding_count(session: Session) -> int:
    return Booking.objects.filter(session=session, status__in=HOLDS_PLACE).count()


def courses_list(*, active_only: bool = True, search: str = "", mode: str = "") -> QuerySet[Course]:
    courses = Course.objects.select_related("provider").prefetch_related(
        "pcf_domains", "requirements"
    )
    if active_only:
        courses = courses.filter(active=True)
    for word in search.split()[:5]:
        courses = courses.filter(Q(title__icontains=word) | Q(description__icontains=word))
    if mode:
        courses = courses.filter(delivery_mode=mode)
    return courses.order_by("title", "id")


def with_counts(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """Sessions with ``booked_count``, ``waitlist_count`` and ``requested_count`` (one query)."""
    return sessions.select_related("course", "course__provider", "series").annotate(
        booked_count=Count("bookings", filter=Q(bookings__status__in=HOLDS_PLACE)),
        waitlist_count=Count("bookings", filter=Q(bookings__status=BookingStatus.WAITLISTED)),
        requested_count=Count("bookings", filter=Q(bookings__status=BookingStatus.REQUESTED)),
    )


def sessions_list(
    *,
    course_id: int | None = None,
    series_id: int | None = None,
    starts_after: dt.datetime | None = None,
    starts_before: dt.datetime | None = None,
    has_places: bool | None = None,
    open_to_partners: bool | None = None,
    include_cancelled: bool = True,
) -> QuerySet[Session]:
    sessions = with_counts(Session.objects.all())
    if course_id is not None:
        sessions = sessions.filter(course_id=course_id)
    if series_id is not None:
        sessions = sessions.filter(series_id=series_id)
    if starts_after is not None:
        sessions = sessions.filter(starts_at__gte=starts_after)
    if starts_before is not None:
        sessions = sessions.filter(starts_at__lt=starts_before)
    if not include_cancelled:
        sessions = sessions.exclude(status=Session.Status.CANCELLED)
    if has_places is True:  # a place someone could still book: not begun, nor cancelled
        sessions = sessions.filter(
            status=Session.Status.SCHEDULED,
            starts_at__gt=timezone.now(),
            capacity__gt=F("booked_count"),
        )
    elif has_places is False:
        sessions = sessions.filter(capacity__lte=F("booked_count"))
    if open_to_partners is True:
        sessions = sessions.exclude(course__partner_kinds=[])
    elif open_to_partners is False:
        sessions = sessions.filter(course__partner_kinds=[])
    return sessions


def series_list() -> QuerySet[EventSeries]:
    return EventSeries.objects.annotate(session_count=Count("sessions")).order_by(
        "-starts_on", "id"
    )


class JoiningLinks:
    """Whose eyes a session's online joining link is for: a training coordinator's for every
    session; anyone else's for the sessions they hold a place on (as the session page shows it).
    Who ``user`` is, and their places, are read once, when a session with a link first asks,
    whatever the number of sessions shown."""

    def __init__(self, user: Any) -> None:
        self._user = user
        self._places: set[int] | None = None

    def shown(self, session_id: int) -> bool:
        viewer = viewer_for(self._user)
        if coordinates(viewer):
            return True
        if viewer.person_id is None:
            return False
        if self._places is None:
            self._places = set(
                Booking.objects.filter(
                    person_id=viewer.person_id, status=BookingStatus.BOOKED
                ).values_list("session_id", flat=True)
            )
        return session_id in self._places


def bookings_visible_to(viewer: Viewer) -> QuerySet[Booking]:
    """The set-based twin of ``permissions.booking_visible``."""
    bookings = Booking.objects.all()
    if viewer.user_id is None:
        return bookings.none()
    if sees_all_training(viewer) or coordinates(viewer):
        return bookings
    scope = Q(pk__in=[])
    if viewer.person_id is not None:
        scope |= Q(person_id=viewer.person_id)
    if viewer.managed_team_ids:
        scope |= Q(person__team_id__in=viewer.managed_team_ids)
    if viewer.coordinated_organisation_ids:
        scope |= Q(person__organisation_id__in=viewer.coordinated_organisation_ids)
    return bookings.filter(scope)


def with_session(bookings: QuerySet[Booking]) -> QuerySet[Booking]:
    return bookings.select_related("person", "session", "session__course", "session__series")


def waitlist_positions_for(bookings: Sequence[Booking]) -> dict[int, int]:
    """Positions of the waitlisted among ``bookings``, in one query."""
    sessions = {b.session_id for b in bookings if b.status == BookingStatus.WAITLISTED}
    if not sessions:
        return {}
    arrivals: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for pk, session_id, arrival in Booking.objects.filter(
        session_id__in=sessions, status=BookingStatus.WAITLISTED
    ).values_list("pk", "session_id", "arrival"):
        arrivals[session_id].append((arrival, pk))
    positions: dict[int, int] = {}
    for queue in arrivals.values():
        for index, (_, pk) in enumerate(sorted(queue), start=1):
            positions[pk] = index
    return positions


def register(session: Session) -> QuerySet[Booking]:
    """The people on a session's register, in name order."""
    return (
        Booking.objects.filter(session=session, status__in=[*HOLDS_PLACE])
        .select_related("person", "person__organisation")
        .order_by("person__last_name", "person__first_name", "id")
    )


# ---------------------------------------------------------------------------------------------
# Compliance
# ---------------------------------------------------------------------------------------------
@dataclass
class ComplianceCell:
    course: Course
    state: rules.Compliance
    completion: Completion | None = None


@dataclass
class ComplianceRow:
    person: Person
    cells: dict[int, ComplianceCell] = field(default_factory=dict)


@dataclass
class ComplianceMatrix:
    courses: list[Course]
    rows: list[ComplianceRow]

    def counts(self) -> dict[str, int]:
        tally = {state.value: 0 for state in rules.Compliance}
        for row in self.rows:
            for cell in row.cells.values():
                tally[cell.state.value] += 1
        return tally


def _requirements() -> dict[int, tuple[Course, list[rules.RequirementRule]]]:
    by_course: dict[int, tuple[Course, list[rules.RequirementRule]]] = {}
    for requirement in Requirement.objects.select_related("course").filter(course__active=True):
        course = requirement.course
        entry = by_course.setdefault(course.pk, (course, []))
        entry[1].append(
            rules.RequirementRule(
                kind=requirement.kind,
                role=requirement.role,
                job_title=requirement.job_title,
                team_id=requirement.team_id,
            )
        )
    return by_course


def latest_completions(person_ids: Iterable[int]) -> dict[tuple[int, int], Completion]:
    """The latest completion of each (person, course) for these people, with its course (one
    query)."""
    latest: dict[tuple[int, int], Completion] = {}
    for completion in (
        Completion.objects.filter(person_id__in=list(person_ids))
        .select_related("course")
        .order_by("completed_on", "id")
    ):
        latest[(completion.person_id, completion.course_id)] = completion
    return latest


def compliance_matrix(
    people: QuerySet[Person], *, as_of: dt.date, expiring_days: int
) -> ComplianceMatrix:
    """Each person × each course they must hold: compliant, expiring, expired or missing.
    Four queries whatever the number of people: people, their roles, requirements, completions.
    Partner organisations' staff are held only to requirements that name their team."""
    persons = list(
        people.select_related("team", "organisation")
        .prefetch_related(
            Prefetch("roles", queryset=RoleAssignment.objects.only("person_id", "role"))
        )
        .order_by("last_name", "first_name", "id")
    )
    requirements = _requirements()
    latest = latest_completions(p.pk for p in persons)
    used: dict[int, Course] = {}
    rows = []
    for person in persons:
        row = ComplianceRow(person)
        roles = [r.role for r in person.roles.all()]
        for course_id, (course, rule_list) in requirements.items():
            if not rules.is_required(
                rule_list,
                roles=roles,
                job_title=person.job_title,
                team_id=person.team_id,
                host_staff=person.organisation.hosts_academy,
            ):
                continue
            completion = latest.get((person.pk, course_id))
            state = rules.compliance(
                completed_on=completion.completed_on if completion else None,
                expires_on=completion.expires_on if completion else None,
                as_of=as_of,
                expiring_days=expiring_days,
            )
            row.cells[course_id] = ComplianceCell(course, state, completion)
            used[course_id] = course
        rows.append(row)
    courses = sorted(used.values(), key=lambda c: c.title)
    return ComplianceMatrix(courses=courses, rows=rows)


# ---------------------------------------------------------------------------------------------
# My learning
# ---------------------------------------------------------------------------------------------
def my_bookings(person_id: int) -> QuerySet[Booking]:
    return with_session(Booking.objects.filter(person_id=person_id)).order_by(
        "-session__starts_at", "-id"
    )


def my_completions(person_id: int) -> QuerySet[Completion]:
    return (
        Completion.objects.filter(person_id=person_id)
        .select_related("course")
        .order_by("-completed_on", "-id")
    )


def my_cpd(person_id: int, *, year_starts: dt.date | None = None) -> QuerySet[CpdEntry]:
    entries = CpdEntry.objects.filter(person_id=person_id)
    if year_starts is not None:
        entries = entries.filter(registration_year_starts=year_starts)
    return entries.order_by("-activity_date", "-id")


def attended_without_cpd(person_id: int) -> QuerySet[Booking]:
    """Attended sessions not yet turned into a CPD entry (offered to pre-fill one)."""
    used = CpdEntry.objects.filter(person_id=person_id, booking__isnull=False).values("booking_id")
    return with_session(
        Booking.objects.filter(person_id=person_id, status=BookingStatus.ATTENDED).exclude(
            pk__in=used
        )
    ).order_by("-session__starts_at")


# ---------------------------------------------------------------------------------------------
# Completions and calendar feeds
# ---------------------------------------------------------------------------------------------
def completions_visible_to(viewer: Viewer) -> QuerySet[Completion]:
    """Completions of the people whose bookings the viewer sees (``bookings_visible_to``), with
    the person and the course."""
    completions = Completion.objects.select_related("person", "course")
    if viewer.user_id is None:
        return completions.none()
    if sees_all_training(viewer) or coordinates(viewer):
        return completions
    scope = Q(pk__in=[])
    if viewer.person_id is not None:
        scope |= Q(person_id=viewer.person_id)
    if viewer.managed_team_ids:
        scope |= Q(person__team_id__in=viewer.managed_team_ids)
    if viewer.coordinated_organisation_ids:
        scope |= Q(person__organisation_id__in=viewer.coordinated_organisation_ids)
    return completions.filter(scope)


def calendar_feed_by_token(token: str) -> CalendarFeed | None:
    return CalendarFeed.objects.select_related("person").filter(token=token).first()


def feed_bookings(person_id: int) -> QuerySet[Booking]:
    """The sessions a person holds a place on, for their calendar feed, earliest first."""
    return with_session(
        Booking.objects.filter(person_id=person_id, status__in=HOLDS_PLACE)
    ).order_by("session__starts_at", "id")
