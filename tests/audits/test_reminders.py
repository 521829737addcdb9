"""academy/audits/reminders.py: the daily sweep puts each reminder in the outbox on its day, once
per occurrence, to the right people, with a number of queries that does not grow with audits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from academy.audits.models import AuditAction, AuditQuota, CaseAudit
from academy.audits.reminders import audit_reminders_sweep
from academy.notifications.models import Notification
from academy.people.models import Person
from tests.audits.conftest import lay_down

pytestmark = pytest.mark.django_db

D = dt.date


def sweep(day: dt.date) -> int:
    return audit_reminders_sweep(as_of=day)


def recipients(kind: str) -> list[int]:
    return sorted(
        Notification.objects.filter(kind=f"audits.{kind}").values_list("recipient_id", flat=True)
    )


def rows(kind: str) -> int:
    return Notification.objects.filter(kind=f"audits.{kind}").count()


def submitted(template, academy, of: str | Person, on: dt.date, **fields) -> CaseAudit:
    practitioner = academy.people[of] if isinstance(of, str) else of
    return lay_down(
        template,
        practitioner=practitioner,
        auditor=academy.people["manager"],
        audit_date=on,
        **fields,
    )


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A moment on ``day`` in the academy's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


# ---------------------------------------------------------------------------------------------
# The month's programme
# ---------------------------------------------------------------------------------------------
def test_each_manager_is_told_the_months_audits_due_from_the_1st_once(academy, template, manager_b):
    AuditQuota.objects.create(team=academy.teams["b"], per_manager=3)
    sweep(D(2025, 2, 28))
    assert recipients("month_due") == sorted([academy.people["manager"].pk, manager_b.pk])
    february = Notification.objects.filter(kind="audits.month_due").count()

    sweep(D(2025, 3, 1))
    march = Notification.objects.filter(kind="audits.month_due", dedupe_key__contains="2025-03-01")
    assert sorted(march.values_list("recipient_id", flat=True)) == sorted(
        [academy.people["manager"].pk, manager_b.pk]
    )
    to_b = march.get(recipient=manager_b)
    assert to_b.subject == "Case file audits for March 2025: 3 due for Hospital Discharge"
    assert to_b.link == "" or to_b.link.startswith("/")

    sweep(D(2025, 3, 2))
    sweep(D(2025, 3, 31))
    assert rows("month_due") == february + 2


def test_a_team_with_no_quota_or_no_manager_is_not_told(academy, template):
    AuditQuota.objects.create(team=academy.teams["a"], per_manager=0)
    sweep(D(2025, 3, 1))
    assert rows("month_due") == 0  # team B and the NHS team have no manager
    assert rows("overdue") == 0


def test_a_manager_behind_on_the_20th_is_chased_once(academy, template, manager_b):
    submitted(template, academy, "nqsw", D(2025, 3, 3))
    submitted(template, academy, "outsider", D(2025, 3, 4))
    submitted(template, academy, "outsider", D(2025, 3, 5))
    submitted(template, academy, "worker", D(2025, 3, 6), status=CaseAudit.Status.DRAFT)

    sweep(D(2025, 3, 19))
    assert rows("chase") == 0

    sweep(D(2025, 3, 20))
    assert recipients("chase") == [academy.people["manager"].pk]
    chase = Notification.objects.get(kind="audits.chase")
    assert chase.subject == "1 of 2 audits submitted for March 2025"

    sweep(D(2025, 3, 21))
    sweep(D(2025, 3, 31))
    assert rows("chase") == 1


def test_a_manager_who_catches_up_before_the_20th_is_not_chased(academy, template):
    submitted(template, academy, "nqsw", D(2025, 3, 3))
    submitted(template, academy, "worker", D(2025, 3, 18))
    sweep(D(2025, 3, 20))
    assert rows("chase") == 0


def test_audits_missing_at_the_months_end_are_overdue_to_the_manager_and_the_psw_once(
    academy, template, manager_b
):
    submitted(template, academy, "nqsw", D(2025, 3, 3))
    submitted(template, academy, "outsider", D(2025, 3, 4))
    submitted(template, academy, "outsider", D(2025, 3, 28))
    submitted(template, academy, "nqsw", D(2025, 2, 27))
    submitted(template, academy, "worker", D(2025, 2, 28))
    submitted(template, academy, "outsider", D(2025, 2, 3))
    submitted(template, academy, "outsider", D(2025, 2, 4))

    sweep(D(2025, 3, 31))
    assert rows("overdue") == 0

    sweep(D(2025, 4, 1))
    assert recipients("overdue") == sorted([academy.people["manager"].pk, academy.people["psw"].pk])
    to_psw = Notification.objects.get(kind="audits.overdue", recipient=academy.people["psw"])
    assert to_psw.subject.endswith("overdue for North Locality (March 2025)")
    assert to_psw.body == "North Locality submitted 1 of 2 audits due in March 2025."

    sweep(D(2025, 4, 2))
    sweep(D(2025, 4, 30))
    assert rows("overdue") == 2
    sweep(D(2025, 5, 1))  # April: nothing submitted in either team
    assert rows("overdue") == 2 + 4  # each team's manager, and the PSW for each team


# ---------------------------------------------------------------------------------------------
# Feedback waiting to be acknowledged
# ---------------------------------------------------------------------------------------------
def test_a_practitioner_who_has_not_acknowledged_for_7_days_is_reminded_once(academy, template):
    waiting = submitted(
        template, academy, "nqsw", D(2025, 3, 3), submitted_at=at(D(2025, 3, 3), 23, 30)
    )
    submitted(
        template,
        academy,
        "worker",
        D(2025, 3, 3),
        submitted_at=at(D(2025, 3, 3), 9),
        acknowledged_at=at(D(2025, 3, 4), 9),
    )
    submitted(template, academy, "supervisor", D(2025, 3, 3), status=CaseAudit.Status.DRAFT)
    submitted(template, academy, "psw", D(2025, 3, 4), submitted_at=at(D(2025, 3, 4), 0, 5))

    sweep(D(2025, 3, 9))
    assert rows("acknowledge") == 0

    sweep(D(2025, 3, 10))
    assert recipients("acknowledge") == [academy.people["nqsw"].pk]
    row = Notification.objects.get(kind="audits.acknowledge")
    assert waiting.case_reference in row.subject
    assert row.dedupe_key == f"audits:acknowledge:{waiting.pk}"

    sweep(D(2025, 3, 11))
    sweep(D(2025, 3, 20))
    assert recipients("acknowledge") == sorted(
        [academy.people["nqsw"].pk, academy.people["psw"].pk]
    )


def test_the_acknowledgement_wait_is_data(academy, template, settings):
    settings.AUDITS = {**settings.AUDITS, "ACK_CHASE_DAYS": 3}
    submitted(template, academy, "nqsw", D(2025, 3, 3), submitted_at=at(D(2025, 3, 3), 12))
    sweep(D(2025, 3, 5))
    assert rows("acknowledge") == 0
    sweep(D(2025, 3, 6))
    assert rows("acknowledge") == 1


# ---------------------------------------------------------------------------------------------
# Actions
# ---------------------------------------------------------------------------------------------
def action(case: CaseAudit, owner: Person, due: dt.date, **fields) -> AuditAction:
    return AuditAction.objects.create(
        audit=case,
        description="Complete the carer's assessment",
        owner=owner,
        due_date=due,
        **fields,
    )


def test_an_actions_owner_is_reminded_a_week_before_it_is_due_and_when_overdue(academy, template):
    case = submitted(template, academy, "nqsw", D(2025, 3, 3), grade="inadequate")
    owner = academy.people["nqsw"]
    open_action = action(case, owner, D(2025, 3, 20))
    action(case, academy.people["worker"], D(2025, 3, 20), status=AuditAction.Status.DONE)
    action(case, academy.people["worker"], D(2025, 3, 20), status=AuditAction.Status.CANCELLED)

    sweep(D(2025, 3, 12))
    assert rows("action_due") == 0

    sweep(D(2025, 3, 13))
    assert recipients("action_due") == [owner.pk]
    due = Notification.objects.get(kind="audits.action_due")
    assert due.subject == (
        f"Due 20 March 2025: an action from the audit of case {case.case_reference}"
    )
    assert due.body == "Complete the carer's assessment"

    sweep(D(2025, 3, 20))
    assert (rows("action_due"), rows("action_overdue")) == (1, 0)

    sweep(D(2025, 3, 21))
    assert recipients("action_overdue") == [owner.pk]
    sweep(D(2025, 3, 22))
    sweep(D(2025, 4, 30))
    assert (rows("action_due"), rows("action_overdue")) == (1, 1)

    # A new due date is a new occurrence.
    AuditAction.objects.filter(pk=open_action.pk).update(due_date=D(2025, 5, 5))
    sweep(D(2025, 5, 1))
    assert rows("action_due") == 2


def test_an_action_done_before_it_falls_due_is_not_chased(academy, template):
    case = submitted(template, academy, "nqsw", D(2025, 3, 3), grade="inadequate")
    done = action(case, academy.people["nqsw"], D(2025, 3, 20))
    sweep(D(2025, 3, 13))
    AuditAction.objects.filter(pk=done.pk).update(status=AuditAction.Status.DONE)
    sweep(D(2025, 3, 21))
    assert (rows("action_due"), rows("action_overdue")) == (1, 0)


# ---------------------------------------------------------------------------------------------
# Query count
# ---------------------------------------------------------------------------------------------
def lay_many(template, academy, count: int) -> None:
    people = [academy.people[login] for login in ("nqsw", "worker", "outsider")]
    for i in range(count):
        case = submitted(
            template,
            academy,
            people[i % 3],
            D(2025, 3, 1 + i % 19),
            submitted_at=at(D(2025, 3, 1 + i % 10), 10),
        )
        action(case, people[i % 3], D(2025, 3, 15 + i % 10))


def split(captured: CaptureQueriesContext) -> tuple[int, list[str]]:
    """(reads, the other statements)."""
    statements = [q["sql"] for q in captured.captured_queries]
    reads = [sql for sql in statements if sql.startswith("SELECT")]
    return len(reads), [sql for sql in statements if not sql.startswith("SELECT")]


def test_the_sweep_runs_the_same_queries_for_10_audits_as_for_80(academy, template, manager_b):
    lay_many(template, academy, 10)
    with CaptureQueriesContext(connection) as at_10:
        sent_10 = sweep(D(2025, 3, 20))
    lay_many(template, academy, 70)
    with CaptureQueriesContext(connection) as at_80:
        sent_80 = sweep(D(2025, 3, 20))
    assert sent_80 > sent_10 > 0

    (reads_10, writes_10), (reads_80, writes_80) = split(at_10), split(at_80)
    assert reads_10 == reads_80 == 12
    # The outbox rows go in one statement (SQLite takes them in batches of its parameter limit).
    assert all("notifications_notification" in sql for sql in writes_10 + writes_80)
    if connection.vendor == "postgresql":
        assert len(writes_10) == len(writes_80) == 1


# ---------------------------------------------------------------------------------------------
# Inadequate audits: an action plan, then a re-audit
# ---------------------------------------------------------------------------------------------
def test_an_inadequate_audit_without_an_action_plan_reminds_the_auditor_once(academy, template):
    audit = submitted(
        template, academy, "nqsw", D(2025, 3, 3), grade="inadequate", reaudit_due=D(2025, 6, 3)
    )
    sweep(D(2025, 3, 4))
    sweep(D(2025, 3, 5))
    assert recipients("action_plan_needed") == [academy.people["manager"].pk]
    AuditAction.objects.create(
        audit=audit,
        description="Record the MCA",
        owner=academy.people["nqsw"],
        due_date=D(2025, 4, 1),
    )
    Notification.objects.all().delete()
    sweep(D(2025, 3, 6))
    assert rows("action_plan_needed") == 0


def test_a_reaudit_falling_due_reminds_the_auditor_until_it_is_recorded(academy, template):
    audit = submitted(
        template, academy, "nqsw", D(2025, 3, 3), grade="inadequate", reaudit_due=D(2025, 6, 3)
    )
    AuditAction.objects.create(
        audit=audit,
        description="Record the MCA",
        owner=academy.people["nqsw"],
        due_date=D(2025, 4, 1),
    )
    sweep(D(2025, 5, 26))  # 8 days before
    assert rows("reaudit_due") == 0
    sweep(D(2025, 5, 27))  # a week before
    sweep(D(2025, 6, 10))  # overdue: the same occurrence, not sent again
    assert recipients("reaudit_due") == [academy.people["manager"].pk]
    submitted(
        template,
        academy,
        "nqsw",
        D(2025, 6, 11),
        reaudit_of=audit,
        case_reference=audit.case_reference,
    )
    Notification.objects.all().delete()
    sweep(D(2025, 6, 12))
    assert rows("reaudit_due") == 0


def test_a_manager_discards_a_draft_and_the_case_is_free_again(academy, template):
    from django.core.exceptions import ValidationError

    from academy.audits import services
    from tests.audits.conftest import record, viewer

    draft = record(academy, template, submit=False, case_reference="CR7777001")
    with pytest.raises(ValidationError):
        record(academy, template, case_reference="CR7777001")
    services.audit_discard(audit=draft, actor=viewer(academy, "manager"))
    assert not CaseAudit.objects.filter(pk=draft.pk).exists()
    record(academy, template, case_reference="CR7777001")
    submitted_one = CaseAudit.objects.get(case_reference="CR7777001")
    with pytest.raises(ValidationError):
        services.audit_discard(audit=submitted_one, actor=viewer(academy, "manager"))
