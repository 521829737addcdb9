"""The outbox services against a real SMTP server (aiosmtpd on a local port)."""

import datetime as dt
from dataclasses import replace

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from academy.notifications.models import Notification
from academy.notifications.services import (
    NotificationDraft,
    notifications_claim_due,
    notifications_deliver,
    notifications_dispatch,
    notifications_enqueue,
    notifications_mark_all_read,
    notifications_release_stale,
)
from academy.notifications.signals import notifications_queued
from tests.factories import NotificationFactory, PersonFactory
from tests.notifications.mailserver import free_port

pytestmark = pytest.mark.django_db

Status = Notification.Status
MINUTE = dt.timedelta(minutes=1)


@pytest.fixture
def person():
    return PersonFactory(work_email="ada.lovelace@example.org")


def claim_and_deliver(now):
    ids = notifications_claim_due(now=now, batch_size=100)
    return ids, notifications_deliver(ids=ids)


def fresh(row):
    row.refresh_from_db()
    return row


# ---------------------------------------------------------------------------------------------
# Enqueue
# ---------------------------------------------------------------------------------------------
def test_enqueueing_the_same_event_twice_adds_one_row(person):
    draft = NotificationDraft(
        recipient_id=person.pk, kind="welcome", subject="Hello", body="Hi.", dedupe_key="w:1"
    )
    notifications_enqueue(drafts=[draft])
    notifications_enqueue(drafts=[replace(draft, subject="Hello again"), draft])

    row = Notification.objects.get()
    assert row.subject == "Hello"
    assert row.status == Status.PENDING
    assert row.attempts == 0


def test_enqueue_adds_one_row_per_distinct_event(person):
    drafts = [
        NotificationDraft(
            recipient_id=person.pk, kind="reminder", subject="S", body="B", dedupe_key=f"r:{n}"
        )
        for n in range(3)
    ]
    notifications_enqueue(drafts=drafts)
    notifications_enqueue(drafts=drafts)
    assert Notification.objects.count() == 3


def test_enqueue_makes_a_draft_without_a_time_due_now_and_keeps_a_later_one(person):
    later = timezone.now() + dt.timedelta(days=3)
    before = timezone.now()
    notifications_enqueue(
        drafts=[
            NotificationDraft(
                recipient_id=person.pk, kind="k", subject="S", body="B", dedupe_key="now"
            ),
            NotificationDraft(
                recipient_id=person.pk,
                kind="k",
                subject="S",
                body="B",
                dedupe_key="later",
                due_at=later,
            ),
        ]
    )
    assert before <= Notification.objects.get(dedupe_key="now").due_at <= timezone.now()
    assert Notification.objects.get(dedupe_key="later").due_at == later


def test_enqueue_announces_new_rows_only_after_commit(person, django_capture_on_commit_callbacks):
    heard = []

    def receiver(sender, **kwargs):
        heard.append(sender)

    notifications_queued.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            notifications_enqueue(
                drafts=[
                    NotificationDraft(
                        recipient_id=person.pk, kind="k", subject="S", body="B", dedupe_key="x"
                    )
                ]
            )
            assert heard == []
        assert heard == [Notification]
    finally:
        notifications_queued.disconnect(receiver)


@pytest.fixture
def announcements():
    """What ``notifications_queued`` says while the test runs, one sender per announcement."""
    heard: list[type] = []

    def receiver(sender, **kwargs):
        heard.append(sender)

    notifications_queued.connect(receiver)
    yield heard
    notifications_queued.disconnect(receiver)


def enqueue_one(person, key: str) -> None:
    notifications_enqueue(
        drafts=[
            NotificationDraft(
                recipient_id=person.pk, kind="k", subject="S", body="B", dedupe_key=key
            )
        ]
    )


def test_a_transaction_that_enqueues_many_times_announces_once(
    person, django_capture_on_commit_callbacks, announcements
):
    with django_capture_on_commit_callbacks(execute=True):
        for key in ("a", "b", "c"):
            enqueue_one(person, key)
    assert announcements == [Notification]
    assert Notification.objects.filter(dedupe_key__in=["a", "b", "c"]).count() == 3


def test_an_announcement_rolled_back_with_its_savepoint_is_made_again(
    person, django_capture_on_commit_callbacks, announcements
):
    def enqueue_then_fail() -> None:
        with transaction.atomic():
            enqueue_one(person, "undone")
            raise RuntimeError("the row is refused")

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            enqueue_then_fail()
        enqueue_one(person, "kept")
    assert announcements == [Notification]
    assert list(Notification.objects.values_list("dedupe_key", flat=True)) == ["kept"]


