"""Enrolments: the list each role may see, enrolling (the PSW), one enrolment with today's
figures, "My pathway", completing a milestone, recording the outcome and changing the assessor
or supervisor (the PSW).

An enrolment the caller may not see is 404; one they see but their role may not change is 403.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from academy.common.dates import today
from academy.pathways import selectors, services
from academy.pathways.models import (
    Cohort,
    Enrolment,
    Outcome,
    OutcomeDecision,
    PathwayTemplate,
)
from academy.people.models import Person
from academy.people.permissions import viewer_for
from api.errors import ApiError
from api.filters import BooleanFilter, IdFilter
from api.pathways.common import actor, enrolment_for, valid
from api.pathways.shapes import EnrolmentDetailOut, EnrolmentOut, OutcomeDecisionOut
from api.permissions import HasRule


def detail_data(enrolments: list[Enrolment], request: Request) -> list[dict[str, Any]]:
    """The full shape for enrolments loaded with ``with_people`` and ``with_decisions``: their
    figures are worked out for today, four queries for any number."""
    as_of = today()
    figures = selectors.progress_for(enrolments, as_of=as_of)
    context = {"request": request, "as_of": as_of, "progress": figures}
    return list(EnrolmentDetailOut(enrolments, many=True, context=context).data)


def one_enrolment(pk: int, request: Request) -> dict[str, Any]:
    enrolment = selectors.with_decisions(
        selectors.with_people(Enrolment.objects.filter(pk=pk))
    ).get()
    return detail_data([enrolment], request)[0]


# ---------------------------------------------------------------------------------------------
# The list and enrolling
# ---------------------------------------------------------------------------------------------
class EnrolmentFilter(django_filters.FilterSet):
    cohort = IdFilter(help_text="Enrolments in this cohort (id).")
    pathway_template = IdFilter(field_name="pathway", help_text="Enrolments on this pathway (id).")
    person = IdFilter(help_text="This person's enrolments (id).")
    status = django_filters.ChoiceFilter(choices=Enrolment.Status.choices)
    open = BooleanFilter(
        field_name="open",
        help_text="Still open: in progress or awaiting the panel (true); finished (false).",
    )

    class Meta:
        model = Enrolment
        fields = ("cohort", "pathway_template", "person", "status", "open")

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        """The selector applies the filters, inside what the caller may see."""
        data = self.form.cleaned_data
        return selectors.enrolment_list(
            viewer=viewer_for(self.request.user),
            cohort_id=data.get("cohort"),
            pathway_id=data.get("pathway_template"),
            person_id=data.get("person"),
            status=data.get("status") or None,
            is_open=data.get("open"),
        )


class EnrolmentIn(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    pathway_template = serializers.PrimaryKeyRelatedField(queryset=PathwayTemplate.objects.all())
    start_date = serializers.DateField()
    cohort = serializers.PrimaryKeyRelatedField(
        queryset=Cohort.objects.all(), required=False, allow_null=True
    )
    assessor = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(),
        required=False,
        allow_null=True,
        help_text="The assessor or practice educator.",
    )
    supervisor = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )
    override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Needed when an eligibility check asks the PSW to confirm or override.",
    )
    optional_milestones = serializers.ListField(
        child=serializers.SlugField(max_length=40),
        required=False,
        default=list,
        help_text="Keys of optional milestones to switch on (the ASYE's review_9m).",
    )


class EnrolmentList(generics.ListAPIView):
    """Enrolments the caller may see, latest start first: their own; an assessor's or
    supervisor's people; a team manager's team; everyone for the PSW, DASS and principal OT."""

    permission_classes = [HasRule]
    permission_required = {"GET": "pathways.view_enrolment", "POST": "pathways.plan"}
    serializer_class = EnrolmentOut
    filterset_class = EnrolmentFilter
    ordering = ("-start_date", "id")

    def get_queryset(self) -> QuerySet[Enrolment]:
        return selectors.enrolment_list(viewer=viewer_for(self.request.user))

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "as_of": today()}

    @extend_schema(
        request=EnrolmentIn,
        responses={201: EnrolmentDetailOut, 409: ApiError},
        description="Enrol a person. A full cohort is refused with 409 (field cohort); an "
        "eligibility finding the PSW must confirm or override needs override_reason.",
    )
    def post(self, request: Request) -> Response:
        data = valid(EnrolmentIn, request.data)
        enrolment = services.enrolment_create(
            person=data["person"],
            pathway=data["pathway_template"],
            start_date=data["start_date"],
            cohort=data.get("cohort"),
            assessor=data.get("assessor"),
            supervisor=data.get("supervisor"),
            override_reason=data["override_reason"],
            optional_milestones=data["optional_milestones"],
            actor=actor(request),
        )
        return Response(one_enrolment(enrolment.pk, request), status=status.HTTP_201_CREATED)


class EnrolmentDetail(APIView):
    """One enrolment: milestones with their status, today's figures and the decisions made."""

    permission_classes = [HasRule]
    object_permission_required = "pathways.view_enrolment"

    @extend_schema(responses={200: EnrolmentDetailOut})
    def get(self, request: Request, pk: int) -> Response:
        enrolment = enrolment_for(self, pk, decisions=True)
        return Response(detail_data([enrolment], request)[0])


