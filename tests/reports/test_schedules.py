"""Report schedules: the PSW subscribes people with accounts to a report on a day of the month
or the week; each due day queues one run, and when it is done each subscriber gets an e-mail
with a link to the file (never the file itself)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from academy.notifications.models import Notification
from academy.people.permissions import viewer_for
from academy.reports.models import ReportRun, ReportSchedule
from academy.reports.services import schedule_save, schedules_run_due
from tests.conftest import Academy
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 6, 1)  # also the 1st of the month


def save(academy: Academy, *, actor: str = "psw", **fields: Any) -> ReportSchedule:
    options: dict[str, Any] = {
        "kind": "academy_overview",
        "parameters": {},
        "format": "pdf",
        "frequency": "monthly",
        "day": 1,
        "subscribers": [academy.people["dass"], academy.people["principal_ot"]],
    }
    options.update(fields)
    return schedule_save(actor=viewer_for(academy.user(actor)), **options)


def created_on(schedule: ReportSchedule, day: dt.date) -> None:
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    ReportSchedule.objects.filter(pk=schedule.pk).update(created_at=moment)


def test_the_psw_subscribes_people_with_accounts(academy):
    schedule = save(academy, frequency="weekly", day=5)
    schedule.refresh_from_db()
    assert (schedule.frequency, schedule.day, schedule.active) == ("weekly", 5, True)
    assert schedule.created_by == academy.people["psw"]
    assert set(schedule.subscribers.all()) == {
        academy.people["dass"],
        academy.people["principal_ot"],
    }
    save(academy, schedule=schedule, subscribers=[academy.people["dass"]])
    assert list(schedule.subscribers.all()) == [academy.people["dass"]]
    assert ReportSchedule.objects.count() == 1


@pytest.mark.parametrize(("frequency", "day"), [("monthly", 1), ("monthly", 28), ("weekly", 7)])
def test_the_day_may_be_any_in_range(academy, frequency, day):
    assert save(academy, frequency=frequency, day=day).day == day


@pytest.mark.parametrize(
    ("frequency", "day", "message"),
    [
        ("monthly", 0, "Choose a day of the month from 1 to 28."),
        ("monthly", 29, "Choose a day of the month from 1 to 28."),
        ("monthly", 31, "Choose a day of the month from 1 to 28."),
        ("weekly", 0, "Choose a day of the week from 1 (Monday) to 7 (Sunday)."),
        ("weekly", 8, "Choose a day of the week from 1 (Monday) to 7 (Sunday)."),
        ("weekly", "3", "Give the day as a number."),
    ],
)
def test_a_day_out_of_range_is_refused(academy, frequency, day, message):
    with pytest.raises(ValidationError) as refused:
        save(academy, frequency=frequency, day=day)
    assert refused.value.message_dict == {"day": [message]}
    assert not ReportSchedule.objects.exists()


def test_an_unknown_frequency_is_refused(academy):
    with pytest.raises(ValidationError) as refused:
        save(academy, frequency="daily")
    assert set(refused.value.message_dict) == {"frequency"}


def test_subscribers_need_accounts(academy):
    no_account = PersonFactory(first_name="Nadia", last_name="Noaccount", team=academy.teams["a"])
    with pytest.raises(ValidationError) as refused:
        save(academy, subscribers=[academy.people["dass"], no_account])
    assert refused.value.message_dict == {
        "subscribers": ["Only people with accounts can download reports: Nadia Noaccount."]
    }


def test_people_who_have_left_cannot_subscribe(academy):
    leaver = academy.people["worker"]
    leaver.active = False
    leaver.save(update_fields=["active"])
    with pytest.raises(ValidationError) as refused:
        save(academy, subscribers=[leaver])
    assert refused.value.message_dict == {"subscribers": ["These people have left: Worker Tester."]}


def test_a_schedule_needs_a_subscriber_and_a_valid_report(academy):
    with pytest.raises(ValidationError) as refused:
        save(academy, subscribers=[])
    assert set(refused.value.message_dict) == {"subscribers"}
    with pytest.raises(ValidationError) as refused:
        save(academy, kind="cqc_evidence", format="xlsx")
    assert set(refused.value.message_dict) == {"format"}


@pytest.mark.parametrize("login", ["dass", "principal_ot", "coordinator", "manager", "nqsw"])
def test_only_the_psw_keeps_schedules(academy, login):
    with pytest.raises(PermissionDenied):
        save(academy, actor=login)
    assert not ReportSchedule.objects.exists()


def test_a_monthly_schedule_runs_once_on_its_day(academy):
    schedule = save(academy, day=1)
    created_on(schedule, MONDAY - dt.timedelta(days=10))

    [run] = schedules_run_due(day=MONDAY)
    assert (run.kind, run.format, run.schedule, run.requested_by) == (
        "academy_overview",
        "pdf",
        schedule,
        academy.people["psw"],
    )
    assert schedules_run_due(day=MONDAY) == [], "called again the same day: nothing more"
    for later in range(1, 30):
        assert schedules_run_due(day=MONDAY + dt.timedelta(days=later)) == []
    assert len(schedules_run_due(day=dt.date(2026, 7, 1))) == 1
    assert ReportRun.objects.filter(schedule=schedule).count() == 2


def test_a_weekly_schedule_runs_on_its_weekday(academy):
    schedule = save(academy, frequency="weekly", day=3)  # Wednesdays
    created_on(schedule, MONDAY - dt.timedelta(days=1))
    ran_on = [
        day
        for day in (MONDAY + dt.timedelta(days=n) for n in range(21))
        if schedules_run_due(day=day)
    ]
    assert ran_on == [dt.date(2026, 6, 3), dt.date(2026, 6, 10), dt.date(2026, 6, 17)]


def test_a_day_the_scheduler_missed_is_made_up_once(academy):
    schedule = save(academy, day=1)
    created_on(schedule, MONDAY - dt.timedelta(days=40))
    # No scheduler ran on 1 June; the next one to run, on the 3rd, queues June's report.
    assert len(schedules_run_due(day=dt.date(2026, 6, 3))) == 1
    assert schedules_run_due(day=dt.date(2026, 6, 4)) == []


def test_a_schedule_made_after_this_months_day_waits_for_the_next(academy):
    schedule = save(academy, day=1)
    created_on(schedule, dt.date(2026, 6, 15))
    assert schedules_run_due(day=dt.date(2026, 6, 15)) == []
    assert schedules_run_due(day=dt.date(2026, 6, 30)) == []
    assert len(schedules_run_due(day=dt.date(2026, 7, 1))) == 1


def test_a_paused_schedule_does_not_run(academy):
    schedule = save(academy, day=1)
    created_on(schedule, MONDAY - dt.timedelta(days=10))
    ReportSchedule.objects.filter(pk=schedule.pk).update(active=False)
    assert schedules_run_due(day=MONDAY) == []


def test_subscribers_get_an_email_with_a_link_not_the_file(
    academy, django_capture_on_commit_callbacks, report_link
):
    schedule = save(academy, format="xlsx")
    created_on(schedule, MONDAY - dt.timedelta(days=10))

    with django_capture_on_commit_callbacks(execute=True):
        [run] = schedules_run_due(day=MONDAY)  # queued → compiled → outbox → dispatched
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE

    link = f"{settings.SITE_URL}/reports/{run.pk}/"
    by_recipient = {tuple(message.to): message for message in mail.outbox}
    assert set(by_recipient) == {("dass@example.org",), ("principal_ot@example.org",)}
    for message in by_recipient.values():
        assert message.subject == "Report ready: Academy overview"
        assert link in message.body
        assert message.attachments == []
    assert set(
        Notification.objects.filter(kind="reports.ready").values_list("status", flat=True)
    ) == {Notification.Status.SENT}
    assert not Notification.objects.filter(recipient=academy.people["psw"]).exists()
