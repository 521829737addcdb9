"""academy/audits/services.py: recording and submitting audits, repeats and re-audits, template
versions, feedback and CPD, action plans, quotas, themes, bulletins and moderation."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError

from academy.audits import selectors, services
from academy.audits.models import (
    AuditAction,
    AuditQuota,
    AuditResponse,
    AuditSection,
    AuditTemplate,
    AuditTheme,
    CaseAudit,
    Grade,
    LearningBulletin,
    Moderation,
    RepeatAllowance,
)
from academy.audits.selectors import programme
from academy.notifications.models import Notification
from academy.people.models import Person
from academy.training.models import CpdEntry
from academy.training.services import cpd_entry_save
from tests.audits.conftest import (
    TODAY,
    answers,
    lay_down,
    next_reference,
    questions,
    record,
    theme,
    viewer,
    viewer_of,
)
from tests.factories import PersonFactory, TeamFactory

pytestmark = pytest.mark.usefixtures("clock")

D = dt.date

# Positions of the seeded template's questions (0-based, across sections); the template's
# weights add up to 20.
STRENGTHS_FIRST = 3  # weight 1.5
CAPACITY_ASSESSED = 8  # limiting
RISKS_ACTED_ON = 10  # limiting, weight 2


def errors_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def counts() -> tuple[int, int, int, int]:
    return (
        CaseAudit.objects.count(),
        AuditResponse.objects.count(),
        Notification.objects.count(),
        RepeatAllowance.objects.filter(used_by__isnull=False).count(),
    )


# ---------------------------------------------------------------------------------------------
# Drafts and submitting
# ---------------------------------------------------------------------------------------------
def test_a_draft_keeps_what_was_answered_and_has_no_grade_yet(academy, template):
    partial = answers(template)[:3]
    partial[2]["answer"] = ""
    draft = record(academy, template, answers=partial, submit=False, strengths=" Clear plan ")

    draft.refresh_from_db()
    assert draft.status == CaseAudit.Status.DRAFT
    assert (draft.score, draft.grade, draft.submitted_at) == (None, "", None)
    assert draft.strengths == "Clear plan"
    assert draft.auditor == academy.people["manager"]
    assert draft.team == academy.teams["a"]
    assert sorted(draft.responses.values_list("answer", flat=True)) == ["", "yes", "yes"]


def test_a_draft_is_finished_and_submitted_later(academy, template):
    draft = record(academy, template, answers=answers(template)[:2], submit=False)
    submitted = record(
        academy, template, audit=draft, case_reference=draft.case_reference, submit=True
    )

    submitted.refresh_from_db()
    assert submitted.pk == draft.pk
    assert submitted.status == CaseAudit.Status.SUBMITTED
    assert (submitted.score, submitted.computed_grade, submitted.grade) == (
        Decimal("100.0"),
        Grade.OUTSTANDING,
        Grade.OUTSTANDING,
    )
    assert submitted.submitted_at is not None
    assert submitted.responses.count() == len(questions(template))


def test_another_manager_of_the_team_finishes_a_draft_and_the_auditor_stays(academy, template):
    deputy = PersonFactory(team=academy.teams["a"], roles=["team_manager"], account=True)
    draft = record(academy, template, submit=False)
    record(
        academy,
        template,
        actor=viewer_of(deputy),
        audit=draft,
        case_reference=draft.case_reference,
    )
    draft.refresh_from_db()
    assert draft.status == CaseAudit.Status.SUBMITTED
    assert draft.auditor == academy.people["manager"]


def test_submitting_needs_every_question_answered(academy, template):
    before = counts()
    some = answers(template)[:-2]
    with pytest.raises(ValidationError) as excinfo:
        record(academy, template, answers=some)
    assert errors_of(excinfo) == {"answers": ["Answer every question before submitting (2 left)."]}
    assert counts() == before


def test_a_question_left_blank_is_named_when_submitting(academy, template):
    given = answers(template)
    given[4]["answer"] = ""
    with pytest.raises(ValidationError) as excinfo:
        record(academy, template, answers=given)
    found = errors_of(excinfo)
    assert found["answers.4.answer"] == ["Answer this question before submitting."]
    assert set(found) == {"answers", "answers.4.answer"}

    draft = record(academy, template, answers=given, submit=False)
    assert draft.status == CaseAudit.Status.DRAFT


def test_an_answer_outside_the_scale_is_named_by_its_position(academy, template):
    given = answers(template)
    given[2]["answer"] = "maybe"
    for submit in (False, True):
        with pytest.raises(ValidationError) as excinfo:
            record(academy, template, answers=given, submit=submit)
        assert "answers.2.answer" in errors_of(excinfo)


def test_a_question_from_another_template_or_answered_twice_is_named(academy, template):
    other = AuditTemplate.objects.create(
        key="other", name="Other", answer_scores={}, grade_bands=[]
    )
    section = AuditSection.objects.create(template=other, title="Other")
    stranger = section.questions.create(text="Elsewhere?")
    given = answers(template)
    given[0]["question"] = stranger.pk
    given.append(dict(given[1]))
    with pytest.raises(ValidationError) as excinfo:
        record(academy, template, answers=given, submit=False)
    last = len(given) - 1
    assert set(errors_of(excinfo)) == {"answers.0.question", f"answers.{last}.question"}


@pytest.mark.parametrize(
    "reference",
    ["Jane Smith", "SMITH", "", "CR12", "CR 123456", "ABCDE1234", "12345678901", "CR123456 J"],
)
def test_a_case_reference_that_is_not_the_systems_reference_is_refused(
    academy, template, reference
):
    before = counts()
    with pytest.raises(ValidationError) as excinfo:
        record(academy, template, case_reference=reference, submit=False)
    assert errors_of(excinfo) == {"case_reference": [services.config("CASE_REFERENCE_HINT")]}
    assert counts() == before


@pytest.mark.parametrize(
    ("given", "stored"), [("cr123456", "CR123456"), (" 1234 ", "1234"), ("ABCD0123456789", None)]
)
def test_a_case_reference_is_stored_in_capitals_without_spaces(academy, template, given, stored):
    audit = record(academy, template, case_reference=given, submit=False)
    audit.refresh_from_db()
    assert audit.case_reference == (stored or given)


def test_an_audit_dated_in_the_future_is_refused(academy, template):
    with pytest.raises(ValidationError) as excinfo:
        record(academy, template, audit_date=TODAY + dt.timedelta(days=1), submit=False)
    assert set(errors_of(excinfo)) == {"audit_date"}
    assert record(academy, template, audit_date=TODAY).audit_date == TODAY


def test_every_problem_is_reported_at_once(academy, template):
    given = answers(template)
    given[1]["answer"] = "perhaps"
    with pytest.raises(ValidationError) as excinfo:
        record(
            academy,
            template,
            case_reference="Mrs Jones",
            audit_date=TODAY + dt.timedelta(days=3),
            answers=given,
            grade_override=Grade.GOOD,
        )
    assert set(errors_of(excinfo)) == {
        "case_reference",
        "audit_date",
        "answers.1.answer",
        "override_reason",
    }


def test_an_audit_with_every_answer_not_applicable_is_not_submitted_and_nothing_is_written(
    academy, template
):
    draft = record(academy, template, answers=answers(template)[:2], submit=False)
    before = counts()
    with pytest.raises(ValidationError) as excinfo:
        record(
            academy,
            template,
            audit=draft,
            case_reference=draft.case_reference,
            answers=answers(template, "n/a"),
        )
    assert errors_of(excinfo) == {
        "answers": ["Every answer is Not applicable: there is nothing to grade."]
    }
    assert counts() == before
    stored = CaseAudit.objects.get(pk=draft.pk)
    assert stored.status == CaseAudit.Status.DRAFT
    assert stored.responses.count() == 2


def test_a_submitted_audit_cannot_be_changed(academy, template):
    audit = record(academy, template)
    with pytest.raises(ValidationError):
        record(academy, template, audit=audit, case_reference=audit.case_reference)


# ---------------------------------------------------------------------------------------------
# Scores and grades
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("default", "changes", "score", "grade"),
    [
        ("yes", {}, "100.0", Grade.OUTSTANDING),
        ("partly", {}, "50.0", Grade.REQUIRES_IMPROVEMENT),
        ("no", {}, "0.0", Grade.INADEQUATE),
        ("yes", {STRENGTHS_FIRST: "no"}, "92.5", Grade.OUTSTANDING),
        ("yes", {RISKS_ACTED_ON: "no"}, "90.0", Grade.REQUIRES_IMPROVEMENT),
        ("yes", {CAPACITY_ASSESSED: "no"}, "95.0", Grade.REQUIRES_IMPROVEMENT),
        ("yes", {CAPACITY_ASSESSED: "n/a"}, "100.0", Grade.OUTSTANDING),
        ("partly", {0: "yes", 1: "yes", 2: "yes", 4: "n/a"}, "57.9", Grade.REQUIRES_IMPROVEMENT),
    ],
)
def test_submitting_computes_the_weighted_score_and_grade(
    academy, template, default, changes, score, grade
):
    audit = record(academy, template, answers=answers(template, default, changes))
    audit.refresh_from_db()
    assert (audit.score, audit.computed_grade, audit.grade) == (Decimal(score), grade, grade)
    assert audit.grade_override_reason == ""


def test_a_grade_override_needs_a_reason(academy, template):
    before = counts()
    with pytest.raises(ValidationError) as excinfo:
        record(academy, template, grade_override=Grade.GOOD, override_reason="  ")
    assert set(errors_of(excinfo)) == {"override_reason"}
    assert counts() == before


def test_an_overridden_grade_keeps_the_computed_one_and_the_reason(academy, template):
    audit = record(
        academy,
        template,
        grade_override=Grade.GOOD,
        override_reason=" The chronology hides a missed review. ",
    )
    audit.refresh_from_db()
    assert (audit.computed_grade, audit.grade) == (Grade.OUTSTANDING, Grade.GOOD)
    assert audit.grade_override_reason == "The chronology hides a missed review."


def test_an_override_outside_the_grades_is_refused(academy, template):
    with pytest.raises(ValidationError) as excinfo:
        record(academy, template, grade_override="brilliant", override_reason="Because.")
    assert set(errors_of(excinfo)) == {"grade_override"}


def test_an_inadequate_audit_is_due_a_reaudit_three_months_on(academy, template):
    audit = record(academy, template, answers=answers(template, "no"), audit_date=D(2025, 1, 31))
    audit.refresh_from_db()
    assert audit.reaudit_due == D(2025, 4, 30)

    better = record(academy, template)
    assert better.reaudit_due is None


def test_a_grade_overridden_to_inadequate_is_due_a_reaudit(academy, template):
    audit = record(
        academy, template, grade_override=Grade.INADEQUATE, override_reason="Risk not acted on."
    )
    assert audit.reaudit_due == D(2025, 6, 14)


def test_the_reaudit_interval_is_the_templates(academy, template):
    services.audit_template_revise(template=template, changes={"reaudit_months": 6})
    audit = record(academy, template, answers=answers(template, "no"))
    assert audit.reaudit_due == D(2025, 9, 14)


# ---------------------------------------------------------------------------------------------
# Repeats and re-audits
# ---------------------------------------------------------------------------------------------
def test_the_same_case_within_twelve_months_is_refused(academy, template):
    first = record(academy, template, audit_date=D(2024, 3, 14))
    before = counts()
    with pytest.raises(ValidationError) as excinfo:
        record(academy, template, of="worker", case_reference=first.case_reference.lower())
    assert set(errors_of(excinfo)) == {"case_reference"}
    assert "PSW can allow a repeat audit" in errors_of(excinfo)["case_reference"][0]
    assert counts() == before


def test_the_same_case_more_than_twelve_months_on_is_audited(academy, template):
    first = record(academy, template, audit_date=D(2024, 3, 13))
    again = record(academy, template, case_reference=first.case_reference)
    assert again.repeat_reason == ""


def test_a_draft_of_the_same_case_counts_as_an_audit(academy, template):
    draft = record(academy, template, submit=False, audit_date=D(2025, 1, 2))
    with pytest.raises(ValidationError):
        record(academy, template, case_reference=draft.case_reference)


def test_an_audit_dated_before_an_existing_audit_of_the_case_is_a_repeat(academy, template):
    later = record(academy, template, audit_date=D(2025, 3, 10))
    with pytest.raises(ValidationError) as excinfo:
        record(academy, template, case_reference=later.case_reference, audit_date=D(2024, 6, 1))
    assert set(errors_of(excinfo)) == {"case_reference"}
    earlier = record(
        academy, template, case_reference=later.case_reference, audit_date=D(2024, 3, 9)
    )
    assert earlier.pk


def test_saving_a_draft_again_is_not_a_repeat_of_itself(academy, template):
    draft = record(academy, template, submit=False)
    saved = record(academy, template, audit=draft, case_reference=draft.case_reference)
    assert saved.status == CaseAudit.Status.SUBMITTED
    assert saved.repeat_reason == ""


def test_only_the_psw_allows_a_repeat_and_gives_a_reason(academy):
    for login in ("manager", "dass", "worker"):
        with pytest.raises(PermissionDenied):
            services.repeat_allow(
                case_reference="CR1234", reason="Why not", actor=viewer(academy, login)
            )
    with pytest.raises(ValidationError) as excinfo:
        services.repeat_allow(case_reference="CR1234", reason=" ", actor=viewer(academy, "psw"))
    assert set(errors_of(excinfo)) == {"reason"}
    assert not RepeatAllowance.objects.exists()


def test_a_repeat_the_psw_allows_is_audited_once(academy, template):
    first = record(academy, template, audit_date=D(2025, 1, 10))
    allowance = services.repeat_allow(
        case_reference=first.case_reference.lower(),
        reason=" Complaint about the same support plan ",
        actor=viewer(academy, "psw"),
    )
    repeat = record(academy, template, of="worker", case_reference=first.case_reference)

    repeat.refresh_from_db()
    allowance.refresh_from_db()
    assert repeat.repeat_reason == "Complaint about the same support plan"
    assert repeat.repeat_allowed_by == academy.people["psw"]
    assert allowance.used_by == repeat
    with pytest.raises(ValidationError) as excinfo:
        record(academy, template, case_reference=first.case_reference)
    assert set(errors_of(excinfo)) == {"case_reference"}


def test_a_draft_that_uses_an_allowance_keeps_it_when_saved_again(academy, template):
    first = record(academy, template, audit_date=D(2025, 1, 10))
    services.repeat_allow(
        case_reference=first.case_reference, reason="Complaint", actor=viewer(academy, "psw")
    )
    draft = record(academy, template, case_reference=first.case_reference, submit=False)
    done = record(academy, template, audit=draft, case_reference=first.case_reference)
    assert done.repeat_reason == "Complaint"
    assert RepeatAllowance.objects.get().used_by == done


def test_saving_the_first_audit_of_a_case_does_not_use_the_psws_allowance(academy, template):
    draft = record(academy, template, submit=False, audit_date=D(2025, 1, 10))
    allowance = services.repeat_allow(
        case_reference=draft.case_reference, reason="Complaint", actor=viewer(academy, "psw")
    )
    saved = record(
        academy,
        template,
        audit=draft,
        case_reference=draft.case_reference,
        audit_date=D(2025, 1, 10),
    )
    assert saved.repeat_reason == ""
    allowance.refresh_from_db()
    assert allowance.used_by is None

    repeat = record(academy, template, of="worker", case_reference=draft.case_reference)
    assert repeat.repeat_allowed_by == academy.people["psw"]


def test_a_draft_moved_to_another_case_gives_its_allowance_back(academy, template):
    first = record(academy, template, audit_date=D(2025, 1, 10))
    allowance = services.repeat_allow(
        case_reference=first.case_reference, reason="Complaint", actor=viewer(academy, "psw")
    )
    draft = record(academy, template, case_reference=first.case_reference, submit=False)
    moved = record(academy, template, audit=draft, case_reference=next_reference(), submit=False)
    allowance.refresh_from_db()
    assert allowance.used_by is None
    assert (moved.repeat_reason, moved.repeat_allowed_by) == ("", None)


def test_the_reaudit_of_an_inadequate_audit_is_not_a_repeat(academy, template):
    poor = record(academy, template, answers=answers(template, "no"), audit_date=D(2024, 12, 2))
    reaudit = record(academy, template, case_reference=poor.case_reference, reaudit_of=poor)
    assert reaudit.reaudit_of == poor
    assert reaudit.repeat_reason == "Re-audit after an Inadequate grade."
    assert list(poor.reaudits.all()) == [reaudit]


def test_an_inadequate_audit_is_reaudited_once(academy, template):
    poor = record(academy, template, answers=answers(template, "no"), audit_date=D(2024, 12, 2))
    record(academy, template, case_reference=poor.case_reference, reaudit_of=poor)
    with pytest.raises(ValidationError) as excinfo:
        record(academy, template, case_reference=poor.case_reference, reaudit_of=poor)
    assert errors_of(excinfo) == {"reaudit_of": ["This audit has been re-audited already."]}


def test_a_draft_reaudit_is_saved_again(academy, template):
    poor = record(academy, template, answers=answers(template, "no"), audit_date=D(2024, 12, 2))
    draft = record(
        academy, template, case_reference=poor.case_reference, reaudit_of=poor, submit=False
    )
    done = record(
        academy, template, audit=draft, case_reference=poor.case_reference, reaudit_of=poor
    )
    assert done.status == CaseAudit.Status.SUBMITTED


def test_only_an_inadequate_audit_of_the_same_case_is_reaudited(academy, template):
    fine = record(academy, template, audit_date=D(2024, 12, 2))
    with pytest.raises(ValidationError) as excinfo:
        record(academy, template, case_reference=fine.case_reference, reaudit_of=fine)
    assert "reaudit_of" in errors_of(excinfo)

    poor = record(academy, template, answers=answers(template, "no"), audit_date=D(2024, 12, 2))
    with pytest.raises(ValidationError) as excinfo:
        record(academy, template, reaudit_of=poor)
    assert set(errors_of(excinfo)) == {"reaudit_of"}


# ---------------------------------------------------------------------------------------------
# Who records audits
# ---------------------------------------------------------------------------------------------
def test_a_manager_cannot_audit_another_teams_practitioner(academy, template):
    with pytest.raises(PermissionDenied):
        record(academy, template, of="outsider", submit=False)
    assert not CaseAudit.objects.exists()


def test_a_manager_cannot_audit_themselves(academy, template):
    with pytest.raises(PermissionDenied):
        record(academy, template, of="manager", submit=False)


@pytest.mark.parametrize("login", ["psw", "dass", "supervisor", "worker", "coordinator", "admin"])
def test_only_the_teams_manager_records_an_audit(academy, template, login):
    with pytest.raises(PermissionDenied):
        record(academy, template, by=login, submit=False)
    assert not CaseAudit.objects.exists()


def test_a_manager_cannot_take_over_another_teams_draft(academy, template, manager_b):
    draft = record(academy, template, submit=False)
    with pytest.raises(PermissionDenied):
        record(
            academy,
            template,
            actor=viewer_of(manager_b),
            of="outsider",
            audit=draft,
            case_reference=draft.case_reference,
        )
    draft.refresh_from_db()
    assert (draft.team, draft.practitioner) == (academy.teams["a"], academy.people["nqsw"])


# ---------------------------------------------------------------------------------------------
# Template versions
# ---------------------------------------------------------------------------------------------
def new_sections() -> list[dict]:
    return [
        {
            "title": "Recording",
            "questions": [
                {"text": "Is the record up to date?", "weight": 2, "limiting": True},
                {"text": "Is the chronology clear?"},
            ],
        }
    ]


def test_a_template_without_audits_is_changed_in_place(template):
    revised = services.audit_template_revise(
        template=template, changes={"name": "Case file audit 2025"}, sections=new_sections()
    )
    assert revised.pk == template.pk
    assert revised.version == 1
    stored = AuditTemplate.objects.get(pk=template.pk)
    assert stored.name == "Case file audit 2025"
    assert [q.text for q in questions(stored)] == [
        "Is the record up to date?",
        "Is the chronology clear?",
    ]


def test_a_template_with_submitted_audits_gets_a_new_version_and_old_audits_keep_theirs(
    academy, template
):
    old = record(academy, template)
    old_questions = questions(template)
    revised = services.audit_template_revise(
        template=template,
        changes={"grade_bands": [{"grade": "good", "min": 50}, {"grade": "inadequate", "min": 0}]},
    )
    template.refresh_from_db()
    old.refresh_from_db()

    assert (revised.key, revised.version, revised.current) == (template.key, 2, True)
    assert template.current is False
    assert old.template == template
    assert {r.question_id for r in old.responses.all()} == {q.pk for q in old_questions}
    assert [q.text for q in questions(revised)] == [q.text for q in old_questions]
    assert not {q.pk for q in questions(revised)} & {q.pk for q in old_questions}
    assert AuditTemplate.objects.filter(key=template.key, current=True).get() == revised

    new = record(academy, revised, answers=answers(revised))
    assert (new.template, new.grade) == (revised, Grade.GOOD)


def test_a_new_audit_on_a_replaced_version_is_refused_but_its_drafts_are_finished(
    academy, template
):
    record(academy, template)
    draft = record(academy, template, submit=False)
    services.audit_template_revise(template=template, changes={"name": "Renamed"})
    template.refresh_from_db()

    with pytest.raises(ValidationError) as excinfo:
        record(academy, template)
    assert set(errors_of(excinfo)) == {"template"}
    done = record(academy, template, audit=draft, case_reference=draft.case_reference)
    assert (done.template, done.status) == (template, CaseAudit.Status.SUBMITTED)


def test_new_questions_for_a_template_with_drafts_make_a_version_and_the_drafts_keep_theirs(
    academy, template
):
    draft = record(academy, template, submit=False)
    revised = services.audit_template_revise(template=template, sections=new_sections())
    assert revised.version == 2
    draft.refresh_from_db()
    assert draft.template == template
    assert draft.responses.count() == len(questions(template))


def test_settings_of_a_template_with_only_drafts_change_in_place(academy, template):
    record(academy, template, submit=False)
    revised = services.audit_template_revise(template=template, changes={"reaudit_months": 4})
    assert (revised.pk, revised.version, revised.reaudit_months) == (template.pk, 1, 4)


def test_a_replaced_version_is_not_revised(academy, template):
    record(academy, template)
    services.audit_template_revise(template=template, changes={"name": "Second"})
    template.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        services.audit_template_revise(template=template, changes={"name": "Third"})
    assert set(errors_of(excinfo)) == {"template"}
    assert AuditTemplate.objects.filter(key=template.key).count() == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"answer_scores": {"yes": 1}}, "answer_scores"),
        ({"answer_scores": {"yes": 1, "partly": "half", "no": 0}}, "answer_scores"),
        ({"grade_bands": []}, "grade_bands"),
        ({"grade_bands": [{"grade": "superb", "min": 90}]}, "grade_bands"),
        (
            {"grade_bands": [{"grade": "good", "min": 40}, {"grade": "outstanding", "min": 85}]},
            "grade_bands",
        ),
        # No Inadequate band: a score of 10 would be Requires improvement, never an action plan.
        (
            {
                "grade_bands": [
                    {"grade": "outstanding", "min": 85},
                    {"grade": "good", "min": 65},
                    {"grade": "requires_improvement", "min": 40},
                ]
            },
            "grade_bands",
        ),
        # Minimums falling but the grades out of order.
        (
            {
                "grade_bands": [
                    {"grade": "good", "min": 85},
                    {"grade": "outstanding", "min": 65},
                    {"grade": "inadequate", "min": 0},
                ]
            },
            "grade_bands",
        ),
        # A grade twice.
        (
            {
                "grade_bands": [
                    {"grade": "good", "min": 85},
                    {"grade": "good", "min": 65},
                    {"grade": "inadequate", "min": 0},
                ]
            },
            "grade_bands",
        ),
        ({"limiting_cap": "dreadful"}, "limiting_cap"),
        ({"key": "another"}, "key"),
    ],
)
def test_a_bad_template_change_is_refused_and_nothing_changes(academy, template, changes, field):
    record(academy, template)
    with pytest.raises(ValidationError) as excinfo:
        services.audit_template_revise(template=template, changes=changes)
    assert field in errors_of(excinfo)
    assert AuditTemplate.objects.filter(key=template.key).count() == 1
    assert AuditTemplate.objects.get(pk=template.pk).current


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ({"text": " "}, "text"),
        ({"text": "Q", "weight": 0}, "weight"),
        ({"text": "Q", "weight": "x"}, "weight"),
    ],
)
def test_a_bad_question_is_named_by_its_place(template, question, field):
    sections = [{"title": "One", "questions": [{"text": "Fine?"}, question]}]
    with pytest.raises(ValidationError) as excinfo:
        services.audit_template_revise(template=template, sections=sections)
    assert set(errors_of(excinfo)) == {f"sections.0.questions.1.{field}"}
    assert len(questions(template)) == 18


# ---------------------------------------------------------------------------------------------
# Feedback: the practitioner told, acknowledging, reflecting, CPD
# ---------------------------------------------------------------------------------------------
def test_the_practitioner_is_told_when_an_audit_is_submitted_not_before(academy, template):
    draft = record(academy, template, submit=False)
    assert not Notification.objects.exists()
    record(academy, template, audit=draft, case_reference=draft.case_reference)

    row = Notification.objects.get()
    assert (row.recipient, row.kind) == (academy.people["nqsw"], "audits.feedback")
    assert draft.case_reference in row.subject
    assert row.dedupe_key == f"audits:feedback:{draft.pk}"
    assert "Manager Tester" in row.body


def test_the_practitioner_acknowledges_once_and_keeps_a_reflection(academy, template):
    audit = record(academy, template)
    nqsw = viewer(academy, "nqsw")
    services.audit_acknowledge(audit=audit, actor=nqsw, reflection=" I will ask about carers. ")
    audit.refresh_from_db()
    first = audit.acknowledged_at
    assert first is not None
    assert audit.reflection == "I will ask about carers."

    services.audit_acknowledge(audit=audit, actor=nqsw, reflection="And advocacy.")
    services.audit_acknowledge(audit=audit, actor=nqsw)
    audit.refresh_from_db()
    assert audit.acknowledged_at == first
    assert audit.reflection == "And advocacy."


@pytest.mark.parametrize("login", ["manager", "worker", "psw", "admin"])
def test_only_the_practitioner_acknowledges(academy, template, login):
    audit = record(academy, template)
    with pytest.raises(PermissionDenied):
        services.audit_acknowledge(audit=audit, actor=viewer(academy, login), reflection="Seen")
    audit.refresh_from_db()
    assert (audit.acknowledged_at, audit.reflection) == (None, "")


def test_a_draft_is_not_acknowledged(academy, template):
    draft = record(academy, template, submit=False)
    with pytest.raises(ValidationError):
        services.audit_acknowledge(audit=draft, actor=viewer(academy, "nqsw"))


def test_the_audit_turns_into_a_cpd_entry_the_practitioner_completes(academy, template):
    audit = record(
        academy,
        template,
        strengths="Strengths-based assessment.",
        areas_to_develop="Record the carer's view.",
        themes=[theme("Carers"), theme("Voice of the person")],
    )
    services.audit_acknowledge(
        audit=audit, actor=viewer(academy, "nqsw"), reflection="I will offer carers' assessments."
    )
    draft = services.audit_cpd_prefill(audit=audit)
    nqsw = academy.people["nqsw"]

    with pytest.raises(ValidationError) as excinfo:
        cpd_entry_save(person=nqsw, data=draft)
    assert set(errors_of(excinfo)) == {"impact"}

    entry = cpd_entry_save(
        person=nqsw, data={**draft, "impact": "Carers are now offered an assessment."}
    )
    entry = CpdEntry.objects.get(pk=entry.pk)
    assert entry.person == nqsw
    assert entry.title == f"Learning from the audit of case {audit.case_reference}"
    assert entry.activity_date == TODAY
    assert entry.hours == Decimal("1.00")
    assert "(Outstanding)" in entry.activity
    assert "Themes: Carers, Voice of the person." in entry.activity
    assert entry.learning == (
        "Strengths-based assessment.\nRecord the carer's view.\nI will offer carers' assessments."
    )
    assert entry.peer_reflection is True
    assert entry.peer_learning
    assert "Tester" not in f"{entry.title} {entry.activity} {entry.learning}"


# ---------------------------------------------------------------------------------------------
# Action plans
# ---------------------------------------------------------------------------------------------
def test_the_manager_or_the_psw_adds_actions_with_an_owner_and_due_date(academy, template):
    audit = record(academy, template, answers=answers(template, "no"))
    nqsw = academy.people["nqsw"]
    first = services.action_add(
        audit=audit,
        description=" Complete the carer's assessment ",
        owner=nqsw,
        due_date=D(2025, 4, 1),
        actor=viewer(academy, "manager"),
    )
    second = services.action_add(
        audit=audit,
        description="Book MCA refresher",
        owner=academy.people["manager"],
        due_date=TODAY,
        actor=viewer(academy, "psw"),
    )
    assert (first.description, first.owner, first.status) == (
        "Complete the carer's assessment",
        nqsw,
        AuditAction.Status.OPEN,
    )
    assert list(audit.actions.order_by("id")) == [first, second]


def test_an_action_is_owned_only_by_someone_who_can_read_the_audit(academy, template):
    """A colleague in the team cannot read a worker's audit, so cannot own an action on it."""
    audit = record(academy, template, answers=answers(template, "no"))
    colleague = academy.people["worker"]
    with pytest.raises(ValidationError) as excinfo:
        services.action_add(
            audit=audit,
            description="Shadow a carer's assessment",
            owner=colleague,
            due_date=D(2025, 4, 1),
            actor=viewer(academy, "manager"),
        )
    assert set(errors_of(excinfo)) == {"owner"}
    assert not AuditAction.objects.exists()
    owners = set(selectors.action_owners(audit))
    assert owners == {academy.people[login] for login in ("nqsw", "manager", "psw")}


