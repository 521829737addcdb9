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
