"""Case file audits: versioned templates, the monthly programme, audits and their answers,
feedback and action plans, learning themes and bulletins, and the PSW's moderation."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import F, Q

from academy.common.cqc import QualityStatement
from academy.people.models import Person, Team


class Grade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"
    NOT_APPLICABLE = "n/a", "Not applicable"


class PracticeStandard(models.TextChoices):
    RECORDING = "recording", "Recording"
    MENTAL_CAPACITY = "mental_capacity", "Mental Capacity Assessment"
    STRENGTHS_BASED = "strengths_based", "Strengths-based practice"
    VOICE = "voice", "Voice of the person"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    CARE_ACT = "care_act", "Care Act eligibility"
    OUTCOMES = "outcomes", "Outcomes and review"
    OVERSIGHT = "oversight", "Management oversight"


class AuditTemplate(models.Model):
    """One version of a template. Changing a template that has submitted audits makes a new
    version (same ``key``); audits keep the version they were recorded on."""

    key = models.SlugField(max_length=60)
    version = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    answer_scores = models.JSONField(
        default=dict, help_text='Score of each answer, e.g. {"yes": 1, "partly": 0.5, "no": 0}.'
    )
    grade_bands = models.JSONField(
        default=list,
        help_text='Lowest score of each grade, best first: [{"grade": "good", "min": 65}, …].',
    )
    limiting_cap = models.CharField(
        max_length=30,
        choices=Grade.choices,
        default=Grade.REQUIRES_IMPROVEMENT,
        help_text="The best grade an audit can have when a limiting question is answered No.",
    )
    reaudit_months = models.PositiveSmallIntegerField(
        default=3, help_text="An Inadequate audit is re-audited this many months later."
    )
    current = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["key", "version"], name="audit_template_version_unique"
            ),
            models.UniqueConstraint(
                fields=["key"], condition=Q(current=True), name="one_current_audit_template"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"


class AuditSection(models.Model):
    template = models.ForeignKey(AuditTemplate, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=150)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("position", "id")

    def __str__(self) -> str:
        return self.title


class AuditQuestion(models.Model):
    section = models.ForeignKey(AuditSection, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=300)
    guidance = models.TextField(blank=True)
    practice_standard = models.CharField(
        max_length=30, choices=PracticeStandard.choices, blank=True
    )
    cqc_statement = models.CharField(max_length=30, choices=QualityStatement.choices, blank=True)
    weight = models.DecimalField(max_digits=4, decimal_places=2, default=Decimal("1"))
    limiting = models.BooleanField(
        default=False, help_text="A No caps the grade (at Requires improvement by default)."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("position", "id")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gt=0), name="audit_question_weight_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class AuditTheme(models.Model):
    """A learning theme from the list the PSW keeps."""

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class AuditQuota(models.Model):
    """A team's own monthly quota per manager, where it differs from the academy's default."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="audit_quota")
    per_manager = models.PositiveSmallIntegerField()

    def __str__(self) -> str:
        return f"{self.team}: {self.per_manager} a manager a month"


class CaseAudit(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "In progress"
        SUBMITTED = "submitted", "Submitted"

    template = models.ForeignKey(AuditTemplate, on_delete=models.PROTECT, related_name="audits")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="case_audits")
    practitioner = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="audits_of_my_work"
    )
    auditor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="audits_done")
    case_reference = models.CharField(max_length=30)
    audit_date = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    strengths = models.TextField(blank=True)
    areas_to_develop = models.TextField(blank=True)
    themes = models.ManyToManyField(AuditTheme, blank=True, related_name="audits")
    score = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    computed_grade = models.CharField(max_length=30, choices=Grade.choices, blank=True)
    grade = models.CharField(max_length=30, choices=Grade.choices, blank=True)
    grade_override_reason = models.TextField(blank=True)
    repeat_reason = models.TextField(
        blank=True, help_text="Why the PSW allowed this case to be audited again within 12 months."
    )
    repeat_allowed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reaudit_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reaudits"
    )
    reaudit_due = models.DateField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    reflection = models.TextField(blank=True)
    moderation_pool = models.DateField(
        null=True,
        blank=True,
        help_text="The month whose moderation draw considered this audit (submitted audits "
        "not yet considered wait for the next draw, however late they came in).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | (~Q(grade="") & Q(score__isnull=False)),
                name="submitted_audit_has_grade",
            ),
            models.CheckConstraint(
                condition=Q(grade=F("computed_grade"))
                | ~Q(grade_override_reason="")
                | Q(status="draft"),
                name="overridden_grade_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["team", "audit_date"], name="audit_team_date"),
            models.Index(fields=["practitioner", "-audit_date"], name="audit_practitioner"),
            models.Index(fields=["auditor", "audit_date"], name="audit_auditor_date"),
            models.Index(fields=["case_reference", "audit_date"], name="audit_case_date"),
            models.Index(fields=["status", "audit_date"], name="audit_status_date"),
            models.Index(
                fields=["audit_date"],
                condition=Q(status="submitted", moderation_pool__isnull=True),
                name="audit_awaiting_draw",
            ),
        ]

    def __str__(self) -> str:
        return f"Audit of {self.case_reference} ({self.audit_date})"


class AuditResponse(models.Model):
    """The answer to one question of an audit, and the auditor's comment."""

    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="responses")
    question = models.ForeignKey(AuditQuestion, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["audit", "question"], name="one_response_per_question"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.answer}"


class AuditAction(models.Model):
    """One action of the plan an Inadequate audit requires."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="audit_actions")
    due_date = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["status", "due_date"], name="audit_action_due")]

    def __str__(self) -> str:
        return self.description[:60]


class Moderation(models.Model):
    """An audit drawn into the month's sample for the PSW to re-grade."""

    audit = models.OneToOneField(CaseAudit, on_delete=models.CASCADE, related_name="moderation")
    sample_month = models.DateField(help_text="The first day of the month sampled.")
    moderator = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_grade = models.CharField(max_length=30, choices=Grade.choices, blank=True)
    agreed = models.BooleanField(null=True, blank=True)
    note = models.TextField(blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["sample_month", "moderated_at"], name="moderation_month")]

    def __str__(self) -> str:
        return f"Moderation of {self.audit}"


class LearningBulletin(models.Model):
    """What the PSW publishes from a period's themes, for all staff: never naming a worker."""

    title = models.CharField(max_length=200)
    period_start = models.DateField()
    period_end = models.DateField()
    went_well = models.TextField()
    to_improve = models.TextField()
    themes = models.ManyToManyField(AuditTheme, blank=True, related_name="bulletins")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("-period_end", "-id")

    def __str__(self) -> str:
        return self.title


class RepeatAllowance(models.Model):
    """The PSW's permission, with a reason, to audit a case again within the repeat window."""

    case_reference = models.CharField(max_length=30)
    reason = models.TextField()
    allowed_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    used_by = models.OneToOneField(
        CaseAudit, null=True, blank=True, on_delete=models.SET_NULL, related_name="repeat_allowance"
    )

    class Meta:
        indexes = [models.Index(fields=["case_reference"], name="repeat_allowance_case")]

    def __str__(self) -> str:
        return f"Repeat audit of {self.case_reference} allowed"
