"""Writes about case file audits: templates and their versions, recording and submitting,
feedback, action plans, themes, bulletins, repeats and moderation."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from academy.audits import rules
from academy.audits.models import (
    Answer,
    AuditAction,
    AuditQuestion,
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
from academy.audits.permissions import leads_audits, may_audit
from academy.audits.selectors import action_owners
from academy.common.dates import today
from academy.common.links import link_to
from academy.common.locks import lock_name
from academy.notifications.services import NotificationDraft, notifications_enqueue
from academy.people.models import Person, Team
from academy.people.permissions import Viewer

TEMPLATE_SETTINGS = (
    "name",
    "description",
    "answer_scores",
    "grade_bands",
    "limiting_cap",
    "reaudit_months",
)


def config(name: str) -> Any:
    return settings.AUDITS[name]


# ---------------------------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------------------------
def audit_template_revise(
    *,
    template: AuditTemplate,
    changes: Mapping[str, Any] | None = None,
    sections: Sequence[Mapping[str, Any]] | None = None,
) -> AuditTemplate:
    """Change a template. If audits have been submitted on it, the change makes a new version
    (the old one stays with its audits); otherwise it is changed in place. ``sections``, when
    given, replace the questions: ``[{"title", "questions": [{"text", "guidance",
    "practice_standard", "cqc_statement", "weight", "limiting"}]}]``."""
    changes = dict(changes or {})
    unknown = set(changes) - set(TEMPLATE_SETTINGS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be changed."))
    _check_scale(
        changes.get("answer_scores", template.answer_scores),
        changes.get("grade_bands", template.grade_bands),
    )
    if sections is not None:
        _check_sections(sections)
    with transaction.atomic():
        # One revision at a time: two at once would both try to make the same next version.
        locked = AuditTemplate.objects.select_for_update().get(pk=template.pk)
        if not locked.current:
            raise ValidationError(
                {"template": "This version has been replaced: revise the current one."}
            )
        # Drafts keep the questions they answer (their responses protect them), so new
        # questions for a template with drafts also make a new version.
        in_use = template.audits.filter(status=CaseAudit.Status.SUBMITTED).exists() or (
            sections is not None and template.audits.exists()
        )
        if in_use:
            old_sections = _sections_of(template)
            revised = AuditTemplate(
                key=template.key,
                version=template.version + 1,
                current=True,
                **{f: changes.get(f, getattr(template, f)) for f in TEMPLATE_SETTINGS},
            )
            revised.full_clean(validate_unique=False, validate_constraints=False)
            AuditTemplate.objects.filter(pk=template.pk).update(current=False)
            revised.save()
            template = revised
            _write_sections(template, sections if sections is not None else old_sections)
        else:
            for name, value in changes.items():
                setattr(template, name, value)
            template.full_clean(validate_constraints=False)
            template.save()
            if sections is not None:
                template.sections.all().delete()
                _write_sections(template, sections)
    return template


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_scale(scale: Any, bands: Any) -> None:
    errors = {}
    if (
        not isinstance(scale, dict)
        or not {"yes", "partly", "no"} <= set(scale)
        or not all(_is_number(value) for value in scale.values())
    ):
        errors["answer_scores"] = (
            'Give a score for yes, partly and no, e.g. {"yes": 1, "partly": 0.5, "no": 0}.'
        )
    # Grading takes the first band whose minimum the score reaches, and gives a score below
    # every minimum the last band: so the grades run best first, each once, the minimums fall,
    # and the last band is Inadequate (the grade that calls for an action plan).
    if (
        not isinstance(bands, list)
        or not bands
        or not all(
            isinstance(b, dict) and b.get("grade") in Grade.values and _is_number(b.get("min"))
            for b in bands
        )
        or any(above["min"] <= below["min"] for above, below in itertools.pairwise(bands))
        or [b["grade"] for b in bands]
        != [g for g in Grade.values if g in {b["grade"] for b in bands}]
        or len({b["grade"] for b in bands}) != len(bands)
        or bands[-1]["grade"] != Grade.INADEQUATE
    ):
        errors["grade_bands"] = (
            "Give bands best first, each grade once, ending with inadequate, e.g. "
            '[{"grade": "outstanding", "min": 85}, …, {"grade": "inadequate", "min": 0}].'
        )
    if errors:
        raise ValidationError(errors)


def _check_sections(sections: Sequence[Mapping[str, Any]]) -> None:
    errors: dict[str, str] = {}
    for i, section in enumerate(sections):
        if not str(section.get("title", "")).strip():
            errors[f"sections.{i}.title"] = "Give the section a title."
        for j, question in enumerate(section.get("questions", [])):
            if not str(question.get("text", "")).strip():
                errors[f"sections.{i}.questions.{j}.text"] = "Give the question."
            try:
                weight = Decimal(str(question.get("weight", 1)))
                valid = weight.is_finite() and Decimal("0") < weight < Decimal("100")
            except InvalidOperation:
                valid = False
            if not valid:
                errors[f"sections.{i}.questions.{j}.weight"] = (
                    "A weight is a number more than 0 and less than 100."
                )
    if errors:
        raise ValidationError(errors)


def _sections_of(template: AuditTemplate) -> list[dict[str, Any]]:
    return [
        {
            "title": section.title,
            "questions": [
                {
                    "text": q.text,
                    "guidance": q.guidance,
                    "practice_standard": q.practice_standard,
                    "cqc_statement": q.cqc_statement,
                    "weight": q.weight,
                    "limiting": q.limiting,
                }
                for q in section.questions.all()
            ],
        }
        for section in template.sections.prefetch_related("questions")
    ]


def _write_sections(template: AuditTemplate, sections: Sequence[Mapping[str, Any]]) -> None:
    for i, spec in enumerate(sections):
        section = AuditSection.objects.create(
            template=template, title=str(spec["title"]).strip(), position=i
        )
        AuditQuestion.objects.bulk_create(
            AuditQuestion(
                section=section,
                text=str(q["text"]).strip(),
                guidance=q.get("guidance", ""),
                practice_standard=q.get("practice_standard", ""),
                cqc_statement=q.get("cqc_statement", ""),
                weight=Decimal(str(q.get("weight", 1))),
                limiting=bool(q.get("limiting", False)),
                position=j,
            )
            for j, q in enumerate(spec.get("questions", []))
        )


# ---------------------------------------------------------------------------------------------
# Recording an audit
# ---------------------------------------------------------------------------------------------
def audit_save(
    *,
    actor: Viewer,
    template: AuditTemplate,
    practitioner: Person,
    case_reference: str,
    audit_date: dt.date,
    answers: Sequence[Mapping[str, Any]] = (),
    strengths: str = "",
    areas_to_develop: str = "",
    themes: Iterable[AuditTheme] = (),
    submit: bool = False,
    grade_override: str = "",
    override_reason: str = "",
    reaudit_of: CaseAudit | None = None,
    audit: CaseAudit | None = None,
) -> CaseAudit:
    """Save an audit as a draft, or submit it: submitting needs every question answered and
    computes the score and grade (an override needs a reason). An Inadequate audit gets a
    re-audit date and needs an action plan. Another audit of the same case within the repeat
    window (before or after this one's date) is refused unless the PSW allowed it (each
    allowance serves one audit), or this is the one re-audit of an Inadequate audit."""
    if audit is not None and audit.team_id not in actor.managed_team_ids:
        raise PermissionDenied("You change the audits of the teams you manage.")
    if audit is not None and audit.status == CaseAudit.Status.SUBMITTED:
        raise ValidationError("A submitted audit cannot be changed.")
    if not may_audit(actor, practitioner):
        raise PermissionDenied("You audit the practitioners of the teams you manage.")
    if actor.person_id is None:
        raise PermissionDenied("Only a person can record an audit.")
    reference = case_reference.strip().upper()
    questions = {q.pk: q for q in AuditQuestion.objects.filter(section__template=template)}
    with transaction.atomic():
        # Two managers saving the same case at once: the second waits here, then sees the
        # first's audit and is refused as a repeat.
        lock_name("case-audit", reference)
        repeat = _recent_audit(reference, audit_date, audit)
        allowance = _repeat_allowance(reference, audit) if repeat and reaudit_of is None else None
        errors = _audit_problems(
            template=template,
            reference=reference,
            audit_date=audit_date,
            answers=answers,
            questions=questions,
            submit=submit,
            grade_override=grade_override,
            override_reason=override_reason,
            reaudit_of=reaudit_of,
            refused_repeat=repeat and reaudit_of is None and allowance is None,
            audit=audit,
        )
        if errors:
            raise ValidationError(errors)
        if practitioner.team_id is None:
            raise ValidationError({"practitioner": "The practitioner is in no team."})
        audit = audit or CaseAudit(auditor_id=actor.person_id)
        audit.template = template
        audit.team_id = practitioner.team_id
        audit.practitioner = practitioner
        audit.case_reference = reference
        audit.audit_date = audit_date
        audit.strengths = strengths.strip()
        audit.areas_to_develop = areas_to_develop.strip()
        audit.reaudit_of = reaudit_of
        audit.repeat_reason, audit.repeat_allowed_by_id = "", None
        if reaudit_of is not None:
            audit.repeat_reason = "Re-audit after an Inadequate grade."
        elif allowance is not None:
            audit.repeat_reason = allowance.reason
            audit.repeat_allowed_by_id = allowance.allowed_by_id
        audit.save()
        _use_allowance(audit, allowance)
        audit.themes.set(list(themes))
        _save_responses(audit, answers)
        if submit:
            _submit(audit, template, questions, grade_override, override_reason.strip())
    return audit


def _audit_problems(
    *,
    template: AuditTemplate,
    reference: str,
    audit_date: dt.date,
    answers: Sequence[Mapping[str, Any]],
    questions: Mapping[int, AuditQuestion],
    submit: bool,
    grade_override: str,
    override_reason: str,
    reaudit_of: CaseAudit | None,
    refused_repeat: bool,
    audit: CaseAudit | None,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not template.current and audit is None:
        add("template", "This template has a newer version: use that.")
    if not re.fullmatch(config("CASE_REFERENCE_PATTERN"), reference):
        add("case_reference", config("CASE_REFERENCE_HINT"))
    if audit_date > today():
        add("audit_date", "The audit date cannot be in the future.")
    if reaudit_of is not None:
        if reaudit_of.case_reference != reference or reaudit_of.grade != Grade.INADEQUATE:
            add("reaudit_of", "A re-audit follows an Inadequate audit of the same case.")
        else:
            others = reaudit_of.reaudits.all()
            if audit is not None and audit.pk:
                others = others.exclude(pk=audit.pk)
            if others.exists():
                add("reaudit_of", "This audit has been re-audited already.")
    if refused_repeat:
        add(
            "case_reference",
            f"This case is audited within {config('REPEAT_MONTHS')} months of this date. The "
            "PSW can allow a repeat audit, with a reason.",
        )
    seen: set[int] = set()
    for i, item in enumerate(answers):
        question_id = item.get("question")
        answer = item.get("answer", "")
        if question_id not in questions:
            add(f"answers.{i}.question", "This question is not on this template.")
        elif question_id in seen:
            add(f"answers.{i}.question", "This question is answered twice.")
        seen.add(question_id)  # type: ignore[arg-type]
        if answer not in ("", *Answer.values):
            add(f"answers.{i}.answer", f"Choose one of: {', '.join(Answer.values)}.")
        elif submit and not answer:
            add(f"answers.{i}.answer", "Answer this question before submitting.")
    if submit:
        answered = {a.get("question") for a in answers if a.get("answer")}
        missing = [q for pk, q in questions.items() if pk not in answered]
        if missing:
            add("answers", f"Answer every question before submitting ({len(missing)} left).")
        if grade_override and grade_override not in Grade.values:
            add("grade_override", f"Choose one of: {', '.join(Grade.values)}.")
        if grade_override and not override_reason.strip():
            add("override_reason", "Give the reason for changing the grade.")
    return errors


def _recent_audit(reference: str, audit_date: dt.date, audit: CaseAudit | None) -> bool:
    """Whether another audit of the case falls within the repeat window of ``audit_date``,
    before or after it (an audit dated before an existing one is as much a repeat)."""
    months = config("REPEAT_MONTHS")
    others = CaseAudit.objects.filter(
        case_reference=reference,
        audit_date__gte=rules.repeat_window_start(audit_date, months=months),
        audit_date__lte=rules.repeat_window_end(audit_date, months=months),
    )
    if audit is not None and audit.pk:
        others = others.exclude(pk=audit.pk)
    return others.exists()


def _repeat_allowance(reference: str, audit: CaseAudit | None) -> RepeatAllowance | None:
    """The PSW's unused allowance for this case (or the one this audit already used)."""
    allowances = RepeatAllowance.objects.filter(case_reference=reference)
    if audit is not None and audit.pk:
        used = allowances.filter(used_by=audit).first()
        if used is not None:
            return used
    return allowances.filter(used_by__isnull=True).order_by("created_at", "id").first()


