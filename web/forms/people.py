"""The people pages' forms: the directory's filters, a person's record and their roles."""

from __future__ import annotations

from typing import Any

from django import forms

from academy.people.models import CONTRACTED_HOURS_MAX, Organisation, PcfLevel, Person, Role, Team
from web.forms.govuk import (
    EMAIL_FORMAT,
    DateField,
    GovukForm,
    full_width,
    set_queryset,
    word_errors,
)


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
        set_queryset(self, "team", teams)
        set_queryset(self, "organisation", organisations)
        word_errors(
            self,
            {
                "team": {"invalid_choice": "Choose a team from the list"},
                "organisation": {"invalid_choice": "Choose an organisation from the list"},
                "role": {"invalid_choice": "Choose a role from the list"},
                "active": {"invalid_choice": "Choose current, left, or both"},
            },
        )
        full_width(self)


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
        set_queryset(self, "team", teams)
        set_queryset(self, "organisation", organisations)
        hours = "Contracted hours a week"
        word_errors(
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
        set_queryset(self, "team", teams)
        set_queryset(self, "organisation", organisations)
        word_errors(
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
