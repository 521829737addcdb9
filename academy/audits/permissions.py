"""Who may see and record case file audits.

Team managers record and read audits of their own team's practitioners only; practitioners see
only their own, once submitted; the PSW and DASS see all. The PSW keeps the templates and themes,
allows repeat audits, moderates and publishes bulletins, which every member of staff may read.
``selectors.audits_visible_to`` is the set-based twin of ``audit_visible``.
"""

from __future__ import annotations

from typing import Any

import rules

from academy.audits.models import CaseAudit
from academy.people.models import Person, Role
from academy.people.permissions import Viewer, viewer_for

#: Roles that see every audit.
AUDIT_VIEWERS = frozenset({Role.PSW, Role.DASS})
#: Roles that keep the audit programme: templates, themes, repeats, moderation, bulletins.
AUDIT_LEADS = frozenset({Role.PSW})


def sees_all_audits(viewer: Viewer) -> bool:
    return viewer.is_superuser or bool(viewer.roles & AUDIT_VIEWERS)


def leads_audits(viewer: Viewer) -> bool:
    return viewer.is_superuser or bool(viewer.roles & AUDIT_LEADS)


def may_audit(viewer: Viewer, practitioner: Person) -> bool:
    """A team manager audits the practitioners of the teams they manage (not themselves)."""
    return (
        practitioner.team_id is not None
        and practitioner.team_id in viewer.managed_team_ids
        and practitioner.pk != viewer.person_id
    )


def audit_visible(viewer: Viewer, audit: CaseAudit) -> bool:
    if viewer.user_id is None:
        return False
    if sees_all_audits(viewer) or audit.team_id in viewer.managed_team_ids:
        return True
    return audit.practitioner_id == viewer.person_id and audit.status == CaseAudit.Status.SUBMITTED


@rules.predicate
def can_view_audit(user: Any, audit: CaseAudit | None) -> bool:
    viewer = viewer_for(user)
    return viewer.user_id is not None if audit is None else audit_visible(viewer, audit)


@rules.predicate
def can_record_audit_of(user: Any, practitioner: Person | None) -> bool:
    viewer = viewer_for(user)
    if practitioner is None:
        return bool(viewer.managed_team_ids)
    return may_audit(viewer, practitioner)


@rules.predicate
def can_change_audit(user: Any, audit: CaseAudit | None) -> bool:
    viewer = viewer_for(user)
    return audit is not None and audit.team_id in viewer.managed_team_ids


@rules.predicate
def is_practitioner_of(user: Any, audit: CaseAudit | None) -> bool:
    viewer = viewer_for(user)
    return audit is not None and audit.practitioner_id == viewer.person_id


@rules.predicate
def is_lead(user: Any) -> bool:
    return leads_audits(viewer_for(user))


@rules.predicate
def sees_all(user: Any) -> bool:
    return sees_all_audits(viewer_for(user))


@rules.predicate
def is_signed_in(user: Any) -> bool:
    return viewer_for(user).user_id is not None


rules.add_perm("audits.view_audit", can_view_audit)
rules.add_perm("audits.record_audit", can_record_audit_of)
rules.add_perm("audits.change_audit", can_change_audit)
rules.add_perm("audits.acknowledge_audit", is_practitioner_of)
rules.add_perm("audits.view_all", sees_all)
rules.add_perm("audits.lead", is_lead)
rules.add_perm("audits.read_bulletins", is_signed_in)
