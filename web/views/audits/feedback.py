"""An audit's page and what follows it: the practitioner's acknowledgement and reflection, a
CPD entry drafted from the feedback, and the action plan kept by the team's manager or the PSW
(each action done by its owner too)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from academy.audits import selectors, services
from academy.audits.models import AuditAction, CaseAudit, Grade
from academy.audits.permissions import can_change_audit, is_practitioner_of
from academy.people.permissions import viewer_for
from academy.training.services.records import cpd_entry_save
from web.forms import AcknowledgeForm, AuditActionForm, CpdEntryForm
from web.views.audits.common import (
    discards,
    plans_actions,
    section_for,
    show_refusal,
    visible_audit,
)
from web.views.pathways.common import posted


def _sections(audit: CaseAudit) -> list[tuple[str, list[Any]]]:
    """The answers grouped by section, in the template's order."""
    grouped: dict[str, list[Any]] = {}
    for response in audit.responses.all():
        grouped.setdefault(response.question.section.title, []).append(response)
    return list(grouped.items())


def _audit_page(
    request: HttpRequest, audit: CaseAudit, *, acknowledge_form: AcknowledgeForm | None = None
) -> HttpResponse:
    viewer = viewer_for(request.user)
    request.section = section_for(request, audit)  # type: ignore[attr-defined]
    is_practitioner = audit.practitioner_id == viewer.person_id
    submitted = audit.status == CaseAudit.Status.SUBMITTED
    can = {
        "edit": not submitted and bool(can_change_audit(request.user, audit)),
        "discard": not submitted and discards(viewer, audit),
        "plan": submitted and plans_actions(viewer, audit),
        "acknowledge": submitted and is_practitioner,
        "reaudit": submitted
        and audit.grade == Grade.INADEQUATE
        and audit.team_id in viewer.managed_team_ids
        and not audit.reaudits.exists(),
    }
    return render(
        request,
        "web/audits/audit.html",
        {
            "audit": audit,
            "sections": _sections(audit),
            "themes": list(audit.themes.all()),
            "actions": [
                {
                    "action": action,
                    "can_complete": action.status == AuditAction.Status.OPEN
                    and (action.owner_id == viewer.person_id or can["plan"]),
                }
                for action in audit.actions.all()
            ],
            "can": can,
            "is_practitioner": is_practitioner,
            "form": acknowledge_form,
            "acknowledge_form": acknowledge_form
            or AcknowledgeForm(initial={"reflection": audit.reflection}),
        },
    )


@login_required
@require_safe
def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _audit_page(request, visible_audit(request, pk))


@login_required
@require_POST
def audit_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    audit = visible_audit(request, pk)
    if not is_practitioner_of(request.user, audit):
        raise PermissionDenied
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        try:
            services.audit_acknowledge(
                audit=audit,
                actor=viewer_for(request.user),
                reflection=form.cleaned_data["reflection"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "You have acknowledged the audit. Thank you.")
            return redirect("web:audit", pk=audit.pk)
    return _audit_page(request, audit, acknowledge_form=form)


# ---------------------------------------------------------------------------------------------
# The action plan
# ---------------------------------------------------------------------------------------------
@login_required
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    audit = visible_audit(request, pk)
    request.section = section_for(request, audit)  # type: ignore[attr-defined]
    if audit.status != CaseAudit.Status.SUBMITTED or not plans_actions(
        viewer_for(request.user), audit
    ):
        raise PermissionDenied
    form = AuditActionForm(
        posted(request),
        initial={"owner": audit.practitioner_id},
        owners=selectors.action_owners(audit),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_add(audit=audit, actor=viewer_for(request.user), **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "The action was added to the plan.")
            return redirect("web:audit", pk=audit.pk)
    return render(request, "web/audits/action_form.html", {"audit": audit, "form": form})


@login_required
@require_POST
def action_done(request: HttpRequest, pk: int, action_id: int) -> HttpResponse:
    audit = visible_audit(request, pk)
    action = next((a for a in audit.actions.all() if a.pk == action_id), None)
    if action is None:
        raise Http404
    viewer = viewer_for(request.user)
    if action.owner_id != viewer.person_id and not plans_actions(viewer, audit):
        raise PermissionDenied
    action.audit = audit
    services.action_set_status(action=action, status=AuditAction.Status.DONE, actor=viewer)
    messages.success(request, f"‘{action.description}’ is done.")
    return redirect("web:audit", pk=audit.pk)


# ---------------------------------------------------------------------------------------------
# CPD from the feedback
# ---------------------------------------------------------------------------------------------
@login_required
def audit_cpd(request: HttpRequest, pk: int) -> HttpResponse:
    """The practitioner's CPD entry, pre-filled from the audit; saved into their CPD log."""
    audit = visible_audit(request, pk)
    request.section = "my-audits"  # type: ignore[attr-defined]
    viewer = viewer_for(request.user)
    if audit.practitioner_id != viewer.person_id:
        raise PermissionDenied
    form = CpdEntryForm(
        posted(request),
        initial=CpdEntryForm.initial_for(services.audit_cpd_prefill(audit=audit)),
    )
    if request.method == "POST" and form.is_valid():
        try:
            entry = cpd_entry_save(person=audit.practitioner, data=form.entry_data())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"‘{entry.title}’ is in your CPD log.")
            return redirect("web:cpd-entry", pk=entry.pk)
    return render(request, "web/audits/cpd_form.html", {"audit": audit, "form": form})
