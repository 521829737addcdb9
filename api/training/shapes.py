"""What the training endpoints answer with. Dates are ISO 8601 (``2026-01-31``), times ISO 8601
with their offset (UTC as stored)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from academy.training import rules
from academy.training.models import (
    Booking,
    CalendarFeed,
    Completion,
    Course,
    CpdEntry,
    EventSeries,
    Requirement,
    Session,
)
from api.pathways.shapes import PcfDomainOut, PersonRef
from api.people import OrganisationRef


def _link(serializer: serializers.Serializer, name: str, **kwargs: Any) -> str:
    url = reverse(name, kwargs=kwargs)
    request = serializer.context.get("request")
    return request.build_absolute_uri(url) if request is not None else url


# ---------------------------------------------------------------------------------------------
# The catalogue
# ---------------------------------------------------------------------------------------------
class CourseRef(serializers.ModelSerializer):
    class Meta:
        model = Course
        fields = ("id", "title", "delivery_mode")


class RequirementOut(serializers.ModelSerializer):
    team = serializers.IntegerField(source="team_id", allow_null=True, help_text="A team's id.")

    class Meta:
        model = Requirement
        fields = ("kind", "role", "job_title", "team")


class CourseOut(serializers.ModelSerializer):
    provider = OrganisationRef()
    requirements = RequirementOut(many=True, help_text="Who must hold the course.")
    pcf_domains = PcfDomainOut(many=True)

    class Meta:
        model = Course
        fields = (
            "id",
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
            "requirements",
            "pcf_domains",
            "active",
            "created_at",
        )


class SeriesRef(serializers.ModelSerializer):
    class Meta:
        model = EventSeries
        fields = ("id", "title", "slug")


class SeriesOut(serializers.ModelSerializer):
    session_count = serializers.IntegerField(help_text="Sessions in the series, cancelled too.")

    class Meta:
        model = EventSeries
        fields: tuple[str, ...] = (
            "id",
            "title",
            "slug",
            "description",
            "starts_on",
            "ends_on",
            "session_count",
        )


class SessionOut(serializers.ModelSerializer):
    """A session with its places, counted when read (``selectors.with_counts``)."""

    course = CourseRef()
    series = SeriesRef(allow_null=True)
    booked_count = serializers.IntegerField(help_text="Bookings holding a place.")
    places_left = serializers.SerializerMethodField()
    waitlist_count = serializers.IntegerField(help_text="People on the waiting list.")
    requested_count = serializers.IntegerField(help_text="Requests awaiting a manager.")
    joining_link = serializers.SerializerMethodField(
        help_text="The online joining link, for people with a place and training coordinators; "
        "null for others. Empty when the session has none."
    )

    class Meta:
        model = Session
        fields: tuple[str, ...] = (
            "id",
            "course",
            "series",
            "starts_at",
            "ends_at",
            "venue",
            "joining_link",
            "capacity",
            "booked_count",
            "places_left",
            "waitlist_count",
            "requested_count",
            "booking_opens_at",
            "booking_closes_at",
            "status",
            "cancelled_reason",
            "created_at",
        )

    def get_places_left(self, session: Any) -> int:
        return rules.places_left(capacity=session.capacity, holding=session.booked_count)

    def get_joining_link(self, session: Session) -> str | None:
        """Serialise with ``context={"joining_links": selectors.JoiningLinks(user)}``; without
        it the link is shown to nobody."""
        links = self.context.get("joining_links")
        if not session.joining_link:
            return ""
        return session.joining_link if links is not None and links.shown(session.pk) else None


class SessionDetailOut(SessionOut):
    facilitators = PersonRef(many=True)

    class Meta(SessionOut.Meta):
        fields = (*SessionOut.Meta.fields, "facilitators")


class SeriesDetailOut(SeriesOut):
    """A series with its sessions, earliest first. Serialise with ``context={"sessions": ...,
    "joining_links": ...}``."""

    sessions = serializers.SerializerMethodField()

    class Meta(SeriesOut.Meta):
        fields = (*SeriesOut.Meta.fields, "sessions")

    @extend_schema_field(SessionOut(many=True))
    def get_sessions(self, series: EventSeries) -> list[dict[str, Any]]:
        return list(SessionOut(self.context["sessions"], many=True, context=self.context).data)


# ---------------------------------------------------------------------------------------------
# Bookings
# ---------------------------------------------------------------------------------------------
class SessionRef(serializers.ModelSerializer):
    course = CourseRef()
    series = SeriesRef(allow_null=True)

    class Meta:
        model = Session
        fields = ("id", "course", "series", "starts_at", "ends_at", "venue", "status")


class BookingOut(serializers.ModelSerializer):
    """A booking. Serialise with ``context={"positions": {booking id: place in the queue}}``
    (``selectors.waitlist_positions_for``) so waitlisted bookings show their place."""

    session = SessionRef()
    person = PersonRef()
    waitlist_position = serializers.SerializerMethodField(
        help_text="1 for the first person waiting; null unless waitlisted."
    )
    invite = serializers.SerializerMethodField(help_text="The calendar invite (.ics).")

    class Meta:
        model = Booking
        fields: tuple[str, ...] = (
            "id",
            "session",
            "person",
            "status",
            "waitlist_position",
            "arrival",
            "booked_by",
            "decided_by",
            "decided_at",
            "cancelled_at",
            "late_cancellation",
            "cancel_reason",
            "invite",
            "created_at",
            "updated_at",
        )

    def get_waitlist_position(self, booking: Booking) -> int | None:
        return self.context.get("positions", {}).get(booking.pk)

    def get_invite(self, booking: Booking) -> str:
        return _link(self, "api-booking-invite", pk=booking.pk)


class BookingWarningOut(serializers.Serializer):
    code = serializers.CharField(help_text="clash: booked on another session at the same time.")
    message = serializers.CharField()
    session = serializers.IntegerField(help_text="The other session's id.")


class BookingCreatedOut(BookingOut):
    """A new booking, with what the booker should know (it is made all the same). Serialise
    with ``context={"warnings": [...]}`` as well."""

    warnings = serializers.SerializerMethodField()

    class Meta(BookingOut.Meta):
        fields = (*BookingOut.Meta.fields, "warnings")

    @extend_schema_field(BookingWarningOut(many=True))
    def get_warnings(self, booking: Booking) -> list[dict[str, Any]]:
        return list(BookingWarningOut(self.context.get("warnings", []), many=True).data)


class ImportRowOut(serializers.Serializer):
    line = serializers.IntegerField(help_text="The line of the file (the header is line 1).")
    key = serializers.CharField(help_text="The row's work email.")
    outcome = serializers.CharField(
        help_text="booked, waitlisted or requested (bookings); recorded (completions); refused."
    )
    detail = serializers.CharField(help_text="Why a row was refused; the course recorded.")


class ImportReportOut(serializers.Serializer):
    rows = ImportRowOut(many=True)
    summary = serializers.DictField(
        child=serializers.IntegerField(), help_text="Rows of each outcome."
    )


# ---------------------------------------------------------------------------------------------
# Completions and compliance
# ---------------------------------------------------------------------------------------------
class CompletionOut(serializers.ModelSerializer):
    person = PersonRef()
    course = CourseRef()
    certificate = serializers.SerializerMethodField(help_text="The certificate (PDF).")

    class Meta:
        model = Completion
        fields = (
            "id",
            "person",
            "course",
            "completed_on",
            "expires_on",
            "source",
            "booking",
            "certificate_number",
            "certificate",
            "recorded_by",
            "created_at",
        )

    def get_certificate(self, completion: Completion) -> str:
        return _link(self, "api-completion-certificate", pk=completion.pk)


class ComplianceItemOut(serializers.Serializer):
    course = CourseRef()
    state = serializers.ChoiceField(
        choices=[s.value for s in rules.Compliance],
        help_text="compliant; expiring (within the warning window); expired; missing.",
    )
    completed_on = serializers.DateField(allow_null=True, help_text="The latest completion.")
    expires_on = serializers.DateField(allow_null=True, help_text="Null: it never expires.")
    completion = serializers.IntegerField(allow_null=True, help_text="The latest completion's id.")


class ComplianceOut(serializers.Serializer):
    person = PersonRef()
    as_of = serializers.DateField()
    expiring_days = serializers.IntegerField(help_text="Days before expiry that count as expiring.")
    courses = ComplianceItemOut(many=True, help_text="Each course the person must hold.")


# ---------------------------------------------------------------------------------------------
# CPD and calendar feeds
# ---------------------------------------------------------------------------------------------
class CpdEntryOut(serializers.ModelSerializer):
    class Meta:
        model = CpdEntry
        fields = (
            "id",
            "title",
            "activity_date",
            "hours",
            "activity",
            "learning",
            "impact",
            "peer_reflection",
            "peer_learning",
            "booking",
            "completion",
            "registration_year_starts",
            "created_at",
            "updated_at",
        )


class CpdDraftOut(serializers.Serializer):
    """A CPD entry filled in from an attended session, to complete and send as a new entry."""

    title = serializers.CharField()
    activity_date = serializers.DateField()
    hours = serializers.DecimalField(max_digits=5, decimal_places=2)
    activity = serializers.CharField()
    learning = serializers.CharField()
    impact = serializers.CharField()
    peer_reflection = serializers.BooleanField()
    peer_learning = serializers.CharField()
    booking = serializers.IntegerField(source="booking.pk")


class CpdStandingOut(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[s.value for s in rules.CpdStatus],
        help_text="met; short (more CPD needed); exempt (first registered in this year's "
        "renewal window).",
    )
    entries = serializers.IntegerField()
    peer_reflections = serializers.IntegerField()
    entries_needed = serializers.IntegerField()
    peer_reflections_needed = serializers.IntegerField()
    year_start = serializers.DateField(help_text="The registration year's first day.")
    year_end = serializers.DateField(help_text="The registration year's last day.")
    reason = serializers.CharField()


class CalendarFeedOut(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(
        help_text="The private address to subscribe to; anyone holding it sees your sessions."
    )

    class Meta:
        model = CalendarFeed
        fields = ("url", "created_at")

    def get_url(self, feed: CalendarFeed) -> str:
        return _link(self, "web:calendar-feed", token=feed.token)
