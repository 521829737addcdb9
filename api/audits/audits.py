"""Case file audits: the list each role may see, recording (a team manager, for their own
teams' practitioners), one audit, changing or discarding a draft, the practitioner's
acknowledgement and CPD draft, and the action plan.

An audit the caller may not see is 404; one they see but may not change is 403.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from academy.audits import selectors, services
from academy.audits.models import (
    Answer,
    AuditAction,
    AuditTemplate,
    AuditTheme,
    CaseAudit,
    Grade,
)
from academy.audits.permissions import leads_audits
from academy.people.models import Person
from academy.people.permissions import viewer_for
from api.audits.common import MONTH_HINT, audit_for, parse_month
from api.audits.shapes import AuditActionOut, AuditDetailOut, AuditOut, CpdPrefillOut
from api.errors import ApiError
from api.filters import IdFilter
from api.permissions import HasRule


def one_audit(pk: int) -> dict[str, Any]:
    return dict(AuditDetailOut(selectors.with_detail(CaseAudit.objects.filter(pk=pk)).get()).data)


# ---------------------------------------------------------------------------------------------
# The list and recording
# ---------------------------------------------------------------------------------------------
class MonthField(forms.CharField):
    default_error_messages = {"invalid": MONTH_HINT}

    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        text = str(value or "").strip()
        if not text:
            return None
        try:
            return parse_month(text)
        except ValueError as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc


@extend_schema_field(OpenApiTypes.STR)
class MonthFilter(django_filters.Filter):
    field_class = MonthField


class AuditFilter(django_filters.FilterSet):
    team = IdFilter(help_text="Audits of this team's practitioners (id).")
    practitioner = IdFilter(help_text="Audits of this practitioner's work (id).")
    status = django_filters.ChoiceFilter(choices=CaseAudit.Status.choices)
    grade = django_filters.ChoiceFilter(choices=Grade.choices)
    month = MonthFilter(help_text="Audits dated in this month, as YYYY-MM.")

    class Meta:
        model = CaseAudit
        fields = ("team", "practitioner", "status", "grade", "month")

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        """The selector applies the filters, inside what the caller may see."""
        data = self.form.cleaned_data
        return selectors.audit_list(
            viewer=viewer_for(self.request.user),
            team_id=data.get("team"),
            practitioner_id=data.get("practitioner"),
            status=data.get("status") or None,
            grade=data.get("grade") or None,
            month=data.get("month"),
        )


@extend_schema_field(OpenApiTypes.INT)
class VisibleAuditField(serializers.PrimaryKeyRelatedField):
    """An audit the caller may see (any other id is "does not exist")."""

    def get_queryset(self) -> QuerySet[CaseAudit]:
        return selectors.audits_visible_to(self.context["viewer"])


class AuditAnswerIn(serializers.Serializer):
    question = serializers.IntegerField(help_text="A question of the audit's template (id).")
    answer = serializers.ChoiceField(
        choices=Answer.choices,
        allow_blank=True,
        required=False,
        default="",
        help_text="yes, partly, no or n/a (left out of the score); blank while a draft.",
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class AuditChangeIn(serializers.Serializer):
    """A draft's changes, each optional; ``answers`` and ``themes``, when given, replace them."""

    practitioner = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(),
        required=False,
        help_text="Someone in a team you manage, not you.",
    )
    case_reference = serializers.CharField(
        max_length=30,
        required=False,
        help_text="The case management system's reference, never a name.",
    )
    audit_date = serializers.DateField(required=False)
    answers = AuditAnswerIn(many=True, required=False)
    themes = serializers.PrimaryKeyRelatedField(
        queryset=AuditTheme.objects.all(), many=True, required=False
    )
    strengths = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    areas_to_develop = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    submit = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Submit now: every question must be answered; the score and grade are "
        "computed and the practitioner is told.",
    )
    grade_override = serializers.ChoiceField(
        choices=Grade.choices,
        required=False,
        allow_blank=True,
        help_text="On submitting: a grade other than the one computed (needs override_reason).",
    )
    override_reason = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    reaudit_of = VisibleAuditField(
        required=False,
        allow_null=True,
        help_text="The Inadequate audit of the same case this re-audits (id).",
    )