def _use_allowance(audit: CaseAudit, allowance: RepeatAllowance | None) -> None:
    """Mark the allowance used by this audit, and give back one it no longer needs (its case
    or date changed). An allowance another audit took meanwhile refuses this one."""
    given_back = RepeatAllowance.objects.filter(used_by=audit)
    if allowance is not None:
        given_back = given_back.exclude(pk=allowance.pk)
    given_back.update(used_by=None)
    if allowance is None or allowance.used_by_id == audit.pk:
        return
    taken = RepeatAllowance.objects.filter(pk=allowance.pk, used_by__isnull=True).update(
        used_by=audit
    )
    if not taken:
        raise ValidationError(
            {"case_reference": "The PSW's permission to audit this case again has been used."}
        )
    allowance.used_by = audit


def _save_responses(audit: CaseAudit, answers: Sequence[Mapping[str, Any]]) -> None:
    AuditResponse.objects.filter(audit=audit).delete()
    AuditResponse.objects.bulk_create(
        AuditResponse(
            audit=audit,
            question_id=item["question"],
            answer=item.get("answer", ""),
            comment=str(item.get("comment", "")).strip(),
        )
        for item in answers
    )


def _submit(
    audit: CaseAudit,
    template: AuditTemplate,
    questions: Mapping[int, AuditQuestion],
    grade_override: str,
    override_reason: str,
) -> None:
    scored = [
        rules.Scored(
            answer=r.answer,
            weight=questions[r.question_id].weight,
            limiting=questions[r.question_id].limiting,
        )
        # Read afresh: the caller's audit may hold its responses from before this save.
        for r in AuditResponse.objects.filter(audit=audit)
    ]
    value, grade = rules.grade_for(
        scored,
        scale=template.answer_scores,
        bands=template.grade_bands,
        limiting_cap=template.limiting_cap,
    )
    if value is None or grade is None:
        raise ValidationError(
            {"answers": "Every answer is Not applicable: there is nothing to grade."}
        )
    audit.score = value
    audit.computed_grade = grade
    audit.grade = grade_override or grade
    audit.grade_override_reason = (
        override_reason if grade_override and grade_override != grade else ""
    )
    audit.status = CaseAudit.Status.SUBMITTED
    audit.submitted_at = timezone.now()
    if audit.grade == Grade.INADEQUATE:
        audit.reaudit_due = rules.reaudit_due(audit.audit_date, months=template.reaudit_months)
    audit.save()
    notifications_enqueue(
        drafts=[
            NotificationDraft(
                recipient_id=audit.practitioner_id,
                kind="audits.feedback",
                subject=f"Feedback from the audit of case {audit.case_reference}",
                body=(
                    f"{audit.auditor.full_name} audited your work on case {audit.case_reference}. "
                    "Read the feedback, add your reflection and acknowledge it."
                ),
                link=link_to("audit", audit.pk),
                dedupe_key=f"audits:feedback:{audit.pk}",
            )
        ]
    )


