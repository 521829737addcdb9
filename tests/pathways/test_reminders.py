"""academy/pathways/reminders.py: the daily sweep puts each reminder in the outbox once per
occurrence, to the right people, with a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from academy.notifications.models import Notification
from academy.pathways import services
from academy.pathways.models import Enrolment, FundingYear, Outcome, Supervision
from academy.pathways.reminders import pathway_reminders_sweep
from academy.people.models import Person, Role
from tests.factories import PersonFactory
from tests.pathways.conftest import enrol, social_worker, template

pytestmark = pytest.mark.django_db

D = dt.date
START = D(2025, 1, 6)  # support agreement due 6 February; supervision overdue from 14 January


def sweep(day: dt.date) -> int:
    return pathway_reminders_sweep(as_of=day)


def outbox(kind: str) -> list[tuple[int, str]]:
    """(recipient, dedupe key) of each row of ``pathways.<kind>``, oldest first."""
    return list(
        Notification.objects.filter(kind=f"pathways.{kind}")
        .order_by("id")
        .values_list("recipient_id", "dedupe_key")
    )


def recipients(kind: str) -> list[int]:
    return sorted(recipient for recipient, _ in outbox(kind))


@pytest.fixture
def assessor() -> Person:
    return social_worker(qualified_on=D(2015, 1, 1), registered_on=D(2015, 2, 1))


@pytest.fixture
def supervisor() -> Person:
    return social_worker(qualified_on=D(2012, 1, 1), registered_on=D(2012, 2, 1))


@pytest.fixture
def enrolment(asye, clock, assessor, supervisor) -> Enrolment:
    clock.day = D(2024, 12, 16)
    return enrol(social_worker(), asye, START, assessor=assessor, supervisor=supervisor)


def supervise(enrolment: Enrolment, on: dt.date) -> Supervision:
    return Supervision.objects.create(
        enrolment=enrolment, held_on=on, supervisor=enrolment.supervisor, kind="group"
    )


# ---------------------------------------------------------------------------------------------
# Milestones
# ---------------------------------------------------------------------------------------------
def test_a_milestone_due_within_14_days_reminds_the_person_and_the_assessor(enrolment):
    supervise(enrolment, D(2025, 1, 20))
    sweep(D(2025, 1, 22))  # 15 days before
    assert outbox("milestone_due_soon") == []

    sweep(D(2025, 1, 23))  # 14 days before
    assert recipients("milestone_due_soon") == sorted([enrolment.person_id, enrolment.assessor_id])
    row = Notification.objects.get(
        kind="pathways.milestone_due_soon", recipient_id=enrolment.assessor_id
    )
    name = enrolment.person.full_name
    assert row.subject == (
        f"Due 6 February 2025: Support and assessment agreement and first PDP for {name}"
    )
    assert row.body == (
        f"Support and assessment agreement and first PDP on ASYE (adults) for {name} "
        "is due on 6 February 2025."
    )
    assert row.link.endswith(f"/{enrolment.pk}/")
    assert outbox("supervision_overdue") == []


def test_each_milestone_reminder_is_sent_once_however_often_the_sweep_runs(enrolment):
    supervise(enrolment, D(2025, 1, 20))
    sweep(D(2025, 1, 23))
    sweep(D(2025, 1, 23))
    for day in range(24, 32):
        sweep(D(2025, 1, day))
    assert len(outbox("milestone_due_soon")) == 2
    assert outbox("milestone_overdue") == []


def test_an_overdue_milestone_reminds_the_person_and_the_assessor_once(enrolment):
    for day in (D(2025, 2, 6), D(2025, 2, 7), D(2025, 2, 7), D(2025, 2, 8), D(2025, 3, 1)):
        sweep(day)
    assert recipients("milestone_overdue") == sorted([enrolment.person_id, enrolment.assessor_id])
    row = Notification.objects.get(
        kind="pathways.milestone_overdue", recipient_id=enrolment.person_id
    )
    assert row.subject == (
        f"Overdue: Support and assessment agreement and first PDP for {enrolment.person.full_name}"
    )
    assert len(outbox("milestone_due_soon")) == 2, "due today still counted as due soon"


def test_a_completed_or_switched_off_milestone_is_not_reminded(enrolment, clock, assessor):
    clock.day = D(2025, 1, 20)
    services.milestone_complete(
        enrolment=enrolment, key="support_agreement", completed_on=D(2025, 1, 20), actor=assessor
    )
    sweep(D(2025, 2, 7))
    sweep(D(2025, 10, 30))  # the switched-off 9-month review falls due on 6 October
    keys = [key for _, key in outbox("milestone_due_soon") + outbox("milestone_overdue")]
    milestones = {m.pk: m.key for m in enrolment.milestones.all()}
    reminded = {milestones[int(key.split(":")[2])] for key in keys}
    assert reminded == {"review_3m", "review_6m"}


def test_a_milestone_moved_by_a_pause_is_a_new_occurrence(enrolment, clock):
    supervise(enrolment, D(2025, 1, 20))
    sweep(D(2025, 1, 23))
    assert len(outbox("milestone_due_soon")) == 2
    clock.day = D(2025, 1, 24)
    services.pause_record(
        enrolment=enrolment,
        kind="sick_leave",
        reason="Sick leave",
        first_day=D(2025, 1, 27),
        last_day=D(2025, 2, 9),
        actor=None,
    )  # the support agreement moves from 6 to 20 February
    supervise(enrolment, D(2025, 2, 3))
    sweep(D(2025, 2, 5))
    assert len(outbox("milestone_due_soon")) == 2
    sweep(D(2025, 2, 6))
    sweep(D(2025, 2, 7))
    assert outbox("milestone_overdue") == [], "no longer due on 6 February"
    mine = enrolment.person_id
    keys = [key for recipient, key in outbox("milestone_due_soon") if recipient == mine]
    assert [key.split(":")[3] for key in keys] == ["2025-02-06", "2025-02-20"]


# ---------------------------------------------------------------------------------------------
# Supervision
# ---------------------------------------------------------------------------------------------
def test_overdue_supervision_reminds_the_person_and_the_supervisor_once(enrolment):
    sweep(D(2025, 1, 13))
    assert outbox("supervision_overdue") == []
    for day in (14, 14, 15, 16):
        sweep(D(2025, 1, day))
    assert recipients("supervision_overdue") == sorted(
        [enrolment.person_id, enrolment.supervisor_id]
    )
    row = Notification.objects.get(
        kind="pathways.supervision_overdue", recipient_id=enrolment.supervisor_id
    )
    name = enrolment.person.full_name
    assert row.subject == f"Supervision overdue for {name}"
    assert row.body == (
        f"{name} has had no supervision on ASYE (adults) since 6 January 2025: "
        "it has been overdue since 14 January 2025."
    )


def test_a_new_gap_after_a_supervision_is_a_new_occurrence(enrolment):
    sweep(D(2025, 1, 14))
    supervise(enrolment, D(2025, 1, 16))  # next overdue from 24 January
    sweep(D(2025, 1, 17))
    sweep(D(2025, 1, 23))
    assert len(outbox("supervision_overdue")) == 2
    sweep(D(2025, 1, 24))
    sweep(D(2025, 1, 25))
    assert len(outbox("supervision_overdue")) == 4
    assert sorted({key.split(":")[3] for _, key in outbox("supervision_overdue")}) == [
        "2025-01-14",
        "2025-01-24",
    ]


def test_no_supervision_reminder_before_the_start_or_without_a_supervisor(asye, clock):
    clock.day = D(2024, 12, 16)
    alone = enrol(social_worker(), asye, START)
    sweep(D(2025, 1, 5))
    assert outbox("supervision_overdue") == []
    sweep(D(2025, 1, 14))
    assert recipients("supervision_overdue") == [alone.person_id]


# ---------------------------------------------------------------------------------------------
# ASYE portal registration
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def funding_year() -> FundingYear:
    return FundingYear.objects.create(starts_on=D(2025, 2, 1), registration_deadline=D(2025, 6, 30))


@pytest.fixture
def psws() -> list[Person]:
    PersonFactory(roles=[Role.PSW], active=False)
    psw: Person = PersonFactory(roles=[Role.PSW])
    psw_assessing: Person = PersonFactory(roles=[Role.PSW, Role.ASSESSOR])
    return [psw, psw_assessing]


def test_unregistered_nqsws_are_flagged_to_the_psws_a_month_before_the_deadline(
    asye, clock, funding_year, psws
):
    clock.day = D(2025, 2, 20)
    nqsw = enrol(social_worker(), asye, D(2025, 3, 3))
    registered = enrol(social_worker(), asye, D(2025, 3, 3))
    services.portal_registration_record(enrolment=registered, registered_on=D(2025, 2, 20))
    enrol(social_worker(), asye, D(2025, 1, 27))  # the funding year before
    enrol(PersonFactory(hcpc_number="OT54321"), template("ot-preceptorship"), D(2025, 3, 3))

    sweep(D(2025, 5, 29))
    assert outbox("asye_portal") == []
    for day in (D(2025, 5, 30), D(2025, 5, 30), D(2025, 6, 15), D(2025, 6, 30)):
        sweep(day)
    assert recipients("asye_portal") == sorted(p.pk for p in psws)
    assert {key.split(":")[2] for _, key in outbox("asye_portal")} == {str(nqsw.pk)}
    row = Notification.objects.filter(kind="pathways.asye_portal").first()
    assert row is not None
    assert row.subject == f"Register {nqsw.person.full_name} on the ASYE portal"
    assert "This funding year's deadline is 30 June 2025." in row.body
    sweep(D(2025, 7, 1))
    assert len(outbox("asye_portal")) == 2


# ---------------------------------------------------------------------------------------------
# Finished enrolments
# ---------------------------------------------------------------------------------------------
def test_nothing_is_reminded_for_a_finished_enrolment(asye, clock, funding_year, psws, assessor):
    begins = clock.day = D(2025, 3, 3)
    supervisor = social_worker()
    for decision in (Outcome.WITHDRAWN, Outcome.DEFERRED):
        enrolment = enrol(social_worker(), asye, begins, assessor=assessor, supervisor=supervisor)
        stage = "withdrawal" if decision == Outcome.WITHDRAWN else "deferral"
        services.outcome_record(
            enrolment=enrolment, stage=stage, decision=decision, decided_on=begins, actor=None
        )
    for day in (D(2025, 3, 20), D(2025, 4, 1), D(2025, 6, 1)):
        sweep(day)
    assert not Notification.objects.filter(kind__startswith="pathways.").exists()


# ---------------------------------------------------------------------------------------------
# Query count
# ---------------------------------------------------------------------------------------------
def outbox_statements(rows: int) -> int:
    """INSERTs the outbox needs for ``rows`` (SQLite caps the parameters of one statement)."""
    fields = [f for f in Notification._meta.concrete_fields if not f.primary_key]
    batch = min(1000, connection.ops.bulk_batch_size(fields, [None] * rows))
    return math.ceil(rows / batch)


def sweep_queries(count: int, asye) -> tuple[list[str], int]:
    Notification.objects.all().delete()
    Enrolment.objects.all().delete()
    assessor, supervisor = social_worker(), social_worker()
    people = [social_worker() for _ in range(count)]
    services.enrolments_create(
        people=people, pathway=asye, start_date=START, assessor=assessor, supervisor=supervisor
    )
    with CaptureQueriesContext(connection) as queries:
        offered = sweep(D(2025, 1, 23))
    # Per enrolment: milestone due soon and supervision overdue to two people each, and the
    # portal reminder to the PSW.
    assert offered == Notification.objects.count() == 5 * count

    def into_outbox(sql: str) -> bool:
        return sql.startswith("INSERT") and '"notifications_notification"' in sql.split("(")[0]

    inserts = [q["sql"] for q in queries if into_outbox(q["sql"])]
    assert len(inserts) == outbox_statements(offered)
    return [q["sql"][:80] for q in queries if not into_outbox(q["sql"])], offered


def test_the_sweep_reads_with_the_same_queries_for_10_and_60_enrolments(asye, clock):
    clock.day = D(2024, 12, 16)
    PersonFactory(roles=[Role.PSW])
    FundingYear.objects.create(starts_on=D(2024, 2, 1), registration_deadline=D(2025, 1, 31))
    reads_10, _ = sweep_queries(10, asye)
    reads_60, _ = sweep_queries(60, asye)
    assert reads_10 == reads_60