class AuditIn(AuditChangeIn):
    template = serializers.PrimaryKeyRelatedField(
        queryset=AuditTemplate.objects.all(), help_text="A current audit template (id)."
    )
    practitioner = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), help_text="Someone in a team you manage, not you."
    )
    case_reference = serializers.CharField(
        max_length=30, help_text="The case management system's reference, never a name."
    )
    audit_date = serializers.DateField()


def _valid(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    serializer = serializer_class(
        data=request.data,
        partial=serializer_class is AuditChangeIn,
        context={"viewer": viewer_for(request.user)},
    )
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _answers(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "question": item.get("question"),
            "answer": item.get("answer", ""),
            "comment": item.get("comment", ""),
        }
        for item in items
    ]


class AuditList(generics.ListAPIView):
    """Audits the caller may see, latest first: a team manager's teams' (drafts included), the
    practitioner's own once submitted, and every audit for the PSW and DASS."""

    permission_classes = [HasRule]
    permission_required = {"POST": "audits.record_audit"}
    serializer_class = AuditOut
    filterset_class = AuditFilter
    ordering = ("-audit_date", "-id")

    def get_queryset(self) -> QuerySet[CaseAudit]:
        return selectors.audit_list(viewer=viewer_for(self.request.user))

    @extend_schema(
        request=AuditIn,
        responses={201: AuditDetailOut},
        description="Record an audit as a draft, or submit it (submit: true). A case audited "
        "in the repeat window is refused unless the PSW allowed it or it re-audits an "
        "Inadequate audit; refusals name their field (answers.2.answer, case_reference…).",
    )
    def post(self, request: Request) -> Response:
        data = _valid(AuditIn, request)
        audit = services.audit_save(
            actor=viewer_for(request.user),
            template=data["template"],
            practitioner=data["practitioner"],
            case_reference=data["case_reference"],
            audit_date=data["audit_date"],
            answers=_answers(data.get("answers", [])),
            strengths=data.get("strengths", ""),
            areas_to_develop=data.get("areas_to_develop", ""),
            themes=data.get("themes", []),
            submit=data["submit"],
            grade_override=data.get("grade_override", ""),
            override_reason=data.get("override_reason", ""),
            reaudit_of=data.get("reaudit_of"),
        )
        return Response(one_audit(audit.pk), status=status.HTTP_201_CREATED)


class AuditDetail(APIView):
    """One audit in full; the team's manager changes or submits it while it is a draft, and
    the team's manager or the PSW discards a draft."""

    permission_classes = [HasRule]
    object_permission_required = {"GET": "audits.view_audit", "PATCH": "audits.change_audit"}

    @extend_schema(responses={200: AuditDetailOut})
    def get(self, request: Request, pk: int) -> Response:
        return Response(AuditDetailOut(audit_for(self, pk)).data)

    @extend_schema(request=AuditChangeIn, responses={200: AuditDetailOut})
    def patch(self, request: Request, pk: int) -> Response:
        audit = audit_for(self, pk)
        data = _valid(AuditChangeIn, request)
        answers = (
            _answers(data["answers"])
            if "answers" in data
            else [
                {"question": r.question_id, "answer": r.answer, "comment": r.comment}
                for r in audit.responses.all()
            ]
        )
        services.audit_save(
            actor=viewer_for(request.user),
            template=audit.template,
            practitioner=data.get("practitioner", audit.practitioner),
            case_reference=data.get("case_reference", audit.case_reference),
            audit_date=data.get("audit_date", audit.audit_date),
            answers=answers,
            strengths=data.get("strengths", audit.strengths),
            areas_to_develop=data.get("areas_to_develop", audit.areas_to_develop),
            themes=data.get("themes", list(audit.themes.all())),
            submit=data.get("submit", False),
            grade_override=data.get("grade_override", ""),
            override_reason=data.get("override_reason", ""),
            reaudit_of=data.get("reaudit_of", audit.reaudit_of),
            audit=audit,
        )
        return Response(one_audit(pk))

    @extend_schema(
        responses={
            204: OpenApiResponse(description="The draft is gone."),
            400: OpenApiResponse(ApiError, description="The audit is submitted: it is kept."),
        },
        description="Discard a draft begun in error: the team's manager or the PSW. Its "
        "answers go with it, it stops counting against the case's repeat window, and a PSW "
        "allowance it used is given back. A submitted audit is never discarded (400).",
    )
    def delete(self, request: Request, pk: int) -> Response:
        audit = audit_for(self, pk)
        services.audit_discard(audit=audit, actor=viewer_for(request.user))
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------------------------------------
# Feedback
# ---------------------------------------------------------------------------------------------
class AcknowledgeIn(serializers.Serializer):
    reflection = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=10000,
        help_text="What the practitioner takes from the feedback (kept with the audit).",
    )


