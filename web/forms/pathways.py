"""The pathways pages' forms: cohorts and enrolling, an enrolment's milestones,
supervision, development time, evidence, pauses and extensions, outcomes, its assessor and
supervisor, and templates."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from academy.common.dates import today as today_local
from academy.pathways.models import PathwayTemplate, PcfDomain
from academy.people.models import PcfLevel, Person, Team
from web.forms.govuk import (
    GovukCheckboxes,
    GovukForm,
    GovukRadios,
    date_field,
    full_width,
    set_choices,
    set_queryset,
    set_queryset_or_drop,
    word_errors,
)


def _people_field(label: str, empty: str) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, empty_label=empty, label=label
    )


class CohortForm(GovukForm):
    """The PSW's new cohort: an intake on a pathway."""

    mark_optional = True

    name = forms.CharField(max_length=150, help_text="For example, ASYE September 2026")
    pathway = forms.ModelChoiceField(
        queryset=PathwayTemplate.objects.none(), empty_label="Choose a pathway"
    )
    start_date = date_field("Start date")
    capacity = forms.IntegerField(
        label="Places", min_value=1, max_value=1000, help_text="The most people it can take"
    )
    lead = _people_field("Lead", "No lead yet")

    def __init__(self, *args: Any, pathways: Any, leads: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "pathway", pathways)
        set_queryset(self, "lead", leads)
        word_errors(
            self,
            {
                "name": {"required": "Enter a name for the cohort"},
                "pathway": {
                    "required": "Choose a pathway",
                    "invalid_choice": "Choose a pathway from the list",
                },
                "capacity": {
                    "required": "Enter the number of places",
                    "invalid": "The number of places must be a whole number, like 12",
                    "min_value": "A cohort needs at least 1 place",
                    "max_value": "A cohort can have up to %(limit_value)s places",
                },
                "lead": {"invalid_choice": "Choose a lead from the list"},
            },
        )


class CandidateFilterForm(GovukForm):
    """Narrows the people offered for enrolling."""

    search = forms.CharField(label="Name", required=False, max_length=100)
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(), required=False, empty_label="Any team"
    )
    pcf_level = forms.ChoiceField(
        label="PCF level", choices=[("", "Any level"), *PcfLevel.choices], required=False
    )

    def __init__(self, *args: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "team", teams)
        word_errors(
            self,
            {
                "team": {"invalid_choice": "Choose a team from the list"},
                "pcf_level": {"invalid_choice": "Choose a PCF level from the list"},
            },
        )
        full_width(self)


class EnrolForm(GovukForm):
    """Enrol one or many people into a cohort. The service checks eligibility and capacity."""

    mark_optional = True

    people = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(), label="People to enrol", widget=GovukCheckboxes
    )
    start_date = date_field("Start date")
    assessor = _people_field("Assessor or practice educator", "No assessor yet")
    supervisor = _people_field("Supervisor", "No supervisor yet")
    optional_milestones = forms.MultipleChoiceField(
        label="Optional milestones to hold", required=False, widget=GovukCheckboxes
    )
    override_reason = forms.CharField(
        label="Reason for confirming or overriding eligibility",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded against each enrolment, with your name",
    )

    def __init__(
        self,
        *args: Any,
        people: Any,
        assessors: Any,
        supervisors: Any,
        optional_milestones: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "people", people)
        set_queryset(self, "assessor", assessors)
        set_queryset(self, "supervisor", supervisors)
        set_choices(self, "optional_milestones", optional_milestones)
        word_errors(
            self,
            {
                "people": {
                    "required": "Choose at least one person to enrol",
                    "invalid_choice": "Choose people from the list",
                    "invalid_pk_value": "Choose people from the list",
                },
                "assessor": {"invalid_choice": "Choose an assessor from the list"},
                "supervisor": {"invalid_choice": "Choose a supervisor from the list"},
                "optional_milestones": {"invalid_choice": "Choose milestones from the list"},
            },
        )


class EnrolmentFilterForm(GovukForm):
    """Filters for a list of enrolments: status, assessor (on a cohort), name."""

    status = forms.ChoiceField(choices=[("", "Any status")], required=False, label="Status")
    assessor = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, empty_label="Any assessor"
    )
    search = forms.CharField(label="Name", required=False, max_length=100)

    def __init__(self, *args: Any, statuses: Any, assessors: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "status", [("", "Any status"), *statuses])
        set_queryset_or_drop(self, "assessor", assessors)
        word_errors(
            self,
            {
                "status": {"invalid_choice": "Choose a status from the list"},
                "assessor": {"invalid_choice": "Choose an assessor from the list"},
            },
        )
        full_width(self)