def test_a_failing_listener_does_not_turn_the_saved_rows_into_an_error(
    person, django_capture_on_commit_callbacks, caplog
):
    def broker_down(sender, **kwargs):
        raise ConnectionError("the broker is down")

    notifications_queued.connect(broker_down)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            notifications_enqueue(
                drafts=[
                    NotificationDraft(
                        recipient_id=person.pk, kind="k", subject="S", body="B", dedupe_key="x"
                    )
                ]
            )
    finally:
        notifications_queued.disconnect(broker_down)

    assert Notification.objects.filter(dedupe_key="x").exists()
    assert "the broker is down" in caplog.text


# ---------------------------------------------------------------------------------------------
# Claim, dispatch, release
# ---------------------------------------------------------------------------------------------
def test_claim_marks_rows_sending_and_counts_the_attempt(person):
    now = timezone.now()
    rows = NotificationFactory.create_batch(3, recipient=person, due_at=now - MINUTE)

    ids = notifications_claim_due(now=now, batch_size=10)

    assert sorted(ids) == sorted(row.pk for row in rows)
    for row in rows:
        fresh(row)
        assert (row.status, row.attempts, row.claimed_at) == (Status.SENDING, 1, now)
    assert notifications_claim_due(now=now, batch_size=10) == []


def test_claim_takes_only_pending_rows_that_are_due(person):
    now = timezone.now()
    due = NotificationFactory(recipient=person, due_at=now - MINUTE)
    due_this_instant = NotificationFactory(recipient=person, due_at=now)
    NotificationFactory(recipient=person, due_at=now + dt.timedelta(seconds=1))
    for status in (Status.SENDING, Status.SENT, Status.FAILED, Status.CANCELLED):
        NotificationFactory(recipient=person, due_at=now - MINUTE, status=status)

    assert notifications_claim_due(now=now, batch_size=10) == [due.pk, due_this_instant.pk]


def test_claim_takes_the_oldest_due_rows_first_up_to_the_batch_size(person):
    now = timezone.now()
    rows = [NotificationFactory(recipient=person, due_at=now - n * MINUTE) for n in range(5)]

    assert notifications_claim_due(now=now, batch_size=2) == [rows[4].pk, rows[3].pk]
    assert Notification.objects.filter(status=Status.PENDING).count() == 3


def test_dispatch_hands_every_due_row_over_in_batches(person, outbox_config):
    NotificationFactory.create_batch(25, recipient=person, due_at=timezone.now() - MINUTE)
    batches: list[list[int]] = []

    claimed = notifications_dispatch(send_batch=batches.append)

    assert claimed == 25
    assert [len(batch) for batch in batches] == [10, 10, 5]
    assert len({pk for batch in batches for pk in batch}) == 25
    assert not Notification.objects.filter(status=Status.PENDING).exists()


def test_dispatch_stops_after_the_most_batches_a_run_may_take(person, outbox_config):
    most = outbox_config["BATCH_SIZE"] * outbox_config["MAX_BATCHES_PER_RUN"]
    NotificationFactory.create_batch(most + 7, recipient=person, due_at=timezone.now() - MINUTE)
    batches: list[list[int]] = []

    assert notifications_dispatch(send_batch=batches.append) == most
    assert len(batches) == outbox_config["MAX_BATCHES_PER_RUN"]
    assert Notification.objects.filter(status=Status.PENDING).count() == 7


def test_stale_claim_of_a_dead_worker_goes_back_to_pending(person, outbox_config):
    now = timezone.now()
    timeout = dt.timedelta(seconds=outbox_config["CLAIM_TIMEOUT_SECONDS"])
    stale = NotificationFactory(
        recipient=person, status=Status.SENDING, attempts=1, claimed_at=now - timeout - MINUTE
    )

    assert notifications_release_stale(now=now) == 1

    fresh(stale)
    assert (stale.status, stale.claimed_at, stale.due_at) == (Status.PENDING, None, now)
    assert stale.attempts == 1


def test_stale_claim_with_its_attempts_used_up_fails_with_the_reason(person, outbox_config):
    now = timezone.now()
    timeout = dt.timedelta(seconds=outbox_config["CLAIM_TIMEOUT_SECONDS"])
    stale = NotificationFactory(
        recipient=person,
        status=Status.SENDING,
        attempts=outbox_config["MAX_ATTEMPTS"],
        claimed_at=now - timeout - MINUTE,
    )

    assert notifications_release_stale(now=now) == 1

    fresh(stale)
    assert stale.status == Status.FAILED
    assert "interrupted" in stale.last_error