class AuditAcknowledge(APIView):
    """The practitioner has read their audit; a reflection, if given, is kept with it (sending
    again changes the reflection, not the date acknowledged)."""

    permission_classes = [HasRule]
    object_permission_required = "audits.acknowledge_audit"

    @extend_schema(request=AcknowledgeIn, responses={200: AuditDetailOut})
    def post(self, request: Request, pk: int) -> Response:
        audit = audit_for(self, pk)
        data = _valid(AcknowledgeIn, request)
        services.audit_acknowledge(
            audit=audit, actor=viewer_for(request.user), reflection=data["reflection"]
        )
        return Response(one_audit(pk))


class AuditCpdPrefill(APIView):
    """A draft CPD entry from the audit's feedback, for the practitioner to complete and save
    as CPD (POST it, completed, to the training CPD entries)."""

    permission_classes = [HasRule]
    object_permission_required = "audits.acknowledge_audit"

    @extend_schema(responses={200: CpdPrefillOut})
    def get(self, request: Request, pk: int) -> Response:
        audit = audit_for(self, pk)
        return Response(CpdPrefillOut(services.audit_cpd_prefill(audit=audit)).data)


# ---------------------------------------------------------------------------------------------
# The action plan
# ---------------------------------------------------------------------------------------------
def plans_actions(request: Request, audit: CaseAudit) -> bool:
    """The team's manager or the PSW keeps an audit's action plan."""
    viewer = viewer_for(request.user)
    return audit.team_id in viewer.managed_team_ids or leads_audits(viewer)


class AuditActionIn(serializers.Serializer):
    description = serializers.CharField(max_length=5000)
    owner = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), help_text="Who carries it out (id)."
    )
    due_date = serializers.DateField(help_text="Not before the audit.")


class AuditActionStatusIn(serializers.Serializer):
    status = serializers.ChoiceField(choices=AuditAction.Status.choices)


class AuditActionList(generics.ListAPIView):
    """An audit's action plan, soonest due first, for anyone who sees the audit; the team's
    manager or the PSW adds an action (an Inadequate audit needs at least one)."""

    permission_classes = [HasRule]
    object_permission_required = "audits.view_audit"
    serializer_class = AuditActionOut
    ordering = ("due_date", "id")

    def audit(self) -> CaseAudit:
        if not hasattr(self, "_audit"):
            self._audit = audit_for(self, self.kwargs["pk"])
        return self._audit

    def get_queryset(self) -> QuerySet[AuditAction]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator, with no request
            return AuditAction.objects.none()
        return AuditAction.objects.filter(audit=self.audit()).select_related("owner")

    @extend_schema(request=AuditActionIn, responses={201: AuditActionOut})
    def post(self, request: Request, pk: int) -> Response:
        audit = self.audit()
        if not plans_actions(request, audit):
            raise PermissionDenied("Only the team's manager or the PSW adds actions.")
        data = _valid(AuditActionIn, request)
        action = services.action_add(audit=audit, actor=viewer_for(request.user), **data)
        return Response(AuditActionOut(action).data, status=status.HTTP_201_CREATED)


class AuditActionDetail(APIView):
    """Mark an action done or cancelled (or open again): its owner, the team's manager or the
    PSW."""

    permission_classes = [HasRule]
    object_permission_required = "audits.view_audit"

    @extend_schema(request=AuditActionStatusIn, responses={200: AuditActionOut})
    def patch(self, request: Request, pk: int, action_id: int) -> Response:
        audit = audit_for(self, pk)
        action = get_object_or_404(audit.actions.all(), pk=action_id)
        viewer = viewer_for(request.user)
        if action.owner_id != viewer.person_id and not plans_actions(request, audit):
            raise PermissionDenied("Only the action's owner, the team's manager or the PSW.")
        data = _valid(AuditActionStatusIn, request)
        action.audit = audit
        saved = services.action_set_status(action=action, status=data["status"], actor=viewer)
        return Response(AuditActionOut(saved).data)