@pytest.mark.parametrize("login", ["nqsw", "worker", "dass", "outsider"])
def test_others_cannot_add_actions(academy, template, login):
    audit = record(academy, template, answers=answers(template, "no"))
    with pytest.raises(PermissionDenied):
        services.action_add(
            audit=audit,
            description="Anything",
            owner=academy.people["nqsw"],
            due_date=D(2025, 4, 1),
            actor=viewer(academy, login),
        )
    assert not AuditAction.objects.exists()


def test_an_action_needs_a_description_and_a_due_date_from_the_audit_on(academy, template):
    audit = record(academy, template, answers=answers(template, "no"))
    manager = viewer(academy, "manager")
    with pytest.raises(ValidationError) as excinfo:
        services.action_add(
            audit=audit, description=" ", owner=audit.practitioner, due_date=TODAY, actor=manager
        )
    assert set(errors_of(excinfo)) == {"description"}
    with pytest.raises(ValidationError) as excinfo:
        services.action_add(
            audit=audit,
            description="Late",
            owner=audit.practitioner,
            due_date=TODAY - dt.timedelta(days=1),
            actor=manager,
        )
    assert set(errors_of(excinfo)) == {"due_date"}


def test_the_owner_marks_an_action_done_and_it_can_be_reopened(academy, template, clock):
    audit = record(academy, template, answers=answers(template, "no"))
    action = services.action_add(
        audit=audit,
        description="Complete the carer's assessment",
        owner=academy.people["nqsw"],
        due_date=D(2025, 4, 1),
        actor=viewer(academy, "manager"),
    )
    clock.day = D(2025, 3, 20)
    services.action_set_status(action=action, status="done", actor=viewer(academy, "nqsw"))
    action.refresh_from_db()
    assert (action.status, action.completed_on) == ("done", D(2025, 3, 20))

    services.action_set_status(action=action, status="open", actor=viewer(academy, "manager"))
    action.refresh_from_db()
    assert (action.status, action.completed_on) == ("open", None)

    with pytest.raises(PermissionDenied):
        services.action_set_status(action=action, status="done", actor=viewer(academy, "worker"))
    with pytest.raises(ValidationError):
        services.action_set_status(action=action, status="finished", actor=viewer(academy, "psw"))
    action.refresh_from_db()
    assert action.status == "open"


