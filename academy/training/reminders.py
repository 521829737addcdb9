"""The daily training reminder sweep, set-based, into the outbox (booking confirmations go at
once from the booking services; these are the ones that time brings).

- a session in 7 days and in 1 day (to each person booked);
- a request awaiting approval for 3 days (to the person's team managers);
- training expiring at 90, 30 and 7 days and on expiry (to the person);
- Social Work England renewal: from 1 September to each registered social worker short of CPD,
  then weekly through November until they have enough.
Every dedupe key names the occurrence and the recipient, so a re-run sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from academy.common.links import link_to
from academy.notifications.services import NotificationDraft, notifications_enqueue
from academy.people.models import Person, Role
from academy.training import rules
from academy.training.models import Booking, BookingStatus, Session
from academy.training.selectors import latest_completions
from academy.training.services.bookings import approval_draft, coordinator_ids, session_when
from academy.training.services.records import cpd_rules


def training_reminders_sweep(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    as_of = timezone.localdate(now)
    drafts = [
        *_session_reminders(now),
        *_approval_chases(now),
        *_expiry_reminders(as_of),
        *_cpd_reminders(as_of),
    ]
    notifications_enqueue(drafts=drafts)
    return len(drafts)


def _session_reminders(now: dt.datetime) -> Iterator[NotificationDraft]:
    as_of = timezone.localdate(now)
    steps = sorted(settings.TRAINING["SESSION_REMINDER_DAYS"])
    horizon = timezone.make_aware(
        dt.datetime.combine(as_of + dt.timedelta(days=max(steps) + 1), dt.time.min)
    )
    bookings = Booking.objects.filter(
        status=BookingStatus.BOOKED,
        session__status=Session.Status.SCHEDULED,
        session__starts_at__gte=now,
        session__starts_at__lt=horizon,
    ).select_related("session__course", "person")
    for booking in bookings:
        days = (timezone.localtime(booking.session.starts_at).date() - as_of).days
        due = [step for step in steps if days <= step]
        if not due:
            continue
        step = min(due)
        when = "tomorrow" if days == 1 else ("today" if days == 0 else f"in {days} days")
        course = booking.session.course.title
        yield NotificationDraft(
            recipient_id=booking.person_id,
            kind="training.session_soon",
            subject=f"{booking.session.course.title} is {when}",
            body=f"You are booked on {course}: {session_when(booking.session)}.",
            link=link_to("booking", booking.pk),
            dedupe_key=f"training:session_soon:{booking.pk}:{step}:{booking.session.starts_at:%Y%m%d%H%M}",
        )


def _approval_chases(now: dt.datetime) -> Iterator[NotificationDraft]:
    cutoff = now - dt.timedelta(days=settings.TRAINING["APPROVAL_CHASE_DAYS"])
    waiting = Booking.objects.filter(
        status=BookingStatus.REQUESTED, created_at__lte=cutoff
    ).select_related("session__course", "person")
    teams = {b.person.team_id for b in waiting if b.person.team_id}
    managers: dict[int, list[int]] = {}
    for person_id, team_id in Person.objects.filter(
        roles__role=Role.TEAM_MANAGER, roles__team_id__in=teams, active=True
    ).values_list("id", "roles__team_id"):
        managers.setdefault(team_id, []).append(person_id)
    coordinators = coordinator_ids() if waiting else []
    for booking in waiting:
        for approver_id in managers.get(booking.person.team_id or 0, []) or coordinators:
            yield approval_draft(booking, approver_id, chase=True)


def _expiry_reminders(as_of: dt.date) -> Iterator[NotificationDraft]:
    steps = settings.TRAINING["EXPIRY_REMINDER_DAYS"]
    horizon = as_of + dt.timedelta(days=max(steps))
    people = (
        Person.objects.filter(active=True, completions__expires_on__lte=horizon)
        .values("id")
        .distinct()
    )
    latest = latest_completions(people.values_list("id", flat=True))
    for completion in latest.values():
        if completion.expires_on is None or completion.expires_on > horizon:
            continue
        step = rules.expiry_reminder_due(
            expires_on=completion.expires_on, as_of=as_of, days_before=steps
        )
        if step is None:
            continue
        course = completion.course
        expired = completion.expires_on <= as_of
        yield NotificationDraft(
            recipient_id=completion.person_id,
            kind="training.expired" if expired else "training.expiring",
            subject=(
                f"Your {course.title} has expired"
                if expired
                else f"Your {course.title} expires on {completion.expires_on:%d %B %Y}"
            ),
            body=(
                f"Your {course.title} completion from {completion.completed_on:%d %B %Y} "
                f"{'expired' if expired else 'expires'} on {completion.expires_on:%d %B %Y}. "
                "Book a refresher in the catalogue."
            ),
            link=link_to("catalogue"),
            dedupe_key=f"training:expiry:{completion.pk}:{step}",
        )


def _cpd_reminders(as_of: dt.date) -> Iterator[NotificationDraft]:
    config = cpd_rules()
    year = rules.registration_year_start(as_of, config)
    occurrence = rules.swe_reminder_due(
        as_of=as_of,
        year_start=year,
        rules=config,
        weekly_from_month=settings.TRAINING["CPD_WEEKLY_REMINDERS_FROM_MONTH"],
    )
    if occurrence is None:
        return
    workers = (
        Person.objects.filter(active=True)
        .exclude(swe_number="")
        .annotate(
            entries=Count("cpd_entries", filter=Q(cpd_entries__registration_year_starts=year)),
            peers=Count(
                "cpd_entries",
                filter=Q(
                    cpd_entries__registration_year_starts=year, cpd_entries__peer_reflection=True
                ),
            ),
        )
    )
    for person in workers:
        standing = rules.cpd_standing(
            as_of=as_of,
            first_registered_on=person.swe_first_registered_on,
            entries=person.entries,
            peer_reflections=person.peers,
            rules=config,
        )
        if standing.status is not rules.CpdStatus.SHORT:
            continue
        yield NotificationDraft(
            recipient_id=person.pk,
            kind="training.swe_renewal",
            subject=f"Social Work England renewal: {standing.reason}",
            body=(
                f"To renew your registration by {standing.year_end:%d %B %Y} you need at least "
                f"{config.minimum_entries} pieces of CPD this year, at least "
                f"{config.minimum_peer_reflections} with a peer reflection. You have recorded "
                f"{standing.entries} ({standing.peer_reflections} with a peer reflection): "
                f"{standing.reason}"
            ),
            link=link_to("my-cpd"),
            dedupe_key=f"training:swe:{person.pk}:{year}:{occurrence}",
        )
