"""The monthly programme of a team, and what the PSW keeps: the moderation queue and re-grades,
permission to audit a case again within the repeat window, and learning bulletins, which
everyone reads once published."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from academy.audits import rules, selectors, services
from academy.audits.models import AuditTheme, Grade, LearningBulletin, Moderation, RepeatAllowance
from academy.audits.permissions import leads_audits, sees_all_audits
from academy.common.dates import today
from academy.people import selectors as people_selectors
from academy.people.permissions import viewer_for
from api.audits.common import month_param, valid
from api.audits.shapes import (
    AuditProgrammeOut,
    LearningBulletinOut,
    ModerationOut,
    RepeatAllowanceOut,
)
from api.permissions import HasRule


# ---------------------------------------------------------------------------------------------
# The monthly programme
# ---------------------------------------------------------------------------------------------
class TeamAuditProgramme(APIView):
    """A team's audits for a month against its quota: submitted, in progress, still due, and
    overdue once the month has ended. For the team's managers, the PSW and DASS."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "month", OpenApiTypes.STR, description="YYYY-MM; this month when not given."
            )
        ],
        responses={200: AuditProgrammeOut},
    )
    def get(self, request: Request, pk: int) -> Response:
        team = get_object_or_404(people_selectors.teams_list(), pk=pk)
        viewer = viewer_for(request.user)
        if pk not in viewer.managed_team_ids and not sees_all_audits(viewer):
            raise PermissionDenied("Only the team's managers, the PSW and DASS.")
        as_of = today()
        month = month_param(request) or rules.month_start(as_of)
        progress = selectors.programme(team_ids=[team.pk], month=month, as_of=as_of)[team.pk]
        out = {
            "team": team,
            "month": f"{month:%Y-%m}",
            "quota": progress.quota,
            "submitted": progress.submitted,
            "in_progress": progress.in_progress,
            "due": progress.due,
            "overdue": progress.overdue,
            "status": str(progress.status),
        }
        return Response(AuditProgrammeOut(out).data)


# ---------------------------------------------------------------------------------------------
# Moderation
# ---------------------------------------------------------------------------------------------
class RegradeIn(serializers.Serializer):
    grade = serializers.ChoiceField(choices=Grade.choices, help_text="The PSW's own grade.")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


def _moderations() -> QuerySet[Moderation]:
    return Moderation.objects.select_related(
        "audit__team", "audit__practitioner", "audit__auditor", "moderator"
    )


class ModerationList(generics.ListAPIView):
    """The PSW's queue: audits drawn into a month's sample and not yet re-graded, oldest month
    first."""

    permission_classes = [HasRule]
    permission_required = {"GET": "audits.lead"}
    serializer_class = ModerationOut
    ordering = ("sample_month", "id")

    def get_queryset(self) -> QuerySet[Moderation]:
        return selectors.moderation_queue()


class ModerationDetail(APIView):
    """One audit of the sample; the PSW re-grades it (again, if need be). Agreement is the
    re-grade matching the audit's grade."""

    permission_classes = [HasRule]
    permission_required = {"GET": "audits.lead", "POST": "audits.lead"}

    @extend_schema(responses={200: ModerationOut})
    def get(self, request: Request, pk: int) -> Response:
        return Response(ModerationOut(get_object_or_404(_moderations(), pk=pk)).data)

    @extend_schema(request=RegradeIn, responses={200: ModerationOut})
    def post(self, request: Request, pk: int) -> Response:
        moderation = get_object_or_404(_moderations(), pk=pk)
        data = valid(RegradeIn, request.data)
        services.moderation_record(moderation=moderation, actor=viewer_for(request.user), **data)
        return Response(ModerationOut(_moderations().get(pk=pk)).data)


# ---------------------------------------------------------------------------------------------
# Repeat audits
# ---------------------------------------------------------------------------------------------
class RepeatAllowanceIn(serializers.Serializer):
    case_reference = serializers.CharField(max_length=30)
    reason = serializers.CharField(max_length=5000, help_text="Why the case is audited again.")