# ---------------------------------------------------------------------------------------------
# Quotas and themes
# ---------------------------------------------------------------------------------------------
def test_the_psw_sets_a_teams_quota_and_can_return_it_to_the_default(academy):
    team = academy.teams["a"]
    march = D(2025, 3, 1)
    assert programme(team_ids=[team.pk], month=march, as_of=TODAY)[team.pk].quota == 2

    services.quota_set(team=team, per_manager=3, actor=viewer(academy, "psw"))
    assert programme(team_ids=[team.pk], month=march, as_of=TODAY)[team.pk].quota == 3
    services.quota_set(team=team, per_manager=1, actor=viewer(academy, "psw"))
    assert AuditQuota.objects.get(team=team).per_manager == 1

    services.quota_set(team=team, per_manager=None, actor=viewer(academy, "psw"))
    assert not AuditQuota.objects.exists()
    assert programme(team_ids=[team.pk], month=march, as_of=TODAY)[team.pk].quota == 2


def test_only_the_psw_sets_a_quota_and_within_reason(academy):
    team = academy.teams["a"]
    for login in ("manager", "dass"):
        with pytest.raises(PermissionDenied):
            services.quota_set(team=team, per_manager=1, actor=viewer(academy, login))
    for value in (-1, 51):
        with pytest.raises(ValidationError):
            services.quota_set(team=team, per_manager=value, actor=viewer(academy, "psw"))
    assert not AuditQuota.objects.exists()


