"""Pathway templates, cohorts, enrolments and an enrolment's record: milestones, supervision,
development time, evidence, pauses and outcome decisions."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from academy.people.models import PcfLevel, Person


class PcfDomain(models.Model):
    """One of the nine domains of the Professional Capabilities Framework (seeded as data)."""

    key = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("position", "id")

    def __str__(self) -> str:
        return self.name


class PathwayTemplate(models.Model):
    """A pathway as data the PSW can copy and edit: length, milestones, supervision schedule,
    development-time rule, evidence minimums, eligibility checks and status thresholds."""

    class Kind(models.TextChoices):
        ASYE = "asye", "ASYE (adults)"
        APPRENTICESHIP = "apprenticeship", "Social work degree apprenticeship"
        PRACTICE_EDUCATOR_1 = "practice_educator_1", "Practice Educator stage 1"
        PRACTICE_EDUCATOR_2 = "practice_educator_2", "Practice Educator stage 2"
        BIA = "bia", "Best Interests Assessor"
        AMHP = "amhp", "Approved Mental Health Professional"
        OT_PRECEPTORSHIP = "ot_preceptorship", "OT preceptorship"
        CAREER_PROGRESSION = "career_progression", "Career progression"

    key = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    description = models.TextField(blank=True)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="variants"
    )
    duration_months = models.PositiveSmallIntegerField()
    pass_fail = models.BooleanField(default=True, help_text="Ends in a pass or fail decision.")
    pcf_level_on_pass = models.CharField(max_length=30, choices=PcfLevel.choices, blank=True)
    supervision_schedule = models.JSONField(
        default=list,
        blank=True,
        help_text='Bands in order, e.g. [{"every": {"days": 7}, "until": {"days": 42}}, …].',
    )
    development_rule = models.JSONField(
        default=dict, blank=True, help_text='e.g. {"kind": "percent_of_hours", "percent": 10}'
    )
    reduced_workload_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    evidence_minimums = models.JSONField(
        default=dict, blank=True, help_text="Items of each kind before the final review."
    )
    evidence_deadline_key = models.SlugField(
        max_length=40, blank=True, help_text="The milestone by which the minimums are due."
    )
    eligibility_checks = models.JSONField(default=list, blank=True)
    due_soon_days = models.PositiveSmallIntegerField(default=14)
    development_alert_percent = models.PositiveSmallIntegerField(default=80)
    development_grace_days = models.PositiveSmallIntegerField(
        default=28, help_text="Days from the start before development time can put someone at risk."
    )

    class SupervisorRegistration(models.TextChoices):
        SOCIAL_WORK_ENGLAND = "swe", "Social Work England"
        HCPC = "hcpc", "HCPC"
        ANY = "any", "Any"

    reflective_supervisor_registration = models.CharField(
        max_length=4,
        choices=SupervisorRegistration.choices,
        default=SupervisorRegistration.SOCIAL_WORK_ENGLAND,
        help_text="The registration a person giving reflective supervision must hold.",
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name", "id")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_months__gte=1), name="pathway_lasts_a_month_or_more"
            ),
            models.CheckConstraint(
                condition=Q(development_alert_percent__lte=100), name="pathway_alert_percent_le_100"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MilestoneTemplate(models.Model):
    pathway = models.ForeignKey(
        PathwayTemplate, on_delete=models.CASCADE, related_name="milestones"
    )
    key = models.SlugField(max_length=40)
    title = models.CharField(max_length=150)
    offset_months = models.PositiveSmallIntegerField(default=0)
    offset_days = models.PositiveSmallIntegerField(default=0)
    optional = models.BooleanField(
        default=False, help_text="Off unless switched on for an enrolment."
    )
    moves_with_extension = models.BooleanField(default=False)
    evidence_needed = models.JSONField(default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("position", "id")
        constraints = [
            models.UniqueConstraint(
                fields=["pathway", "key"], name="milestone_template_key_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Cohort(models.Model):
    """An intake the PSW plans: a pathway, a start date, a capacity and a lead."""

    name = models.CharField(max_length=150, unique=True)
    pathway = models.ForeignKey(PathwayTemplate, on_delete=models.PROTECT, related_name="cohorts")
    start_date = models.DateField()
    capacity = models.PositiveIntegerField()
    lead = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="cohorts_led"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="cohort_capacity_positive"),
        ]
        indexes = [models.Index(fields=["-start_date", "id"], name="cohort_start")]

    def __str__(self) -> str:
        return self.name


class Outcome(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    RECOMMENDED_PASS = "recommended_pass", "Recommended pass"
    RECOMMENDED_FAIL = "recommended_fail", "Recommended fail"
    PASSED = "passed", "Passed"
    FAILED = "failed", "Failed"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    DEFERRED = "deferred", "Deferred"


OPEN_OUTCOMES = (Outcome.IN_PROGRESS, Outcome.RECOMMENDED_PASS, Outcome.RECOMMENDED_FAIL)


class Enrolment(models.Model):
    """A person on a pathway, from a start date, with an assessor and a supervisor."""

    class Status(models.TextChoices):
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        OVERDUE = "overdue", "Overdue"
        COMPLETE = "complete", "Finished"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="enrolments")
    pathway = models.ForeignKey(
        PathwayTemplate, on_delete=models.PROTECT, related_name="enrolments"
    )
    cohort = models.ForeignKey(
        Cohort, null=True, blank=True, on_delete=models.PROTECT, related_name="enrolments"
    )
    start_date = models.DateField()
    end_date = models.DateField()
    assessor = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="assessing"
    )
    supervisor = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="supervising"
    )
    override_reason = models.TextField(blank=True)
    overridden_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    weekly_development_hours = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    reduced_workload_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    portal_registered_on = models.DateField(
        null=True, blank=True, help_text="Registered on Skills for Care's ASYE portal."
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.IN_PROGRESS)
    outcome_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ON_TRACK)
    status_reasons = models.JSONField(default=list, blank=True)
    status_as_of = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "pathway"],
                condition=Q(outcome__in=["in_progress", "recommended_pass", "recommended_fail"]),
                name="one_open_enrolment_per_pathway",
            ),
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")), name="enrolment_ends_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["cohort", "status"], name="enrolment_cohort_status"),
            models.Index(fields=["status", "pathway"], name="enrolment_status_pathway"),
            models.Index(fields=["assessor", "outcome"], name="enrolment_assessor"),
            models.Index(fields=["supervisor", "outcome"], name="enrolment_supervisor"),
            models.Index(fields=["person", "outcome"], name="enrolment_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.pathway}"

    @property
    def is_open(self) -> bool:
        return self.outcome in OPEN_OUTCOMES


class Milestone(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="milestones")
    key = models.SlugField(max_length=40)
    title = models.CharField(max_length=150)
    position = models.PositiveSmallIntegerField(default=0)
    due_date = models.DateField()
    original_due_date = models.DateField()
    optional = models.BooleanField(default=False)
    enabled = models.BooleanField(default=True)
    moves_with_extension = models.BooleanField(default=False)
    evidence_needed = models.JSONField(default=list, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    completed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ("position", "id")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "key"], name="milestone_key_unique"),
        ]
        indexes = [
            models.Index(
                fields=["due_date"],
                condition=Q(completed_on__isnull=True, enabled=True),
                name="milestone_open_due",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Supervision(models.Model):
    class Kind(models.TextChoices):
        REFLECTIVE = "reflective", "Reflective"
        CASE_MANAGEMENT = "case_management", "Case management"
        GROUP = "group", "Group"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="supervisions")
    held_on = models.DateField()
    supervisor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["enrolment", "-held_on"], name="supervision_latest")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} supervision on {self.held_on}"


class DevelopmentActivity(models.Model):
    """Protected development time (ASYE) or off-the-job training (apprenticeship)."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="development_activities"
    )
    date = models.DateField()
    hours = models.DecimalField(max_digits=5, decimal_places=2)
    activity = models.CharField(max_length=300)
    recorded_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "development activities"
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="development_hours_in_a_day"
            ),
        ]
        indexes = [models.Index(fields=["enrolment", "-date"], name="development_latest")]

    def __str__(self) -> str:
        return f"{self.hours} h on {self.date}: {self.activity}"


