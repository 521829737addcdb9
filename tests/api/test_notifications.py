"""A person's notifications over the API: their own only, newest first, and marking read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from academy.notifications.models import Notification
from tests.api.support import assert_error
from tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db

NOTIFICATIONS = "/api/v1/notifications/"


def test_a_person_sees_only_their_own_notifications_newest_first(academy, api):
    nqsw = academy.people["nqsw"]
    older = NotificationFactory(recipient=nqsw, subject="Older")
    newer = NotificationFactory(recipient=nqsw, subject="Newer")
    Notification.objects.filter(pk=older.pk).update(
        created_at=timezone.now() - dt.timedelta(days=1)
    )
    NotificationFactory(recipient=academy.people["worker"], subject="Not yours")

    body = api("nqsw").get(NOTIFICATIONS).json()

    assert [row["id"] for row in body["results"]] == [newer.pk, older.pk]


def test_notification_shape_with_iso_datetimes(academy, api):
    sent_at = dt.datetime(2025, 3, 14, 9, 30, 15, tzinfo=dt.UTC)
    notification = NotificationFactory(
        recipient=academy.people["nqsw"],
        kind="welcome",
        subject="Your account",
        body="Hello.",
        link="/people/1/",
        status=Notification.Status.SENT,
        sent_at=sent_at,
    )

    row = api("nqsw").get(NOTIFICATIONS).json()["results"][0]

    assert set(row) == {
        "id",
        "channel",
        "kind",
        "subject",
        "body",
        "link",
        "status",
        "created_at",
        "sent_at",
        "read_at",
    }
    assert row["id"] == notification.pk
    assert row["status"] == "sent"
    assert row["read_at"] is None
    assert dt.datetime.fromisoformat(row["sent_at"]) == sent_at
    assert dt.datetime.fromisoformat(row["created_at"]).tzinfo is not None


def test_unread_filter(academy, api):
    nqsw = academy.people["nqsw"]
    unread = NotificationFactory(recipient=nqsw)
    read = NotificationFactory(recipient=nqsw, read_at=timezone.now())
    client = api("nqsw")

    unread_rows = client.get(NOTIFICATIONS, {"unread": "true"}).json()["results"]
    read_rows = client.get(NOTIFICATIONS, {"unread": "false"}).json()["results"]

    assert [row["id"] for row in unread_rows] == [unread.pk]
    assert [row["id"] for row in read_rows] == [read.pk]
    assert_error(client.get(NOTIFICATIONS, {"unread": "perhaps"}), 400, fields={"unread"})


def test_an_account_without_a_person_has_no_notifications(academy, api):
    NotificationFactory(recipient=academy.people["nqsw"])
    body = api("admin").get(NOTIFICATIONS).json()
    assert body["results"] == []


def test_notifications_page_newest_first_without_repeats(academy, api):
    nqsw = academy.people["nqsw"]
    same_moment = timezone.now()
    made = [NotificationFactory(recipient=nqsw) for _ in range(7)]
    Notification.objects.filter(pk__in=[n.pk for n in made]).update(created_at=same_moment)
    client = api("nqsw")

    seen: list[int] = []
    url: str | None = f"{NOTIFICATIONS}?page_size=3"
    while url:
        body = client.get(url).json()
        seen.extend(row["id"] for row in body["results"])
        url = body["next"]

    assert seen == sorted((n.pk for n in made), reverse=True)


def test_marking_read(academy, api):
    notification = NotificationFactory(recipient=academy.people["nqsw"])
    client = api("nqsw")

    response = client.post(f"{NOTIFICATIONS}{notification.pk}/read/")

    assert response.status_code == 200, response.content
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert dt.datetime.fromisoformat(response.json()["read_at"]) == notification.read_at
    again = client.post(f"{NOTIFICATIONS}{notification.pk}/read/")
    assert again.json()["read_at"] == response.json()["read_at"]


def test_marking_someone_elses_notification_is_a_404(academy, api):
    notification = NotificationFactory(recipient=academy.people["worker"])
    assert_error(api("nqsw").post(f"{NOTIFICATIONS}{notification.pk}/read/"), 404)
    notification.refresh_from_db()
    assert notification.read_at is None