def test_the_psw_keeps_the_theme_list(template):
    added = services.theme_save(name=" Hoarding ", description=" Self-neglect and hoarding ")
    assert (added.name, added.description, added.active) == (
        "Hoarding",
        "Self-neglect and hoarding",
        True,
    )
    with pytest.raises(ValidationError) as excinfo:
        services.theme_save(name="hoarding")
    assert set(errors_of(excinfo)) == {"name"}
    with pytest.raises(ValidationError):
        services.theme_save(name="  ")

    renamed = services.theme_save(name="Hoarding and self-neglect", active=False, theme=added)
    assert renamed.pk == added.pk
    assert services.theme_save(name="Hoarding and self-neglect", theme=added).active is True
    assert AuditTheme.objects.filter(name__icontains="hoarding").count() == 1


# ---------------------------------------------------------------------------------------------
# Learning bulletins
# ---------------------------------------------------------------------------------------------
BULLETIN = {
    "title": "What March's audits taught us",
    "period_start": D(2025, 3, 1),
    "period_end": D(2025, 3, 31),
    "went_well": "Strengths-based assessments across the localities.",
    "to_improve": "Recording carers' views.",
}


def test_the_psw_publishes_a_bulletin(academy, template):
    record(academy, template)
    psw = viewer(academy, "psw")
    draft = services.bulletin_save(data=BULLETIN, themes=[theme("Carers")], actor=psw)
    assert draft.published_at is None

    published = services.bulletin_save(
        data={}, themes=[theme("Carers")], publish=True, bulletin=draft, actor=psw
    )
    published.refresh_from_db()
    assert published.pk == draft.pk
    assert published.published_at is not None
    assert published.published_by == academy.people["psw"]
    assert published.title == BULLETIN["title"]
    assert list(published.themes.all()) == [theme("Carers")]


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("went_well", "Nqsw Tester's assessment was excellent."),
        ("to_improve", "Recording, as in the work of nqsw tester."),
        ("title", "Learning from Tester"),
    ],
)
def test_a_bulletin_naming_an_audited_practitioner_is_refused_at_the_field(
    academy, template, field, text
):
    record(academy, template)
    with pytest.raises(ValidationError) as excinfo:
        services.bulletin_save(data={**BULLETIN, field: text}, actor=viewer(academy, "psw"))
    assert errors_of(excinfo) == {field: ["A bulletin never names a worker: remove Nqsw Tester."]}
    assert not LearningBulletin.objects.exists()