def repeat_allow(*, case_reference: str, reason: str, actor: Viewer) -> RepeatAllowance:
    """The PSW allows one more audit of a case within the repeat window."""
    if not leads_audits(actor) or actor.person_id is None:
        raise PermissionDenied("Only the PSW allows a repeat audit.")
    errors = {}
    reference = case_reference.strip().upper()
    # Held as the audit holds it: the case management system's reference, never a name.
    if not re.fullmatch(config("CASE_REFERENCE_PATTERN"), reference):
        errors["case_reference"] = config("CASE_REFERENCE_HINT")
    if not reason.strip():
        errors["reason"] = "Give the reason for auditing this case again."
    if errors:
        raise ValidationError(errors)
    return RepeatAllowance.objects.create(
        case_reference=reference,
        reason=reason.strip(),
        allowed_by_id=actor.person_id,
    )


# ---------------------------------------------------------------------------------------------
# Feedback and actions
# ---------------------------------------------------------------------------------------------
def audit_discard(*, audit: CaseAudit, actor: Viewer) -> None:
    """Throw away a draft (an audit begun in error): it stops counting for the case's window."""
    if audit.team_id not in actor.managed_team_ids and not leads_audits(actor):
        raise PermissionDenied("Only the team's manager or the PSW discards a draft.")
    if audit.status != CaseAudit.Status.DRAFT:
        raise ValidationError("A submitted audit is kept: only a draft can be discarded.")
    with transaction.atomic():
        RepeatAllowance.objects.filter(used_by=audit).update(used_by=None)
        audit.delete()