class Evidence(models.Model):
    class Kind(models.TextChoices):
        DIRECT_OBSERVATION = "direct_observation", "Direct observation"
        PERSON_FEEDBACK = "person_feedback", "Feedback from a person who draws on care and support"
        PROFESSIONAL_FEEDBACK = "professional_feedback", "Feedback from a professional"
        CRITICAL_REFLECTION = "critical_reflection", "Critical reflection"
        WRITTEN_REPORT = "written_report", "Written report"
        OTHER = "other", "Other"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    date = models.DateField()
    summary = models.TextField()
    domains = models.ManyToManyField(PcfDomain, related_name="evidence", blank=True)
    file = models.FileField(upload_to="evidence/%Y/%m/", blank=True)
    recorded_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "evidence"
        indexes = [models.Index(fields=["enrolment", "kind"], name="evidence_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.date})"


class Pause(models.Model):
    """A pause (sick or parental leave, part-time working, other) or a plain extension."""

    class Kind(models.TextChoices):
        SICK_LEAVE = "sick_leave", "Sick leave"
        PARENTAL_LEAVE = "parental_leave", "Parental leave"
        PART_TIME = "part_time", "Part-time working"
        OTHER = "other", "Other"
        EXTENSION = "extension", "Extension"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="pauses")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reason = models.TextField()
    first_day = models.DateField(null=True, blank=True)
    last_day = models.DateField(null=True, blank=True)
    days = models.PositiveIntegerField(help_text="Days the pathway was extended by.")
    recorded_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="extension")
                | (Q(first_day__isnull=False) & Q(last_day__gte=F("first_day"))),
                name="pause_has_its_days",
            ),
            models.CheckConstraint(condition=Q(days__gte=1), name="pause_at_least_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.days} days"


class OutcomeDecision(models.Model):
    """The assessor's recommendation, the moderation panel's decision, a withdrawal or deferral."""

    class Stage(models.TextChoices):
        RECOMMENDATION = "recommendation", "Assessor's recommendation"
        PANEL = "panel", "Moderation panel"
        WITHDRAWAL = "withdrawal", "Withdrawal"
        DEFERRAL = "deferral", "Deferral"
        COMPLETION = "completion", "Completion"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="decisions")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    decision = models.CharField(max_length=20, choices=Outcome.choices)
    decided_on = models.DateField()
    note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("decided_on", "id")

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.get_decision_display()}"