def test_a_name_inside_another_word_is_not_a_name(academy, template):
    lee = PersonFactory(team=academy.teams["a"], first_name="Ann", last_name="Lee")
    record(academy, template, practitioner=lee)
    text = "Joann Leeds' training on annual reviews helped."
    bulletin = services.bulletin_save(
        data={**BULLETIN, "went_well": text}, actor=viewer(academy, "psw")
    )
    assert bulletin.pk
    with pytest.raises(ValidationError):
        services.bulletin_save(
            data={**BULLETIN, "went_well": "Thanks to Ann Lee."}, actor=viewer(academy, "psw")
        )


def test_a_bulletin_needs_its_fields_and_a_period_that_ends_after_it_starts(academy):
    psw = viewer(academy, "psw")
    with pytest.raises(ValidationError) as excinfo:
        services.bulletin_save(
            data={**BULLETIN, "period_end": D(2025, 2, 1), "went_well": " "}, actor=psw
        )
    assert set(errors_of(excinfo)) == {"period_end", "went_well"}
    with pytest.raises(PermissionDenied):
        services.bulletin_save(data=BULLETIN, actor=viewer(academy, "manager"))
    assert not LearningBulletin.objects.exists()


# ---------------------------------------------------------------------------------------------
# Moderation
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def team_c(academy) -> Person:
    """A practitioner in a third team."""
    team = TeamFactory(organisation=academy.council, name="Reablement")
    person: Person = PersonFactory(team=team, organisation=academy.council)
    return person


