"""The whole demo academy holds together whatever day the seed runs: the status mix of the
pathways, training with sessions held and to come, twelve months of audits, and every
reminder the sweeps give."""

import datetime as dt
from collections import Counter

import pytest
from django.conf import settings
from django.db.models import Count, F, Q
from django.utils import timezone

from academy.audits import rules as audit_rules
from academy.audits import selectors as audit_selectors
from academy.audits.models import CaseAudit, Grade, Moderation
from academy.audits.reminders import audit_reminders_sweep
from academy.common.dates import add_months
from academy.demo import pathway_data
from academy.demo.builder import SeedReport, demo_seed
from academy.notifications.models import Notification
from academy.pathways import rules
from academy.pathways.models import Cohort, Enrolment
from academy.pathways.reminders import pathway_reminders_sweep
from academy.pathways.services import enrolments_refresh_status
from academy.people.models import Person
from academy.training.models import (
    HOLDS_PLACE,
    Booking,
    BookingStatus,
    Completion,
    CpdEntry,
    EventSeries,
    Session,
)
from academy.training.reminders import training_reminders_sweep
from academy.training.selectors import compliance_matrix
from tests.demo.test_seed_pathways import REMINDER_KINDS, RUNNING_ASYE, statuses_in

pytestmark = pytest.mark.django_db


def frozen_at(monkeypatch, day: dt.date) -> None:
    """Run the academy's clock on ``day`` (noon in London, the same date in UTC)."""
    moment = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)


def person(login: str) -> Person:
    return Person.objects.get(user__username=login)


@pytest.mark.parametrize(
    "day",
    [
        dt.date(2026, 1, 31),  # the last day of a funding year
        dt.date(2026, 2, 1),  # the first: nobody has started in it yet but the late joiner
        dt.date(2026, 11, 1),  # a Sunday, the first of a month, in the CPD renewal window
        dt.date(2027, 1, 1),  # New Year's Day: Safeguarding Week spans two years
        dt.date(2027, 3, 31),  # months back from a 31st clamp to shorter months
        dt.date(2027, 7, 31),  # a Saturday at a month's end
        dt.date(2028, 2, 29),  # a leap day
    ],
)
def test_the_demo_academy_and_every_reminder_hold_whatever_day_the_seed_runs(monkeypatch, day):
    frozen_at(monkeypatch, day)
    report = demo_seed()
    pathways_hold(day, report)
    pathway_reminders_sweep()
    assert set(Notification.objects.values_list("kind", flat=True)) == REMINDER_KINDS, day
    training_holds(day, report)
    audits_hold(day)
    assert training_reminders_sweep() > 0
    assert audit_reminders_sweep() > 0
    kinds = Counter(Notification.objects.values_list("kind", flat=True))
    assert kinds["training.session_soon"] > 0
    assert kinds["training.expiring"] > 0
    assert kinds["training.approval_chase"] == 1
    assert kinds["audits.month_due"] > 0
    assert kinds["audits.action_overdue"] == 1
    in_renewal_window = 9 <= day.month <= 11
    assert bool(kinds["training.swe_renewal"]) == in_renewal_window
    if in_renewal_window:
        renewal = Notification.objects.filter(kind="training.swe_renewal")
        # The worker's one entry has no peer reflection; the PSW has two that do.
        [worker] = renewal.filter(recipient=person("worker"))
        assert "1 more with a peer reflection" in worker.subject
        assert not renewal.filter(recipient=person("psw")).exists()


def pathways_hold(day: dt.date, report: SeedReport) -> None:
    assert report.enrolments.created == len(pathway_data.ENROLMENTS)
    assert Cohort.objects.get(name="ASYE cohort 12").start_date == rules.add_months(day, -2)
    assert set(Enrolment.objects.values_list("status_as_of", flat=True)) == {day}
    counts = statuses_in(RUNNING_ASYE)
    assert counts[Enrolment.Status.ON_TRACK] >= 2, (day, counts)
    assert counts[Enrolment.Status.AT_RISK] >= 2, (day, counts)
    assert counts[Enrolment.Status.OVERDUE] == 1, (day, counts)
    assert Enrolment.objects.filter(status=Enrolment.Status.OVERDUE).count() == 1
    assert enrolments_refresh_status() == 0


def training_holds(day: dt.date, report: SeedReport) -> None:
    now = timezone.now()
    assert report.courses.created >= 25
    # Safeguarding Week: held and to come; last year's all held.
    this_year, last_year = EventSeries.objects.order_by("-starts_on")
    assert this_year.sessions.filter(starts_at__lt=now, status="completed").exists()
    assert this_year.sessions.filter(starts_at__gt=now, status="scheduled").exists()
    assert this_year.slug != last_year.slug
    assert not last_year.sessions.exclude(status="completed").exists()
    # A full session to come with a waitlist, the manager's request, the nqsw's booking.
    assert (
        Session.objects.filter(starts_at__gt=now)
        .annotate(
            holding=Count("bookings", filter=Q(bookings__status__in=HOLDS_PLACE)),
            waiting=Count("bookings", filter=Q(bookings__status=BookingStatus.WAITLISTED)),
        )
        .filter(waiting__gt=0, holding=F("capacity"))
        .exists()
    )
    manager = person("manager")
    assert Booking.objects.filter(status="requested", person__team=manager.team).count() == 1
    assert Booking.objects.filter(
        person=person("nqsw"), status="booked", session__starts_at__gt=now
    ).exists()
    # Colour in the manager's team; nothing dated after the day.
    counts = compliance_matrix(
        Person.objects.filter(team=manager.team, active=True),
        as_of=day,
        expiring_days=settings.TRAINING["EXPIRING_DAYS"],
    ).counts()
    assert counts["expiring"] >= 2
    assert counts["expired"] >= 2
    assert not Completion.objects.filter(completed_on__gt=day).exists()
    assert not CpdEntry.objects.filter(activity_date__gt=day).exists()
    assert not Booking.objects.filter(created_at__gt=now).exists()


def audits_hold(day: dt.date) -> None:
    """Twelve months of audits with every grade; this month under way; past months moderated."""
    this_month = audit_rules.month_start(day)
    dates = CaseAudit.objects.values_list("audit_date", flat=True)
    assert {audit_rules.month_start(d) for d in dates} == {
        add_months(this_month, -n) for n in range(12)
    }
    assert not CaseAudit.objects.filter(audit_date__gt=day).exists()
    grades = set(CaseAudit.objects.filter(status="submitted").values_list("grade", flat=True))
    assert grades == set(Grade.values)
    team = person("manager").team_id
    assert team is not None
    [progress] = audit_selectors.programme(team_ids=[team], month=this_month, as_of=day).values()
    assert progress.status == audit_rules.ProgrammeStatus.IN_PROGRESS
    sampled = set(Moderation.objects.values_list("sample_month", flat=True))
    assert sampled == {add_months(this_month, -n) for n in range(1, 12)}
