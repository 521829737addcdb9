"""The GOV.UK Design System's patterns for Django forms, shared by every area's forms.

``GovukForm`` gives every widget its GOV.UK class and error state; ``templates/web/includes/
field.html`` draws label, hint, error message and input; ``DateField`` is the GOV.UK date input
(day, month, year boxes) that works by keyboard and screen reader without a date picker. The
helpers word errors as the pattern asks, fill in what a form offers once the request says
(querysets, choices), and show a service's refusal on the fields it names. The account forms
(signing in, setting and resetting a password) live here too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError

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


class GovukRadios(forms.RadioSelect):
    """Radios drawn by ``templates/web/includes/choices.html``; the first radio carries the
    field's own id, so the error summary's link lands on it (as the GOV.UK pattern asks)."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return id_ if index is None else super().id_for_label(id_, index)


class GovukCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes drawn by ``templates/web/includes/choices.html``; the first has the field's id."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return id_ if index is None else super().id_for_label(id_, index)


# ---------------------------------------------------------------------------------------------
# Styling
# ---------------------------------------------------------------------------------------------
def style_widgets(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, DateWidget):
            continue
        css = WIDGET_CLASSES.get(widget.__class__.__name__.lower().replace("input", ""), "")
        css = css or WIDGET_CLASSES.get(getattr(widget, "input_type", ""), "govuk-input")
        widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()


def style_errors(form: forms.BaseForm) -> None:
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


class GovukStyle(forms.BaseForm):
    """Adds GOV.UK classes and error states to every widget of the form it is mixed into
    (first, before the Django form it styles)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def full_clean(self) -> None:
        super().full_clean()
        style_errors(self)


class GovukForm(GovukStyle, forms.Form):
    """Adds GOV.UK classes and error states to every widget."""


# ---------------------------------------------------------------------------------------------
# Helpers the areas' forms share
# ---------------------------------------------------------------------------------------------
EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"


def word_errors(form: forms.BaseForm, messages: dict[str, dict[str, str]]) -> None:
    """Word each field's errors as the GOV.UK Design System asks: say what to do. A field the
    form has dropped (see ``set_queryset_or_drop``) is passed over; one it never had is an
    error."""
    for name, by_code in messages.items():
        if name not in form.fields and name in getattr(form, "base_fields", {}):
            continue
        form.fields[name].error_messages.update(by_code)


def date_field(label: str, *, required: bool = True, **kwargs: Any) -> DateField:
    return DateField(
        label=label,
        required=required,
        error_messages={"required": f"Enter the {label[0].lower()}{label[1:]}"},
        help_text=kwargs.pop("help_text", "For example, 27 3 2026"),
        **kwargs,
    )


def set_queryset(form: forms.BaseForm, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


def set_queryset_or_drop(form: forms.BaseForm, name: str, queryset: Any) -> None:
    """Offer ``queryset`` in the field, or drop the field when there is nothing to offer
    (None): a choice this viewer does not make."""
    if queryset is None:
        del form.fields[name]
    else:
        set_queryset(form, name, queryset)


def set_choices(form: forms.BaseForm, name: str, choices: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def full_width(form: forms.BaseForm, names: Iterable[str] | None = None) -> None:
    """Widen the fields named (every field, when none are) to their column, as filters side
    by side are."""
    for name in form.fields if names is None else names:
        form.fields[name].widget.attrs["class"] += " govuk-!-width-full"


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form fields it names."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            name = field.split(".")[-1] if "." in field else field
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
    style_errors(form)


# ---------------------------------------------------------------------------------------------
# Accounts
# ---------------------------------------------------------------------------------------------
class SignInForm(GovukStyle, AuthenticationForm):
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
        word_errors(
            self,
            {
                "username": {"required": "Enter your username"},
                "password": {"required": "Enter your password"},
            },
        )


class GovukSetPasswordForm(GovukStyle, SetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        word_errors(
            self,
            {
                "new_password1": {"required": "Enter a new password"},
                "new_password2": {"required": "Enter the new password again"},
            },
        )


class GovukPasswordResetForm(GovukStyle, PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Work email address"
        self.fields["email"].widget.attrs.update(autocomplete="email", spellcheck="false")
        word_errors(
            self,
            {"email": {"required": "Enter your work email address", "invalid": EMAIL_FORMAT}},
        )
