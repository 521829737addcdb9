"""Pathway templates, cohorts and the PCF domains: what the PSW plans with.

Anyone signed in reads the templates and the domains; the PSW, DASS and principal OT read the
cohorts; only the PSW copies and edits templates and creates and changes cohorts.
"""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from academy.pathways import selectors, services
from academy.pathways.models import Cohort, PathwayTemplate, PcfDomain
from academy.people.models import PcfLevel, Person
from api.filters import BooleanFilter, IdFilter
from api.pathways.common import valid
from api.pathways.shapes import CohortOut, PathwayTemplateOut, PcfDomainOut
from api.permissions import HasRule


# ---------------------------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------------------------
class PathwayTemplateFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=PathwayTemplate.Kind.choices)
    active = BooleanFilter(help_text="In use (true) or retired (false).")

    class Meta:
        model = PathwayTemplate
        fields = ("kind", "active")


class PathwayTemplateCopyIn(serializers.Serializer):
    key = serializers.SlugField(max_length=60, help_text="A new, unique key for the copy.")
    name = serializers.CharField(max_length=150)


class PathwayTemplateUpdateIn(serializers.Serializer):
    """The template fields the PSW may change (``services.TEMPLATE_FIELDS``), each optional."""

    name = serializers.CharField(max_length=150, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    duration_months = serializers.IntegerField(min_value=1, max_value=120, required=False)
    pass_fail = serializers.BooleanField(required=False)
    pcf_level_on_pass = serializers.ChoiceField(
        choices=PcfLevel.choices, allow_blank=True, required=False
    )
    supervision_schedule = serializers.JSONField(
        required=False,
        help_text='Bands in order, e.g. [{"every": {"days": 7}, "until": {"days": 42}}, '
        '{"every": {"months": 1}}].',
    )
    development_rule = serializers.JSONField(
        required=False, help_text='e.g. {"kind": "percent_of_hours", "percent": 10}.'
    )
    reduced_workload_percent = serializers.IntegerField(
        min_value=0, max_value=100, allow_null=True, required=False
    )
    evidence_minimums = serializers.JSONField(
        required=False, help_text='Items of each evidence kind, e.g. {"direct_observation": 3}.'
    )
    evidence_deadline_key = serializers.CharField(max_length=40, allow_blank=True, required=False)
    eligibility_checks = serializers.JSONField(required=False)
    due_soon_days = serializers.IntegerField(min_value=0, max_value=365, required=False)
    development_alert_percent = serializers.IntegerField(min_value=0, max_value=100, required=False)
    development_grace_days = serializers.IntegerField(min_value=0, max_value=365, required=False)
    reflective_supervisor_registration = serializers.ChoiceField(
        choices=PathwayTemplate.SupervisorRegistration.choices, required=False
    )
    active = serializers.BooleanField(required=False)


class PathwayTemplateList(generics.ListAPIView):
    """Pathway templates with their milestones, by name."""

    permission_classes = [HasRule]
    permission_required = "pathways.view_template"
    serializer_class = PathwayTemplateOut
    filterset_class = PathwayTemplateFilter
    ordering = ("name", "id")

    def get_queryset(self) -> QuerySet[PathwayTemplate]:
        return selectors.templates_list()


class PathwayTemplateDetail(generics.RetrieveAPIView):
    """A template with its milestones; the PSW changes its fields (enrolments already made keep
    their dates)."""

    permission_classes = [HasRule]
    permission_required = "pathways.view_template"
    # Checked on the template found, so a template that does not exist is 404 for everyone.
    object_permission_required = {"PATCH": "pathways.plan"}
    serializer_class = PathwayTemplateOut
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[PathwayTemplate]:
        return selectors.templates_list()

    @extend_schema(request=PathwayTemplateUpdateIn, responses={200: PathwayTemplateOut})
    def patch(self, request: Request, pk: int) -> Response:
        template = self.get_object()
        changes = valid(PathwayTemplateUpdateIn, request.data, partial=True)
        services.pathway_template_update(template=template, changes=changes)
        return Response(PathwayTemplateOut(selectors.templates_list().get(pk=pk)).data)


class PathwayTemplateCopy(APIView):
    """Copy a template, milestones and all, as a local variant for the PSW to edit."""

    permission_classes = [HasRule]
    permission_required = "pathways.view_template"
    object_permission_required = "pathways.plan"

    @extend_schema(request=PathwayTemplateCopyIn, responses={201: PathwayTemplateOut})
    def post(self, request: Request, pk: int) -> Response:
        template = get_object_or_404(selectors.templates_list(), pk=pk)
        self.check_object_permissions(request, template)
        data = valid(PathwayTemplateCopyIn, request.data)
        copy = services.pathway_template_copy(template=template, **data)
        out = PathwayTemplateOut(selectors.templates_list().get(pk=copy.pk))
        return Response(out.data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------------------------------------
# Cohorts
# ---------------------------------------------------------------------------------------------
class CohortFilter(django_filters.FilterSet):
    pathway_template = IdFilter(field_name="pathway", help_text="Cohorts on this pathway (id).")

    class Meta:
        model = Cohort
        fields = ("pathway_template",)


class CohortIn(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    pathway_template = serializers.PrimaryKeyRelatedField(queryset=PathwayTemplate.objects.all())
    start_date = serializers.DateField()
    capacity = serializers.IntegerField(min_value=1, help_text="Places in the cohort.")
    lead = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )


class CohortUpdateIn(serializers.Serializer):
    name = serializers.CharField(max_length=150, required=False)
    start_date = serializers.DateField(required=False)
    capacity = serializers.IntegerField(
        min_value=1, required=False, help_text="Not below the number enrolled."
    )
    lead = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )


class CohortList(generics.ListAPIView):
    """Cohorts, latest start first, with capacity, places taken and status counts."""

    permission_classes = [HasRule]
    permission_required = {"GET": "pathways.view_all", "POST": "pathways.plan"}
    serializer_class = CohortOut
    filterset_class = CohortFilter
    ordering = ("-start_date", "id")

    def get_queryset(self) -> QuerySet[Cohort]:
        return selectors.cohorts_overview()

    @extend_schema(request=CohortIn, responses={201: CohortOut})
    def post(self, request: Request) -> Response:
        data = valid(CohortIn, request.data)
        cohort = services.cohort_create(pathway=data.pop("pathway_template"), **data)
        out = CohortOut(selectors.cohorts_overview().get(pk=cohort.pk))
        return Response(out.data, status=status.HTTP_201_CREATED)


class CohortDetail(generics.RetrieveAPIView):
    """A cohort with its counts. Only those who see every cohort find one (anyone else gets
    404, as from the cohort's page); of those, the PSW changes it."""

    permission_classes = [HasRule]
    object_permission_required = {"PATCH": "pathways.plan"}
    serializer_class = CohortOut
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Cohort]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator, with no request
            return Cohort.objects.none()
        if not self.request.user.has_perm("pathways.view_all"):
            return Cohort.objects.none()
        return selectors.cohorts_overview()

    @extend_schema(request=CohortUpdateIn, responses={200: CohortOut})
    def patch(self, request: Request, pk: int) -> Response:
        cohort = self.get_object()
        changes = valid(CohortUpdateIn, request.data, partial=True)
        services.cohort_update(cohort=cohort, changes=changes)
        return Response(CohortOut(selectors.cohorts_overview().get(pk=pk)).data)


# ---------------------------------------------------------------------------------------------
# PCF domains
# ---------------------------------------------------------------------------------------------
class PcfDomainList(generics.ListAPIView):
    """The nine domains of the Professional Capabilities Framework, the keys evidence is
    tagged with."""

    serializer_class = PcfDomainOut
    ordering = ("position", "id")

    def get_queryset(self) -> QuerySet[PcfDomain]:
        return selectors.pcf_domains_list()
