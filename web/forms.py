"""Forms for the pages, rendered in the GOV.UK Design System's patterns.

``GovukForm`` gives every widget its GOV.UK class and error state; ``templates/web/includes/
field.html`` draws label, hint, error message and input; ``DateField`` is the GOV.UK date input
(day, month, year boxes) that works by keyboard and screen reader without a date picker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from academy.audits.models import Answer, AuditQuestion, AuditTheme, CaseAudit, Grade
from academy.common.dates import add_months
from academy.common.dates import today as today_local
from academy.pathways.models import Cohort, PathwayTemplate, PcfDomain
from academy.people.models import CONTRACTED_HOURS_MAX, Organisation, PcfLevel, Person, Role, Team
from academy.reports.models import Format, ReportSchedule
from academy.training.models import Course, EventSeries

WIDGET_CLASSES = {
    "text": "govuk-input",
    "email": "govuk-input",
    "password": "govuk-input",
    "number": "govuk-input govuk-input--width-5",
    "search": "govuk-input",
    "select": "govuk-select",
    "textarea": "govuk-textarea",
    "checkbox": "govuk-checkboxes__input",
    "radioselect": "govuk-radios__input",
    "checkboxselectmultiple": "govuk-checkboxes__input",
}
ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-select": "govuk-select--error",
    "govuk-textarea": "govuk-textarea--error",
}


DATE_PARTS = ("day", "month", "year")


class DateWidget(forms.MultiWidget):
    """Three number boxes, as the GOV.UK date input pattern."""

    template_name = "web/includes/date_widget.html"
    #: The boxes to mark in error, set by the form from its errors for this field.
    parts_in_error: tuple[str, ...] = ()

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {"inputmode": "numeric", "class": "govuk-input govuk-date-input__input"}
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            "day": forms.TextInput({**base, "class": base["class"] + " govuk-input--width-2"}),
            "month": forms.TextInput({**base, "class": base["class"] + " govuk-input--width-2"}),
            "year": forms.TextInput({**base, "class": base["class"] + " govuk-input--width-4"}),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        return [str(data.get(f"{name}_{part}", "")).strip() for part in DATE_PARTS]

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_day" if id_ else ""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        base_id = (attrs or {}).get("id") or self.attrs.get("id")
        for part, subwidget in zip(DATE_PARTS, context["widget"]["subwidgets"], strict=True):
            subwidget["label"] = part.title()
            if base_id:
                subwidget["attrs"]["id"] = f"{base_id}_{part}"
            if part in self.parts_in_error:
                classes = subwidget["attrs"].get("class", "").split()
                subwidget["attrs"]["class"] = " ".join([*classes, "govuk-input--error"])
        return context


class DateField(forms.MultiValueField):
    """A date from the GOV.UK date input, with its errors worded as the pattern asks."""

    widget = DateWidget

    def __init__(self, **kwargs: Any) -> None:
        fields = (
            forms.CharField(required=False),
            forms.CharField(required=False),
            forms.CharField(required=False),
        )
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[str]) -> dt.date | None:
        if not data_list or not any(data_list):
            return None
        day, month, year = data_list
        label = (self.label or "date").lower()
        missing = [name for name, part in zip(DATE_PARTS, data_list, strict=True) if not part]
        if missing:
            raise ValidationError(
                f"The {label} must include a {' and a '.join(missing)}",
                code="incomplete",
                params={"parts": tuple(missing)},
            )
        if len(year) != 4 or not year.isdigit():
            raise ValidationError(
                f"The {label} must include a four-digit year",
                code="year",
                params={"parts": ("year",)},
            )
        try:
            value = dt.date(int(year), int(month), int(day))
        except ValueError as exc:
            raise ValidationError(f"The {label} must be a real date", code="invalid") from exc
        return value


def error_parts(form: forms.BaseForm, name: str) -> tuple[str, ...]:
    """The boxes of a date field that its first error is about (all three when unnamed)."""
    errors = form.errors.as_data().get(name) or []
    for error in errors:
        parts = (error.params or {}).get("parts")
        if parts:
            return tuple(parts)
    return DATE_PARTS


class GovukForm(forms.Form):
    """Adds GOV.UK classes and error states to every widget."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)

    def full_clean(self) -> None:
        super().full_clean()
        _style_errors(self)


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, DateWidget):
            continue
        css = WIDGET_CLASSES.get(widget.__class__.__name__.lower().replace("input", ""), "")
        css = css or WIDGET_CLASSES.get(getattr(widget, "input_type", ""), "govuk-input")
        widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()


def _style_errors(form: forms.BaseForm) -> None:
    for name in form.errors:
        if name not in form.fields:
            continue
        widget = form.fields[name].widget
        if isinstance(widget, DateWidget):
            widget.parts_in_error = error_parts(form, name)
            continue
        classes = widget.attrs.get("class", "").split()
        extra = [ERROR_CLASSES[c] for c in classes if c in ERROR_CLASSES]
        widget.attrs["class"] = " ".join(dict.fromkeys(classes + extra))
        widget.attrs["aria-invalid"] = "true"


EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"


def _word(form: forms.BaseForm, messages: dict[str, dict[str, str]]) -> None:
    """Word each field's errors as the GOV.UK Design System asks: say what to do."""
    for name, by_code in messages.items():
        form.fields[name].error_messages.update(by_code)


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "The username or password is not right.",
        "inactive": "This account is closed. Ask the academy to reopen it.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # No autofocus: it skips the page's heading and the skip link for screen reader users.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].widget.attrs.update(autocomplete="username", spellcheck="false")
        self.fields["password"].widget.attrs.update(autocomplete="current-password")
        _word(
            self,
            {
                "username": {"required": "Enter your username"},
                "password": {"required": "Enter your password"},
            },
        )
        _style(self)

    def full_clean(self) -> None:
        super().full_clean()
        _style_errors(self)