def lay_many(template, academy, practitioner, month: dt.date, count: int, **fields):
    return [
        lay_down(
            template,
            practitioner=practitioner,
            auditor=academy.people["manager"],
            audit_date=month + dt.timedelta(days=i % 28),
            **fields,
        )
        for i in range(count)
    ]


def drawn(month: dt.date) -> list[CaseAudit]:
    return [m.audit for m in Moderation.objects.filter(sample_month=month).select_related("audit")]


def test_the_sample_is_a_tenth_of_the_months_audits_and_one_from_each_team(academy, template):
    january = D(2025, 1, 1)
    team_a = lay_many(template, academy, academy.people["nqsw"], january, 25)
    team_b = lay_many(template, academy, academy.people["outsider"], january, 2)
    lay_many(template, academy, academy.people["nqsw"], january, 5, status="draft")
    lay_many(template, academy, academy.people["nqsw"], D(2025, 2, 1), 5)

    sample = services.moderation_draw(month=D(2025, 1, 17))
    chosen = {m.audit_id for m in sample}
    assert {m.sample_month for m in sample} == {january}
    assert 3 <= len(chosen) <= 4
    assert chosen <= {a.pk for a in team_a + team_b}
    assert chosen & {a.pk for a in team_a}
    assert chosen & {a.pk for a in team_b}