class EnrolmentReassignment(models.Model):
    """A change of an enrolment's assessor (or practice educator) or supervisor after enrolling:
    who held the role before, who holds it now (None: no one), why, who changed it and when.
    Changing both at once records a row for each."""

    class Role(models.TextChoices):
        ASSESSOR = "assessor", "Assessor or practice educator"
        SUPERVISOR = "supervisor", "Supervisor"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="reassignments")
    role = models.CharField(max_length=10, choices=Role.choices)
    from_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField()
    changed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at", "id")
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_person=F("to_person")), name="reassignment_changes_the_holder"
            ),
        ]
        indexes = [
            models.Index(fields=["enrolment", "created_at"], name="reassignment_enrolment"),
        ]

    def __str__(self) -> str:
        before = self.from_person.full_name if self.from_person else "no one"
        after = self.to_person.full_name if self.to_person else "no one"
        return f"{self.get_role_display()}: {before} to {after}"


class FundingYear(models.Model):
    """A Skills for Care ASYE funding year (1 Feb – 31 Jan) and its portal registration deadline,
    entered by the PSW each year."""

    starts_on = models.DateField(unique=True)
    registration_deadline = models.DateField()

    class Meta:
        ordering = ("-starts_on",)

    def __str__(self) -> str:
        return f"Funding year from {self.starts_on:%d %B %Y}"
