"""Report runs (one compile of one report) and schedules (a report sent to people regularly)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from academy.people.models import Person


class Kind(models.TextChoices):
    COHORT_PROGRESSION = "cohort_progression", "Cohort progression"
    ACADEMY_OVERVIEW = "academy_overview", "Academy overview"
    TRAINING_COMPLIANCE = "training_compliance", "Training compliance"
    AUDIT_SUMMARY = "audit_summary", "Case file audit summary"
    CPD_READINESS = "cpd_readiness", "CPD readiness for Social Work England renewal"
    CQC_EVIDENCE = "cqc_evidence", "CQC evidence: learning, improvement and innovation"


class Format(models.TextChoices):
    CSV = "csv", "CSV (one table)"
    XLSX = "xlsx", "Excel workbook"
    PDF = "pdf", "PDF document"


class ReportSchedule(models.Model):
    """The PSW subscribes people to a report, e.g. the academy overview on the 1st of each month;
    each run e-mails them a link to the file."""

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        WEEKLY = "weekly", "Weekly"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    parameters = models.JSONField(default=dict, blank=True)
    format = models.CharField(max_length=10, choices=Format.choices)
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    day = models.PositiveSmallIntegerField(
        default=1, help_text="Day of the month (1–28) or of the week (1 Monday – 7 Sunday)."
    )
    subscribers = models.ManyToManyField(Person, related_name="report_subscriptions")
    created_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    active = models.BooleanField(default=True)
    last_run_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(frequency="monthly") & Q(day__gte=1) & Q(day__lte=28))
                | (Q(frequency="weekly") & Q(day__gte=1) & Q(day__lte=7)),
                name="schedule_day_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_frequency_display().lower()})"


class ReportRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Compiling"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    parameters = models.JSONField(default=dict, blank=True)
    format = models.CharField(max_length=10, choices=Format.choices)
    requested_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="report_runs"
    )
    schedule = models.ForeignKey(
        ReportSchedule, null=True, blank=True, on_delete=models.SET_NULL, related_name="runs"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to="reports/%Y/%m/", blank=True)
    error = models.TextField(blank=True)
    row_counts = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_le_100"),
        ]
        indexes = [
            models.Index(fields=["requested_by", "-created_at", "-id"], name="report_run_mine"),
            models.Index(
                fields=["heartbeat_at"], condition=Q(status="running"), name="report_run_running"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_format_display()}, {self.status})"
