"""The daily reminder sweep for pathways, set-based, into the outbox.

Each reminder's dedupe key names the occurrence (the milestone and its due date, the supervision
gap and the day it became overdue, the portal deadline) and the recipient, so running the sweep
again, or every day, sends each reminder once; a milestone that moves makes a new occurrence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from academy.common.dates import today
from academy.common.links import link_to
from academy.notifications.services import NotificationDraft, notifications_enqueue
from academy.pathways import rules
from academy.pathways.models import (
    OPEN_OUTCOMES,
    Enrolment,
    FundingYear,
    Milestone,
    PathwayTemplate,
)
from academy.pathways.selectors import progress_for, with_people
from academy.people.models import Person, Role


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def pathway_reminders_sweep(*, as_of: dt.date | None = None, chunk: int = 500) -> int:
    """Queue today's pathway reminders. Returns how many drafts were offered to the outbox."""
    as_of = as_of or today()
    drafts = [
        *_milestone_reminders(as_of),
        *_supervision_reminders(as_of, chunk),
        *_portal_reminders(as_of),
    ]
    notifications_enqueue(drafts=drafts)
    return len(drafts)


def _link(enrolment_id: int) -> str:
    return link_to("enrolment", enrolment_id)


def _milestone_reminders(as_of: dt.date) -> Iterator[NotificationDraft]:
    window = max(PathwayTemplate.objects.values_list("due_soon_days", flat=True), default=0)
    milestones = Milestone.objects.filter(
        completed_on__isnull=True,
        enabled=True,
        enrolment__outcome__in=OPEN_OUTCOMES,
        due_date__lte=as_of + dt.timedelta(days=window),
    ).select_related("enrolment__pathway", "enrolment__person")
    for m in milestones:
        enrolment = m.enrolment
        overdue = m.due_date < as_of
        if not overdue and (m.due_date - as_of).days > enrolment.pathway.due_soon_days:
            continue
        kind = "milestone_overdue" if overdue else "milestone_due_soon"
        subject = (
            f"Overdue: {m.title} for {enrolment.person.full_name}"
            if overdue
            else f"Due {_long(m.due_date)}: {m.title} for {enrolment.person.full_name}"
        )
        body = (
            f"{m.title} on {enrolment.pathway.name} for {enrolment.person.full_name} "
            f"{'was' if overdue else 'is'} due on {_long(m.due_date)}."
        )
        for recipient_id in {enrolment.person_id, enrolment.assessor_id} - {None}:
            assert recipient_id is not None
            yield NotificationDraft(
                recipient_id=recipient_id,
                kind=f"pathways.{kind}",
                subject=subject,
                body=body,
                link=_link(enrolment.pk),
                dedupe_key=f"pathways:{kind}:{m.pk}:{m.due_date}:{recipient_id}",
            )


def _supervision_reminders(as_of: dt.date, chunk: int) -> Iterator[NotificationDraft]:
    base = Enrolment.objects.filter(outcome__in=OPEN_OUTCOMES, start_date__lte=as_of)
    last_pk = 0
    while True:
        batch = list(with_people(base.filter(pk__gt=last_pk)).order_by("pk")[:chunk])
        if not batch:
            return
        last_pk = batch[-1].pk
        figures = progress_for(batch, as_of=as_of)
        for enrolment in batch:
            since = figures[enrolment.pk].supervision_overdue_from
            if since is None or since > as_of:
                continue
            body = (
                f"{enrolment.person.full_name} has had no supervision on {enrolment.pathway.name} "
                f"since {_long(figures[enrolment.pk].last_supervision or enrolment.start_date)}: "
                f"it has been overdue since {_long(since)}."
            )
            for recipient_id in {enrolment.person_id, enrolment.supervisor_id} - {None}:
                assert recipient_id is not None
                yield NotificationDraft(
                    recipient_id=recipient_id,
                    kind="pathways.supervision_overdue",
                    subject=f"Supervision overdue for {enrolment.person.full_name}",
                    body=body,
                    link=_link(enrolment.pk),
                    dedupe_key=f"pathways:supervision_overdue:{enrolment.pk}:{since}:{recipient_id}",
                )


def _portal_reminders(as_of: dt.date) -> Iterator[NotificationDraft]:
    """NQSWs not yet on Skills for Care's ASYE portal, from a month before their funding year's
    registration deadline, to the PSW."""
    years = list(FundingYear.objects.all())
    due = [
        y
        for y in years
        if rules.add_months(y.registration_deadline, -1) <= as_of <= y.registration_deadline
    ]
    if not due:
        return
    psws = list(
        Person.objects.filter(roles__role=Role.PSW, active=True)
        .values_list("id", flat=True)
        .distinct()
    )
    for year in due:
        next_start = rules.add_months(year.starts_on, 12)
        unregistered = Enrolment.objects.filter(
            pathway__kind="asye",
            outcome__in=OPEN_OUTCOMES,
            portal_registered_on__isnull=True,
            start_date__gte=year.starts_on,
            start_date__lt=next_start,
        ).select_related("person")
        for enrolment in unregistered:
            for psw_id in psws:
                yield NotificationDraft(
                    recipient_id=psw_id,
                    kind="pathways.asye_portal",
                    subject=f"Register {enrolment.person.full_name} on the ASYE portal",
                    body=(
                        f"{enrolment.person.full_name} started the ASYE on "
                        f"{_long(enrolment.start_date)} and is not yet registered on Skills for "
                        f"Care's ASYE portal. This funding year's deadline is "
                        f"{_long(year.registration_deadline)}."
                    ),
                    link=_link(enrolment.pk),
                    dedupe_key=f"pathways:asye_portal:{enrolment.pk}:{year.registration_deadline}:{psw_id}",
                )