class RepeatAllowanceList(generics.ListAPIView):
    """The PSW's permissions to audit a case again within the repeat window, latest first;
    each is used by one audit."""

    permission_classes = [HasRule]
    permission_required = {"GET": "audits.lead", "POST": "audits.lead"}
    serializer_class = RepeatAllowanceOut
    ordering = ("-created_at", "-id")

    def get_queryset(self) -> QuerySet[RepeatAllowance]:
        return RepeatAllowance.objects.select_related("allowed_by")

    @extend_schema(request=RepeatAllowanceIn, responses={201: RepeatAllowanceOut})
    def post(self, request: Request) -> Response:
        data = valid(RepeatAllowanceIn, request.data)
        allowance = services.repeat_allow(actor=viewer_for(request.user), **data)
        out = RepeatAllowanceOut(self.get_queryset().get(pk=allowance.pk))
        return Response(out.data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------------------------------------
# Learning bulletins
# ---------------------------------------------------------------------------------------------
class BulletinIn(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    went_well = serializers.CharField(max_length=20000, help_text="Never naming a worker.")
    to_improve = serializers.CharField(max_length=20000, help_text="Never naming a worker.")
    themes = serializers.PrimaryKeyRelatedField(
        queryset=AuditTheme.objects.all(), many=True, required=False
    )
    publish = serializers.BooleanField(
        required=False, default=False, help_text="Publish for everyone to read (once)."
    )


def _bulletins(request: Request) -> QuerySet[LearningBulletin]:
    lead = leads_audits(viewer_for(request.user))
    return selectors.bulletins(published_only=not lead).select_related("published_by")


class BulletinList(generics.ListAPIView):
    """Published learning bulletins, latest period first, for everyone; the PSW also sees and
    writes drafts. A bulletin naming a practitioner audited in its period is refused."""

    permission_classes = [HasRule]
    permission_required = {"GET": "audits.read_bulletins", "POST": "audits.lead"}
    serializer_class = LearningBulletinOut
    ordering = ("-period_end", "-id")

    def get_queryset(self) -> QuerySet[LearningBulletin]:
        return _bulletins(self.request)

    @extend_schema(request=BulletinIn, responses={201: LearningBulletinOut})
    def post(self, request: Request) -> Response:
        data = valid(BulletinIn, request.data)
        themes, publish = data.pop("themes", []), data.pop("publish")
        bulletin = services.bulletin_save(
            data=data, themes=themes, publish=publish, actor=viewer_for(request.user)
        )
        out = LearningBulletinOut(_bulletins(request).get(pk=bulletin.pk))
        return Response(out.data, status=status.HTTP_201_CREATED)


class BulletinDetail(APIView):
    """A bulletin: published ones for everyone, drafts for the PSW, who changes and publishes
    it."""

    permission_classes = [HasRule]
    permission_required = {"GET": "audits.read_bulletins", "PATCH": "audits.lead"}

    @extend_schema(responses={200: LearningBulletinOut})
    def get(self, request: Request, pk: int) -> Response:
        return Response(LearningBulletinOut(get_object_or_404(_bulletins(request), pk=pk)).data)

    @extend_schema(request=BulletinIn, responses={200: LearningBulletinOut})
    def patch(self, request: Request, pk: int) -> Response:
        bulletin = get_object_or_404(_bulletins(request), pk=pk)
        data = valid(BulletinIn, request.data, partial=True)
        themes, publish = data.pop("themes", None), data.pop("publish", False)
        services.bulletin_save(
            data=data,
            themes=list(bulletin.themes.all()) if themes is None else themes,
            publish=publish,
            actor=viewer_for(request.user),
            bulletin=bulletin,
        )
        return Response(LearningBulletinOut(_bulletins(request).get(pk=pk)).data)