def audit_acknowledge(*, audit: CaseAudit, actor: Viewer, reflection: str = "") -> CaseAudit:
    """The practitioner has read the audit; their reflection is kept with it."""
    if audit.practitioner_id != actor.person_id:
        raise PermissionDenied("Only the practitioner acknowledges their audit.")
    if audit.status != CaseAudit.Status.SUBMITTED:
        raise ValidationError("The audit has not been submitted yet.")
    fields = ["reflection", "updated_at"]
    audit.reflection = reflection.strip() or audit.reflection
    if audit.acknowledged_at is None:
        audit.acknowledged_at = timezone.now()
        fields.append("acknowledged_at")
    audit.save(update_fields=fields)
    return audit


def audit_cpd_prefill(*, audit: CaseAudit) -> dict[str, Any]:
    """A CPD entry drafted from an audit's feedback, for the practitioner to complete."""
    themes = ", ".join(t.name for t in audit.themes.all())
    return {
        "title": f"Learning from the audit of case {audit.case_reference}",
        "activity_date": audit.audit_date,
        "hours": Decimal("1"),
        "activity": (
            f"My manager audited my work on case {audit.case_reference} "
            f"({audit.get_grade_display()})." + (f" Themes: {themes}." if themes else "")
        ),
        "learning": "\n".join(
            p for p in (audit.strengths, audit.areas_to_develop, audit.reflection) if p
        ),
        "impact": "",
        "peer_reflection": True,
        "peer_learning": "Discussed the audit's feedback with my manager.",
    }


