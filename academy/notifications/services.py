"""Writes to the outbox: enqueue, claim, deliver, retry, give up, mark read.

The flow: services add rows with ``notifications_enqueue`` (idempotent by dedupe key); after
commit the ``notifications_queued`` signal lets a dispatcher run at once. ``notifications_dispatch``
releases rows a dead worker left "sending", claims due rows in batches with SKIP LOCKED, and hands
each batch to ``send_batch`` (a Celery task in production). ``notifications_deliver`` sends each
claimed row under a row lock, so a batch delivered twice sends each message once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from academy.notifications.channels import channels
from academy.notifications.models import Notification
from academy.notifications.rules import gives_up, retry_delay
from academy.notifications.signals import notifications_queued

logger = logging.getLogger(__name__)

Status = Notification.Status
Channel = Notification.Channel


@dataclass(frozen=True)
class NotificationDraft:
    """A message to put in the outbox. The dedupe key names the event, so enqueueing the same
    event twice (a re-run sweep, a retried request) adds one row."""

    recipient_id: int
    kind: str
    subject: str
    body: str
    dedupe_key: str
    channel: str = Channel.EMAIL
    due_at: dt.datetime | None = None
    link: str = ""
    calendar: str = ""


_withheld: ContextVar[bool] = ContextVar("notifications_withheld", default=False)


@contextmanager
def notifications_withheld() -> Iterator[None]:
    """Queue nothing while writing history (the demo academy, an import of past records): the
    messages the services would send describe things that happened long ago. What is due now
    comes from the reminder sweeps."""
    token = _withheld.set(True)
    try:
        yield
    finally:
        _withheld.reset(token)


def notifications_enqueue(*, drafts: Iterable[NotificationDraft]) -> None:
    """Insert drafts into the outbox in one statement, ignoring ones already there.

    Call inside the caller's transaction: the rows commit with the change that caused them.
    """
    if _withheld.get():
        return
    now = timezone.now()
    rows = [
        Notification(
            recipient_id=draft.recipient_id,
            channel=draft.channel,
            kind=draft.kind,
            subject=draft.subject[:200],
            body=draft.body,
            link=draft.link,
            calendar=draft.calendar,
            due_at=draft.due_at or now,
            dedupe_key=draft.dedupe_key[:200],
        )
        for draft in drafts
    ]
    if not rows:
        return
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    _announce_after_commit()


def _announce() -> None:
    notifications_queued.send(sender=Notification)


def _announce_after_commit() -> None:
    """Announce new rows once the transaction commits: once however many times it enqueued
    (an import of 500 bookings kicks the dispatcher once, not 500 times). A kick registered in
    a savepoint that rolled back is gone from the list, so a later enqueue registers its own.

    Robust: the rows are committed whatever the receivers do, and the per-minute dispatcher
    sends them if a receiver fails (a broker down must not turn a saved change into an error)."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        callback is _announce for _, callback, _ in connection.run_on_commit
    ):
        return
    transaction.on_commit(_announce, robust=True)


def _config(name: str) -> int:
    return int(settings.NOTIFICATIONS[name])


def notifications_release_stale(*, now: dt.datetime) -> int:
    """Rows "sending" for longer than the claim timeout lost their worker: retry or give up."""
    cutoff = now - dt.timedelta(seconds=_config("CLAIM_TIMEOUT_SECONDS"))
    stale = Notification.objects.filter(status=Status.SENDING, claimed_at__lt=cutoff)
    failed = stale.filter(attempts__gte=_config("MAX_ATTEMPTS")).update(
        status=Status.FAILED,
        claimed_at=None,
        last_error="Delivery was interrupted and the attempts are used up.",
    )
    retried = stale.update(status=Status.PENDING, claimed_at=None, due_at=now)
    return failed + retried


def notifications_claim_due(*, now: dt.datetime, batch_size: int) -> list[int]:
    """Claim up to ``batch_size`` due rows, skipping rows another dispatcher has locked."""
    with transaction.atomic():
        ids = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(status=Status.PENDING, due_at__lte=now)
            .order_by("due_at", "id")
            .values_list("id", flat=True)[:batch_size]
        )
        if ids:
            Notification.objects.filter(id__in=ids).update(
                status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
            )
    return ids


def notifications_dispatch(
    *, send_batch: Callable[[list[int]], None], now: dt.datetime | None = None
) -> int:
    """Claim every due row in batches and hand each batch to ``send_batch``. Returns the count.

    Call outside a transaction: each claim commits before its batch is handed over, so the
    deliverer (another process) finds the rows "sending"."""
    now = now or timezone.now()
    notifications_release_stale(now=now)
    claimed = 0
    for _ in range(_config("MAX_BATCHES_PER_RUN")):
        ids = notifications_claim_due(now=now, batch_size=_config("BATCH_SIZE"))
        if not ids:
            break
        send_batch(ids)
        claimed += len(ids)
    return claimed


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0


def notifications_deliver(*, ids: Iterable[int]) -> DeliveryReport:
    """Deliver claimed rows. Each row is locked, checked still "sending", delivered and marked in
    one transaction, so a batch handed over twice sends each message once."""
    report = DeliveryReport()
    rows = {
        row.pk: row
        for row in Notification.objects.filter(id__in=list(ids), status=Status.SENDING)
        .select_related("recipient")
        .order_by("id")
    }
    by_channel = channels()
    try:
        for pk, row in rows.items():
            with transaction.atomic():
                locked = (
                    Notification.objects.select_for_update(skip_locked=True)
                    .filter(pk=pk, status=Status.SENDING)
                    .values_list("attempts", flat=True)
                    .first()
                )
                if locked is None:
                    report.skipped += 1
                    continue
                row.attempts = locked
                _deliver_one(row, by_channel, report)
    finally:
        for channel in by_channel.values():
            channel.close()
    return report


def _deliver_one(row: Notification, by_channel: dict, report: DeliveryReport) -> None:
    now = timezone.now()
    this_row = Notification.objects.filter(pk=row.pk)
    if not row.recipient.active:
        this_row.update(
            status=Status.CANCELLED, claimed_at=None, last_error="The recipient has left."
        )
        report.skipped += 1
        return
    try:
        by_channel[row.channel].deliver(row)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if gives_up(row.attempts, max_attempts=_config("MAX_ATTEMPTS")):
            logger.warning("notification %s failed for good: %s", row.pk, error)
            this_row.update(status=Status.FAILED, claimed_at=None, last_error=error)
            report.failed += 1
        else:
            delay = retry_delay(
                row.attempts,
                base_seconds=_config("BACKOFF_SECONDS"),
                max_seconds=_config("BACKOFF_MAX_SECONDS"),
            )
            this_row.update(
                status=Status.PENDING, claimed_at=None, last_error=error, due_at=now + delay
            )
            report.retried += 1
        return
    this_row.update(status=Status.SENT, claimed_at=None, sent_at=now, last_error="")
    report.sent += 1


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notifications_mark_all_read(*, person_id: int) -> int:
    return Notification.objects.filter(
        Q(recipient_id=person_id), status=Status.SENT, read_at__isnull=True
    ).update(read_at=timezone.now())
