"""Forms for the pages, rendered in the GOV.UK Design System's patterns.

``GovukForm`` gives every widget its GOV.UK class and error state; ``templates/web/includes/
field.html`` draws label, hint, error message and input; ``DateField`` is the GOV.UK date input
(day, month, year boxes) that works by keyboard and screen reader without a date picker.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError

from academy.people.models import Organisation, PcfLevel, Person, Role, Team

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


class DateWidget(forms.MultiWidget):
    """Three number boxes, as the GOV.UK date input pattern."""

    template_name = "web/includes/date_widget.html"

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
        return [str(data.get(f"{name}_{part}", "")).strip() for part in ("day", "month", "year")]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        labels = ("Day", "Month", "Year")
        for label, subwidget in zip(labels, context["widget"]["subwidgets"], strict=True):
            subwidget["label"] = label
        return context


class DateField(forms.MultiValueField):
    """A date from the GOV.UK date input, with its errors worded as the pattern asks."""

    widget = DateWidget

    def __init__(self, **kwargs: Any) -> None:
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[str]) -> dt.date | None:
        if not data_list or not any(data_list):
            return None
        day, month, year = data_list
        label = (self.label or "date").lower()
        missing = [
            name for name, part in zip(("day", "month", "year"), data_list, strict=True) if not part
        ]
        if missing:
            raise ValidationError(f"The {label} must include a {' and '.join(missing)}.")
        try:
            value = dt.date(int(year), int(month), int(day))
        except ValueError as exc:
            raise ValidationError(f"The {label} must be a real date.") from exc
        if value.year < 1900:
            raise ValidationError(f"The {label} must include a four-digit year.")
        return value


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
        widgets = widget.widgets if isinstance(widget, forms.MultiWidget) else [widget]
        for each in widgets:
            classes = each.attrs.get("class", "").split()
            extra = [ERROR_CLASSES[c] for c in classes if c in ERROR_CLASSES]
            each.attrs["class"] = " ".join(dict.fromkeys(classes + extra))
            each.attrs["aria-invalid"] = "true"


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "The username or password is not right.",
        "inactive": "This account is closed. Ask the academy to reopen it.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(autocomplete="username", spellcheck="false")
        self.fields["password"].widget.attrs.update(autocomplete="current-password")
        _style(self)

    def full_clean(self) -> None:
        super().full_clean()
        _style_errors(self)


class GovukSetPasswordForm(SetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)

    def full_clean(self) -> None:
        super().full_clean()
        _style_errors(self)


class GovukPasswordResetForm(PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Work email address"
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


class PersonForm(GovukForm):
    """The PSW's form for a person's record. Saving goes through the people services."""

    first_name = forms.CharField(max_length=100)
    last_name = forms.CharField(max_length=100)
    work_email = forms.EmailField(max_length=254)
    job_title = forms.CharField(max_length=150, required=False)
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none())
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(), required=False, empty_label="No team"
    )
    employment_start_date = DateField(required=False, help_text="For example, 3 9 2024")
    leaving_date = DateField(required=False)
    contracted_hours_per_week = forms.DecimalField(
        max_digits=4,
        decimal_places=2,
        min_value=0.01,
        max_value=60,
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

    @classmethod
    def initial_for(cls, person: Person) -> dict[str, Any]:
        return {name: getattr(person, name) for name in cls.base_fields}


class NewPersonForm(PersonForm):
    username = forms.CharField(
        max_length=150,
        required=False,
        help_text="Leave blank for someone who does not sign in. A welcome email with a link "
        "to set a password goes to their work email.",
        label="Username for signing in (optional)",
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


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form fields it names."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            name = field.split(".")[-1] if "." in field else field
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
    _style_errors(form)