class GovukSetPasswordForm(SetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _word(
            self,
            {
                "new_password1": {"required": "Enter a new password"},
                "new_password2": {"required": "Enter the new password again"},
            },
        )
        _style(self)

    def full_clean(self) -> None:
        super().full_clean()
        _style_errors(self)


class GovukPasswordResetForm(PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Work email address"
        self.fields["email"].widget.attrs.update(autocomplete="email", spellcheck="false")
        _word(
            self,
            {"email": {"required": "Enter your work email address", "invalid": EMAIL_FORMAT}},
        )
        _style(self)

    def full_clean(self) -> None:
        super().full_clean()
        _style_errors(self)


class PeopleFilterForm(GovukForm):
    search = forms.CharField(label="Name", required=False, max_length=100)
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(), required=False, empty_label="Any team"
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, empty_label="Any organisation"
    )
    role = forms.ChoiceField(choices=[("", "Any role"), *Role.choices], required=False)
    active = forms.ChoiceField(
        label="Status",
        choices=[("", "Current and left"), ("true", "Current"), ("false", "Left")],
        required=False,
        initial="true",
    )

    def __init__(self, *args: Any, teams: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team_field = self.fields["team"]
        organisation_field = self.fields["organisation"]
        assert isinstance(team_field, forms.ModelChoiceField)
        assert isinstance(organisation_field, forms.ModelChoiceField)
        team_field.queryset = teams
        organisation_field.queryset = organisations
        _word(
            self,
            {
                "team": {"invalid_choice": "Choose a team from the list"},
                "organisation": {"invalid_choice": "Choose an organisation from the list"},
                "role": {"invalid_choice": "Choose a role from the list"},
                "active": {"invalid_choice": "Choose current, left, or both"},
            },
        )
        for field in self.fields.values():
            field.widget.attrs["class"] += " govuk-!-width-full"


class PersonForm(GovukForm):
    """The PSW's form for a person's record. Saving goes through the people services."""

    #: Labels of fields that may be left blank say "(optional)".
    mark_optional = True

    first_name = forms.CharField(max_length=100)
    last_name = forms.CharField(max_length=100)
    work_email = forms.EmailField(max_length=254)
    job_title = forms.CharField(max_length=150, required=False)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), empty_label="Choose an organisation"
    )
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(), required=False, empty_label="No team"
    )
    employment_start_date = DateField(
        label="Employment start date", required=False, help_text="For example, 3 9 2024"
    )
    leaving_date = DateField(label="Leaving date", required=False)
    contracted_hours_per_week = forms.DecimalField(
        # No max_digits: the largest value bounds the digits, and says so in one message.
        decimal_places=2,
        min_value=0.01,
        max_value=CONTRACTED_HOURS_MAX,
        initial=37,
        label="Contracted hours a week",
    )
    pcf_level = forms.ChoiceField(
        label="PCF level", choices=[("", "Not a social worker"), *PcfLevel.choices], required=False
    )
    swe_number = forms.CharField(
        label="Social Work England number",
        max_length=12,
        required=False,
        help_text="For example, SW123456",
    )
    swe_first_registered_on = DateField(
        label="First registered with Social Work England", required=False
    )
    qualified_on = DateField(label="Qualification date", required=False)
    hcpc_number = forms.CharField(
        label="HCPC number",
        max_length=12,
        required=False,
        help_text="For occupational therapists, for example OT12345",
    )
    active = forms.BooleanField(
        label="Currently works with the academy", required=False, initial=True
    )

    def __init__(self, *args: Any, teams: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team_field = self.fields["team"]
        organisation_field = self.fields["organisation"]
        assert isinstance(team_field, forms.ModelChoiceField)
        assert isinstance(organisation_field, forms.ModelChoiceField)
        team_field.queryset = teams
        organisation_field.queryset = organisations
        hours = "Contracted hours a week"
        _word(
            self,
            {
                "first_name": {"required": "Enter a first name"},
                "last_name": {"required": "Enter a last name"},
                "work_email": {"required": "Enter a work email address", "invalid": EMAIL_FORMAT},
                "organisation": {
                    "required": "Choose an organisation",
                    "invalid_choice": "Choose an organisation from the list",
                },
                "team": {"invalid_choice": "Choose a team from the list"},
                "contracted_hours_per_week": {
                    "required": "Enter the contracted hours a week",
                    "invalid": f"{hours} must be a number, like 37 or 22.5",
                    "min_value": f"{hours} must be more than 0",
                    "max_value": f"{hours} must be %(limit_value)s or fewer",
                    "max_decimal_places": f"{hours} can have up to 2 decimal places",
                },
                "pcf_level": {"invalid_choice": "Choose a PCF level from the list"},
            },
        )

    @classmethod
    def initial_for(cls, person: Person) -> dict[str, Any]:
        return {name: getattr(person, name) for name in cls.base_fields}


class NewPersonForm(PersonForm):
    username = forms.CharField(
        max_length=150,
        required=False,
        help_text="Leave blank for someone who does not sign in. A welcome email with a link "
        "to set a password goes to their work email.",
        label="Username for signing in",
    )


class RoleForm(GovukForm):
    role = forms.ChoiceField(
        choices=[
            ("", "Choose a role"),
            *[(value, label) for value, label in Role.choices if value != Role.LEARNER],
        ]
    )
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        required=False,
        empty_label="Not for a team",
        help_text="Only for a team manager",
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Not for an organisation",
        help_text="Only for a partner coordinator",
    )

    def __init__(self, *args: Any, teams: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team_field = self.fields["team"]
        organisation_field = self.fields["organisation"]
        assert isinstance(team_field, forms.ModelChoiceField)
        assert isinstance(organisation_field, forms.ModelChoiceField)
        team_field.queryset = teams
        organisation_field.queryset = organisations
        _word(
            self,
            {
                "role": {
                    "required": "Choose a role",
                    "invalid_choice": "Choose a role from the list",
                },
                "team": {"invalid_choice": "Choose a team from the list"},
                "organisation": {"invalid_choice": "Choose an organisation from the list"},
            },
        )


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form fields it names."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            name = field.split(".")[-1] if "." in field else field
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
    _style_errors(form)


# ---------------------------------------------------------------------------------------------
# Pathways
# ---------------------------------------------------------------------------------------------
class GovukRadios(forms.RadioSelect):
    """Radios drawn by ``templates/web/includes/choices.html``; the first radio carries the
    field's own id, so the error summary's link lands on it (as the GOV.UK pattern asks)."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return id_ if index is None else super().id_for_label(id_, index)


class GovukCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes drawn by ``templates/web/includes/choices.html``; the first has the field's id."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return id_ if index is None else super().id_for_label(id_, index)


def _date(label: str, *, required: bool = True, **kwargs: Any) -> DateField:
    return DateField(
        label=label,
        required=required,
        error_messages={"required": f"Enter the {label[0].lower()}{label[1:]}"},
        help_text=kwargs.pop("help_text", "For example, 27 3 2026"),
        **kwargs,
    )


def _people_field(label: str, empty: str) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, empty_label=empty, label=label
    )


def _set_queryset(form: forms.BaseForm, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class CohortForm(GovukForm):
    """The PSW's new cohort: an intake on a pathway."""

    mark_optional = True

    name = forms.CharField(max_length=150, help_text="For example, ASYE September 2026")
    pathway = forms.ModelChoiceField(
        queryset=PathwayTemplate.objects.none(), empty_label="Choose a pathway"
    )
    start_date = _date("Start date")
    capacity = forms.IntegerField(
        label="Places", min_value=1, max_value=1000, help_text="The most people it can take"
    )
    lead = _people_field("Lead", "No lead yet")

    def __init__(self, *args: Any, pathways: Any, leads: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "pathway", pathways)
        _set_queryset(self, "lead", leads)
        _word(
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
        _set_queryset(self, "team", teams)
        _word(
            self,
            {
                "team": {"invalid_choice": "Choose a team from the list"},
                "pcf_level": {"invalid_choice": "Choose a PCF level from the list"},
            },
        )
        for field in self.fields.values():
            field.widget.attrs["class"] += " govuk-!-width-full"


class EnrolForm(GovukForm):
    """Enrol one or many people into a cohort. The service checks eligibility and capacity."""

    mark_optional = True

    people = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(), label="People to enrol", widget=GovukCheckboxes
    )
    start_date = _date("Start date")
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
        _set_queryset(self, "people", people)
        _set_queryset(self, "assessor", assessors)
        _set_queryset(self, "supervisor", supervisors)
        choices = self.fields["optional_milestones"]
        assert isinstance(choices, forms.MultipleChoiceField)
        choices.choices = optional_milestones
        _word(
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
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [("", "Any status"), *statuses]
        if assessors is None:
            del self.fields["assessor"]
        else:
            _set_queryset(self, "assessor", assessors)
        _word(
            self,
            {
                "status": {"invalid_choice": "Choose a status from the list"},
                **(
                    {"assessor": {"invalid_choice": "Choose an assessor from the list"}}
                    if assessors is not None
                    else {}
                ),
            },
        )
        for field in self.fields.values():
            field.widget.attrs["class"] += " govuk-!-width-full"


class MilestoneCompleteForm(GovukForm):
    mark_optional = True

    completed_on = _date("Date completed", initial=today_local)
    note = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class SupervisionForm(GovukForm):
    mark_optional = True

    held_on = _date("Date of the supervision", initial=today_local)
    supervisor = forms.ModelChoiceField(
        queryset=Person.objects.none(), empty_label="Choose the supervisor"
    )
    kind = forms.ChoiceField(label="Kind of supervision", widget=GovukRadios, choices=())
    note = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, supervisors: Any, kinds: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "supervisor", supervisors)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = kinds
        _word(
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
    date = _date("Date", initial=today_local)
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
        _word(
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
    date = _date("Date", initial=today_local)
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
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = kinds
        _set_queryset(self, "domains", domains)
        self.fields["file"].widget.attrs["class"] = "govuk-file-upload"
        _word(
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
    first_day = _date("First day")
    last_day = _date("Last day", help_text="The last day of the pause, inclusive")
    reason = forms.CharField(
        label="Details", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, kinds: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = kinds
        _word(
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
        _word(
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
    decided_on = _date("Date of the decision", initial=today_local)
    note = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, decisions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        decision = self.fields["decision"]
        assert isinstance(decision, forms.ChoiceField)
        decision.choices = decisions
        _word(
            self,
            {
                "decision": {
                    "required": "Choose the decision",
                    "invalid_choice": "Choose a decision from the list",
                }
            },
        )


class PortalRegistrationForm(GovukForm):
    registered_on = _date("Date registered", initial=today_local)


class TemplateCopyForm(GovukForm):
    name = forms.CharField(max_length=150, help_text="For example, ASYE (adults), Shire variant")
    key = forms.SlugField(
        label="Short name",
        max_length=60,
        help_text="Lower-case letters, numbers and hyphens, for example asye-shire",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _word(
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
        _word(
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


# ---------------------------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------------------------
def _time(
    label: str,
    *,
    required: bool = True,
    help_text: str = "Use the 24-hour clock, for example 09:30 or 14:00",
) -> forms.TimeField:
    """A time of day typed as on a 24-hour clock (the GOV.UK pattern for times has no widget)."""
    what = f"the {label[0].lower()}{label[1:]}"
    return forms.TimeField(
        label=label,
        required=required,
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        help_text=help_text,
        error_messages={
            "required": f"Enter {what}",
            "invalid": f"Enter {what} as hours and minutes on the 24-hour clock, like 09:30",
        },
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-5", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


class CatalogueFilterForm(GovukForm):
    """Search and filters for the training catalogue."""

    search = forms.CharField(label="Course name or subject", required=False, max_length=100)
    mode = forms.ChoiceField(label="Delivery", required=False, choices=())
    domain = forms.ModelChoiceField(
        label="PCF domain",
        queryset=PcfDomain.objects.none(),
        required=False,
        empty_label="Any PCF domain",
    )
    statement = forms.ChoiceField(label="CQC quality statement", required=False, choices=())
    open_to_partners = forms.BooleanField(label="Open to partner organisations", required=False)
    has_places = forms.BooleanField(label="Has a date with places left", required=False)

    def __init__(
        self, *args: Any, modes: Any, domains: Any, statements: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        mode = self.fields["mode"]
        statement = self.fields["statement"]
        assert isinstance(mode, forms.ChoiceField)
        assert isinstance(statement, forms.ChoiceField)
        mode.choices = [("", "Any way"), *modes]
        statement.choices = [("", "Any statement"), *statements]
        _set_queryset(self, "domain", domains)
        _word(
            self,
            {
                "mode": {"invalid_choice": "Choose a way of delivery from the list"},
                "domain": {"invalid_choice": "Choose a PCF domain from the list"},
                "statement": {"invalid_choice": "Choose a quality statement from the list"},
            },
        )
        for name in ("search", "mode", "domain", "statement"):
            self.fields[name].widget.attrs["class"] += " govuk-!-width-full"


class BookSomeoneForm(GovukForm):
    """A manager or partner coordinator chooses one of their people; a training coordinator,
    who books for anyone, gives a work email address."""

    person = forms.ModelChoiceField(
        label="Person to book", queryset=Person.objects.none(), empty_label="Choose a person"
    )
    work_email = forms.EmailField(
        label="Work email address of the person to book",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is None:
            del self.fields["person"]
        else:
            del self.fields["work_email"]
            _set_queryset(self, "person", people)
        _word(
            self,
            {
                name: messages
                for name, messages in {
                    "person": {
                        "required": "Choose the person to book",
                        "invalid_choice": "Choose a person from the list",
                    },
                    "work_email": {
                        "required": "Enter the work email address of the person to book",
                        "invalid": EMAIL_FORMAT,
                    },
                }.items()
                if name in self.fields
            },
        )

    def clean_work_email(self) -> Person:
        email = self.cleaned_data["work_email"]
        person = Person.objects.filter(work_email__iexact=email).select_related(
            "organisation", "team"
        )
        found = person.first()
        if found is None:
            raise ValidationError("Nobody has this work email address")
        return found

    def chosen(self) -> Person:
        data = self.cleaned_data
        return data["person"] if "person" in data else data["work_email"]


class BookingCancelForm(GovukForm):
    mark_optional = True

    reason = forms.CharField(
        label="Why are you cancelling?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="This helps the academy plan future dates",
    )


class BookingDecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label="Your decision",
        widget=GovukRadios,
        choices=[("approve", "Approve the request"), ("decline", "Decline the request")],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _word(
            self,
            {
                "decision": {
                    "required": "Choose to approve or decline the request",
                    "invalid_choice": "Choose to approve or decline the request",
                }
            },
        )


class CpdEntryForm(GovukForm):
    """A piece of CPD, in the order Social Work England's online form asks for it."""

    mark_optional = True
    #: The entry's fields this form edits.
    FIELDS = (
        "title",
        "activity_date",
        "hours",
        "activity",
        "learning",
        "impact",
        "peer_reflection",
        "peer_learning",
    )

    title = forms.CharField(
        label="Title of the activity",
        max_length=200,
        help_text="For example, Mental Capacity Act refresher",
    )
    activity_date = _date("Date of the activity")
    hours = forms.DecimalField(
        label="Hours",
        required=False,
        decimal_places=2,
        min_value=0,
        max_value=999,
        help_text="For example, 3 or 1.5",
    )
    activity = forms.CharField(
        label="What was the activity, and why was it relevant to your practice?",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    learning = forms.CharField(
        label="What did you learn?", max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    impact = forms.CharField(
        label="What impact has it had on your practice and on the people you work with?",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    peer_reflection = forms.ChoiceField(
        label="Did you reflect on it with a peer?",
        widget=GovukRadios,
        choices=[("yes", "Yes"), ("no", "No")],
        help_text="Social Work England asks for at least one piece with a peer reflection",
    )
    peer_learning = forms.CharField(
        label="What did you learn from the discussion with your peer?",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only if you reflected with a peer",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _word(
            self,
            {
                "title": {"required": "Enter the title of the activity"},
                "hours": {
                    "invalid": "Hours must be a number, like 1.5",
                    "min_value": "Hours cannot be negative",
                    "max_value": "Hours must be %(limit_value)s or fewer",
                    "max_decimal_places": "Hours can have up to 2 decimal places",
                },
                "activity": {"required": "Say what the activity was and why it was relevant"},
                "learning": {"required": "Say what you learnt"},
                "impact": {"required": "Say what impact it has had"},
                "peer_reflection": {
                    "required": "Say whether you reflected on it with a peer",
                    "invalid_choice": "Say whether you reflected on it with a peer",
                },
            },
        )

    @classmethod
    def initial_for(cls, values: dict[str, Any]) -> dict[str, Any]:
        initial = {name: values.get(name) for name in cls.FIELDS}
        initial["peer_reflection"] = "yes" if values.get("peer_reflection") else "no"
        return initial

    def entry_data(self) -> dict[str, Any]:
        """The cleaned fields as the CPD service takes them."""
        data = {name: self.cleaned_data[name] for name in self.FIELDS}
        data["peer_reflection"] = data["peer_reflection"] == "yes"
        if data["hours"] is None:
            data["hours"] = Decimal("0")
        if not data["peer_reflection"]:
            data["peer_learning"] = ""
        return data


class ComplianceFilterForm(GovukForm):
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(), required=False, empty_label="All teams"
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, empty_label="All organisations"
    )
    search = forms.CharField(label="Name", required=False, max_length=100)

    def __init__(self, *args: Any, teams: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "team", teams)
        if organisations is None:
            del self.fields["organisation"]
        else:
            _set_queryset(self, "organisation", organisations)
        _word(
            self,
            {
                "team": {"invalid_choice": "Choose a team from the list"},
                **(
                    {"organisation": {"invalid_choice": "Choose an organisation from the list"}}
                    if organisations is not None
                    else {}
                ),
            },
        )
        for field in self.fields.values():
            field.widget.attrs["class"] += " govuk-!-width-full"


class TrainingAdminFilterForm(GovukForm):
    period = forms.ChoiceField(
        label="Sessions",
        required=False,
        choices=[("upcoming", "Upcoming"), ("past", "Past")],
    )
    course = forms.ModelChoiceField(
        queryset=Course.objects.none(), required=False, empty_label="Any course"
    )

    def __init__(self, *args: Any, courses: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "course", courses)
        _word(
            self,
            {
                "period": {"invalid_choice": "Choose upcoming or past"},
                "course": {"invalid_choice": "Choose a course from the list"},
            },
        )
        for field in self.fields.values():
            field.widget.attrs["class"] += " govuk-!-width-full"


class SessionForm(GovukForm):
    """A session's date, times, place and places. Times are the academy's local time."""

    mark_optional = True

    course = forms.ModelChoiceField(queryset=Course.objects.none(), empty_label="Choose a course")
    series = forms.ModelChoiceField(
        label="Part of an event series",
        queryset=EventSeries.objects.none(),
        required=False,
        empty_label="Not part of a series",
    )
    date = _date("Date")
    starts = _time("Start time")
    ends = _time("End time")
    venue = forms.CharField(
        max_length=300, required=False, help_text="For a face-to-face session, the room and address"
    )
    joining_link = forms.URLField(
        label="Online joining link",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="For a webinar, the link people use to join",
    )
    capacity = forms.IntegerField(
        label="Places", min_value=1, max_value=10000, help_text="The most people it can take"
    )
    closes_on = _date(
        "Booking closes",
        required=False,
        help_text="Leave blank to take bookings until the session starts. For example, 27 3 2026",
    )
    closes_at = _time(
        "Time booking closes",
        required=False,
        help_text="Leave blank for the end of that day, or use the 24-hour clock, like 17:00",
    )

    def __init__(self, *args: Any, courses: Any = None, series: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if courses is None:
            del self.fields["course"]
        else:
            _set_queryset(self, "course", courses)
        _set_queryset(self, "series", series)
        _word(
            self,
            {
                **(
                    {
                        "course": {
                            "required": "Choose a course",
                            "invalid_choice": "Choose a course from the list",
                        }
                    }
                    if courses is not None
                    else {}
                ),
                "series": {"invalid_choice": "Choose a series from the list"},
                "joining_link": {
                    "invalid": "Enter the joining link as a web address, like "
                    "https://meet.example.org/abc"
                },
                "capacity": {
                    "required": "Enter the number of places",
                    "invalid": "The number of places must be a whole number, like 20",
                    "min_value": "A session needs at least 1 place",
                    "max_value": "A session can have up to %(limit_value)s places",
                },
            },
        )

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        day, starts, ends = data.get("date"), data.get("starts"), data.get("ends")
        if day and starts and ends and ends <= starts:
            self.add_error("ends", "The end time must be after the start time")
        if data.get("closes_at") and not data.get("closes_on"):
            self.add_error("closes_on", "Enter the date booking closes")
        return data

    def session_data(self) -> dict[str, Any]:
        """The fields as the session services take them, local times made aware."""
        data = self.cleaned_data
        closes = None
        if data["closes_on"]:
            closes = _aware(data["closes_on"], data["closes_at"] or dt.time(23, 59))
        return {
            "starts_at": _aware(data["date"], data["starts"]),
            "ends_at": _aware(data["date"], data["ends"]),
            "venue": data["venue"],
            "joining_link": data["joining_link"],
            "capacity": data["capacity"],
            "booking_closes_at": closes,
            "series": data["series"],
        }

    @classmethod
    def initial_for(cls, session: Any) -> dict[str, Any]:
        starts = timezone.localtime(session.starts_at)
        ends = timezone.localtime(session.ends_at)
        closes = (
            timezone.localtime(session.booking_closes_at) if session.booking_closes_at else None
        )
        return {
            "series": session.series_id,
            "date": starts.date(),
            "starts": starts.strftime("%H:%M"),
            "ends": ends.strftime("%H:%M"),
            "venue": session.venue,
            "joining_link": session.joining_link,
            "capacity": session.capacity,
            "closes_on": closes.date() if closes else None,
            "closes_at": closes.strftime("%H:%M") if closes else "",
        }


def _aware(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


class SessionCancelForm(GovukForm):
    reason = forms.CharField(
        label="Why is the session cancelled?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Everyone booked, waiting or asking for a place is told, with this reason",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _word(self, {"reason": {"required": "Say why the session is cancelled"}})


#: CSV files the training imports take.
CSV_MAX_BYTES = 2 * 1024 * 1024


class CsvUploadForm(GovukForm):
    file = forms.FileField(label="Upload a CSV file")

    def __init__(self, *args: Any, help_text: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["class"] = "govuk-file-upload"
        self.fields["file"].widget.attrs["accept"] = ".csv,text/csv"
        self.fields["file"].help_text = help_text
        _word(
            self,
            {"file": {"required": "Choose a CSV file", "empty": "The file is empty"}},
        )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise ValidationError("The file must be a CSV file")
        if upload.size > CSV_MAX_BYTES:
            raise ValidationError("The file must be smaller than 2MB")
        try:
            text: str = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError("The file must be a CSV file saved as UTF-8") from exc
        return text


class CompletionForm(GovukForm):
    """A coordinator records one completion: e-learning, or evidence from elsewhere."""

    work_email = forms.EmailField(
        label="Work email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    course = forms.ModelChoiceField(queryset=Course.objects.none(), empty_label="Choose a course")
    completed_on = _date("Date completed", initial=today_local)
    source = forms.ChoiceField(label="How it was completed", widget=GovukRadios, choices=())

    def __init__(self, *args: Any, courses: Any, sources: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "course", courses)
        source = self.fields["source"]
        assert isinstance(source, forms.ChoiceField)
        source.choices = sources
        _word(
            self,
            {
                "work_email": {
                    "required": "Enter the person's work email address",
                    "invalid": EMAIL_FORMAT,
                },
                "course": {
                    "required": "Choose a course",
                    "invalid_choice": "Choose a course from the list",
                },
                "source": {
                    "required": "Choose how it was completed",
                    "invalid_choice": "Choose how it was completed",
                },
            },
        )

    def clean_work_email(self) -> Person:
        found = Person.objects.filter(work_email__iexact=self.cleaned_data["work_email"]).first()
        if found is None:
            raise ValidationError("Nobody has this work email address")
        return found


#: The marks a register takes, in the order the radios show them.
ATTENDANCE_MARKS = (
    ("attended", "Attended"),
    ("partially_attended", "Partly attended"),
    ("no_show", "Did not attend"),
)


class RegisterForm(GovukForm):
    """One set of radios per booking on the register (``mark_<booking id>``)."""

    def __init__(self, *args: Any, bookings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bookings = list(bookings)
        for booking in self.bookings:
            self.fields[f"mark_{booking.pk}"] = forms.ChoiceField(
                label=booking.person.full_name,
                required=False,
                choices=ATTENDANCE_MARKS,
                widget=GovukRadios,
                initial=booking.status if booking.status != "booked" else None,
                error_messages={
                    "invalid_choice": "Choose attended, partly attended or did not "
                    f"attend for {booking.person.full_name}"
                },
            )
        _style(self)

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if self.bookings and not self.marks() and not self.errors:
            raise ValidationError(
                "Choose attended, partly attended or did not attend for at least one person"
            )
        return data

    def marks(self) -> list[tuple[int, str]]:
        return [
            (booking.pk, self.cleaned_data[f"mark_{booking.pk}"])
            for booking in self.bookings
            if self.cleaned_data.get(f"mark_{booking.pk}")
        ]

    def rows(self) -> list[tuple[Any, Any]]:
        return [(booking, self[f"mark_{booking.pk}"]) for booking in self.bookings]


# ---------------------------------------------------------------------------------------------
# Case file audits
# ---------------------------------------------------------------------------------------------
ANSWER_CHOICES = [(value, label) for value, label in Answer.choices]
ANSWER_WORDS = "Yes, Partly, No or Not applicable"


class AuditForm(GovukForm):
    """A manager's case file audit: the case, then each question of the template with an answer
    and a comment, then the feedback, themes and any change to the grade. Drafts may leave
    questions unanswered; the service checks everything on submitting."""

    mark_optional = True

    practitioner = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label="Practitioner whose work was audited",
        empty_label="Choose the practitioner",
    )
    case_reference = forms.CharField(label="Case reference", max_length=30)
    audit_date = _date("Date of the audit", initial=today_local)
    strengths = forms.CharField(
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the practitioner did well, for their feedback",
    )
    areas_to_develop = forms.CharField(
        label="Areas to develop",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    themes = forms.ModelMultipleChoiceField(
        queryset=AuditTheme.objects.none(),
        label="Learning themes",
        required=False,
        widget=GovukCheckboxes,
        help_text="Tag what this audit shows, for the academy's learning across teams",
    )
    grade_override = forms.ChoiceField(
        label="Grade to give instead",
        required=False,
        choices=[("", "Keep the grade as computed"), *Grade.choices],
        help_text="Used when you submit the audit",
    )
    override_reason = forms.CharField(
        label="Reason for changing the grade",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reaudit_of = forms.ModelChoiceField(
        queryset=CaseAudit.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(
        self,
        *args: Any,
        questions: list[tuple[str, AuditQuestion]],
        practitioners: Any,
        themes: Any,
        reaudits: Any,
        case_hint: str,
        **kwargs: Any,
    ) -> None:
        """``questions``: (number, question) in the template's order, such as ("2.1", q)."""
        super().__init__(*args, **kwargs)
        self.questions = questions
        _set_queryset(self, "practitioner", practitioners)
        _set_queryset(self, "themes", themes)
        _set_queryset(self, "reaudit_of", reaudits)
        self.fields["case_reference"].help_text = case_hint
        self.fields["case_reference"].widget.attrs.update(
            {"class": "govuk-input govuk-input--width-10", "spellcheck": "false"}
        )
        fields = dict(self.fields)
        ordered = {name: fields.pop(name) for name in ("practitioner", "case_reference")}
        ordered["audit_date"] = fields.pop("audit_date")
        for number, question in questions:
            ordered[f"answer_{question.pk}"] = forms.ChoiceField(
                label=question.text,
                required=False,
                choices=ANSWER_CHOICES,
                widget=GovukRadios,
                error_messages={
                    "invalid_choice": f"Question {number}: choose {ANSWER_WORDS}",
                },
            )
            ordered[f"comment_{question.pk}"] = forms.CharField(
                label=f"Comment on question {number}",
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "govuk-textarea"}),
            )
        ordered.update(fields)
        self.fields = ordered
        _word(
            self,
            {
                "practitioner": {
                    "required": "Choose the practitioner whose work was audited",
                    "invalid_choice": "Choose a practitioner from your teams",
                },
                "case_reference": {"required": "Enter the case reference"},
                "themes": {"invalid_choice": "Choose themes from the list"},
                "grade_override": {"invalid_choice": "Choose a grade from the list"},
            },
        )

    @classmethod
    def initial_for(cls, audit: CaseAudit) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "practitioner": audit.practitioner_id,
            "case_reference": audit.case_reference,
            "audit_date": audit.audit_date,
            "strengths": audit.strengths,
            "areas_to_develop": audit.areas_to_develop,
            "themes": [theme.pk for theme in audit.themes.all()],
            "reaudit_of": audit.reaudit_of_id,
        }
        for response in audit.responses.all():
            initial[f"answer_{response.question_id}"] = response.answer
            initial[f"comment_{response.question_id}"] = response.comment
        return initial

    def answers(self) -> list[dict[str, Any]]:
        """Every question's answer and comment, in the template's order (blank where none)."""
        return [
            {
                "question": question.pk,
                "answer": self.cleaned_data.get(f"answer_{question.pk}", ""),
                "comment": self.cleaned_data.get(f"comment_{question.pk}", ""),
            }
            for _, question in self.questions
        ]

    def sections(self) -> list[tuple[str, list[dict[str, Any]]]]:
        """The questions by section, each with its number, answer and comment fields."""
        grouped: dict[str, list[dict[str, Any]]] = {}
        for number, question in self.questions:
            grouped.setdefault(question.section.title, []).append(
                {
                    "number": number,
                    "question": question,
                    "answer": self[f"answer_{question.pk}"],
                    "comment": self[f"comment_{question.pk}"],
                }
            )
        return list(grouped.items())

    def field_for_answer(self, index: int) -> str:
        """The field an error about ``answers.<index>`` belongs on."""
        return f"answer_{self.questions[index][1].pk}"

    def number_of(self, index: int) -> str:
        return self.questions[index][0]


class AuditFilterForm(GovukForm):
    """Narrows the list of audits on the dashboard."""

    team = forms.ModelChoiceField(
        queryset=Team.objects.none(), required=False, empty_label="All teams"
    )
    status = forms.ChoiceField(
        required=False, choices=[("", "Any status"), *CaseAudit.Status.choices]
    )
    grade = forms.ChoiceField(required=False, choices=[("", "Any grade"), *Grade.choices])

    def __init__(self, *args: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "team", teams)
        _word(
            self,
            {
                "team": {"invalid_choice": "Choose a team from the list"},
                "status": {"invalid_choice": "Choose a status from the list"},
                "grade": {"invalid_choice": "Choose a grade from the list"},
            },
        )
        for field in self.fields.values():
            field.widget.attrs["class"] += " govuk-!-width-full"


class AcknowledgeForm(GovukForm):
    mark_optional = True

    reflection = forms.CharField(
        label="Your reflection",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What you take from the feedback, and what you will do differently. Your "
        "manager reads it.",
    )


class AuditActionForm(GovukForm):
    description = forms.CharField(
        label="What needs to be done",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    owner = forms.ModelChoiceField(
        queryset=Person.objects.none(), label="Who does it", empty_label="Choose who does it"
    )
    due_date = _date("Due date")

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "owner", owners)
        _word(
            self,
            {
                "description": {"required": "Say what needs to be done"},
                "owner": {
                    "required": "Choose who does it",
                    "invalid_choice": "Choose someone from the list",
                },
            },
        )


class RegradeForm(GovukForm):
    mark_optional = True

    grade = forms.ChoiceField(label="Your grade", widget=GovukRadios, choices=Grade.choices)
    note = forms.CharField(
        label="Note for the auditor",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Where you differ, and why",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _word(
            self,
            {
                "grade": {
                    "required": "Choose your grade",
                    "invalid_choice": "Choose a grade from the list",
                }
            },
        )


class BulletinForm(GovukForm):
    """A learning bulletin: what went well and what to improve in a period, never naming a
    worker."""

    mark_optional = True

    title = forms.CharField(max_length=200, help_text="For example, Learning from audits: March")
    period_start = _date("Start of the period")
    period_end = _date("End of the period")
    went_well = forms.CharField(
        label="What went well", max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )
    to_improve = forms.CharField(
        label="What to improve", max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )
    themes = forms.ModelMultipleChoiceField(
        queryset=AuditTheme.objects.none(),
        label="Themes it covers",
        required=False,
        widget=GovukCheckboxes,
    )

    def __init__(self, *args: Any, themes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "themes", themes)
        _word(
            self,
            {
                "title": {"required": "Enter a title"},
                "went_well": {"required": "Say what went well"},
                "to_improve": {"required": "Say what to improve"},
                "themes": {"invalid_choice": "Choose themes from the list"},
            },
        )

    @classmethod
    def initial_for(cls, bulletin: Any) -> dict[str, Any]:
        return {
            "title": bulletin.title,
            "period_start": bulletin.period_start,
            "period_end": bulletin.period_end,
            "went_well": bulletin.went_well,
            "to_improve": bulletin.to_improve,
            "themes": [theme.pk for theme in bulletin.themes.all()],
        }


class AuditThemeForm(GovukForm):
    mark_optional = True

    name = forms.CharField(max_length=120, help_text="For example, Transitions")
    description = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    active = forms.BooleanField(label="Offered for new audits", required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _word(self, {"name": {"required": "Enter a name for the theme"}})


# ---------------------------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------------------------
#: How far back the audit summary's list of periods reaches, most recent first.
REPORT_MONTHS_OFFERED = 24
REPORT_QUARTERS_OFFERED = 8
WEEKDAYS = [
    (1, "Monday"),
    (2, "Tuesday"),
    (3, "Wednesday"),
    (4, "Thursday"),
    (5, "Friday"),
    (6, "Saturday"),
    (7, "Sunday"),
]


def report_periods(as_of: dt.date) -> list[tuple[str, list[tuple[str, str]]]]:
    """The audit summary's periods, grouped: recent months and quarters, as ``month:YYYY-MM``
    or ``quarter:YYYY-MM`` (a quarter's first month)."""
    this_month = as_of.replace(day=1)
    this_quarter = this_month.replace(month=(as_of.month - 1) // 3 * 3 + 1)
    months = [add_months(this_month, -i) for i in range(REPORT_MONTHS_OFFERED)]
    quarters = [add_months(this_quarter, -3 * i) for i in range(REPORT_QUARTERS_OFFERED)]
    return [
        ("Months", [(f"month:{m:%Y-%m}", report_period_label("month", m)) for m in months]),
        (
            "Quarters",
            [(f"quarter:{q:%Y-%m}", report_period_label("quarter", q)) for q in quarters],
        ),
    ]


def report_period_label(period: str, start: dt.date) -> str:
    """A month (April 2026) or a quarter (April to June 2026) in words."""
    if period == "quarter":
        return f"{start:%B} to {add_months(start, 2):%B %Y}"
    return f"{start:%B %Y}"


class ReportRequestForm(GovukForm):
    """Ask for a report: its kind, what that kind needs (a cohort, a team, a month or quarter,
    a number of months) and a format. Only the chosen kind's own fields are read; the reports
    service has the last word on each."""

    #: The kind's fields, shown under its radio (``parameters.start`` is the period's).
    PARAMETER_FIELDS: dict[str, tuple[str, ...]] = {
        "cohort_progression": ("cohort",),
        "training_compliance": ("team",),
        "audit_summary": ("period",),
        "cqc_evidence": ("months",),
    }
    #: Where the service's refusals go: its field names, as this form calls them.
    REFUSALS = {"parameters.start": "period", "parameters.period": "period"}

    kind = forms.ChoiceField(label="Report", widget=GovukRadios, choices=())
    cohort = forms.ModelChoiceField(
        queryset=Cohort.objects.none(), required=False, empty_label="Choose a cohort"
    )
    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False)
    period = forms.ChoiceField(label="Month or quarter", required=False, choices=())
    months = forms.IntegerField(
        label="Months to cover",
        required=False,
        initial=12,
        help_text="Counted back from this month",
    )
    format = forms.ChoiceField(label="Format", widget=GovukRadios, choices=Format.choices)

    def __init__(
        self,
        *args: Any,
        kinds: list[tuple[str, str]],
        cohorts: Any,
        teams: Any,
        whole_academy: bool,
        as_of: dt.date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.whole_academy = whole_academy
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = kinds
        _set_queryset(self, "cohort", cohorts)
        _set_queryset(self, "team", teams)
        team = self.fields["team"]
        assert isinstance(team, forms.ModelChoiceField)
        team.empty_label = "The whole academy" if whole_academy else "Choose your team"
        period = self.fields["period"]
        assert isinstance(period, forms.ChoiceField)
        period.choices = [("", "Choose a month or quarter"), *report_periods(as_of)]
        self.fields["months"].widget.attrs.update(inputmode="numeric")
        _word(
            self,
            {
                "kind": {
                    "required": "Choose a report",
                    "invalid_choice": "Choose a report from the list",
                },
                "cohort": {"invalid_choice": "Choose a cohort from the list"},
                "team": {"invalid_choice": "Choose a team from the list"},
                "period": {"invalid_choice": "Choose a month or quarter from the list"},
                "months": {"invalid": "The number of months must be a whole number, like 12"},
                "format": {
                    "required": "Choose a format",
                    "invalid_choice": "Choose a format from the list",
                },
            },
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind = data.get("kind")
        missing = {
            "cohort_progression": ("cohort", "Choose a cohort"),
            "audit_summary": ("period", "Choose a month or quarter"),
        }
        if kind == "training_compliance" and not self.whole_academy:
            missing[kind] = ("team", "Choose your team")
        if kind in missing:
            name, message = missing[kind]
            if not data.get(name) and name not in self.errors:
                self.add_error(name, message)
        return data

    def parameters(self) -> dict[str, Any]:
        """The chosen kind's parameters, as the reports service takes them."""
        data = self.cleaned_data
        kind = data["kind"]
        if kind == "cohort_progression":
            return {"cohort": data["cohort"].pk}
        if kind == "training_compliance":
            return {"team": data["team"].pk} if data.get("team") else {}
        if kind == "audit_summary":
            period, start = data["period"].split(":", 1)
            return {"period": period, "start": start}
        if kind == "cqc_evidence" and data.get("months") is not None:
            return {"months": data["months"]}
        return {}

    def refuse(self, error: ValidationError) -> None:
        """Show the reports service's refusal on the fields it names."""
        if hasattr(error, "error_dict"):
            error = ValidationError(
                {self.field_for(name): texts for name, texts in error.message_dict.items()}
            )
        add_service_errors(self, error)

    def field_for(self, refused: str) -> str:
        """The field of this form a refusal of the service's ``refused`` belongs on."""
        return self.REFUSALS.get(refused, refused)

    def kind_options(self, hints: dict[str, str]) -> list[dict[str, Any]]:
        """Each kind's radio with its hint and the fields revealed under it."""
        return _revealing(self, "kind", hints, self.PARAMETER_FIELDS)


def _revealing(
    form: forms.BaseForm,
    name: str,
    hints: dict[str, str],
    reveals: Mapping[str, tuple[str, ...]],
) -> list[dict[str, Any]]:
    """Radios for ``templates/web/reports/includes/revealing_radios.html``: each with its id
    (the first carries the field's own, for the error summary), hint and revealed fields."""
    field = form[name]
    return [
        {
            "radio": radio,
            "id": field.auto_id if index == 0 else f"{field.auto_id}_{index}",
            "hint": hints.get(str(radio.data["value"]), ""),
            "reveals": [form[other] for other in reveals.get(str(radio.data["value"]), ())],
        }
        for index, radio in enumerate(field)
    ]


class ReportScheduleForm(ReportRequestForm):
    """The PSW subscribes people with accounts to a report, monthly on a day or weekly."""

    frequency = forms.ChoiceField(
        label="How often", widget=GovukRadios, choices=ReportSchedule.Frequency.choices
    )
    day_of_month = forms.IntegerField(
        label="Day of the month",
        required=False,
        help_text="From 1 to 28, so that every month has it",
    )
    day_of_week = forms.TypedChoiceField(
        label="Day of the week",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Choose a day"), *WEEKDAYS],
    )
    subscribers = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label="Send it to",
        widget=GovukCheckboxes,
        help_text="People who lead, manage or coordinate in the academy",
    )
    others = forms.CharField(
        label="Others, by work email address",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text="One on each line. Each person needs an account to download the report",
    )

    FREQUENCY_FIELDS: dict[str, tuple[str, ...]] = {
        "monthly": ("day_of_month",),
        "weekly": ("day_of_week",),
    }

    def __init__(self, *args: Any, subscribers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "subscribers", subscribers)
        self.fields["day_of_month"].widget.attrs.update(inputmode="numeric")
        self.fields["day_of_month"].widget.attrs["class"] += " govuk-input--width-2"
        _word(
            self,
            {
                "frequency": {
                    "required": "Choose how often to send it",
                    "invalid_choice": "Choose monthly or weekly",
                },
                "day_of_month": {
                    "invalid": "The day of the month must be a whole number, like 1",
                },
                "day_of_week": {"invalid_choice": "Choose a day of the week from the list"},
                "subscribers": {
                    "invalid_choice": "Choose people from the list",
                    "invalid_pk_value": "Choose people from the list",
                },
            },
        )

    def clean_others(self) -> list[Person]:
        addresses = [
            line.strip() for line in self.cleaned_data["others"].replace(",", "\n").splitlines()
        ]
        addresses = [address for address in addresses if address]
        if not addresses:
            return []
        query = Q(pk__in=[])
        for address in addresses:
            query |= Q(work_email__iexact=address)
        found = list(Person.objects.filter(query))
        known = {person.work_email.lower() for person in found}
        unknown = [address for address in addresses if address.lower() not in known]
        if unknown:
            raise ValidationError(f"Nobody has the work email address {', '.join(unknown)}")
        return found

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        frequency = data.get("frequency")
        needed = {
            "monthly": ("day_of_month", "Enter the day of the month"),
            "weekly": ("day_of_week", "Choose the day of the week"),
        }
        if frequency in needed:
            name, message = needed[frequency]
            if data.get(name) is None and name not in self.errors:
                self.add_error(name, message)
        if not self.people() and not self.errors.get("others"):
            self.add_error("subscribers", "Choose at least one person to send it to")
        return data

    def day(self) -> int:
        data = self.cleaned_data
        day = data["day_of_month"] if data["frequency"] == "monthly" else data["day_of_week"]
        return int(day)

    def people(self) -> list[Person]:
        chosen = list(self.cleaned_data.get("subscribers") or [])
        others = self.cleaned_data.get("others") or []
        seen = {person.pk for person in chosen}
        return chosen + [person for person in others if person.pk not in seen]

    def field_for(self, refused: str) -> str:
        if refused == "day":
            weekly = self.cleaned_data.get("frequency") == "weekly"
            return "day_of_week" if weekly else "day_of_month"
        return super().field_for(refused)

    def frequency_options(self) -> list[dict[str, Any]]:
        return _revealing(self, "frequency", {}, self.FREQUENCY_FIELDS)
