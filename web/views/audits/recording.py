"""The manager's audit form: one page, in the template's order, quick by keyboard. "Save draft"
keeps what is there; "Submit audit" computes the score and grade and tells the practitioner.
A draft is continued on the same form, or discarded (by the team's manager or the PSW) after
a confirmation page; a submitted audit is never changed."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from academy.audits import selectors, services
from academy.audits.models import AuditQuestion, AuditTemplate, CaseAudit, Grade
from academy.audits.permissions import can_change_audit, can_record_audit_of
from academy.people import selectors as people_selectors
from academy.people.models import Person
from academy.people.permissions import Viewer, viewer_for
from web.forms import AuditForm, add_service_errors
from web.views.audits.common import discards, visible_audit
from web.views.base import section

ANSWER_ERROR = re.compile(r"answers\.(\d+)\.(answer|question)")


def _questions(template: AuditTemplate) -> list[tuple[str, AuditQuestion]]:
    """The template's questions numbered by section: 1.1, 1.2, 2.1..."""
    return [
        (f"{s}.{q}", question)
        for s, section_ in enumerate(template.sections.all(), 1)
        for q, question in enumerate(section_.questions.all(), 1)
    ]


def _practitioners(viewer: Viewer) -> QuerySet[Person]:
    people = people_selectors.team_members(team_ids=viewer.managed_team_ids)
    if viewer.person_id is not None:
        people = people.exclude(pk=viewer.person_id)
    return people.select_related("team")


def _form(request: HttpRequest, template: AuditTemplate, **kwargs: Any) -> AuditForm:
    viewer = viewer_for(request.user)
    practitioners = _practitioners(viewer)
    form = AuditForm(
        request.POST if request.method == "POST" else None,
        questions=_questions(template),
        practitioners=practitioners,
        themes=selectors.themes(),
        reaudits=selectors.audits_visible_to(viewer).filter(grade=Grade.INADEQUATE),
        case_hint=settings.AUDITS["CASE_REFERENCE_HINT"],
        **kwargs,
    )
    if len(viewer.managed_team_ids) > 1:
        field = form.fields["practitioner"]
        field.label_from_instance = lambda p: f"{p.full_name} ({p.team.name})"  # type: ignore[attr-defined]
    return form


def _show_refusal(form: AuditForm, error: ValidationError) -> None:
    """The service's refusal on the form: an answer's error on its question (numbered, as the
    error summary lists it away from the question), the rest on their fields or above."""
    if not hasattr(error, "error_dict"):
        add_service_errors(form, error)
        return
    placed: dict[str, list[str]] = {}
    for field, texts in error.message_dict.items():
        found = ANSWER_ERROR.fullmatch(field)
        if found is not None and int(found.group(1)) < len(form.questions):
            index = int(found.group(1))
            name = form.field_for_answer(index)
            texts = [f"Question {form.number_of(index)}: {text}" for text in texts]
        elif field in form.fields and field != "reaudit_of":
            name = field
        else:
            name = NON_FIELD_ERRORS
        placed.setdefault(name, []).extend(texts)
    add_service_errors(form, ValidationError(placed))


def _save(
    request: HttpRequest, form: AuditForm, template: AuditTemplate, audit: CaseAudit | None
) -> HttpResponse | None:
    """Save or submit through the service; the page to go to, or None to show the form again."""
    if not form.is_valid():
        return None
    submit = request.POST.get("action") == "submit"
    data = form.cleaned_data
    try:
        saved = services.audit_save(
            actor=viewer_for(request.user),
            template=template,
            practitioner=data["practitioner"],
            case_reference=data["case_reference"],
            audit_date=data["audit_date"],
            answers=form.answers(),
            strengths=data["strengths"],
            areas_to_develop=data["areas_to_develop"],
            themes=data["themes"],
            submit=submit,
            grade_override=data["grade_override"],
            override_reason=data["override_reason"],
            reaudit_of=data["reaudit_of"],
            audit=audit,
        )
    except ValidationError as error:
        _show_refusal(form, error)
        return None
    if submit:
        messages.success(
            request,
            f"The audit of case {saved.case_reference} was submitted: "
            f"{saved.get_grade_display()} ({saved.score}). "
            f"{saved.practitioner.full_name} has been told.",
        )
        return redirect("web:audit", pk=saved.pk)
    messages.success(request, f"The draft audit of case {saved.case_reference} was saved.")
    return redirect("web:audit-edit", pk=saved.pk)