def test_recent_claim_is_left_to_its_worker(person, outbox_config):
    now = timezone.now()
    timeout = dt.timedelta(seconds=outbox_config["CLAIM_TIMEOUT_SECONDS"])
    recent = NotificationFactory(
        recipient=person, status=Status.SENDING, attempts=1, claimed_at=now - timeout + MINUTE
    )

    assert notifications_release_stale(now=now) == 0
    assert fresh(recent).status == Status.SENDING


def test_dispatch_reclaims_rows_a_dead_worker_left_sending(person, outbox_config):
    timeout = dt.timedelta(seconds=outbox_config["CLAIM_TIMEOUT_SECONDS"])
    stale = NotificationFactory(
        recipient=person,
        status=Status.SENDING,
        attempts=1,
        claimed_at=timezone.now() - timeout - MINUTE,
    )
    batches: list[list[int]] = []

    notifications_dispatch(send_batch=batches.append)

    assert batches == [[stale.pk]]
    assert (fresh(stale).status, stale.attempts) == (Status.SENDING, 2)


# ---------------------------------------------------------------------------------------------
# Deliver over SMTP
# ---------------------------------------------------------------------------------------------
def test_delivered_email_reaches_the_server_and_is_marked_sent(smtp, person, outbox_config):
    row = NotificationFactory(
        recipient=person, subject="Your account", body="Welcome.", link="/people/1/"
    )
    before = timezone.now()

    ids, report = claim_and_deliver(timezone.now())

    assert ids == [row.pk]
    assert (report.sent, report.retried, report.failed) == (1, 0, 0)
    [message] = smtp.handler.messages()
    assert message.recipients == ("ada.lovelace@example.org",)
    assert message.subject == "Your account"
    assert message.body.startswith("Welcome.")
    assert f"{settings.SITE_URL}/people/1/" in message.body
    fresh(row)
    assert row.status == Status.SENT
    assert before <= row.sent_at <= timezone.now()
    assert (row.claimed_at, row.last_error, row.attempts) == (None, "", 1)


def test_refused_email_is_retried_later_with_backoff_and_keeps_the_error(
    smtp, person, outbox_config
):
    smtp.handler.refuse(person.work_email)
    row: Notification = NotificationFactory(recipient=person)
    base = dt.timedelta(seconds=outbox_config["BACKOFF_SECONDS"])

    before = timezone.now()
    _, report = claim_and_deliver(before)
    after = timezone.now()

    assert report.retried == 1
    fresh(row)
    assert (row.status, row.attempts, row.claimed_at, row.sent_at) == (
        Status.PENDING,
        1,
        None,
        None,
    )
    assert "SMTPRecipientsRefused" in row.last_error
    assert "550" in row.last_error
    assert before + base <= row.due_at <= after + base
    assert notifications_claim_due(now=row.due_at - dt.timedelta(seconds=1), batch_size=10) == []

    before = timezone.now()
    claim_and_deliver(row.due_at)
    after = timezone.now()
    fresh(row)
    assert row.attempts == 2
    assert before + 2 * base <= row.due_at <= after + 2 * base
    assert smtp.handler.messages() == []


def test_email_gives_up_after_the_most_attempts_and_keeps_the_error(smtp, person, outbox_config):
    smtp.handler.refuse(person.work_email)
    row: Notification = NotificationFactory(recipient=person)

    now = timezone.now()
    for _ in range(outbox_config["MAX_ATTEMPTS"]):
        ids, report = claim_and_deliver(now)
        assert ids == [row.pk]
        now = fresh(row).due_at

    assert (report.failed, report.retried) == (1, 0)
    assert row.status == Status.FAILED
    assert row.attempts == outbox_config["MAX_ATTEMPTS"]
    assert "550" in row.last_error
    assert row.sent_at is None
    assert len(smtp.handler.refused) == outbox_config["MAX_ATTEMPTS"]
    assert notifications_claim_due(now=now + dt.timedelta(days=365), batch_size=10) == []


def test_email_refused_once_is_delivered_on_the_retry(smtp, person, outbox_config):
    smtp.handler.refuse(person.work_email, times=1)
    row: Notification = NotificationFactory(recipient=person)

    claim_and_deliver(timezone.now())
    _, report = claim_and_deliver(fresh(row).due_at)

    assert report.sent == 1
    fresh(row)
    assert (row.status, row.attempts, row.last_error) == (Status.SENT, 2, "")
    assert smtp.handler.count_by_recipient() == {person.work_email: 1}


def test_mail_server_down_is_a_retry_not_a_crash(smtp, person, outbox_config, settings):
    settings.EMAIL_PORT = free_port()  # nothing listens there
    row: Notification = NotificationFactory(recipient=person)

    _, report = claim_and_deliver(timezone.now())

    assert report.retried == 1
    fresh(row)
    assert row.status == Status.PENDING
    assert "ConnectionRefusedError" in row.last_error


