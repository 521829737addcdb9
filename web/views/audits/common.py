"""Helpers the audit pages share: finding an audit the viewer may see, what they may do with
it, which navigation item a page sits under, and service refusals shown on forms."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from academy.audits import selectors
from academy.audits.models import CaseAudit
from academy.audits.permissions import leads_audits, sees_all_audits
from academy.people.permissions import Viewer, viewer_for
from web.forms import add_service_errors


def visible_audit(request: HttpRequest, pk: int, *, full: bool = True) -> CaseAudit:
    """The audit if the viewer may see it (with its answers, actions and themes), or a 404."""
    audits = selectors.audits_visible_to(viewer_for(request.user))
    return get_object_or_404(selectors.with_detail(audits) if full else audits, pk=pk)


def oversees(viewer: Viewer) -> bool:
    """Managers, the PSW and DASS: the team dashboard and the "Audits" navigation item."""
    return bool(viewer.managed_team_ids) or sees_all_audits(viewer)


def plans_actions(viewer: Viewer, audit: CaseAudit) -> bool:
    """The team's manager or the PSW keeps an audit's action plan."""
    return audit.team_id in viewer.managed_team_ids or leads_audits(viewer)


def discards(viewer: Viewer, audit: CaseAudit) -> bool:
    """The team's manager or the PSW may discard a draft (as ``services.audit_discard`` asks)."""
    return audit.team_id in viewer.managed_team_ids or leads_audits(viewer)


def section_for(request: HttpRequest, audit: CaseAudit) -> str:
    viewer = viewer_for(request.user)
    return "my-audits" if audit.practitioner_id == viewer.person_id else "audits"


def show_refusal(form: Any, error: ValidationError, rename: dict[str, str] | None = None) -> None:
    """A service's refusal on the form: on the fields it names (renamed where the form calls
    them something else), anything else above the form."""
    if not hasattr(error, "error_dict"):
        add_service_errors(form, error)
        return
    renamed: dict[str, list[str]] = {}
    for field, texts in error.message_dict.items():
        name = (rename or {}).get(field, field)
        renamed.setdefault(name if name in form.fields else NON_FIELD_ERRORS, []).extend(texts)
    add_service_errors(form, ValidationError(renamed))
