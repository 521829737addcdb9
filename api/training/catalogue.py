"""The catalogue: courses (with who must hold them), event series and sessions with their places.

Anyone signed in reads the catalogue; training coordinators create and change it and cancel
sessions.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from academy.common.cqc import QualityStatement
from academy.pathways.models import PcfDomain
from academy.people.models import Organisation, Person, Role, Team
from academy.training import selectors, services
from academy.training.models import Course, EventSeries, Requirement, Session
from api.filters import BooleanFilter, IdFilter
from api.permissions import HasRule
from api.training.common import COORDINATE, session_for, valid, viewer
from api.training.shapes import CourseOut, SeriesDetailOut, SeriesOut, SessionDetailOut, SessionOut


# ---------------------------------------------------------------------------------------------
# Courses
# ---------------------------------------------------------------------------------------------
class CourseFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        max_length=100, help_text="Words that each appear in the title or description."
    )
    mode = django_filters.ChoiceFilter(choices=Course.Mode.choices, help_text="Delivery mode.")
    active = BooleanFilter(help_text="In the catalogue (true) or retired (false); both if absent.")

    class Meta:
        model = Course
        fields = ("search", "mode", "active")

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        """The selector searches (one home for how courses are found)."""
        data = self.form.cleaned_data
        courses = selectors.courses_list(
            active_only=data.get("active") is True,
            search=data.get("search") or "",
            mode=data.get("mode") or "",
        )
        return courses.filter(active=False) if data.get("active") is False else courses


class RequirementIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Requirement.Kind.choices)
    role = serializers.ChoiceField(choices=Role.choices, required=False, help_text="For a role.")
    job_title = serializers.CharField(max_length=150, required=False, help_text="For a job title.")
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(), required=False, help_text="For a team (id)."
    )


class CourseIn(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    provider = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), help_text="The organisation that runs it (id)."
    )
    provider_unit = serializers.CharField(max_length=150, required=False, allow_blank=True)
    delivery_mode = serializers.ChoiceField(choices=Course.Mode.choices)
    duration_minutes = serializers.IntegerField(min_value=0, required=False)
    cpd_hours = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, required=False
    )
    refresh_months = serializers.IntegerField(
        min_value=1,
        allow_null=True,
        required=False,
        help_text="Months a completion lasts; null: it never expires. Left out of a new "
        "course: TRAINING_DEFAULT_REFRESH_MONTHS (36).",
    )
    needs_manager_approval = serializers.BooleanField(required=False)
    partner_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=Organisation.Kind.choices),
        required=False,
        help_text="Kinds of partner organisation whose staff may book (the host's always may).",
    )
    late_cancellation_days = serializers.IntegerField(min_value=0, required=False)
    cqc_statements = serializers.ListField(
        child=serializers.ChoiceField(choices=QualityStatement.choices), required=False
    )
    active = serializers.BooleanField(required=False)
    requirements = RequirementIn(
        many=True,
        required=False,
        help_text="Who must hold it; when sent, replaces the list ([] for nobody).",
    )
    pcf_domains = serializers.SlugRelatedField(
        slug_field="key",
        queryset=PcfDomain.objects.all(),
        many=True,
        required=False,
        help_text="PCF domain keys (see /api/v1/pcf-domains/); when sent, replaces the list.",
    )


class CourseUpdateIn(CourseIn):
    """Every field optional; only the fields sent change."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


def _save_course(data: dict[str, Any], course: Course | None = None) -> Course:
    requirements = data.pop("requirements", None)
    pcf_domains = data.pop("pcf_domains", None)
    return services.course_save(
        data=data, course=course, requirements=requirements, pcf_domains=pcf_domains
    )


def _course_out(pk: int) -> dict[str, Any]:
    return dict(CourseOut(selectors.courses_list(active_only=False).get(pk=pk)).data)


class CourseList(generics.ListAPIView):
    """The course catalogue by title, with who must hold each course and its PCF domains."""

    permission_classes = [HasRule]
    permission_required = {"POST": COORDINATE}
    serializer_class = CourseOut
    filterset_class = CourseFilter
    ordering = ("title", "id")

    def get_queryset(self) -> QuerySet[Course]:
        return selectors.courses_list(active_only=False)

    @extend_schema(request=CourseIn, responses={201: CourseOut})
    def post(self, request: Request) -> Response:
        course = _save_course(valid(CourseIn, request.data))
        return Response(_course_out(course.pk), status=status.HTTP_201_CREATED)


class CourseDetail(generics.RetrieveAPIView):
    permission_classes = [HasRule]
    permission_required = {"PATCH": COORDINATE}
    serializer_class = CourseOut
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Course]:
        return selectors.courses_list(active_only=False)

    @extend_schema(request=CourseUpdateIn, responses={200: CourseOut})
    def patch(self, request: Request, pk: int) -> Response:
        course = self.get_object()
        _save_course(valid(CourseUpdateIn, request.data, partial=True), course)
        return Response(_course_out(pk))