def test_drawing_a_month_again_adds_nothing(academy, template):
    lay_many(template, academy, academy.people["nqsw"], D(2025, 1, 1), 25)
    first = sorted(m.pk for m in services.moderation_draw(month=D(2025, 1, 1)))
    lay_many(template, academy, academy.people["nqsw"], D(2025, 1, 1), 25)
    again = sorted(m.pk for m in services.moderation_draw(month=D(2025, 1, 31)))
    assert again == first
    assert Moderation.objects.count() == len(first) == 3


def test_a_team_moderated_this_quarter_needs_none_more_until_the_next(academy, template, team_c):
    lay_many(template, academy, academy.people["nqsw"], D(2025, 1, 1), 20)
    lay_many(template, academy, academy.people["outsider"], D(2025, 1, 1), 1)
    services.moderation_draw(month=D(2025, 1, 1))

    # February: teams A and B are covered; team C has its first audit of the quarter.
    lay_many(template, academy, academy.people["nqsw"], D(2025, 2, 1), 19)
    lay_many(template, academy, academy.people["outsider"], D(2025, 2, 1), 1)
    only_c = lay_many(template, academy, team_c, D(2025, 2, 1), 1)
    february = {m.audit_id for m in services.moderation_draw(month=D(2025, 2, 1))}
    assert only_c[0].pk in february
    assert len(february) in (3, 4)  # 10% of 21, plus team C's if the share missed it

    # April starts a quarter: team B needs one again.
    lay_many(template, academy, academy.people["nqsw"], D(2025, 4, 1), 30)
    late_b = lay_many(template, academy, academy.people["outsider"], D(2025, 4, 1), 1)
    april = {m.audit_id for m in services.moderation_draw(month=D(2025, 4, 1))}
    assert late_b[0].pk in april


