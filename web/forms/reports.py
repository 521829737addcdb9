"""The reports pages' forms: asking for a report with its parameters, and the PSW's
schedules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from academy.common.dates import add_months
from academy.pathways.models import Cohort
from academy.people.models import Person, Team
from academy.reports.models import Format, ReportSchedule
from web.forms.govuk import (
    GovukCheckboxes,
    GovukForm,
    GovukRadios,
    add_service_errors,
    set_choices,
    set_queryset,
    word_errors,
)

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
    """The audit summary's periods, grouped: the last whole month or quarter whenever it
    compiles (``month:``, ``quarter:``: what a schedule wants, a new period each time), then
    recent months and quarters, as ``month:YYYY-MM`` or ``quarter:YYYY-MM`` (a quarter's first
    month)."""
    this_month = as_of.replace(day=1)
    this_quarter = this_month.replace(month=(as_of.month - 1) // 3 * 3 + 1)
    months = [add_months(this_month, -i) for i in range(REPORT_MONTHS_OFFERED)]
    quarters = [add_months(this_quarter, -3 * i) for i in range(REPORT_QUARTERS_OFFERED)]
    return [
        (
            "As it compiles",
            [
                ("month:", "The last whole month before it compiles"),
                ("quarter:", "The last whole quarter before it compiles"),
            ],
        ),
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
        set_choices(self, "kind", kinds)
        set_queryset(self, "cohort", cohorts)
        set_queryset(self, "team", teams)
        team = self.fields["team"]
        assert isinstance(team, forms.ModelChoiceField)
        team.empty_label = "The whole academy" if whole_academy else "Choose your team"
        set_choices(self, "period", [("", "Choose a month or quarter"), *report_periods(as_of)])
        self.fields["months"].widget.attrs.update(inputmode="numeric")
        word_errors(
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
            return {"period": period, "start": start} if start else {"period": period}
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
        set_queryset(self, "subscribers", subscribers)
        self.fields["day_of_month"].widget.attrs.update(inputmode="numeric")
        self.fields["day_of_month"].widget.attrs["class"] += " govuk-input--width-2"
        word_errors(
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