# ---------------------------------------------------------------------------------------------
# Event series
# ---------------------------------------------------------------------------------------------
class SeriesIn(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    slug = serializers.SlugField(max_length=80, help_text="A short unique name for addresses.")
    description = serializers.CharField(required=False, allow_blank=True)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class SeriesList(generics.ListAPIView):
    """Event series such as Safeguarding Week, latest first."""

    permission_classes = [HasRule]
    permission_required = {"POST": COORDINATE}
    serializer_class = SeriesOut
    ordering = ("-starts_on", "id")

    def get_queryset(self) -> QuerySet[EventSeries]:
        return selectors.series_list()

    @extend_schema(request=SeriesIn, responses={201: SeriesDetailOut})
    def post(self, request: Request) -> Response:
        series = services.series_save(data=valid(SeriesIn, request.data))
        return Response(_series_out(series.pk, request), status=status.HTTP_201_CREATED)


def _series_out(pk: int, request: Request) -> dict[str, Any]:
    series = get_object_or_404(selectors.series_list(), pk=pk)
    sessions = selectors.sessions_list(series_id=pk).order_by("starts_at", "id")
    context = {"sessions": sessions, "joining_links": selectors.JoiningLinks(request.user)}
    return dict(SeriesDetailOut(series, context=context).data)


class SeriesDetail(APIView):
    """A series with its sessions (and their places), earliest first."""

    @extend_schema(responses={200: SeriesDetailOut})
    def get(self, request: Request, pk: int) -> Response:
        return Response(_series_out(pk, request))


# ---------------------------------------------------------------------------------------------
# Sessions
# ---------------------------------------------------------------------------------------------
class SessionFilter(django_filters.FilterSet):
    course = IdFilter(help_text="Sessions of this course (id).")
    series = IdFilter(help_text="Sessions in this event series (id).")
    starts_after = django_filters.IsoDateTimeFilter(
        help_text="Starting at or after this time (ISO 8601)."
    )
    starts_before = django_filters.IsoDateTimeFilter(help_text="Starting before this time.")
    has_places = BooleanFilter(
        help_text="Still to start, scheduled, with a place free (true); full (false). A full "
        "session still takes bookings, on its waiting list."
    )
    open_to_partners = BooleanFilter(
        help_text="Open to staff of some partner organisations (true); host's staff only (false)."
    )

    class Meta:
        model = Session
        fields = (
            "course",
            "series",
            "starts_after",
            "starts_before",
            "has_places",
            "open_to_partners",
        )

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        """The selector applies the filters and counts the places."""
        data = self.form.cleaned_data
        return selectors.sessions_list(
            course_id=data.get("course"),
            series_id=data.get("series"),
            starts_after=data.get("starts_after"),
            starts_before=data.get("starts_before"),
            has_places=data.get("has_places"),
            open_to_partners=data.get("open_to_partners"),
        )


class SessionIn(serializers.Serializer):
    course = serializers.PrimaryKeyRelatedField(queryset=Course.objects.all())
    series = serializers.PrimaryKeyRelatedField(
        queryset=EventSeries.objects.all(), required=False, allow_null=True
    )
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    venue = serializers.CharField(max_length=300, required=False, allow_blank=True)
    joining_link = serializers.URLField(max_length=500, required=False, allow_blank=True)
    capacity = serializers.IntegerField(min_value=1, help_text="Places.")
    booking_opens_at = serializers.DateTimeField(required=False, allow_null=True)
    booking_closes_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="By the start at the latest."
    )
    facilitators = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), many=True, required=False
    )


class SessionUpdateIn(SessionIn):
    """Every field optional except that the course cannot change. Moving the time or place
    sends booked people an updated invite; more places go to the waiting list at once."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("course")
        for field in self.fields.values():
            field.required = False


class SessionCancelIn(serializers.Serializer):
    reason = serializers.CharField(help_text="Told to everyone booked.")


def _session_out(pk: int, request: Request) -> dict[str, Any]:
    sessions = selectors.with_counts(Session.objects.all()).prefetch_related("facilitators")
    context = {"joining_links": selectors.JoiningLinks(request.user)}
    return dict(SessionDetailOut(get_object_or_404(sessions, pk=pk), context=context).data)


class SessionList(generics.ListAPIView):
    """Sessions, earliest first, with their places: capacity, booked, left, waiting."""

    permission_classes = [HasRule]
    permission_required = {"POST": COORDINATE}
    serializer_class = SessionOut
    filterset_class = SessionFilter
    ordering = ("starts_at", "id")

    def get_queryset(self) -> QuerySet[Session]:
        return selectors.sessions_list()

    def get_serializer_context(self) -> dict[str, Any]:
        return {
            **super().get_serializer_context(),
            "joining_links": selectors.JoiningLinks(self.request.user),
        }

    @extend_schema(request=SessionIn, responses={201: SessionDetailOut})
    def post(self, request: Request) -> Response:
        data = valid(SessionIn, request.data)
        course = data.pop("course")
        facilitators = data.pop("facilitators", [])
        session = services.session_create(course=course, data=data, facilitators=facilitators)
        return Response(_session_out(session.pk, request), status=status.HTTP_201_CREATED)


class SessionDetail(APIView):
    permission_classes = [HasRule]
    permission_required = {"PATCH": COORDINATE}

    @extend_schema(responses={200: SessionDetailOut})
    def get(self, request: Request, pk: int) -> Response:
        return Response(_session_out(pk, request))

    @extend_schema(request=SessionUpdateIn, responses={200: SessionDetailOut})
    def patch(self, request: Request, pk: int) -> Response:
        session = session_for(pk)
        data = valid(SessionUpdateIn, request.data, partial=True)
        facilitators = data.pop("facilitators", None)
        services.session_update(session=session, data=data, facilitators=facilitators)
        return Response(_session_out(pk, request))


class SessionCancel(APIView):
    """Cancel a session: every booking on it is cancelled and each person told."""

    permission_classes = [HasRule]
    permission_required = {"POST": COORDINATE}

    @extend_schema(request=SessionCancelIn, responses={200: SessionDetailOut})
    def post(self, request: Request, pk: int) -> Response:
        session = session_for(pk)
        data = valid(SessionCancelIn, request.data)
        services.session_cancel(session=session, reason=data["reason"], actor=viewer(request))
        return Response(_session_out(pk, request))