def test_one_refused_recipient_does_not_hold_up_the_rest_of_the_batch(smtp, outbox_config):
    people = [PersonFactory(work_email=f"p{n}@example.org") for n in range(4)]
    smtp.handler.refuse("p1@example.org")
    rows = [NotificationFactory(recipient=p) for p in people]

    _, report = claim_and_deliver(timezone.now())

    assert (report.sent, report.retried) == (3, 1)
    assert smtp.handler.count_by_recipient() == {
        "p0@example.org": 1,
        "p2@example.org": 1,
        "p3@example.org": 1,
    }
    assert [fresh(row).status for row in rows] == [
        Status.SENT,
        Status.PENDING,
        Status.SENT,
        Status.SENT,
    ]


def test_message_for_a_person_who_has_left_is_cancelled_not_sent(smtp, person, outbox_config):
    person.active = False
    person.save(update_fields=["active"])
    row: Notification = NotificationFactory(recipient=person)

    _, report = claim_and_deliver(timezone.now())

    assert report.sent == 0
    fresh(row)
    assert row.status == Status.CANCELLED
    assert row.last_error == "The recipient has left."
    assert smtp.handler.messages() == []


def test_delivering_the_same_batch_twice_sends_each_message_once(smtp, outbox_config):
    rows = [NotificationFactory(recipient=PersonFactory()) for _ in range(5)]
    ids = notifications_claim_due(now=timezone.now(), batch_size=100)

    first = notifications_deliver(ids=ids)
    second = notifications_deliver(ids=ids)

    assert (first.sent, second.sent) == (5, 0)
    assert len(smtp.handler.messages()) == 5
    assert sorted(m.notification_id for m in smtp.handler.messages()) == sorted(
        str(row.pk) for row in rows
    )
    assert all(fresh(row).status == Status.SENT for row in rows)


def test_rows_not_claimed_are_not_delivered(smtp, person, outbox_config):
    row: Notification = NotificationFactory(recipient=person)

    report = notifications_deliver(ids=[row.pk])

    assert report.sent == 0
    assert fresh(row).status == Status.PENDING
    assert smtp.handler.messages() == []


def test_in_app_message_is_marked_sent_without_an_email(smtp, person, outbox_config):
    row = NotificationFactory(recipient=person, channel=Notification.Channel.IN_APP)

    _, report = claim_and_deliver(timezone.now())

    assert report.sent == 1
    assert fresh(row).status == Status.SENT
    assert row.sent_at is not None
    assert smtp.handler.messages() == []


def test_message_id_is_stable_per_notification(smtp, outbox_config):
    first, second = (NotificationFactory(recipient=PersonFactory()) for _ in range(2))
    claim_and_deliver(timezone.now())
    # A worker that sent but died before recording it: the row is sent again.
    Notification.objects.filter(pk=first.pk).update(status=Status.SENDING)
    notifications_deliver(ids=[first.pk])

    ids = [(m.notification_id, m.message_id) for m in smtp.handler.messages()]
    assert sorted(ids) == sorted(
        [
            (str(first.pk), f"<notification-{first.pk}@academy-tracker>"),
            (str(first.pk), f"<notification-{first.pk}@academy-tracker>"),
            (str(second.pk), f"<notification-{second.pk}@academy-tracker>"),
        ]
    )


# ---------------------------------------------------------------------------------------------
# Read
# ---------------------------------------------------------------------------------------------
def test_mark_all_read_touches_only_that_persons_sent_unread_messages(person):
    other = PersonFactory()
    mine = NotificationFactory(recipient=person, status=Status.SENT)
    pending = NotificationFactory(recipient=person)
    theirs = NotificationFactory(recipient=other, status=Status.SENT)

    assert notifications_mark_all_read(person_id=person.pk) == 1

    assert fresh(mine).read_at is not None
    assert fresh(pending).read_at is None
    assert fresh(theirs).read_at is None


@pytest.mark.django_db
def test_nothing_is_queued_while_messages_are_withheld(django_capture_on_commit_callbacks):
    from academy.notifications.services import notifications_withheld

    person = PersonFactory()
    draft = NotificationDraft(
        recipient_id=person.pk, kind="test", subject="s", body="b", dedupe_key="withheld:1"
    )
    with django_capture_on_commit_callbacks() as callbacks, notifications_withheld():
        notifications_enqueue(drafts=[draft])
    assert not Notification.objects.exists()
    assert callbacks == []
    notifications_enqueue(drafts=[draft])  # and afterwards, as usual
    assert Notification.objects.filter(dedupe_key="withheld:1").exists()
