"""My notifications: what the academy sent me, newest first, and marking them read."""

from __future__ import annotations

import pytest

from academy.notifications.models import Notification
from tests.factories import NotificationFactory
from tests.web.conftest import count_queries, page_of, queries_listed

pytestmark = pytest.mark.django_db


def subjects(response):
    return [
        text.removeprefix("New ")
        for text in page_of(response).texts("h2", class_="govuk-heading-s")
    ]


def test_my_notifications_show_mine_newest_first_with_their_status(academy):
    nqsw = academy.people["nqsw"]
    NotificationFactory(recipient=nqsw, subject="First", status="sent")
    NotificationFactory(recipient=nqsw, subject="Second", status="failed")
    NotificationFactory(recipient=academy.people["worker"], subject="Someone else's")
    response = academy.client("nqsw").get("/notifications/")
    assert subjects(response) == ["Second", "First"]
    page = page_of(response)
    assert page.texts("strong", class_="govuk-tag") == ["Failed", "New", "Sent"]


def test_marking_all_read_clears_the_new_tags_and_the_badge(academy):
    nqsw = academy.people["nqsw"]
    NotificationFactory.create_batch(2, recipient=nqsw, status="sent")
    pending = NotificationFactory(recipient=nqsw, status="pending")
    other = NotificationFactory(recipient=academy.people["worker"], status="sent")
    client = academy.client("nqsw")
    assert page_of(client.get("/notifications/")).text("span", class_="app-badge") == "2 unread"

    response = client.post("/notifications/read/", follow=True)
    page = page_of(response)
    assert page.text("p", class_="govuk-notification-banner__heading") == (
        "Marked 2 notifications as read."
    )
    assert page.find("span", class_="app-badge") is None
    assert "New" not in page.texts("strong", class_="govuk-tag")
    assert Notification.objects.filter(recipient=nqsw, read_at__isnull=False).count() == 2
    pending.refresh_from_db()
    other.refresh_from_db()
    assert pending.read_at is None
    assert other.read_at is None


def test_marking_read_needs_a_post(academy):
    NotificationFactory(recipient=academy.people["nqsw"], status="sent")
    assert academy.client("nqsw").get("/notifications/read/").status_code == 405
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_notifications_page_through_25_at_a_time(academy):
    nqsw = academy.people["nqsw"]
    made = [NotificationFactory(recipient=nqsw, subject=f"Message {i:02d}") for i in range(30)]
    expected = [n.subject for n in reversed(made)]
    client = academy.client("nqsw")
    first = client.get("/notifications/")
    assert subjects(first) == expected[:25]
    second = client.get("/notifications/" + page_of(first).find("a", rel="next")["attrs"]["href"])
    assert subjects(second) == expected[25:]
    assert page_of(second).find("a", rel="next") is None


def test_an_account_without_a_person_has_no_notifications(academy):
    response = academy.client("admin").get("/notifications/")
    assert response.status_code == 200
    assert "Nothing yet." in page_of(response).texts("p", class_="govuk-body")


def test_the_notifications_page_runs_the_same_queries_for_1_and_25_rows(academy):
    nqsw = academy.people["nqsw"]
    client = academy.client("nqsw")
    NotificationFactory(recipient=nqsw)
    client.get("/notifications/")
    with count_queries() as one:
        client.get("/notifications/")
    NotificationFactory.create_batch(24, recipient=nqsw)
    with count_queries() as many:
        client.get("/notifications/")
    assert len(one) == len(many), queries_listed(many)
