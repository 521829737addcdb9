"""Who may request and read reports.

The PSW, DASS and principal OT request every kind; training coordinators the training kinds; a
team manager training compliance for a team they manage. A run's file is read by whoever
requested it, the subscribers of its schedule, and admins. Only the PSW keeps schedules.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import rules

from academy.people.models import Role
from academy.people.permissions import Viewer, viewer_for
from academy.reports.models import ReportRun

LEADS = frozenset({Role.PSW, Role.DASS, Role.PRINCIPAL_OT})
TRAINING_KINDS = frozenset({"training_compliance", "cpd_readiness"})


def may_request(viewer: Viewer, kind: str, parameters: Mapping[str, Any]) -> bool:
    if viewer.user_id is None:
        return False
    if viewer.is_superuser or viewer.roles & LEADS:
        return True
    if kind in TRAINING_KINDS and Role.TRAINING_COORDINATOR in viewer.roles:
        return True
    return kind == "training_compliance" and parameters.get("team") in viewer.managed_team_ids


def requestable(viewer: Viewer, kind: str) -> bool:
    """Whether the viewer may ask for ``kind`` with some parameters (a team manager: for a team
    they manage)."""
    return may_request(viewer, kind, {}) or any(
        may_request(viewer, kind, {"team": team_id}) for team_id in viewer.managed_team_ids
    )


def may_read(viewer: Viewer, run: ReportRun, subscriber_ids: frozenset[int] = frozenset()) -> bool:
    if viewer.user_id is None:
        return False
    return viewer.is_superuser or (
        viewer.person_id is not None
        and (run.requested_by_id == viewer.person_id or viewer.person_id in subscriber_ids)
    )


def may_keep_schedules(viewer: Viewer) -> bool:
    return viewer.user_id is not None and (viewer.is_superuser or Role.PSW in viewer.roles)


@rules.predicate
def keeps_schedules(user: Any) -> bool:
    return may_keep_schedules(viewer_for(user))


@rules.predicate
def requests_some_report(user: Any) -> bool:
    viewer = viewer_for(user)
    return viewer.user_id is not None and (
        viewer.is_superuser
        or bool(viewer.roles & (LEADS | {Role.TRAINING_COORDINATOR}))
        or bool(viewer.managed_team_ids)
    )


rules.add_perm("reports.schedule", keeps_schedules)
rules.add_perm("reports.request", requests_some_report)