class MilestoneCompleteForm(GovukForm):
    mark_optional = True

    completed_on = date_field("Date completed", initial=today_local)
    note = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class SupervisionForm(GovukForm):
    mark_optional = True

    held_on = date_field("Date of the supervision", initial=today_local)
    supervisor = forms.ModelChoiceField(
        queryset=Person.objects.none(), empty_label="Choose the supervisor"
    )
    kind = forms.ChoiceField(label="Kind of supervision", widget=GovukRadios, choices=())
    note = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, supervisors: Any, kinds: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "supervisor", supervisors)
        set_choices(self, "kind", kinds)
        word_errors(
            self,
            {
                "supervisor": {
                    "required": "Choose who gave the supervision",
                    "invalid_choice": "Choose a supervisor from the list",
                },
                "kind": {
                    "required": "Choose the kind of supervision",
                    "invalid_choice": "Choose a kind of supervision from the list",
                },
            },
        )


class DevelopmentTimeForm(GovukForm):
    date = date_field("Date", initial=today_local)
    hours = forms.DecimalField(
        decimal_places=2,
        min_value=Decimal("0.25"),
        max_value=24,
        help_text="For example, 1.5 for an hour and a half",
    )
    activity = forms.CharField(
        label="What the time was spent on",
        max_length=300,
        help_text="For example, reading on strengths-based practice",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        word_errors(
            self,
            {
                "hours": {
                    "required": "Enter the hours",
                    "invalid": "Hours must be a number, like 1.5",
                    "min_value": "Hours must be 0.25 or more",
                    "max_value": "Hours must be 24 or fewer",
                    "max_decimal_places": "Hours can have up to 2 decimal places",
                },
                "activity": {"required": "Say what the time was spent on"},
            },
        )


#: Evidence files: what the academy accepts, and how large.
EVIDENCE_FILE_TYPES = (".pdf", ".doc", ".docx", ".odt", ".rtf", ".txt", ".jpg", ".jpeg", ".png")


EVIDENCE_FILE_MAX_BYTES = 10 * 1024 * 1024


class EvidenceForm(GovukForm):
    mark_optional = True

    kind = forms.ChoiceField(label="Kind of evidence", widget=GovukRadios, choices=())
    date = date_field("Date", initial=today_local)
    summary = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    domains = forms.ModelMultipleChoiceField(
        queryset=PcfDomain.objects.none(),
        label="PCF domains it shows",
        required=False,
        widget=GovukCheckboxes,
    )
    file = forms.FileField(
        label="Upload a file",
        required=False,
        help_text="A PDF, Word document, text file or photo, up to 10MB",
    )

    def __init__(self, *args: Any, kinds: Any, domains: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "kind", kinds)
        set_queryset(self, "domains", domains)
        self.fields["file"].widget.attrs["class"] = "govuk-file-upload"
        word_errors(
            self,
            {
                "kind": {
                    "required": "Choose the kind of evidence",
                    "invalid_choice": "Choose a kind of evidence from the list",
                },
                "summary": {"required": "Summarise the evidence"},
                "domains": {"invalid_choice": "Choose PCF domains from the list"},
                "file": {"empty": "The file is empty", "invalid": "Choose a file to upload"},
            },
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        name = upload.name.lower()
        if not name.endswith(EVIDENCE_FILE_TYPES):
            raise ValidationError("The file must be a PDF, Word document, text file or photo")
        if upload.size > EVIDENCE_FILE_MAX_BYTES:
            raise ValidationError("The file must be smaller than 10MB")
        return upload


class PauseForm(GovukForm):
    kind = forms.ChoiceField(label="Why is the pathway paused?", widget=GovukRadios, choices=())
    first_day = date_field("First day")
    last_day = date_field("Last day", help_text="The last day of the pause, inclusive")
    reason = forms.CharField(
        label="Details", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, kinds: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "kind", kinds)
        word_errors(
            self,
            {
                "kind": {
                    "required": "Choose why the pathway is paused",
                    "invalid_choice": "Choose a reason from the list",
                },
                "reason": {"required": "Give the details of the pause"},
            },
        )


class ExtensionForm(GovukForm):
    days = forms.IntegerField(
        label="Days to extend by", min_value=1, max_value=3650, help_text="For example, 28"
    )
    reason = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        word_errors(
            self,
            {
                "days": {
                    "required": "Enter the number of days to extend by",
                    "invalid": "The days must be a whole number, like 28",
                    "min_value": "Extend by at least 1 day",
                    "max_value": "Extend by %(limit_value)s days or fewer",
                },
                "reason": {"required": "Give the reason for the extension"},
            },
        )


class OutcomeForm(GovukForm):
    mark_optional = True

    decision = forms.ChoiceField(label="Decision", widget=GovukRadios, choices=())
    decided_on = date_field("Date of the decision", initial=today_local)
    note = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, decisions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "decision", decisions)
        word_errors(
            self,
            {
                "decision": {
                    "required": "Choose the decision",
                    "invalid_choice": "Choose a decision from the list",
                }
            },
        )


class ReassignForm(GovukForm):
    """The PSW changes an enrolment's assessor, supervisor or both. Each starts at the person
    holding the role; "No one" leaves the role empty."""

    mark_optional = True

    assessor = _people_field("Assessor or practice educator", "No one for now")
    supervisor = _people_field("Supervisor", "No one for now")
    reason = forms.CharField(
        label="Reason for the change",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the assessor has left the council. Kept with the change, with "
        "your name",
    )

    def __init__(self, *args: Any, assessors: Any, supervisors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "assessor", assessors)
        set_queryset(self, "supervisor", supervisors)
        word_errors(
            self,
            {
                "assessor": {"invalid_choice": "Choose an assessor from the list"},
                "supervisor": {"invalid_choice": "Choose a supervisor from the list"},
                "reason": {"required": "Give the reason for the change"},
            },
        )


class PortalRegistrationForm(GovukForm):
    registered_on = date_field("Date registered", initial=today_local)


class TemplateCopyForm(GovukForm):
    name = forms.CharField(max_length=150, help_text="For example, ASYE (adults), Shire variant")
    key = forms.SlugField(
        label="Short name",
        max_length=60,
        help_text="Lower-case letters, numbers and hyphens, for example asye-shire",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        word_errors(
            self,
            {
                "name": {"required": "Enter a name for the new pathway"},
                "key": {
                    "required": "Enter a short name",
                    "invalid": "The short name can only hold lower-case letters, numbers and "
                    "hyphens",
                },
            },
        )


class TemplateForm(GovukForm):
    """The basic fields of a pathway template; its rules stay as data in the admin."""

    mark_optional = True
    #: The template fields this form edits, in order.
    FIELDS = (
        "name",
        "description",
        "duration_months",
        "due_soon_days",
        "development_alert_percent",
        "reduced_workload_percent",
        "active",
    )

    name = forms.CharField(max_length=150)
    description = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    duration_months = forms.IntegerField(label="Length in months", min_value=1, max_value=120)
    due_soon_days = forms.IntegerField(
        label="Days before a due date that count as due soon",
        min_value=0,
        max_value=365,
        help_text="A milestone this close and not done puts the enrolment at risk",
    )
    development_alert_percent = forms.IntegerField(
        label="Development time alert (%)",
        min_value=0,
        max_value=100,
        help_text="Below this share of the time due so far, the enrolment is at risk",
    )
    reduced_workload_percent = forms.IntegerField(
        label="Reduced workload (% of a standard caseload)",
        min_value=1,
        max_value=100,
        required=False,
    )
    active = forms.BooleanField(label="In use for new cohorts and enrolments", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        number = "must be a whole number"
        word_errors(
            self,
            {
                "name": {"required": "Enter a name"},
                "duration_months": {
                    "required": "Enter the length in months",
                    "invalid": f"The length {number}, like 12",
                    "min_value": "The length must be at least 1 month",
                    "max_value": "The length must be %(limit_value)s months or fewer",
                },
                "due_soon_days": {
                    "required": "Enter the days that count as due soon",
                    "invalid": f"The days {number}, like 14",
                    "min_value": "The days must be 0 or more",
                    "max_value": "The days must be %(limit_value)s or fewer",
                },
                "development_alert_percent": {
                    "required": "Enter the development time alert",
                    "invalid": f"The alert {number}, like 80",
                    "min_value": "The alert must be 0 or more",
                    "max_value": "The alert must be 100 or less",
                },
                "reduced_workload_percent": {
                    "invalid": f"The reduced workload {number}, like 90",
                    "min_value": "The reduced workload must be 1 or more",
                    "max_value": "The reduced workload must be 100 or less",
                },
            },
        )
