"""What the audits endpoints answer with. Dates are ISO 8601 (``2026-01-31``); a score is a
decimal string with one place (``"72.5"``)."""

from __future__ import annotations

from rest_framework import serializers

from academy.audits.models import (
    AuditAction,
    AuditQuestion,
    AuditResponse,
    AuditSection,
    AuditTemplate,
    AuditTheme,
    CaseAudit,
    LearningBulletin,
    Moderation,
    RepeatAllowance,
)
from api.pathways.shapes import PersonRef
from api.people import TeamRef


# ---------------------------------------------------------------------------------------------
# Templates and themes
# ---------------------------------------------------------------------------------------------
class AuditQuestionOut(serializers.ModelSerializer):
    class Meta:
        model = AuditQuestion
        fields = (
            "id",
            "text",
            "guidance",
            "practice_standard",
            "cqc_statement",
            "weight",
            "limiting",
            "position",
        )


class AuditSectionOut(serializers.ModelSerializer):
    questions = AuditQuestionOut(many=True)

    class Meta:
        model = AuditSection
        fields = ("id", "title", "position", "questions")


class AuditTemplateOut(serializers.ModelSerializer):
    sections = AuditSectionOut(many=True)

    class Meta:
        model = AuditTemplate
        fields = (
            "id",
            "key",
            "version",
            "name",
            "description",
            "answer_scores",
            "grade_bands",
            "limiting_cap",
            "reaudit_months",
            "current",
            "sections",
            "created_at",
        )


class AuditTemplateRef(serializers.ModelSerializer):
    class Meta:
        model = AuditTemplate
        fields = ("id", "key", "version", "name")


class AuditThemeOut(serializers.ModelSerializer):
    class Meta:
        model = AuditTheme
        fields = ("id", "name", "description", "active")


class AuditThemeRef(serializers.ModelSerializer):
    class Meta:
        model = AuditTheme
        fields = ("id", "name")


# ---------------------------------------------------------------------------------------------
# Audits
# ---------------------------------------------------------------------------------------------
class AuditOut(serializers.ModelSerializer):
    """An audit in a list. A draft has no score and a blank grade."""

    template = AuditTemplateRef()
    team = TeamRef()
    practitioner = PersonRef()
    auditor = PersonRef()
    themes = AuditThemeRef(many=True)

    class Meta:
        model = CaseAudit
        fields: tuple[str, ...] = (
            "id",
            "template",
            "team",
            "practitioner",
            "auditor",
            "case_reference",
            "audit_date",
            "status",
            "score",
            "grade",
            "themes",
            "reaudit_of",
            "reaudit_due",
            "submitted_at",
            "acknowledged_at",
        )


class AuditAnswerOut(serializers.ModelSerializer):
    question = serializers.IntegerField(source="question_id")
    section = serializers.CharField(source="question.section.title")
    text = serializers.CharField(source="question.text")

    class Meta:
        model = AuditResponse
        fields = ("question", "section", "text", "answer", "comment")


class AuditActionOut(serializers.ModelSerializer):
    owner = PersonRef()

    class Meta:
        model = AuditAction
        fields = ("id", "description", "owner", "due_date", "status", "completed_on", "created_at")


class AuditDetailOut(AuditOut):
    """An audit in full: its answers in the template's order, feedback, the grade as computed
    and any override with its reason, the practitioner's reflection and the action plan."""

    answers = AuditAnswerOut(many=True, source="responses")
    actions = AuditActionOut(many=True)

    class Meta(AuditOut.Meta):
        fields = (
            *AuditOut.Meta.fields,
            "computed_grade",
            "grade_override_reason",
            "strengths",
            "areas_to_develop",
            "repeat_reason",
            "reflection",
            "answers",
            "actions",
            "created_at",
            "updated_at",
        )


class CpdPrefillOut(serializers.Serializer):
    """A CPD entry drafted from an audit, for the practitioner to complete and save."""

    title = serializers.CharField()
    activity_date = serializers.DateField()
    hours = serializers.DecimalField(max_digits=5, decimal_places=2)
    activity = serializers.CharField()
    learning = serializers.CharField()
    impact = serializers.CharField()
    peer_reflection = serializers.BooleanField()
    peer_learning = serializers.CharField()


# ---------------------------------------------------------------------------------------------
# The programme, moderation, repeats and bulletins
# ---------------------------------------------------------------------------------------------
class AuditProgrammeOut(serializers.Serializer):
    team = TeamRef()
    month = serializers.CharField(help_text="YYYY-MM")
    quota = serializers.IntegerField(help_text="Audits expected: the quota per manager × managers.")
    submitted = serializers.IntegerField()
    in_progress = serializers.IntegerField(help_text="Drafts counting towards what is missing.")
    due = serializers.IntegerField(help_text="Still to start this month.")
    overdue = serializers.IntegerField(help_text="Missing after the month ended.")
    status = serializers.CharField(
        help_text="due, in_progress, submitted (the quota is met) or overdue."
    )


class ModeratedAuditOut(serializers.ModelSerializer):
    team = TeamRef()
    practitioner = PersonRef()
    auditor = PersonRef()

    class Meta:
        model = CaseAudit
        fields = (
            "id",
            "case_reference",
            "audit_date",
            "team",
            "practitioner",
            "auditor",
            "score",
            "grade",
        )


class ModerationOut(serializers.ModelSerializer):
    audit = ModeratedAuditOut()
    moderator = PersonRef(allow_null=True)

    class Meta:
        model = Moderation
        fields = (
            "id",
            "sample_month",
            "audit",
            "moderated_grade",
            "agreed",
            "note",
            "moderator",
            "moderated_at",
        )


class RepeatAllowanceOut(serializers.ModelSerializer):
    allowed_by = PersonRef()

    class Meta:
        model = RepeatAllowance
        fields = ("id", "case_reference", "reason", "allowed_by", "created_at", "used_by")


class LearningBulletinOut(serializers.ModelSerializer):
    themes = AuditThemeRef(many=True)
    published_by = PersonRef(allow_null=True)

    class Meta:
        model = LearningBulletin
        fields = (
            "id",
            "title",
            "period_start",
            "period_end",
            "went_well",
            "to_improve",
            "themes",
            "published_at",
            "published_by",
        )