class MyPathway(generics.ListAPIView):
    """The caller's own enrolments, latest start first, in full."""

    serializer_class = EnrolmentDetailOut
    ordering = ("-start_date", "id")

    def get_queryset(self) -> QuerySet[Enrolment]:
        return selectors.enrolments_of(viewer_for(self.request.user).person_id)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(detail_data(list(page or []), request))


# ---------------------------------------------------------------------------------------------
# Milestones and the outcome
# ---------------------------------------------------------------------------------------------
class MilestoneCompleteIn(serializers.Serializer):
    completed_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class MilestoneComplete(APIView):
    """Complete a milestone (the PSW or the enrolment's assessor). Answers with the enrolment,
    its status refreshed."""

    permission_classes = [HasRule]
    object_permission_required = "pathways.complete_milestone"

    @extend_schema(request=MilestoneCompleteIn, responses={200: EnrolmentDetailOut})
    def post(self, request: Request, pk: int, key: str) -> Response:
        enrolment = enrolment_for(self, pk)
        data = valid(MilestoneCompleteIn, request.data)
        services.milestone_complete(enrolment=enrolment, key=key, actor=actor(request), **data)
        return Response(one_enrolment(pk, request))


class OutcomeIn(serializers.Serializer):
    stage = serializers.ChoiceField(
        choices=OutcomeDecision.Stage.choices,
        help_text="recommendation (the assessor), then panel (the PSW); or withdrawal, "
        "deferral, completion (the PSW).",
    )
    decision = serializers.ChoiceField(
        choices=Outcome.choices,
        help_text="recommendation: recommended_pass or recommended_fail; panel: passed or "
        "failed; withdrawal: withdrawn; deferral: deferred; completion: completed.",
    )
    decided_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class OutcomeRecord(APIView):
    """The assessor's recommendation, or the PSW's record of the panel's decision, a withdrawal,
    a deferral or a completion. A confirmed pass moves the person's PCF level on."""

    permission_classes = [HasRule]
    object_permission_required = "pathways.recommend_outcome"

    @extend_schema(request=OutcomeIn, responses={201: OutcomeDecisionOut})
    def post(self, request: Request, pk: int) -> Response:
        enrolment = enrolment_for(self, pk)
        data = valid(OutcomeIn, request.data)
        if data["stage"] != OutcomeDecision.Stage.RECOMMENDATION and not request.user.has_perm(
            "pathways.decide_outcome", enrolment
        ):
            raise PermissionDenied("Only the PSW records this stage.")
        decision = services.outcome_record(enrolment=enrolment, actor=actor(request), **data)
        return Response(OutcomeDecisionOut(decision).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------------------------------------
# Assessor and supervisor
# ---------------------------------------------------------------------------------------------
class ReassignIn(serializers.Serializer):
    assessor = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(),
        required=False,
        allow_null=True,
        help_text="The new assessor or practice educator; null for no one; left out to keep "
        "the one there is.",
    )
    supervisor = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(),
        required=False,
        allow_null=True,
        help_text="The new supervisor; null for no one; left out to keep the one there is.",
    )
    reason = serializers.CharField(
        max_length=2000, help_text="Why the change is made; kept with it, with your name."
    )


class EnrolmentReassign(APIView):
    """Change the assessor (or practice educator), the supervisor or both of an enrolment still
    open (the PSW). Each change is recorded with the reason; the new people and the learner are
    told. Answers with the enrolment."""

    permission_classes = [HasRule]
    object_permission_required = "pathways.reassign"

    @extend_schema(
        request=ReassignIn,
        responses={200: EnrolmentDetailOut},
        description="A person who has left, or the learner themselves, is refused on their "
        "field; so is a finished enrolment, or a change that changes nothing (field null).",
    )
    def post(self, request: Request, pk: int) -> Response:
        enrolment = enrolment_for(self, pk)
        data = valid(ReassignIn, request.data)
        services.enrolment_reassign(enrolment=enrolment, actor=viewer_for(request.user), **data)
        return Response(one_enrolment(pk, request))
