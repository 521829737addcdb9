"""Forms for the pages, rendered in the GOV.UK Design System's patterns.

``GovukForm`` gives every widget its GOV.UK class and error state; ``templates/web/includes/
field.html`` draws label, hint, error message and input; ``DateField`` is the GOV.UK date input
(day, month, year boxes) that works by keyboard and screen reader without a date picker.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError

from academy.common.dates import today as today_local
from academy.pathways.models import PathwayTemplate, PcfDomain
from academy.people.models import CONTRACTED_HOURS_MAX, Organisation, PcfLevel, Person, Role, Team

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