def test_the_february_sample_when_every_team_is_covered_is_the_share_alone(academy, template):
    lay_many(template, academy, academy.people["nqsw"], D(2025, 1, 1), 5)
    lay_many(template, academy, academy.people["outsider"], D(2025, 1, 1), 5)
    services.moderation_draw(month=D(2025, 1, 1))
    lay_many(template, academy, academy.people["nqsw"], D(2025, 2, 1), 15)
    lay_many(template, academy, academy.people["outsider"], D(2025, 2, 1), 15)
    assert len(services.moderation_draw(month=D(2025, 2, 1))) == 3


def test_an_audit_submitted_after_its_month_was_drawn_joins_the_next_draw(
    academy, template, team_c
):
    lay_many(template, academy, academy.people["nqsw"], D(2025, 1, 1), 20)
    services.moderation_draw(month=D(2025, 1, 1))
    # Team C's January audit is submitted in February, after January's draw.
    late = lay_many(template, academy, team_c, D(2025, 1, 1), 1)[0]
    lay_many(template, academy, academy.people["nqsw"], D(2025, 2, 1), 10)

    february = {m.audit_id for m in services.moderation_draw(month=D(2025, 2, 1))}

    # Team C has had none moderated this quarter, and the late audit is its only one.
    assert late.pk in february
    late.refresh_from_db()
    assert late.moderation_pool == D(2025, 2, 1)


def test_a_draw_considers_each_submitted_audit_once(academy, template):
    january = lay_many(template, academy, academy.people["nqsw"], D(2025, 1, 1), 10)
    drafts = lay_many(template, academy, academy.people["nqsw"], D(2025, 1, 1), 2, status="draft")
    february = lay_many(template, academy, academy.people["nqsw"], D(2025, 2, 1), 3)

    services.moderation_draw(month=D(2025, 1, 1))

    def pools(audits):
        return {
            a.pk: a.moderation_pool for a in CaseAudit.objects.filter(pk__in=[b.pk for b in audits])
        }

    assert set(pools(january).values()) == {D(2025, 1, 1)}
    assert set(pools(drafts + february).values()) == {None}
    services.moderation_draw(month=D(2025, 2, 1))
    assert set(pools(january).values()) == {D(2025, 1, 1)}
    assert set(pools(february).values()) == {D(2025, 2, 1)}


def test_the_migration_counts_audits_of_months_drawn_already_as_considered(academy, template):
    drawn_month = lay_many(template, academy, academy.people["nqsw"], D(2025, 1, 1), 4)
    never_drawn = lay_many(template, academy, academy.people["nqsw"], D(2025, 3, 1), 2)
    Moderation.objects.create(audit=drawn_month[0], sample_month=D(2025, 1, 1))
    migration = importlib.import_module("academy.audits.migrations.0003_moderation_pool")

    migration.mark_drawn_months(django_apps, None)

    pools = dict(CaseAudit.objects.values_list("pk", "moderation_pool"))
    assert {pools[a.pk] for a in drawn_month} == {D(2025, 1, 1)}
    assert {pools[a.pk] for a in never_drawn} == {None}


def test_a_month_with_no_submitted_audits_draws_nothing(academy, template):
    lay_many(template, academy, academy.people["nqsw"], D(2025, 1, 1), 3, status="draft")
    assert services.moderation_draw(month=D(2025, 1, 1)) == []


def test_the_psw_regrades_and_agreement_is_recorded(academy, template):
    good, poor = (
        lay_down(
            template,
            practitioner=academy.people["nqsw"],
            auditor=academy.people["manager"],
            audit_date=D(2025, 1, 10),
            grade=grade,
        )
        for grade in (Grade.GOOD, Grade.INADEQUATE)
    )
    psw = viewer(academy, "psw")
    first = Moderation.objects.create(audit=good, sample_month=D(2025, 1, 1))
    second = Moderation.objects.create(audit=poor, sample_month=D(2025, 1, 1))

    services.moderation_record(moderation=first, grade=Grade.GOOD, note=" Agreed ", actor=psw)
    services.moderation_record(moderation=second, grade=Grade.REQUIRES_IMPROVEMENT, actor=psw)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.agreed, first.moderated_grade, first.note) == (True, Grade.GOOD, "Agreed")
    assert first.moderator == academy.people["psw"]
    assert first.moderated_at is not None
    assert (second.agreed, second.moderated_grade) == (False, Grade.REQUIRES_IMPROVEMENT)


def test_only_the_psw_moderates_with_a_grade_from_the_scale(academy, template):
    audit = lay_down(
        template,
        practitioner=academy.people["nqsw"],
        auditor=academy.people["manager"],
        audit_date=D(2025, 1, 10),
    )
    moderation = Moderation.objects.create(audit=audit, sample_month=D(2025, 1, 1))
    for login in ("manager", "dass"):
        with pytest.raises(PermissionDenied):
            services.moderation_record(
                moderation=moderation, grade=Grade.GOOD, actor=viewer(academy, login)
            )
    with pytest.raises(ValidationError):
        services.moderation_record(
            moderation=moderation, grade="fine", actor=viewer(academy, "psw")
        )
    moderation.refresh_from_db()
    assert (moderation.moderated_at, moderation.agreed) == (None, None)
