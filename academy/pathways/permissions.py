"""Who may see and record what on pathways.

People see their own enrolments; assessors and supervisors the people they hold; team managers
their team's; the PSW, DASS and principal OT all. The PSW plans (templates, cohorts, enrolling,
pauses, panel decisions); assessors record milestones, evidence and their recommendation;
supervisors record supervision; the person logs development time and evidence.
``selectors.enrolments_visible_to`` is the set-based twin of ``enrolment_visible``.
"""

from __future__ import annotations

from typing import Any

import rules

from academy.pathways.models import Enrolment
from academy.people.models import Role
from academy.people.permissions import Viewer, is_signed_in, viewer_for

#: Roles that see every enrolment and cohort.
PATHWAY_VIEWERS = frozenset({Role.PSW, Role.DASS, Role.PRINCIPAL_OT})
#: Roles that plan pathways: templates, cohorts, enrolments, pauses, panel decisions.
PATHWAY_PLANNERS = frozenset({Role.PSW})


def sees_all_pathways(viewer: Viewer) -> bool:
    return viewer.is_superuser or bool(viewer.roles & PATHWAY_VIEWERS)


def plans_pathways(viewer: Viewer) -> bool:
    return viewer.is_superuser or bool(viewer.roles & PATHWAY_PLANNERS)


def enrolment_visible(viewer: Viewer, enrolment: Enrolment) -> bool:
    if viewer.user_id is None:
        return False
    me = viewer.person_id
    return (
        sees_all_pathways(viewer)
        or (
            me is not None
            and me in (enrolment.person_id, enrolment.assessor_id, enrolment.supervisor_id)
        )
        or (
            enrolment.person.team_id is not None
            and enrolment.person.team_id in viewer.managed_team_ids
        )
    )


def _is(user: Any, enrolment: Enrolment | None, *fields: str) -> bool:
    me = viewer_for(user).person_id
    return (
        enrolment is not None
        and me is not None
        and any(getattr(enrolment, f) == me for f in fields)
    )


@rules.predicate
def can_view_enrolment(user: Any, enrolment: Enrolment | None) -> bool:
    if enrolment is None:
        return viewer_for(user).user_id is not None
    return enrolment_visible(viewer_for(user), enrolment)


@rules.predicate
def is_planner(user: Any) -> bool:
    return plans_pathways(viewer_for(user))


@rules.predicate
def sees_all(user: Any) -> bool:
    return sees_all_pathways(viewer_for(user))


@rules.predicate
def is_assessor_of(user: Any, enrolment: Enrolment | None) -> bool:
    return _is(user, enrolment, "assessor_id")


@rules.predicate
def is_supervisor_of(user: Any, enrolment: Enrolment | None) -> bool:
    return _is(user, enrolment, "supervisor_id")


@rules.predicate
def is_learner_of(user: Any, enrolment: Enrolment | None) -> bool:
    return _is(user, enrolment, "person_id")


@rules.predicate
def manages_learners_team(user: Any, enrolment: Enrolment | None) -> bool:
    """Manages the team of the person enrolled, who is someone else: a manager on a pathway of
    their own does not pause or extend it."""
    if enrolment is None:
        return False
    viewer = viewer_for(user)
    team_id = enrolment.person.team_id
    return (
        team_id is not None
        and team_id in viewer.managed_team_ids
        and enrolment.person_id != viewer.person_id
    )


rules.add_perm("pathways.view_template", is_signed_in)
rules.add_perm("pathways.view_enrolment", can_view_enrolment)
rules.add_perm("pathways.view_all", sees_all)
rules.add_perm("pathways.plan", is_planner)
rules.add_perm("pathways.complete_milestone", is_planner | is_assessor_of)
rules.add_perm("pathways.record_supervision", is_planner | is_supervisor_of)
rules.add_perm(
    "pathways.log_development", is_planner | is_learner_of | is_assessor_of | is_supervisor_of
)
rules.add_perm("pathways.add_evidence", is_planner | is_learner_of | is_assessor_of)
rules.add_perm("pathways.record_pause", is_planner | manages_learners_team)
rules.add_perm("pathways.recommend_outcome", is_planner | is_assessor_of)
rules.add_perm("pathways.decide_outcome", is_planner)
rules.add_perm("pathways.reassign", is_planner)
