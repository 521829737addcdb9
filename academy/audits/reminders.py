"""The daily audit reminder sweep, into the outbox.

- from the 1st: each team manager gets the month's audits due;
- from the 20th: a chase if fewer than the quota are submitted;
- after the month ends: overdue, to the manager and the PSW;
- acknowledgement pending 7 days (to the practitioner);
- actions due within a week, and overdue (to the owner).
The dedupe keys name the month, audit or action and the recipient, so each goes once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from academy.audits import rules
from academy.audits.models import AuditAction, CaseAudit, Grade
from academy.audits.selectors import managers_by_team, programme
from academy.common.dates import add_months, today
from academy.common.links import link_to
from academy.notifications.services import NotificationDraft, notifications_enqueue
from academy.people.models import Person, Role, Team


def audit_reminders_sweep(*, as_of: dt.date | None = None) -> int:
    as_of = as_of or today()
    drafts = [
        *_programme_reminders(as_of),
        *_inadequate_follow_up(as_of),
        *_acknowledgement_chases(as_of),
        *_action_reminders(as_of),
    ]
    notifications_enqueue(drafts=drafts)
    return len(drafts)


def _programme_reminders(as_of: dt.date) -> Iterator[NotificationDraft]:
    teams = list(Team.objects.filter(active=True).values_list("id", "name"))
    ids = [pk for pk, _ in teams]
    names = dict(teams)
    managers = managers_by_team(ids)
    month = rules.month_start(as_of)
    last_month = add_months(month, -1)
    this = programme(team_ids=ids, month=month, as_of=as_of)
    previous = programme(team_ids=ids, month=last_month, as_of=as_of)
    psws = list(
        Person.objects.filter(active=True, roles__role=Role.PSW)
        .values_list("id", flat=True)
        .distinct()
    )
    link = link_to("audits")
    for team_id in ids:
        now, before = this[team_id], previous[team_id]
        label = f"{month:%B %Y}"
        for manager_id in managers.get(team_id, []):
            if now.quota:
                yield NotificationDraft(
                    recipient_id=manager_id,
                    kind="audits.month_due",
                    subject=f"Case file audits for {label}: {now.quota} due for {names[team_id]}",
                    body=f"{names[team_id]} has {now.quota} case file audits due in {label}.",
                    link=link,
                    dedupe_key=f"audits:month_due:{team_id}:{month}:{manager_id}",
                )
            if as_of.day >= settings.AUDITS["CHASE_DAY"] and now.submitted < now.quota:
                yield NotificationDraft(
                    recipient_id=manager_id,
                    kind="audits.chase",
                    subject=f"{now.submitted} of {now.quota} audits submitted for {label}",
                    body=(
                        f"{names[team_id]} has submitted {now.submitted} of {now.quota} "
                        f"case file audits due in {label}."
                    ),
                    link=link,
                    dedupe_key=f"audits:chase:{team_id}:{month}:{manager_id}",
                )
        if before.overdue:
            for recipient_id in {*managers.get(team_id, []), *psws}:
                yield NotificationDraft(
                    recipient_id=recipient_id,
                    kind="audits.overdue",
                    subject=(
                        f"{before.overdue} case file audit{'s' if before.overdue != 1 else ''} "
                        f"overdue for {names[team_id]} "
                        f"({last_month:%B %Y})"
                    ),
                    body=(
                        f"{names[team_id]} submitted {before.submitted} of {before.quota} "
                        f"audits due in {last_month:%B %Y}."
                    ),
                    link=link,
                    dedupe_key=f"audits:overdue:{team_id}:{last_month}:{recipient_id}",
                )


def _acknowledgement_chases(as_of: dt.date) -> Iterator[NotificationDraft]:
    # Submitted on a day at least ACK_CHASE_DAYS before today (submitted on the 1st: chased on
    # the 8th), whatever the hour it was submitted or the sweep runs.
    last_day = as_of - dt.timedelta(days=settings.AUDITS["ACK_CHASE_DAYS"])
    cutoff = timezone.make_aware(dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time.min))
    waiting = CaseAudit.objects.filter(
        status=CaseAudit.Status.SUBMITTED, acknowledged_at__isnull=True, submitted_at__lt=cutoff
    )
    for audit in waiting:
        yield NotificationDraft(
            recipient_id=audit.practitioner_id,
            kind="audits.acknowledge",
            subject=f"Please read and acknowledge the audit of case {audit.case_reference}",
            body="Your manager's feedback is waiting for you to read, reflect on and acknowledge.",
            link=link_to("audit", audit.pk),
            dedupe_key=f"audits:acknowledge:{audit.pk}",
        )


def _action_reminders(as_of: dt.date) -> Iterator[NotificationDraft]:
    soon = as_of + dt.timedelta(days=settings.AUDITS["ACTION_DUE_SOON_DAYS"])
    actions = AuditAction.objects.filter(
        status=AuditAction.Status.OPEN, due_date__lte=soon
    ).select_related("audit")
    for action in actions:
        overdue = action.due_date < as_of
        kind = "action_overdue" if overdue else "action_due"
        yield NotificationDraft(
            recipient_id=action.owner_id,
            kind=f"audits.{kind}",
            subject=(
                f"{'Overdue' if overdue else 'Due'} {action.due_date:%d %B %Y}: an action "
                f"from the audit of case {action.audit.case_reference}"
            ),
            body=action.description,
            link=link_to("audit", action.audit_id),
            dedupe_key=f"audits:{kind}:{action.pk}:{action.due_date}",
        )


def _inadequate_follow_up(as_of: dt.date) -> Iterator[NotificationDraft]:
    """An Inadequate audit needs an action plan, and a re-audit when it falls due: the auditor
    is told of each (once a plan is missing; from a week before the re-audit date until one is
    recorded)."""
    soon = as_of + dt.timedelta(days=settings.AUDITS["ACTION_DUE_SOON_DAYS"])
    inadequate = (
        CaseAudit.objects.filter(status=CaseAudit.Status.SUBMITTED, grade=Grade.INADEQUATE)
        .annotate(
            action_count=Count("actions"),
            reaudit_count=Count("reaudits"),
        )
        .filter(Q(action_count=0) | Q(reaudit_count=0, reaudit_due__lte=soon))
    )
    for audit in inadequate:
        if audit.action_count == 0:
            yield NotificationDraft(
                recipient_id=audit.auditor_id,
                kind="audits.action_plan_needed",
                subject=f"Add an action plan: Inadequate audit of case {audit.case_reference}",
                body="An Inadequate audit needs an action plan: actions, each with an owner "
                "and a due date.",
                link=link_to("audit", audit.pk),
                dedupe_key=f"audits:action_plan_needed:{audit.pk}",
            )
        if audit.reaudit_count == 0 and audit.reaudit_due is not None and audit.reaudit_due <= soon:
            yield NotificationDraft(
                recipient_id=audit.auditor_id,
                kind="audits.reaudit_due",
                subject=f"Re-audit case {audit.case_reference} by {audit.reaudit_due:%d %B %Y}",
                body=(
                    f"The audit of case {audit.case_reference} on {audit.audit_date:%d %B %Y} was "
                    "Inadequate: re-audit the case to see whether practice has improved."
                ),
                link=link_to("audit", audit.pk),
                dedupe_key=f"audits:reaudit_due:{audit.pk}:{audit.reaudit_due}",
            )
