"""Helpers the training pages share: finding what the viewer may see, and the shapes of the
reads the pages make (built on ``academy.training.selectors``). Something the viewer may not
see is a 404; something they see but may not do, a 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, Min, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from academy.people.models import Person
from academy.people.permissions import Viewer, viewer_for
from academy.training import selectors
from academy.training.models import (
    HOLDS_PLACE,
    Booking,
    BookingStatus,
    Course,
    Session,
)
from academy.training.permissions import coordinates, may_approve_for

#: Bookings still to come or still open (not cancelled, declined or marked).
OPEN_BOOKING = (BookingStatus.REQUESTED, BookingStatus.BOOKED, BookingStatus.WAITLISTED)


def viewer(request: HttpRequest) -> Viewer:
    return viewer_for(request.user)


def require_coordinator(request: HttpRequest) -> Viewer:
    """The viewer, if they run training (a training coordinator or an admin); else a 403."""
    who = viewer(request)
    if not coordinates(who):
        raise PermissionDenied
    return who


def me(request: HttpRequest) -> Person | None:
    """The signed-in person's record, with organisation and team (None for an admin account)."""
    person_id = viewer(request).person_id
    if person_id is None:
        return None
    return Person.objects.select_related("organisation", "team").filter(pk=person_id).first()


# ---------------------------------------------------------------------------------------------
# Courses and sessions
# ---------------------------------------------------------------------------------------------
def visible_courses(who: Viewer) -> QuerySet[Course]:
    """Every course for those who run training; the active ones for everyone else."""
    courses = Course.objects.all()
    return courses if coordinates(who) else courses.filter(active=True)


def visible_course(request: HttpRequest, pk: int) -> Course:
    courses = visible_courses(viewer(request)).select_related("provider")
    return get_object_or_404(courses.prefetch_related("pcf_domains", "requirements__team"), pk=pk)


def visible_session(request: HttpRequest, pk: int) -> Session:
    """The session with its counts (``booked_count``, ``waitlist_count``, ``requested_count``)
    if its course is one the viewer sees; else a 404."""
    sessions = selectors.with_counts(Session.objects.filter(pk=pk))
    session = sessions.first()
    if session is None or not (session.course.active or coordinates(viewer(request))):
        raise Http404
    return session


def catalogue(
    courses: QuerySet[Course],
    *,
    domain_id: int | None,
    statement: str,
    open_to_partners: bool,
    has_places: bool,
) -> QuerySet[Course]:
    """Courses with ``next_session`` (the next scheduled start) and ``places_free`` (a scheduled
    session to come with a place left), one query whatever the number of courses."""
    now = timezone.now()
    upcoming = Q(sessions__status=Session.Status.SCHEDULED, sessions__starts_at__gt=now)
    with_places = (
        selectors.with_counts(
            Session.objects.filter(
                course_id=OuterRef("pk"), status=Session.Status.SCHEDULED, starts_at__gt=now
            )
        )
        .filter(capacity__gt=F("booked_count"))
        .values("pk")
    )
    courses = courses.annotate(
        next_session=Min("sessions__starts_at", filter=upcoming),
        places_free=Exists(with_places),
    )
    if domain_id is not None:
        courses = courses.filter(pcf_domains=domain_id)
    if statement:
        # A JSON list of statement values: the quoted value appears in its text when held.
        courses = courses.filter(cqc_statements__icontains=f'"{statement}"')
    if open_to_partners:
        courses = courses.exclude(partner_kinds=[])
    if has_places:
        courses = courses.filter(places_free=True)
    return courses


def upcoming_sessions(course: Course) -> QuerySet[Session]:
    return selectors.sessions_list(
        course_id=course.pk, starts_after=timezone.now(), include_cancelled=False
    ).order_by("starts_at", "id")


def places_left(session: Session) -> int:
    booked: int = getattr(session, "booked_count", 0)
    return max(session.capacity - booked, 0)


def own_bookings(person_id: int | None, session_ids: list[int]) -> dict[int, Booking]:
    """The person's open or marked booking on each of these sessions (one query)."""
    if person_id is None or not session_ids:
        return {}
    bookings = Booking.objects.filter(
        person_id=person_id,
        session_id__in=session_ids,
        status__in=[*OPEN_BOOKING, *HOLDS_PLACE],
    )
    return {booking.session_id: booking for booking in bookings}


def clashes(person_id: int | None, session: Session) -> list[Session]:
    """The person's other sessions (booked, waiting or asked for) that overlap this one."""
    if person_id is None:
        return []
    return list(
        Session.objects.filter(
            bookings__person_id=person_id,
            bookings__status__in=OPEN_BOOKING,
            starts_at__lt=session.ends_at,
            ends_at__gt=session.starts_at,
        )
        .exclude(pk=session.pk)
        .select_related("course")
        .distinct()
        .order_by("starts_at")
    )


# ---------------------------------------------------------------------------------------------
# Bookings
# ---------------------------------------------------------------------------------------------
def visible_booking(request: HttpRequest, pk: int) -> Booking:
    bookings = selectors.with_session(selectors.bookings_visible_to(viewer(request)))
    return get_object_or_404(
        bookings.select_related("person__organisation", "session__course__provider"), pk=pk
    )


def bookable_people(who: Viewer) -> QuerySet[Person] | None:
    """Whom a manager or partner coordinator may book (their active people, themselves left
    out); None for a training coordinator, who books anyone by work email."""
    if coordinates(who):
        return None
    scope = Q(pk__in=[])
    if who.managed_team_ids:
        scope |= Q(team_id__in=who.managed_team_ids)
    if who.coordinated_organisation_ids:
        scope |= Q(organisation_id__in=who.coordinated_organisation_ids)
    people = Person.objects.filter(scope, active=True)
    if who.person_id is not None:
        people = people.exclude(pk=who.person_id)
    return people.order_by("last_name", "first_name", "id")


def books_for_others(who: Viewer) -> bool:
    return coordinates(who) or bool(who.managed_team_ids or who.coordinated_organisation_ids)


def requests_for(who: Viewer) -> QuerySet[Booking]:
    """Requests awaiting the viewer's approval: a coordinator's, every one; a manager's, their
    teams'."""
    requests = Booking.objects.filter(status=BookingStatus.REQUESTED)
    if not coordinates(who):
        requests = requests.filter(person__team_id__in=who.managed_team_ids)
    return selectors.with_session(requests).select_related("person__team")


def approves(who: Viewer) -> bool:
    return coordinates(who) or bool(who.managed_team_ids)


def may_decide(who: Viewer, booking: Booking) -> bool:
    return booking.status == BookingStatus.REQUESTED and may_approve_for(who, booking.person)
