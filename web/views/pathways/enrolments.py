"""An enrolment's page, and the forms that record its life: milestones done, supervision,
development time, evidence, pauses and extensions, the outcome, a change of assessor or
supervisor. Each form is offered only to those allowed to use it, and each POST checks again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from academy.common.dates import today
from academy.common.errors import DomainError
from academy.pathways import selectors, services
from academy.pathways.models import (
    Enrolment,
    EnrolmentReassignment,
    Evidence,
    Milestone,
    Outcome,
    OutcomeDecision,
    PathwayTemplate,
    Pause,
    Supervision,
)
from academy.people.permissions import viewer_for
from web.forms import (
    DevelopmentTimeForm,
    EvidenceForm,
    ExtensionForm,
    GovukForm,
    MilestoneCompleteForm,
    OutcomeForm,
    PauseForm,
    PortalRegistrationForm,
    ReassignForm,
    SupervisionForm,
)
from web.views.pathways import presenting
from web.views.pathways.common import (
    actor,
    posted,
    require,
    section_for,
    show_refusal,
    visible_enrolment,
)

#: What each perm lets a person do on an open enrolment, by the name the template uses.
ACTIONS = {
    "complete": "pathways.complete_milestone",
    "supervise": "pathways.record_supervision",
    "log": "pathways.log_development",
    "evidence": "pathways.add_evidence",
    "pause": "pathways.record_pause",
    "plan": "pathways.plan",
    "reassign": "pathways.reassign",
}


def _long(day: Any) -> str:
    return f"{day.day} {day:%B %Y}"


@login_required
def enrolment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = visible_enrolment(request, pk, shape=selectors.enrolments_in_full)
    request.section = section_for(request, enrolment)  # type: ignore[attr-defined]
    as_of = today()
    progress = selectors.progress_for([enrolment], as_of=as_of)[enrolment.pk]
    domains = list(selectors.pcf_domains_list())
    can = {
        name: enrolment.is_open and request.user.has_perm(permission, enrolment)
        for name, permission in ACTIONS.items()
    }
    can["outcome"] = bool(_decisions(request, enrolment))
    can["portal"] = can["plan"] and enrolment.pathway.kind == PathwayTemplate.Kind.ASYE
    return render(
        request,
        "web/pathways/enrolment.html",
        {
            "enrolment": enrolment,
            "picture": presenting.picture(enrolment, progress, domains, as_of=as_of),
            "can": can,
            "is_self": section_for(request, enrolment) == "my-pathway",
        },
    )


def _record(
    request: HttpRequest,
    enrolment: Enrolment,
    form: GovukForm,
    *,
    title: str,
    button: str,
    save: Callable[[dict[str, Any]], str],
    intro: str = "",
    rename: dict[str, str] | None = None,
) -> HttpResponse:
    """Show a record form; on a valid POST, save through the service and go back to the
    enrolment with what was done, or show the service's refusal on the form."""
    request.section = section_for(request, enrolment)  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            done = save(form.cleaned_data)
        except (ValidationError, DomainError) as error:
            show_refusal(form, error, rename)
        else:
            messages.success(request, done)
            return redirect("web:enrolment", pk=enrolment.pk)
    return render(
        request,
        "web/pathways/record.html",
        {"enrolment": enrolment, "form": form, "title": title, "button": button, "intro": intro},
    )


