"""The training pages' forms: the catalogue's filters, booking, cancelling and deciding,
CPD, compliance, and the coordinators' courses, event series, sessions, imports, completions and
registers."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from academy.common.cqc import QualityStatement
from academy.common.dates import today as today_local
from academy.pathways.models import PcfDomain
from academy.people.models import Organisation, Person, Role, Team
from academy.training.models import Course, EventSeries, Requirement
from academy.training.services.catalogue import COURSE_FIELDS
from web.forms.govuk import (
    EMAIL_FORMAT,
    GovukCheckboxes,
    GovukForm,
    GovukRadios,
    date_field,
    full_width,
    set_choices,
    set_queryset,
    set_queryset_or_drop,
    style_widgets,
    word_errors,
)

#: What a series' address may hold, as the ``slug`` path converter takes it.
SLUG = re.compile(r"[-a-zA-Z0-9_]+")


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
        set_choices(self, "mode", [("", "Any way"), *modes])
        set_choices(self, "statement", [("", "Any statement"), *statements])
        set_queryset(self, "domain", domains)
        word_errors(
            self,
            {
                "mode": {"invalid_choice": "Choose a way of delivery from the list"},
                "domain": {"invalid_choice": "Choose a PCF domain from the list"},
                "statement": {"invalid_choice": "Choose a quality statement from the list"},
            },
        )
        full_width(self, ("search", "mode", "domain", "statement"))


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
        set_queryset_or_drop(self, "person", people)
        if people is not None:
            del self.fields["work_email"]
        word_errors(
            self,
            {
                "person": {
                    "required": "Choose the person to book",
                    "invalid_choice": "Choose a person from the list",
                },
                "work_email": {
                    "required": "Enter the work email address of the person to book",
                    "invalid": EMAIL_FORMAT,
                },
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
        word_errors(
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
    activity_date = date_field("Date of the activity")
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
        word_errors(
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
        set_queryset(self, "team", teams)
        set_queryset_or_drop(self, "organisation", organisations)
        word_errors(
            self,
            {
                "team": {"invalid_choice": "Choose a team from the list"},
                "organisation": {"invalid_choice": "Choose an organisation from the list"},
            },
        )
        full_width(self)


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
        set_queryset(self, "course", courses)
        word_errors(
            self,
            {
                "period": {"invalid_choice": "Choose upcoming or past"},
                "course": {"invalid_choice": "Choose a course from the list"},
            },
        )
        full_width(self)


def _lines(text: str) -> list[str]:
    """The entries of a box that takes one on each line (commas and semicolons split too),
    blanks left out and each kept once, in the order given."""
    for mark in (",", ";"):
        text = text.replace(mark, "\n")
    return list(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))


class _TeamChoices(forms.ModelMultipleChoiceField):
    """Teams named with their organisation, since two organisations may name a team alike."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.organisation.name})"


