"""Audit templates and learning themes: anyone signed in reads them; the PSW revises a template
(a new version once audits have been submitted on it) and keeps the list of themes."""

from __future__ import annotations

from decimal import Decimal

import django_filters
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from academy.audits import selectors, services
from academy.audits.models import AuditTemplate, AuditTheme, Grade, PracticeStandard
from academy.common.cqc import QualityStatement
from api.audits.common import valid
from api.audits.shapes import AuditTemplateOut, AuditThemeOut
from api.filters import BooleanFilter
from api.permissions import HasRule


# ---------------------------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------------------------
class AuditQuestionIn(serializers.Serializer):
    text = serializers.CharField(max_length=300)
    guidance = serializers.CharField(required=False, allow_blank=True, default="")
    practice_standard = serializers.ChoiceField(
        choices=PracticeStandard.choices, required=False, allow_blank=True, default=""
    )
    cqc_statement = serializers.ChoiceField(
        choices=QualityStatement.choices, required=False, allow_blank=True, default=""
    )
    weight = serializers.DecimalField(
        max_digits=4,
        decimal_places=2,
        min_value=Decimal("0.01"),
        required=False,
        default=Decimal("1"),
    )
    limiting = serializers.BooleanField(
        required=False, default=False, help_text="A No caps the grade at the template's cap."
    )


class AuditSectionIn(serializers.Serializer):
    title = serializers.CharField(max_length=150)
    questions = AuditQuestionIn(many=True)


class AuditTemplateReviseIn(serializers.Serializer):
    """The settings the PSW may change, each optional; ``sections``, when given, replace every
    section and question."""

    name = serializers.CharField(max_length=150, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    answer_scores = serializers.JSONField(
        required=False, help_text='Score of each answer, e.g. {"yes": 1, "partly": 0.5, "no": 0}.'
    )
    grade_bands = serializers.JSONField(
        required=False,
        help_text='Lowest score of each grade, best first: [{"grade": "outstanding", "min": 85}, '
        "…].",
    )
    limiting_cap = serializers.ChoiceField(choices=Grade.choices, required=False)
    reaudit_months = serializers.IntegerField(min_value=1, max_value=24, required=False)
    sections = AuditSectionIn(many=True, required=False)


class AuditTemplateList(generics.ListAPIView):
    """The current version of each audit template, with its sections and questions."""

    serializer_class = AuditTemplateOut
    ordering = ("name", "id")

    def get_queryset(self) -> QuerySet[AuditTemplate]:
        return selectors.current_templates()


class AuditTemplateDetail(generics.RetrieveAPIView):
    """A current template; the PSW revises it. Once audits have been submitted on it, a
    revision is a new version (a new id, answered here) and the audits keep the old one."""

    permission_classes = [HasRule]
    permission_required = {"PATCH": "audits.lead"}
    serializer_class = AuditTemplateOut
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[AuditTemplate]:
        return selectors.current_templates()

    @extend_schema(request=AuditTemplateReviseIn, responses={200: AuditTemplateOut})
    def patch(self, request: Request, pk: int) -> Response:
        template = self.get_object()
        data = valid(AuditTemplateReviseIn, request.data, partial=True)
        sections = data.pop("sections", None)
        revised = services.audit_template_revise(template=template, changes=data, sections=sections)
        return Response(AuditTemplateOut(selectors.current_templates().get(pk=revised.pk)).data)


# ---------------------------------------------------------------------------------------------
# Themes
# ---------------------------------------------------------------------------------------------
class AuditThemeFilter(django_filters.FilterSet):
    active = BooleanFilter(help_text="Offered for new audits (true) or retired (false).")

    class Meta:
        model = AuditTheme
        fields = ("active",)


class AuditThemeIn(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    active = serializers.BooleanField(required=False, default=True)


class AuditThemeList(generics.ListAPIView):
    """The learning themes audits are tagged with, by name; the PSW adds one."""

    permission_classes = [HasRule]
    permission_required = {"POST": "audits.lead"}
    serializer_class = AuditThemeOut
    filterset_class = AuditThemeFilter
    ordering = ("name", "id")

    def get_queryset(self) -> QuerySet[AuditTheme]:
        return selectors.themes(active_only=False)

    @extend_schema(request=AuditThemeIn, responses={201: AuditThemeOut})
    def post(self, request: Request) -> Response:
        data = valid(AuditThemeIn, request.data)
        theme = services.theme_save(**data)
        return Response(AuditThemeOut(theme).data, status=status.HTTP_201_CREATED)


class AuditThemeDetail(generics.RetrieveAPIView):
    """A theme; the PSW renames, describes or retires it (audits keep their tags)."""

    permission_classes = [HasRule]
    permission_required = {"PATCH": "audits.lead"}
    serializer_class = AuditThemeOut
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[AuditTheme]:
        return selectors.themes(active_only=False)

    @extend_schema(request=AuditThemeIn, responses={200: AuditThemeOut})
    def patch(self, request: Request, pk: int) -> Response:
        theme = get_object_or_404(self.get_queryset(), pk=pk)
        data = valid(AuditThemeIn, request.data, partial=True)
        saved = services.theme_save(
            name=data.get("name", theme.name),
            description=data.get("description", theme.description),
            active=data.get("active", theme.active),
            theme=theme,
        )
        return Response(AuditThemeOut(saved).data)
