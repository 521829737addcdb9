"""Courses, event series, sessions, bookings, completions, CPD entries and calendar feeds."""

from __future__ import annotations

import secrets
import uuid
from decimal import Decimal

from django.db import models
from django.db.models import F, Q

from academy.pathways.models import PcfDomain
from academy.people.models import Organisation, Person, Role, Team


class Course(models.Model):
    """A course in the catalogue, run by the academy or a partner."""

    class Mode(models.TextChoices):
        FACE_TO_FACE = "face_to_face", "Face to face"
        LIVE_WEBINAR = "live_webinar", "Live webinar"
        E_LEARNING = "e_learning", "E-learning"
        BLENDED = "blended", "Blended"

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="courses_provided"
    )
    provider_unit = models.CharField(
        max_length=150,
        blank=True,
        help_text="The team that runs it, e.g. the equipment loans service.",
    )
    delivery_mode = models.CharField(max_length=20, choices=Mode.choices)
    duration_minutes = models.PositiveIntegerField(default=0)
    cpd_hours = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0"))
    refresh_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Blank: a completion never expires."
    )
    needs_manager_approval = models.BooleanField(default=False)
    partner_kinds = models.JSONField(
        default=list,
        blank=True,
        help_text="Kinds of partner organisation whose people may book (the host always may).",
    )
    late_cancellation_days = models.PositiveSmallIntegerField(
        default=3, help_text="Cancelling within this many days of the start is late."
    )
    pcf_domains = models.ManyToManyField(PcfDomain, blank=True, related_name="courses")
    cqc_statements = models.JSONField(default=list, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["title", "provider"], name="course_title_per_provider"),
            models.CheckConstraint(
                condition=Q(refresh_months__isnull=True) | Q(refresh_months__gte=1),
                name="course_refresh_at_least_a_month",
            ),
        ]
        indexes = [
            models.Index(fields=["active", "title"], name="course_active_title"),
            models.Index(fields=["delivery_mode"], name="course_mode"),
        ]

    def __str__(self) -> str:
        return self.title


class Requirement(models.Model):
    """Who must hold a course: everyone, a role, a job title or a team."""

    class Kind(models.TextChoices):
        EVERYONE = "everyone", "Everyone"
        ROLE = "role", "A role"
        JOB_TITLE = "job_title", "A job title"
        TEAM = "team", "A team"

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="requirements")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    role = models.CharField(max_length=30, choices=Role.choices, blank=True)
    job_title = models.CharField(max_length=150, blank=True)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="everyone", role="", job_title="", team__isnull=True)
                    | (Q(kind="role", job_title="", team__isnull=True) & ~Q(role=""))
                    | (Q(kind="job_title", role="", team__isnull=True) & ~Q(job_title=""))
                    | Q(kind="team", role="", job_title="", team__isnull=False)
                ),
                name="requirement_names_one_thing",
            ),
        ]
        indexes = [models.Index(fields=["kind", "course"], name="requirement_kind")]

    def __str__(self) -> str:
        target = (
            self.get_role_display() if self.role else (self.job_title or self.team or "everyone")
        )
        return f"{self.course}: {target}"


