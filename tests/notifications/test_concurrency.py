"""Dispatchers and deliverers racing on real PostgreSQL connections, one per thread."""

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connections
from django.utils import timezone

from academy.notifications.models import Notification
from academy.notifications.services import notifications_claim_due, notifications_deliver
from tests.factories import PersonFactory
from tests.notifications.conftest import point_email_at
from tests.notifications.mailserver import running_mail_server

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

Status = Notification.Status


def run_at_once(count: int, target: Callable[[int], Any]) -> list[Any]:
    """Run ``target(i)`` in ``count`` threads released together; each has its own connection."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = target(index)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    assert errors == []
    return results


def outbox_rows(count: int, *, recipients: int = 5) -> list[int]:
    """Due rows written directly (enqueueing would kick the in-process dispatcher)."""
    people = [PersonFactory(work_email=f"reader{n}@example.org") for n in range(recipients)]
    due = timezone.now()
    Notification.objects.bulk_create(
        Notification(
            recipient=people[n % recipients],
            channel=Notification.Channel.EMAIL,
            kind="test",
            subject=f"Message {n}",
            body="Hello.",
            due_at=due,
            dedupe_key=f"race:{n}",
        )
        for n in range(count)
    )
    return list(Notification.objects.order_by("id").values_list("id", flat=True))


def test_concurrent_claims_take_disjoint_rows_that_cover_every_due_row():
    all_ids = outbox_rows(500)
    now = timezone.now()

    def claim_until_empty(_: int) -> list[int]:
        claimed: list[int] = []
        while batch := notifications_claim_due(now=now, batch_size=25):
            claimed.extend(batch)
        return claimed

    claims = run_at_once(4, claim_until_empty)

    every_claim = Counter(pk for claimed in claims for pk in claimed)
    assert sorted(every_claim) == all_ids
    assert set(every_claim.values()) == {1}, "a row was claimed twice"
    assert sum(1 for claimed in claims if claimed) >= 2, "the claims did not overlap"
    rows = Notification.objects.values_list("status", "attempts").distinct()
    assert list(rows) == [(Status.SENDING, 1)]


def test_two_deliverers_of_the_same_batch_send_each_message_once(settings):
    all_ids = outbox_rows(40)
    ids = notifications_claim_due(now=timezone.now(), batch_size=100)
    assert sorted(ids) == all_ids

    with running_mail_server(delay_seconds=0.01) as server:
        point_email_at(settings, server)
        reports = run_at_once(2, lambda _: notifications_deliver(ids=ids))
        received = server.handler.messages()

    assert sum(report.sent for report in reports) == 40
    assert Counter(m.notification_id for m in received) == Counter(str(pk) for pk in all_ids)
    assert set(Notification.objects.values_list("status", flat=True)) == {Status.SENT}
