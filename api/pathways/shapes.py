"""What the pathways endpoints answer with. Dates are ISO 8601 (``2026-01-31``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from academy.common.dates import today
from academy.pathways import rules
from academy.pathways.models import (
    Cohort,
    DevelopmentActivity,
    Enrolment,
    Evidence,
    MilestoneTemplate,
    OutcomeDecision,
    PathwayTemplate,
    Pause,
    PcfDomain,
    Supervision,
)
from academy.pathways.selectors import Progress
from academy.people.models import Person


# ---------------------------------------------------------------------------------------------
# References
# ---------------------------------------------------------------------------------------------
class PersonRef(serializers.ModelSerializer):
    full_name = serializers.CharField()

    class Meta:
        model = Person
        fields = ("id", "full_name")


class PathwayRef(serializers.ModelSerializer):
    class Meta:
        model = PathwayTemplate
        fields = ("id", "key", "name", "kind")


class CohortRef(serializers.ModelSerializer):
    class Meta:
        model = Cohort
        fields = ("id", "name")


class PcfDomainOut(serializers.ModelSerializer):
    class Meta:
        model = PcfDomain
        fields = ("key", "name")


# ---------------------------------------------------------------------------------------------
# Templates and cohorts
# ---------------------------------------------------------------------------------------------
class MilestoneTemplateOut(serializers.ModelSerializer):
    class Meta:
        model = MilestoneTemplate
        fields = (
            "key",
            "title",
            "offset_months",
            "offset_days",
            "optional",
            "moves_with_extension",
            "evidence_needed",
            "position",
        )


class PathwayTemplateOut(serializers.ModelSerializer):
    milestones = MilestoneTemplateOut(many=True)

    class Meta:
        model = PathwayTemplate
        fields = (
            "id",
            "key",
            "name",
            "kind",
            "description",
            "based_on",
            "duration_months",
            "pass_fail",
            "pcf_level_on_pass",
            "supervision_schedule",
            "development_rule",
            "reduced_workload_percent",
            "evidence_minimums",
            "evidence_deadline_key",
            "eligibility_checks",
            "due_soon_days",
            "development_alert_percent",
            "active",
            "milestones",
            "created_at",
            "updated_at",
        )


class CohortOut(serializers.ModelSerializer):
    pathway = PathwayRef()
    lead = PersonRef(allow_null=True)
    enrolled = serializers.IntegerField(help_text="People on an open enrolment in the cohort.")
    places_left = serializers.SerializerMethodField()
    on_track = serializers.IntegerField()
    at_risk = serializers.IntegerField()
    overdue = serializers.IntegerField()
    finished = serializers.IntegerField(help_text="Enrolments with a final outcome.")

    class Meta:
        model = Cohort
        fields = (
            "id",
            "name",
            "pathway",
            "start_date",
            "capacity",
            "lead",
            "enrolled",
            "places_left",
            "on_track",
            "at_risk",
            "overdue",
            "finished",
            "created_at",
        )

    def get_places_left(self, cohort: Any) -> int:
        return max(cohort.capacity - cohort.enrolled, 0)


# ---------------------------------------------------------------------------------------------
# Enrolments
# ---------------------------------------------------------------------------------------------
class MilestoneOut(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    due_date = serializers.DateField()
    original_due_date = serializers.DateField(help_text="Before any pause or extension.")
    optional = serializers.BooleanField()
    status = serializers.ChoiceField(
        choices=[s.value for s in rules.MilestoneStatus],
        help_text="done, overdue, due_soon (within the pathway's window), upcoming, or "
        "switched_off (an optional milestone not switched on).",
    )
    completed_on = serializers.DateField(allow_null=True)
    note = serializers.CharField()


class OutcomeDecisionOut(serializers.ModelSerializer):
    decided_by = PersonRef(allow_null=True)

    class Meta:
        model = OutcomeDecision
        fields = ("id", "stage", "decision", "decided_on", "note", "decided_by", "created_at")


class EnrolmentOut(serializers.ModelSerializer):
    person = PersonRef()
    pathway = PathwayRef()
    cohort = CohortRef(allow_null=True)
    assessor = PersonRef(allow_null=True)
    supervisor = PersonRef(allow_null=True)
    status_reasons = serializers.ListField(child=serializers.CharField())
    milestones = serializers.SerializerMethodField()

    class Meta:
        model = Enrolment
        fields: tuple[str, ...] = (
            "id",
            "person",
            "pathway",
            "cohort",
            "start_date",
            "end_date",
            "assessor",
            "supervisor",
            "status",
            "status_reasons",
            "status_as_of",
            "outcome",
            "outcome_on",
            "weekly_development_hours",
            "reduced_workload_percent",
            "portal_registered_on",
            "override_reason",
            "milestones",
        )

    @extend_schema_field(MilestoneOut(many=True))
    def get_milestones(self, enrolment: Enrolment) -> list[dict[str, Any]]:
        as_of: dt.date = self.context.get("as_of") or today()
        window = enrolment.pathway.due_soon_days
        rows = []
        for m in enrolment.milestones.all():
            state = rules.MilestoneState(
                m.key, m.title, m.due_date, m.completed_on, m.enabled, m.moves_with_extension
            )
            rows.append(
                {
                    "key": m.key,
                    "title": m.title,
                    "due_date": m.due_date,
                    "original_due_date": m.original_due_date,
                    "optional": m.optional,
                    "status": rules.milestone_status(state, as_of=as_of, due_soon_days=window),
                    "completed_on": m.completed_on,
                    "note": m.note,
                }
            )
        return list(MilestoneOut(rows, many=True).data)


class EvidenceShortfallOut(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Evidence.Kind.choices)
    have = serializers.IntegerField()
    expected = serializers.IntegerField(help_text="Items expected by now at an even pace.")


class ProgressOut(serializers.Serializer):
    """Figures worked out on the day asked (``as_of``), not stored."""

    as_of = serializers.DateField()
    last_supervision = serializers.DateField(allow_null=True)
    supervision_overdue_from = serializers.DateField(
        allow_null=True, help_text="The first day supervision is (or will be) overdue."
    )
    development_logged = serializers.DecimalField(max_digits=8, decimal_places=2)
    development_entitled = serializers.DecimalField(
        max_digits=8, decimal_places=2, help_text="Hours accrued to date, paused days excluded."
    )
    paused_days = serializers.IntegerField()
    evidence_counts = serializers.DictField(
        child=serializers.IntegerField(), help_text="Items of each evidence kind."
    )
    evidence_shortfalls = EvidenceShortfallOut(many=True)


class EnrolmentDetailOut(EnrolmentOut):
    """An enrolment with today's figures and its outcome decisions. Serialise with
    ``context={"progress": selectors.progress_for(...)}``."""

    progress = serializers.SerializerMethodField()
    decisions = OutcomeDecisionOut(many=True)

    class Meta(EnrolmentOut.Meta):
        fields = (*EnrolmentOut.Meta.fields, "progress", "decisions")

    @extend_schema_field(ProgressOut)
    def get_progress(self, enrolment: Enrolment) -> dict[str, Any]:
        figures: Progress = self.context["progress"][enrolment.pk]
        return dict(ProgressOut(figures).data)


# ---------------------------------------------------------------------------------------------
# An enrolment's record
# ---------------------------------------------------------------------------------------------
class SupervisionOut(serializers.ModelSerializer):
    supervisor = PersonRef()
    recorded_by = PersonRef(allow_null=True)

    class Meta:
        model = Supervision
        fields = ("id", "held_on", "supervisor", "kind", "note", "recorded_by", "created_at")


class DevelopmentActivityOut(serializers.ModelSerializer):
    recorded_by = PersonRef(allow_null=True)

    class Meta:
        model = DevelopmentActivity
        fields = ("id", "date", "hours", "activity", "recorded_by", "created_at")


class EvidenceOut(serializers.ModelSerializer):
    pcf_domains = PcfDomainOut(many=True, source="domains")
    file = serializers.SerializerMethodField(help_text="Where to download the file, if any.")
    file_name = serializers.SerializerMethodField()
    recorded_by = PersonRef(allow_null=True)

    class Meta:
        model = Evidence
        fields = (
            "id",
            "kind",
            "date",
            "summary",
            "pcf_domains",
            "file",
            "file_name",
            "recorded_by",
            "created_at",
        )

    def get_file(self, item: Evidence) -> str | None:
        if not item.file:
            return None
        url = reverse(
            "api-enrolment-evidence-file",
            kwargs={"pk": item.enrolment_id, "evidence_id": item.pk},
        )
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url

    def get_file_name(self, item: Evidence) -> str | None:
        return (item.file.name or "").rsplit("/", 1)[-1] if item.file else None


class PauseOut(serializers.ModelSerializer):
    recorded_by = PersonRef(allow_null=True)

    class Meta:
        model = Pause
        fields = (
            "id",
            "kind",
            "reason",
            "first_day",
            "last_day",
            "days",
            "recorded_by",
            "created_at",
        )