class CourseForm(GovukForm):
    """A course in the catalogue: what it is, how it is booked and recorded, what it covers, and
    who must hold it. Saved through ``services.course_save``, which checks it all again."""

    mark_optional = True
    #: The course's own fields, named as the course service names them.
    FIELDS = COURSE_FIELDS
    #: Most job titles the requirements take (each as long as a person's job title may be).
    JOB_TITLES_MAX = 50
    JOB_TITLE_LENGTH = 150

    # About the course
    title = forms.CharField(max_length=200, help_text="As people will see it in the catalogue")
    description = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What it covers and who it is for",
    )
    provider = forms.ModelChoiceField(
        label="Organisation that provides it",
        queryset=Organisation.objects.none(),
        empty_label="Choose an organisation",
    )
    provider_unit = forms.CharField(
        label="Team or service that runs it",
        max_length=150,
        required=False,
        help_text="For example, the Joint Equipment Loans Service",
    )
    delivery_mode = forms.ChoiceField(
        label="How it is delivered", widget=GovukRadios, choices=Course.Mode.choices
    )
    duration_minutes = forms.IntegerField(
        label="Length in minutes",
        required=False,
        min_value=0,
        max_value=100000,
        help_text="For example, 180 for a 3-hour session",
    )
    cpd_hours = forms.DecimalField(
        label="CPD hours",
        required=False,
        min_value=0,
        max_value=Decimal("999.99"),
        decimal_places=2,
        help_text="For example, 3 or 1.5",
    )
    # Booking and records
    refresh_months = forms.IntegerField(
        label="Refresh every (months)",
        required=False,
        min_value=1,
        max_value=600,
        help_text="How long a completion lasts before it must be done again. Leave blank if it "
        "never expires",
    )
    late_cancellation_days = forms.IntegerField(
        label="Late cancellation (days)",
        min_value=0,
        max_value=365,
        help_text="Cancelling within this many days of the start counts as late",
    )
    needs_manager_approval = forms.BooleanField(
        label="A manager must approve each request for a place",
        required=False,
    )
    partner_kinds = forms.MultipleChoiceField(
        label="Partner organisations whose staff may book",
        required=False,
        widget=GovukCheckboxes,
        choices=Organisation.Kind.choices,
        help_text="The academy's own council staff always may",
    )
    active = forms.BooleanField(
        label="Offered in the catalogue",
        required=False,
        help_text="Untick to retire the course: completions stay on people's records",
    )
    # What it covers
    pcf_domains = forms.ModelMultipleChoiceField(
        label="PCF domains",
        queryset=PcfDomain.objects.none(),
        required=False,
        widget=GovukCheckboxes,
    )
    cqc_statements = forms.MultipleChoiceField(
        label="CQC quality statements",
        required=False,
        widget=GovukCheckboxes,
        choices=QualityStatement.choices,
    )
    # Who must hold it
    everyone = forms.BooleanField(label="Everyone must hold it", required=False)
    roles = forms.MultipleChoiceField(
        label="People with these roles",
        required=False,
        widget=GovukCheckboxes,
        choices=Role.choices,
    )
    teams = _TeamChoices(
        label="People in these teams",
        queryset=Team.objects.none(),
        required=False,
        widget=GovukCheckboxes,
    )
    job_titles = forms.CharField(
        label="People with these job titles",
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One on each line, as on their record, like Social Worker",
    )

    def __init__(self, *args: Any, providers: Any, domains: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "provider", providers)
        set_queryset(self, "pcf_domains", domains)
        set_queryset(self, "teams", teams)
        for name in ("duration_minutes", "cpd_hours", "refresh_months", "late_cancellation_days"):
            self.fields[name].widget.attrs["inputmode"] = (
                "decimal" if name == "cpd_hours" else "numeric"
            )
        word_errors(
            self,
            {
                "title": {
                    "required": "Enter the title of the course",
                    "max_length": "The title must be %(limit_value)d characters or fewer",
                },
                "description": {
                    "max_length": "The description must be %(limit_value)d characters or fewer"
                },
                "provider": {
                    "required": "Choose the organisation that provides it",
                    "invalid_choice": "Choose an organisation from the list",
                },
                "provider_unit": {
                    "max_length": "The team or service must be %(limit_value)d characters or fewer"
                },
                "delivery_mode": {
                    "required": "Choose how it is delivered",
                    "invalid_choice": "Choose how it is delivered",
                },
                "duration_minutes": {
                    "invalid": "The length must be a whole number of minutes, like 180",
                    "min_value": "The length cannot be negative",
                    "max_value": "The length can be up to %(limit_value)s minutes",
                },
                "cpd_hours": {
                    "invalid": "CPD hours must be a number, like 1.5",
                    "min_value": "CPD hours cannot be negative",
                    "max_value": "CPD hours must be %(limit_value)s or fewer",
                    "max_decimal_places": "CPD hours can have up to 2 decimal places",
                    "max_digits": "CPD hours must be %(limit_value)s or fewer",
                },
                "refresh_months": {
                    "invalid": "The refresh must be a whole number of months, like 36",
                    "min_value": "Enter 1 month or more, or leave the refresh blank if it "
                    "never expires",
                    "max_value": "The refresh can be up to %(limit_value)s months",
                },
                "late_cancellation_days": {
                    "required": "Enter the days before the start when cancelling counts as late",
                    "invalid": "Late cancellation must be a whole number of days, like 3",
                    "min_value": "Late cancellation cannot be negative",
                    "max_value": "Late cancellation can be up to %(limit_value)s days",
                },
                "partner_kinds": {"invalid_choice": "Choose partner organisations from the list"},
                "pcf_domains": {
                    "invalid_choice": "Choose PCF domains from the list",
                    "invalid_pk_value": "Choose PCF domains from the list",
                },
                "cqc_statements": {"invalid_choice": "Choose quality statements from the list"},
                "roles": {"invalid_choice": "Choose roles from the list"},
                "teams": {
                    "invalid_choice": "Choose teams from the list",
                    "invalid_pk_value": "Choose teams from the list",
                },
                "job_titles": {
                    "max_length": "The job titles must be %(limit_value)d characters or fewer"
                },
            },
        )

    def clean_job_titles(self) -> list[str]:
        titles = [title for title in self.cleaned_data["job_titles"].splitlines() if title.strip()]
        titles = list(dict.fromkeys(title.strip() for title in titles))
        if len(titles) > self.JOB_TITLES_MAX:
            raise ValidationError(f"Give up to {self.JOB_TITLES_MAX} job titles")
        long = [title for title in titles if len(title) > self.JOB_TITLE_LENGTH]
        if long:
            raise ValidationError(
                f"Each job title must be {self.JOB_TITLE_LENGTH} characters or fewer"
            )
        return titles

    @classmethod
    def initial_new(cls, *, refresh_months: int | None) -> dict[str, Any]:
        """A new course's form: offered in the catalogue, refreshed as the academy's default."""
        return {
            "refresh_months": refresh_months,
            "late_cancellation_days": Course().late_cancellation_days,
            "active": True,
        }

    @classmethod
    def initial_for(cls, course: Course) -> dict[str, Any]:
        """The form as the course is saved (its requirements and PCF domains prefetched)."""
        initial: dict[str, Any] = {name: getattr(course, name) for name in cls.FIELDS}
        initial["provider"] = course.provider_id
        initial["pcf_domains"] = [domain.pk for domain in course.pcf_domains.all()]
        requirements = list(course.requirements.all())
        kinds = Requirement.Kind
        initial["everyone"] = any(r.kind == kinds.EVERYONE for r in requirements)
        initial["roles"] = [r.role for r in requirements if r.kind == kinds.ROLE]
        initial["teams"] = [r.team_id for r in requirements if r.kind == kinds.TEAM]
        initial["job_titles"] = "\n".join(
            r.job_title for r in requirements if r.kind == kinds.JOB_TITLE
        )
        return initial

    def course_data(self) -> dict[str, Any]:
        """The course's own fields as the course service takes them."""
        data = {name: self.cleaned_data[name] for name in self.FIELDS}
        if data["duration_minutes"] is None:
            data["duration_minutes"] = 0
        if data["cpd_hours"] is None:
            data["cpd_hours"] = Decimal("0")
        return data

    def requirements(self) -> list[dict[str, Any]]:
        """Who must hold it, as the course service takes it (an empty list: nobody)."""
        data = self.cleaned_data
        kinds = Requirement.Kind
        specs: list[dict[str, Any]] = [{"kind": kinds.EVERYONE}] if data["everyone"] else []
        specs += [{"kind": kinds.ROLE, "role": role} for role in data["roles"]]
        specs += [{"kind": kinds.TEAM, "team": team} for team in data["teams"]]
        specs += [{"kind": kinds.JOB_TITLE, "job_title": title} for title in data["job_titles"]]
        return specs