class EventSeries(models.Model):
    """Sessions grouped as one event, such as Safeguarding Week."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        verbose_name_plural = "event series"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="series_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Session(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"
        COMPLETED = "completed", "Completed"

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    series = models.ForeignKey(
        EventSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.CharField(max_length=300, blank=True)
    joining_link = models.URLField(max_length=500, blank=True)
    facilitators = models.ManyToManyField(Person, blank=True, related_name="sessions_facilitated")
    capacity = models.PositiveIntegerField()
    booking_opens_at = models.DateTimeField(null=True, blank=True)
    booking_closes_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    # Arrival order under the session's row lock: each booking takes the next number.
    next_arrival = models.PositiveIntegerField(default=1)
    cancelled_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="session_capacity_positive"),
        ]
        indexes = [
            models.Index(fields=["starts_at", "id"], name="session_starts"),
            models.Index(fields=["course", "starts_at"], name="session_course_starts"),
            models.Index(fields=["series", "starts_at"], name="session_series_starts"),
            models.Index(fields=["status", "starts_at"], name="session_status_starts"),
        ]

    def __str__(self) -> str:
        return f"{self.course} on {self.starts_at:%d %b %Y}"


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", "Awaiting approval"
    BOOKED = "booked", "Booked"
    WAITLISTED = "waitlisted", "On the waiting list"
    DECLINED = "declined", "Declined"
    EXPIRED = "expired", "Request expired"
    CANCELLED = "cancelled", "Cancelled"
    ATTENDED = "attended", "Attended"
    PARTIALLY_ATTENDED = "partially_attended", "Partly attended"
    NO_SHOW = "no_show", "Did not attend"


#: A person holds at most one booking in these states per session (enforced by the database).
ACTIVE_BOOKING = (
    BookingStatus.REQUESTED,
    BookingStatus.BOOKED,
    BookingStatus.WAITLISTED,
    BookingStatus.ATTENDED,
    BookingStatus.PARTIALLY_ATTENDED,
    BookingStatus.NO_SHOW,
)
#: Bookings that hold a place.
HOLDS_PLACE = (
    BookingStatus.BOOKED,
    BookingStatus.ATTENDED,
    BookingStatus.PARTIALLY_ATTENDED,
    BookingStatus.NO_SHOW,
)


class Booking(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="bookings")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="bookings")
    status = models.CharField(max_length=20, choices=BookingStatus.choices)
    arrival = models.PositiveIntegerField(help_text="Order of arrival at the session (1, 2, …).")
    booked_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    late_cancellation = models.BooleanField(default=False)
    cancel_reason = models.TextField(blank=True)
    attendance_marked_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # iCalendar: one UID for the booking's whole life; SEQUENCE goes up with every change.
    ical_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ical_sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=Q(status__in=[s.value for s in ACTIVE_BOOKING]),
                name="one_active_booking_per_person",
            ),
            models.UniqueConstraint(fields=["session", "arrival"], name="booking_arrival_unique"),
        ]
        indexes = [
            models.Index(fields=["session", "status", "arrival"], name="booking_session_queue"),
            models.Index(fields=["person", "status"], name="booking_person_status"),
            models.Index(fields=["status", "created_at"], name="booking_status_created"),
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.session} ({self.status})"


class Completion(models.Model):
    """A course completed: from a register, an e-learning record or an import."""

    class Source(models.TextChoices):
        SESSION = "session", "Attended a session"
        E_LEARNING = "e_learning", "E-learning"
        IMPORT = "import", "Imported"
        RECORDED = "recorded", "Recorded by a coordinator"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="completions")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="completions")
    completed_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices)
    booking = models.OneToOneField(
        Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="completion"
    )
    certificate_number = models.CharField(max_length=40, unique=True)
    recorded_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "course", "completed_on"], name="one_completion_a_day"
            ),
        ]
        indexes = [
            models.Index(fields=["person", "course", "-completed_on"], name="completion_latest"),
            models.Index(fields=["expires_on"], name="completion_expiry"),
        ]

    def __str__(self) -> str:
        return f"{self.person} completed {self.course} on {self.completed_on}"


class CpdEntry(models.Model):
    """A piece of CPD for Social Work England, in the fields of its online form."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="cpd_entries")
    registration_year_starts = models.DateField(help_text="1 December that starts the SWE year.")
    title = models.CharField(max_length=200)
    activity_date = models.DateField()
    hours = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0"))
    activity = models.TextField(help_text="What the activity was and why it was relevant.")
    learning = models.TextField(help_text="What was learnt.")
    impact = models.TextField(help_text="The impact on practice and on people.")
    peer_reflection = models.BooleanField(default=False)
    peer_learning = models.TextField(
        blank=True, help_text="What was learnt from the peer discussion."
    )
    booking = models.ForeignKey(
        Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completion = models.ForeignKey(
        Completion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "CPD entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(peer_reflection=False) | ~Q(peer_learning=""),
                name="cpd_peer_reflection_says_what",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "registration_year_starts"], name="cpd_person_year"),
        ]

    def __str__(self) -> str:
        return self.title


def _feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A private, revocable address for a person's booked sessions as an iCalendar feed."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.person}"