def action_add(
    *, audit: CaseAudit, description: str, owner: Person, due_date: dt.date, actor: Viewer
) -> AuditAction:
    if not (audit.team_id in actor.managed_team_ids or leads_audits(actor)):
        raise PermissionDenied("Only the team's manager or the PSW adds actions.")
    if not description.strip():
        raise ValidationError({"description": "Describe the action."})
    if due_date < audit.audit_date:
        raise ValidationError({"due_date": "The due date cannot be before the audit."})
    if not action_owners(audit).filter(pk=owner.pk).exists():
        raise ValidationError(
            {
                "owner": "An action is owned by the practitioner, a manager of the team or the "
                "PSW: the people who can read the audit."
            }
        )
    return AuditAction.objects.create(
        audit=audit, description=description.strip(), owner=owner, due_date=due_date
    )


def action_set_status(*, action: AuditAction, status: str, actor: Viewer) -> AuditAction:
    if status not in AuditAction.Status.values:
        raise ValidationError({"status": f"Choose one of: {', '.join(AuditAction.Status.values)}."})
    allowed = (
        action.owner_id == actor.person_id
        or action.audit.team_id in actor.managed_team_ids
        or leads_audits(actor)
    )
    if not allowed:
        raise PermissionDenied("Only the action's owner, the team's manager or the PSW changes it.")
    action.status = status
    action.completed_on = today() if status == AuditAction.Status.DONE else None
    action.save(update_fields=["status", "completed_on"])
    return action


# ---------------------------------------------------------------------------------------------
# Quota, themes, bulletins
# ---------------------------------------------------------------------------------------------
def quota_set(*, team: Team, per_manager: int | None, actor: Viewer) -> None:
    """A team's own quota per manager a month; None returns it to the academy's default."""
    if not leads_audits(actor):
        raise PermissionDenied("Only the PSW sets quotas.")
    if per_manager is None:
        AuditQuota.objects.filter(team=team).delete()
        return
    if per_manager < 0 or per_manager > 50:
        raise ValidationError({"per_manager": "Give a quota between 0 and 50."})
    AuditQuota.objects.update_or_create(team=team, defaults={"per_manager": per_manager})


def theme_save(
    *, name: str, description: str = "", active: bool = True, theme: AuditTheme | None = None
) -> AuditTheme:
    theme = theme or AuditTheme()
    theme.name, theme.description, theme.active = name.strip(), description.strip(), active
    clash = AuditTheme.objects.filter(name__iexact=theme.name).exclude(pk=theme.pk)
    if not theme.name:
        raise ValidationError({"name": "Give the theme a name."})
    if clash.exists():
        raise ValidationError({"name": "There is already a theme with this name."})
    theme.save()
    return theme