@login_required
def milestone_complete(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    enrolment = visible_enrolment(request, pk)
    milestone = next((m for m in enrolment.milestones.all() if m.key == key), None)
    if milestone is None:
        raise Http404
    require(request, "pathways.complete_milestone", enrolment)

    def save(data: dict[str, Any]) -> str:
        services.milestone_complete(
            enrolment=enrolment,
            key=milestone.key,
            completed_on=data["completed_on"],
            note=data["note"],
            actor=actor(request),
        )
        return f"{milestone.title} was marked as done."

    return _record(
        request,
        enrolment,
        MilestoneCompleteForm(posted(request)),
        title=f"Mark ‘{milestone.title}’ as done",
        intro=f"It is due on {_long(milestone.due_date)}.",
        button="Mark as done",
        save=save,
        rename={"key": "completed_on"},
    )


@login_required
@require_POST
def milestone_switch(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    enrolment = visible_enrolment(request, pk)
    milestone: Milestone | None = next(
        (m for m in enrolment.milestones.all() if m.key == key), None
    )
    if milestone is None:
        raise Http404
    require(request, "pathways.plan", enrolment)
    try:
        services.milestone_switch(enrolment=enrolment, key=key, enabled=not milestone.enabled)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        state = "off" if milestone.enabled else "on"
        messages.success(request, f"{milestone.title} is switched {state}.")
    return redirect("web:enrolment", pk=enrolment.pk)


@login_required
def supervision_record(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = visible_enrolment(request, pk)
    require(request, "pathways.record_supervision", enrolment)
    form = SupervisionForm(
        posted(request),
        initial={"supervisor": enrolment.supervisor_id},
        supervisors=selectors.role_holders(
            selectors.SUPERVISING_ROLES + selectors.ASSESSING_ROLES,
            also=[enrolment.supervisor_id],
        ).exclude(pk=enrolment.person_id),
        kinds=Supervision.Kind.choices,
    )

    def save(data: dict[str, Any]) -> str:
        supervision = services.supervision_record(enrolment=enrolment, actor=actor(request), **data)
        return f"The supervision on {_long(supervision.held_on)} was recorded."

    return _record(
        request,
        enrolment,
        form,
        title="Record a supervision",
        intro="Reflective supervision must be given by a registered social worker.",
        button="Record supervision",
        save=save,
    )


@login_required
def development_log(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = visible_enrolment(request, pk)
    require(request, "pathways.log_development", enrolment)
    weekly = enrolment.weekly_development_hours

    def save(data: dict[str, Any]) -> str:
        entry = services.development_time_log(enrolment=enrolment, actor=actor(request), **data)
        return f"{entry.hours:g} hours on {_long(entry.date)} were logged."

    return _record(
        request,
        enrolment,
        DevelopmentTimeForm(posted(request)),
        title="Log development time",
        intro=f"The protected time due is {weekly:g} hours a week." if weekly else "",
        button="Log time",
        save=save,
    )


@login_required
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = visible_enrolment(request, pk)
    require(request, "pathways.add_evidence", enrolment)
    form = EvidenceForm(
        posted(request),
        posted(request, files=True),
        kinds=Evidence.Kind.choices,
        domains=selectors.pcf_domains_list(),
    )

    def save(data: dict[str, Any]) -> str:
        item = services.evidence_add(enrolment=enrolment, actor=actor(request), **data)
        return f"{item.get_kind_display()} from {_long(item.date)} was added."

    return _record(
        request,
        enrolment,
        form,
        title="Add evidence",
        button="Add evidence",
        save=save,
    )


@login_required
@require_safe
def evidence_file(request: HttpRequest, pk: int, evidence_id: int) -> FileResponse:
    enrolment = visible_enrolment(request, pk)
    item = Evidence.objects.filter(pk=evidence_id, enrolment=enrolment).first()
    if item is None or not item.file:
        raise Http404
    name = (item.file.name or "evidence").rsplit("/", 1)[-1]
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=name)


@login_required
def pause_record(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = visible_enrolment(request, pk)
    require(request, "pathways.record_pause", enrolment)
    kinds = [(value, label) for value, label in Pause.Kind.choices if value != Pause.Kind.EXTENSION]

    def save(data: dict[str, Any]) -> str:
        pause = services.pause_record(enrolment=enrolment, actor=actor(request), **data)
        return (
            f"The pause of {pause.days} days was recorded. "
            f"The end date is now {_long(enrolment.end_date)}."
        )

    return _record(
        request,
        enrolment,
        PauseForm(posted(request), kinds=kinds),
        title="Record a pause",
        intro="The end date and every milestone not yet due when the pause starts move on by "
        "the days paused. Milestones already done do not move.",
        button="Record pause",
        save=save,
    )


@login_required
def extension_record(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = visible_enrolment(request, pk)
    require(request, "pathways.record_pause", enrolment)

    def save(data: dict[str, Any]) -> str:
        services.pause_record(
            enrolment=enrolment, kind=Pause.Kind.EXTENSION, actor=actor(request), **data
        )
        return f"The extension was recorded. The end date is now {_long(enrolment.end_date)}."

    return _record(
        request,
        enrolment,
        ExtensionForm(posted(request)),
        title="Extend the pathway",
        intro="An extension moves the end date and the final milestones that move with it.",
        button="Extend",
        save=save,
    )


#: Which stage records each decision.
STAGE_OF = {
    Outcome.RECOMMENDED_PASS: OutcomeDecision.Stage.RECOMMENDATION,
    Outcome.RECOMMENDED_FAIL: OutcomeDecision.Stage.RECOMMENDATION,
    Outcome.PASSED: OutcomeDecision.Stage.PANEL,
    Outcome.FAILED: OutcomeDecision.Stage.PANEL,
    Outcome.COMPLETED: OutcomeDecision.Stage.COMPLETION,
    Outcome.WITHDRAWN: OutcomeDecision.Stage.WITHDRAWAL,
    Outcome.DEFERRED: OutcomeDecision.Stage.DEFERRAL,
}


def _decisions(request: HttpRequest, enrolment: Enrolment) -> list[tuple[str, str]]:
    """The decisions this person may record on the enrolment as it stands."""
    if not enrolment.is_open:
        return []
    pass_fail = enrolment.pathway.pass_fail
    choices = []
    if (
        pass_fail
        and enrolment.outcome == Outcome.IN_PROGRESS
        and request.user.has_perm("pathways.recommend_outcome", enrolment)
    ):
        choices += [
            (Outcome.RECOMMENDED_PASS, "The assessor recommends a pass"),
            (Outcome.RECOMMENDED_FAIL, "The assessor recommends a fail"),
        ]
    if request.user.has_perm("pathways.decide_outcome", enrolment):
        if pass_fail and enrolment.outcome != Outcome.IN_PROGRESS:
            choices += [
                (Outcome.PASSED, "The moderation panel confirms a pass"),
                (Outcome.FAILED, "The moderation panel confirms a fail"),
            ]
        if not pass_fail:
            choices.append((Outcome.COMPLETED, "Completed"))
        choices += [(Outcome.WITHDRAWN, "Withdrawn"), (Outcome.DEFERRED, "Deferred")]
    return [(str(value), label) for value, label in choices]


@login_required
def outcome_record(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = visible_enrolment(request, pk)
    decisions = _decisions(request, enrolment)
    if not decisions:
        raise PermissionDenied
    form = OutcomeForm(posted(request), decisions=decisions)

    def save(data: dict[str, Any]) -> str:
        decision = data["decision"]
        services.outcome_record(
            enrolment=enrolment,
            stage=STAGE_OF[Outcome(decision)],
            decision=decision,
            decided_on=data["decided_on"],
            note=data["note"],
            actor=actor(request),
        )
        return f"The outcome is now: {Outcome(decision).label.lower()}."

    return _record(
        request,
        enrolment,
        form,
        title="Record the outcome",
        intro=f"The outcome so far: {enrolment.get_outcome_display().lower()}.",
        button="Record outcome",
        save=save,
    )


@login_required
def portal_registration(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = visible_enrolment(request, pk)
    if enrolment.pathway.kind != PathwayTemplate.Kind.ASYE:
        raise Http404
    require(request, "pathways.plan", enrolment)

    def save(data: dict[str, Any]) -> str:
        services.portal_registration_record(
            enrolment=enrolment, registered_on=data["registered_on"]
        )
        return f"Registration on the ASYE portal on {_long(data['registered_on'])} was recorded."

    return _record(
        request,
        enrolment,
        PortalRegistrationForm(posted(request)),
        title="Record registration on the ASYE portal",
        intro="Each NQSW must be registered on Skills for Care's ASYE portal by the funding "
        "year's deadline.",
        button="Record registration",
        save=save,
    )


@login_required
def reassign(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = visible_enrolment(request, pk)
    require(request, "pathways.reassign", enrolment)
    form = ReassignForm(
        posted(request),
        initial={"assessor": enrolment.assessor_id, "supervisor": enrolment.supervisor_id},
        assessors=selectors.role_holders(
            selectors.ASSESSING_ROLES, also=[enrolment.assessor_id]
        ).exclude(pk=enrolment.person_id),
        supervisors=selectors.role_holders(
            selectors.SUPERVISING_ROLES, also=[enrolment.supervisor_id]
        ).exclude(pk=enrolment.person_id),
    )

    def save(data: dict[str, Any]) -> str:
        changes = services.enrolment_reassign(
            enrolment=enrolment,
            assessor=data["assessor"],
            supervisor=data["supervisor"],
            reason=data["reason"],
            actor=viewer_for(request.user),
        )
        return " ".join(_changed(change) for change in changes)

    return _record(
        request,
        enrolment,
        form,
        title="Change assessor or supervisor",
        intro="The new assessor or supervisor and the learner are told by email. Choose "
        "“No one for now” to leave a role empty.",
        button="Save changes",
        save=save,
    )


def _changed(change: EnrolmentReassignment) -> str:
    role = services.ROLE_WORDS[change.role]
    if change.to_person is None:
        return f"There is no {role} for now."
    return f"{change.to_person.full_name} is now the {role}."