class SeriesForm(GovukForm):
    """An event series, such as Safeguarding Week: its name, its web address and its days."""

    mark_optional = True
    #: The series' fields, named as the series service names them.
    FIELDS = ("title", "slug", "description", "starts_on", "ends_on")

    title = forms.CharField(
        label="Name", max_length=200, help_text="For example, Safeguarding Week 2026"
    )
    slug = forms.CharField(
        label="Short name for its web address",
        max_length=80,
        required=False,
        help_text="Lower-case letters, numbers and hyphens, like safeguarding-week-2026. Leave "
        "blank to make one from the name",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocapitalize": "none"}),
    )
    description = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the series is about, shown at the top of its page",
    )
    starts_on = date_field("First day")
    ends_on = date_field("Last day")

    def __init__(self, *args: Any, series: EventSeries | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.series = series
        word_errors(
            self,
            {
                "title": {
                    "required": "Enter the name of the series",
                    "max_length": "The name must be %(limit_value)d characters or fewer",
                },
                "slug": {
                    "max_length": "The short name must be %(limit_value)d characters or fewer"
                },
                "description": {
                    "max_length": "The description must be %(limit_value)d characters or fewer"
                },
            },
        )

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"].strip()
        if slug and not SLUG.fullmatch(slug):
            raise ValidationError(
                "The short name can only have letters, numbers, hyphens and underscores, like "
                "safeguarding-week-2026"
            )
        return slug

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The last day must be the same as or after the first day")
        if "slug" in data and data.get("title"):
            slug = data["slug"] or slugify(data["title"])[:80].strip("-")
            if not slug:
                self.add_error("slug", "Enter a short name for its web address")
            elif self._taken(slug):
                self.add_error(
                    "slug", f"Another event series has the short name {slug}: choose another"
                )
            else:
                data["slug"] = slug
        return data

    def _taken(self, slug: str) -> bool:
        others = EventSeries.objects.filter(slug=slug)
        if self.series is not None:
            others = others.exclude(pk=self.series.pk)
        return others.exists()

    @classmethod
    def initial_for(cls, series: EventSeries) -> dict[str, Any]:
        return {name: getattr(series, name) for name in cls.FIELDS}

    def series_data(self) -> dict[str, Any]:
        """The fields as the series service takes them."""
        return {name: self.cleaned_data[name] for name in self.FIELDS}


class SessionForm(GovukForm):
    """A session's date, times, place, facilitators, places and booking window. Times are the
    academy's local time."""

    mark_optional = True

    course = forms.ModelChoiceField(queryset=Course.objects.none(), empty_label="Choose a course")
    series = forms.ModelChoiceField(
        label="Part of an event series",
        queryset=EventSeries.objects.none(),
        required=False,
        empty_label="Not part of a series",
    )
    date = date_field("Date")
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
    facilitators = forms.CharField(
        label="Facilitators",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false", "autocomplete": "off"}),
        help_text="Their work email addresses, one on each line",
    )
    capacity = forms.IntegerField(
        label="Places", min_value=1, max_value=10000, help_text="The most people it can take"
    )
    opens_on = date_field(
        "Booking opens",
        required=False,
        help_text="Leave blank to take bookings straight away. For example, 27 2 2026",
    )
    opens_at = _time(
        "Time booking opens",
        required=False,
        help_text="Leave blank for the start of that day, or use the 24-hour clock, like 09:00",
    )
    closes_on = date_field(
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
        set_queryset_or_drop(self, "course", courses)
        set_queryset(self, "series", series)
        word_errors(
            self,
            {
                "course": {
                    "required": "Choose a course",
                    "invalid_choice": "Choose a course from the list",
                },
                "series": {"invalid_choice": "Choose a series from the list"},
                "joining_link": {
                    "invalid": "Enter the joining link as a web address, like "
                    "https://meet.example.org/abc"
                },
                "facilitators": {
                    "max_length": "The facilitators' addresses must be %(limit_value)d "
                    "characters or fewer"
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
        if data.get("opens_at") and not data.get("opens_on"):
            self.add_error("opens_on", "Enter the date booking opens")
        if data.get("closes_at") and not data.get("closes_on"):
            self.add_error("closes_on", "Enter the date booking closes")
        return data

    def clean_facilitators(self) -> list[Person]:
        """The people named by work email (one query). Someone who has left is refused, unless
        they already facilitate the session being changed."""
        addresses = _lines(self.cleaned_data["facilitators"])
        if not addresses:
            return []
        query = Q(pk__in=[])
        for address in addresses:
            query |= Q(work_email__iexact=address)
        found = {person.work_email.lower(): person for person in Person.objects.filter(query)}
        unknown = [address for address in addresses if address.lower() not in found]
        if unknown:
            raise ValidationError(f"Nobody has the work email address {', '.join(unknown)}")
        kept = {address.lower() for address in _lines(self.initial.get("facilitators") or "")}
        left = [
            person.full_name
            for address, person in found.items()
            if not person.active and address not in kept
        ]
        if left:
            verb = "has" if len(left) == 1 else "have"
            raise ValidationError(f"{' and '.join(left)} {verb} left and cannot facilitate")
        return [found[address.lower()] for address in addresses]

    def session_data(self) -> dict[str, Any]:
        """The fields as the session services take them, local times made aware."""
        data = self.cleaned_data
        opens = closes = None
        if data["opens_on"]:
            opens = _aware(data["opens_on"], data["opens_at"] or dt.time(0, 0))
        if data["closes_on"]:
            closes = _aware(data["closes_on"], data["closes_at"] or dt.time(23, 59))
        return {
            "starts_at": _aware(data["date"], data["starts"]),
            "ends_at": _aware(data["date"], data["ends"]),
            "venue": data["venue"],
            "joining_link": data["joining_link"],
            "capacity": data["capacity"],
            "booking_opens_at": opens,
            "booking_closes_at": closes,
            "series": data["series"],
        }

    def chosen_facilitators(self) -> list[Person]:
        facilitators: list[Person] = self.cleaned_data["facilitators"]
        return facilitators

    @classmethod
    def initial_for(cls, session: Any) -> dict[str, Any]:
        starts = timezone.localtime(session.starts_at)
        ends = timezone.localtime(session.ends_at)
        opens = timezone.localtime(session.booking_opens_at) if session.booking_opens_at else None
        closes = (
            timezone.localtime(session.booking_closes_at) if session.booking_closes_at else None
        )
        facilitators = session.facilitators.order_by("last_name", "first_name", "id")
        return {
            "series": session.series_id,
            "date": starts.date(),
            "starts": starts.strftime("%H:%M"),
            "ends": ends.strftime("%H:%M"),
            "venue": session.venue,
            "joining_link": session.joining_link,
            "facilitators": "\n".join(person.work_email for person in facilitators),
            "capacity": session.capacity,
            "opens_on": opens.date() if opens else None,
            "opens_at": opens.strftime("%H:%M") if opens else "",
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
        word_errors(self, {"reason": {"required": "Say why the session is cancelled"}})


#: CSV files the training imports take.
CSV_MAX_BYTES = 2 * 1024 * 1024


class CsvUploadForm(GovukForm):
    file = forms.FileField(label="Upload a CSV file")

    def __init__(self, *args: Any, help_text: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["class"] = "govuk-file-upload"
        self.fields["file"].widget.attrs["accept"] = ".csv,text/csv"
        self.fields["file"].help_text = help_text
        word_errors(
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
    completed_on = date_field("Date completed", initial=today_local)
    source = forms.ChoiceField(label="How it was completed", widget=GovukRadios, choices=())

    def __init__(self, *args: Any, courses: Any, sources: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "course", courses)
        set_choices(self, "source", sources)
        word_errors(
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
        style_widgets(self)

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
