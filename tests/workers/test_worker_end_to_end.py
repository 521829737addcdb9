"""The outbox through a real Celery worker process, real Redis, real PostgreSQL and a real SMTP
server: accounts created here, welcome e-mails sent there, each exactly once."""

import time
from collections import Counter

import pytest

from academy.notifications.models import Notification
from academy.people.models import Organisation, Person
from academy.people.services import organisation_create, person_create
from tests.workers.conftest import celery_worker, wait_for
from workers.notifications import deliver_notifications, dispatch_due_notifications

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

Status = Notification.Status
NEW_STARTERS = 30
# After the last row is marked sent, how long a duplicate gets to show up at the mail server.
SETTLE_SECONDS = 2.0


def new_starters(count: int, *, extra_dispatches_every: int = 0) -> list[Person]:
    """People with accounts, created one commit at a time through the people services; each
    commit kicks the dispatcher. Extra dispatch tasks go out alongside to race the kicks."""
    council = organisation_create(
        name="Shire County Council", kind=Organisation.Kind.COUNCIL, hosts_academy=True
    )
    people = []
    for n in range(count):
        people.append(
            person_create(
                first_name=f"Starter{n}",
                last_name="Newman",
                work_email=f"starter{n}@example.org",
                organisation=council,
                username=f"starter{n}",
            )
        )
        if extra_dispatches_every and n % extra_dispatches_every == 0:
            for _ in range(2):
                dispatch_due_notifications.delay()
    return people


def outbox_summary() -> str:
    rows = Notification.objects.values_list("status", "attempts", "last_error")
    return f"outbox: {Counter(rows)}"


def test_worker_sends_each_new_account_one_welcome_email(mail_server):
    started = time.monotonic()
    with celery_worker(mail_server=mail_server) as worker:
        ready = time.monotonic() - started
        people = new_starters(NEW_STARTERS, extra_dispatches_every=5)
        for _ in range(3):
            dispatch_due_notifications.delay()
        # Deliveries of the same rows handed over again, as a redelivered message would be.
        ids = list(Notification.objects.values_list("id", flat=True))
        for _ in range(2):
            deliver_notifications.delay(ids)

        took = wait_for(
            lambda: Notification.objects.filter(status=Status.SENT).count() == NEW_STARTERS,
            seconds=60,
            why=lambda: f"{outbox_summary()}\n{worker.log()}",
        )
        time.sleep(SETTLE_SECONDS)
        received = mail_server.handler.messages()
    print(f"worker ready in {ready:.1f}s; {NEW_STARTERS} welcome e-mails sent in {took:.1f}s")
    assert worker.process.returncode == 0, worker.log()
    assert "Traceback" not in worker.output, worker.log(200)

    rows = list(Notification.objects.select_related("recipient").order_by("id"))
    assert [row.kind for row in rows] == ["welcome"] * NEW_STARTERS
    assert {row.recipient_id for row in rows} == {person.pk for person in people}
    assert Counter(m.recipients for m in received) == {(person.work_email,): 1 for person in people}
    assert Counter(m.message_id for m in received) == {
        f"<notification-{row.pk}@academy-tracker>": 1 for row in rows
    }
    # Every row was claimed once: the racing dispatchers never took the same row.
    assert {(row.status, row.attempts, row.last_error) for row in rows} == {(Status.SENT, 1, "")}
    by_recipient = {m.recipients[0]: m for m in received}
    for row in rows:
        message = by_recipient[row.recipient.work_email]
        assert message.subject == row.subject
        assert f"Your username is: {row.recipient.user.username}" in message.body


def test_worker_retries_a_refused_welcome_email_and_delivers_it_once(mail_server):
    refused = "starter2@example.org"
    mail_server.handler.refuse(refused, times=1)
    with celery_worker(
        mail_server=mail_server, env={"NOTIFICATIONS_BACKOFF_SECONDS": "1"}
    ) as worker:
        people = new_starters(5)
        row = Notification.objects.get(recipient__work_email=refused)
        others = Notification.objects.exclude(pk=row.pk)

        def why() -> str:
            return f"{outbox_summary()}\n{worker.log()}"

        # The commits' kicks alone send the others, and make the first, refused attempt.
        wait_for(lambda: not others.exclude(status=Status.SENT).exists(), seconds=30, why=why)

        def attempted() -> bool:
            row.refresh_from_db()
            return row.attempts >= 1

        wait_for(attempted, seconds=30, why=why)
        last_dispatch = 0.0

        def retried_and_sent() -> bool:
            # Stands in for the per-minute beat, which would pick the retry up at its next run.
            nonlocal last_dispatch
            if time.monotonic() - last_dispatch > 0.5:
                dispatch_due_notifications.delay()
                last_dispatch = time.monotonic()
            row.refresh_from_db()
            return row.status == Status.SENT

        wait_for(retried_and_sent, seconds=60, why=why)
        time.sleep(SETTLE_SECONDS)
        received = mail_server.handler.messages()
    assert worker.process.returncode == 0, worker.log()

    assert mail_server.handler.refused == [refused]
    assert (row.attempts, row.last_error) == (2, "")
    assert Counter(m.recipients for m in received) == {(person.work_email,): 1 for person in people}
    assert set(others.values_list("status", "attempts")) == {(Status.SENT, 1)}