def _page(
    request: HttpRequest,
    form: AuditForm,
    template: AuditTemplate,
    *,
    audit: CaseAudit | None,
    reaudit: CaseAudit | None = None,
) -> HttpResponse:
    return render(
        request,
        "web/audits/form.html",
        {
            "form": form,
            "template": template,
            "audit": audit,
            "reaudit": reaudit,
            "override_open": bool(
                form.is_bound
                and (form.data.get("grade_override") or form.errors.get("override_reason"))
            ),
        },
    )


@login_required
@section("audits")
def audit_new(request: HttpRequest) -> HttpResponse:
    if not can_record_audit_of(request.user, None):
        raise PermissionDenied
    template = _current_template()
    reaudit = _reaudit_of(request)
    initial: dict[str, Any] = {}
    if reaudit is not None:
        initial = {
            "practitioner": reaudit.practitioner_id,
            "case_reference": reaudit.case_reference,
            "reaudit_of": reaudit.pk,
        }
    form = _form(request, template, initial=initial)
    if request.method == "POST":
        done = _save(request, form, template, None)
        if done is not None:
            return done
    return _page(request, form, template, audit=None, reaudit=reaudit)


@login_required
@section("audits")
def audit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    audit = visible_audit(request, pk)
    if not can_change_audit(request.user, audit):
        raise PermissionDenied
    if audit.status == CaseAudit.Status.SUBMITTED:
        messages.info(request, "This audit has been submitted: it cannot be changed.")
        return redirect("web:audit", pk=audit.pk)
    template = _template_of(audit)
    form = _form(request, template, initial=AuditForm.initial_for(audit))
    if request.method == "POST":
        done = _save(request, form, template, audit)
        if done is not None:
            return done
    return _page(request, form, template, audit=audit)


@login_required
@section("audits")
def audit_discard(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then throw away a draft begun in error; a submitted audit is kept."""
    viewer = viewer_for(request.user)
    audit = get_object_or_404(
        selectors.audits_visible_to(viewer).select_related("practitioner", "team", "auditor"),
        pk=pk,
    )
    if not discards(viewer, audit):
        raise PermissionDenied
    if audit.status == CaseAudit.Status.SUBMITTED:
        messages.info(request, "This audit has been submitted: it is kept.")
        return redirect("web:audit", pk=audit.pk)
    if request.method == "POST":
        reference = audit.case_reference
        try:
            services.audit_discard(audit=audit, actor=viewer)
        except ValidationError as error:
            messages.info(request, " ".join(error.messages))
            return redirect("web:audit", pk=audit.pk)
        messages.success(request, f"The draft audit of case {reference} was discarded.")
        return redirect("web:audits")
    return render(
        request,
        "web/audits/discard.html",
        {"audit": audit, "edits": bool(can_change_audit(request.user, audit))},
    )


def _current_template() -> AuditTemplate:
    """The current audit template (the first by name, if the academy keeps several)."""
    template = selectors.current_templates().first()
    if template is None:
        raise Http404("No audit template is in use.")
    return template


def _template_of(audit: CaseAudit) -> AuditTemplate:
    """The version the draft was started on, with its questions."""
    return AuditTemplate.objects.prefetch_related("sections__questions").get(pk=audit.template_id)


def _reaudit_of(request: HttpRequest) -> CaseAudit | None:
    """The Inadequate audit ``?reaudit_of=`` names, if the viewer may see it."""
    raw = request.GET.get("reaudit_of", "")
    if not raw.isdigit():
        return None
    return (
        selectors.audits_visible_to(viewer_for(request.user))
        .filter(pk=int(raw), grade=Grade.INADEQUATE)
        .select_related("practitioner")
        .first()
    )