def bulletin_save(
    *,
    data: Mapping[str, Any],
    themes: Iterable[AuditTheme] = (),
    publish: bool = False,
    actor: Viewer,
    bulletin: LearningBulletin | None = None,
) -> LearningBulletin:
    """Draft or publish a learning bulletin for a period. It speaks of practice, never of a
    named worker: the text may not contain the name of any practitioner audited in the period."""
    if not leads_audits(actor):
        raise PermissionDenied("Only the PSW publishes bulletins.")
    bulletin = bulletin or LearningBulletin()
    for name in ("title", "period_start", "period_end", "went_well", "to_improve"):
        if name in data:
            value = data[name]
            setattr(bulletin, name, value.strip() if isinstance(value, str) else value)
    errors: dict[str, list[str]] = {}
    try:
        bulletin.full_clean(exclude=["published_by"])
    except ValidationError as exc:
        errors.update({k: list(v) for k, v in exc.message_dict.items()})
    if (
        bulletin.period_start
        and bulletin.period_end
        and bulletin.period_end < bulletin.period_start
    ):
        errors.setdefault("period_end", []).append("The period must end after it starts.")
    if not errors:
        for name, named in _names_in(bulletin).items():
            errors.setdefault(name, []).append(
                f"A bulletin never names a worker: remove {', '.join(sorted(named))}."
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if publish and bulletin.published_at is None:
            bulletin.published_at = timezone.now()
            bulletin.published_by_id = actor.person_id
        bulletin.save()
        bulletin.themes.set(list(themes))
    return bulletin


BULLETIN_TEXT = ("title", "went_well", "to_improve")


def _names_in(bulletin: LearningBulletin) -> dict[str, set[str]]:
    """The practitioners audited in the period that each part of the text names, by full name
    or (when longer than three letters) by surname, as whole words."""
    texts = {name: str(getattr(bulletin, name)).casefold() for name in BULLETIN_TEXT}
    people = (
        CaseAudit.objects.filter(
            audit_date__gte=bulletin.period_start, audit_date__lte=bulletin.period_end
        )
        .values_list("practitioner__first_name", "practitioner__last_name")
        .distinct()
    )
    found: dict[str, set[str]] = {}
    for first, last in people:
        patterns = [rf"\b{re.escape(f'{first} {last}'.casefold())}\b"]
        if len(last) > 3:
            patterns.append(rf"\b{re.escape(last.casefold())}\b")
        for name, text in texts.items():
            if any(re.search(pattern, text) for pattern in patterns):
                found.setdefault(name, set()).add(f"{first} {last}")
    return found


# ---------------------------------------------------------------------------------------------
# Moderation
# ---------------------------------------------------------------------------------------------
def moderation_draw(*, month: dt.date) -> list[Moderation]:
    """Draw the month's sample for the PSW to re-grade. The pool is every submitted audit dated
    up to the month's end that no earlier draw considered: the month's own, and any submitted
    late for a month drawn already. From it, the share at random, plus one from each team
    with none moderated yet this quarter. Drawing a month again adds nothing."""
    start, end = rules.month_start(month), rules.month_end(month)
    with transaction.atomic():
        lock_name("moderation-draw", start.isoformat())
        if Moderation.objects.filter(sample_month=start).exists():
            return list(Moderation.objects.filter(sample_month=start))
        audits = list(
            CaseAudit.objects.select_for_update()
            .filter(
                status=CaseAudit.Status.SUBMITTED,
                audit_date__lte=end,
                moderation_pool__isnull=True,
            )
            .values_list("pk", "team_id")
        )
        CaseAudit.objects.filter(pk__in=[pk for pk, _ in audits]).update(moderation_pool=start)
        quarter = rules.quarter_start(start)
        covered = set(
            Moderation.objects.filter(
                sample_month__gte=quarter, sample_month__lt=start
            ).values_list("audit__team_id", flat=True)
        )
        chosen = rules.draw_sample(
            audits,
            share_percent=config("MODERATION_SHARE_PERCENT"),
            teams_needing_one={team for _, team in audits} - covered,
            seed=start.isoformat(),
        )
        return Moderation.objects.bulk_create(
            Moderation(audit_id=pk, sample_month=start) for pk in chosen
        )


def moderation_record(
    *, moderation: Moderation, grade: str, note: str = "", actor: Viewer
) -> Moderation:
    if not leads_audits(actor):
        raise PermissionDenied("Only the PSW moderates.")
    if grade not in Grade.values:
        raise ValidationError({"grade": f"Choose one of: {', '.join(Grade.values)}."})
    moderation.moderated_grade = grade
    moderation.agreed = grade == moderation.audit.grade
    moderation.note = note.strip()
    moderation.moderator_id = actor.person_id
    moderation.moderated_at = timezone.now()
    moderation.save()
    return moderation
