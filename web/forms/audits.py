"""The case file audit pages' forms: the manager's audit, the dashboard's filters,
acknowledgement, the action plan, re-grading, bulletins, themes and repeat audits."""

from __future__ import annotations

from typing import Any

from django import forms

from academy.audits.models import Answer, AuditQuestion, AuditTheme, CaseAudit, Grade
from academy.common.dates import today as today_local
from academy.people.models import Person, Team
from web.forms.govuk import (
    GovukCheckboxes,
    GovukForm,
    GovukRadios,
    date_field,
    full_width,
    set_queryset,
    word_errors,
)

ANSWER_CHOICES = [(value, label) for value, label in Answer.choices]


ANSWER_WORDS = "Yes, Partly, No or Not applicable"


def _case_reference(form: forms.BaseForm, hint: str) -> None:
    """The case management system's reference: short, its format in the hint, never checked
    for spelling."""
    form.fields["case_reference"].help_text = hint
    form.fields["case_reference"].widget.attrs.update(
        {"class": "govuk-input govuk-input--width-10", "spellcheck": "false"}
    )


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
    audit_date = date_field("Date of the audit", initial=today_local)
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
        set_queryset(self, "practitioner", practitioners)
        set_queryset(self, "themes", themes)
        set_queryset(self, "reaudit_of", reaudits)
        _case_reference(self, case_hint)
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
        word_errors(
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
        set_queryset(self, "team", teams)
        word_errors(
            self,
            {
                "team": {"invalid_choice": "Choose a team from the list"},
                "status": {"invalid_choice": "Choose a status from the list"},
                "grade": {"invalid_choice": "Choose a grade from the list"},
            },
        )
        full_width(self)


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
    due_date = date_field("Due date")

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "owner", owners)
        word_errors(
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
        word_errors(
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
    period_start = date_field("Start of the period")
    period_end = date_field("End of the period")
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
        set_queryset(self, "themes", themes)
        word_errors(
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
        word_errors(self, {"name": {"required": "Enter a name for the theme"}})


class RepeatAllowanceForm(GovukForm):
    """The PSW allows one more audit of a case within the repeat window, with the reason."""

    case_reference = forms.CharField(label="Case reference", max_length=30)
    reason = forms.CharField(
        label="Why the case is audited again",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The manager's audit records it",
    )

    def __init__(self, *args: Any, case_hint: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _case_reference(self, case_hint)
        word_errors(
            self,
            {
                "case_reference": {"required": "Enter the case reference"},
                "reason": {"required": "Give the reason for auditing this case again"},
            },
        )
