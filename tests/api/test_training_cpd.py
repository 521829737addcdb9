"""CPD entries and calendar feeds over the API: each person's own."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from academy.training.models import CpdEntry
from academy.training.rules import CpdRules, registration_year_start
from tests.api.support import assert_error
from tests.api.test_training import (  # noqa: F401  (fixtures)
    API,
    Training,
    book,
    make_session,
    training_fixture,
)

pytestmark = pytest.mark.django_db


def _entry(**changes) -> dict:
    return {
        "title": "Shadowing a Best Interests Assessor",
        "activity_date": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "hours": "6.00",
        "activity": "A day shadowing a BIA.",
        "learning": "How a best interests decision is reached.",
        "impact": "I record capacity assessments more carefully.",
        **changes,
    }


# ---------------------------------------------------------------------------------------------
# Entries
# ---------------------------------------------------------------------------------------------
def test_an_entry_falls_in_the_registration_year_of_its_activity(training, api):
    response = api("worker").post(f"{API}/cpd-entries/", _entry(), format="json")

    assert response.status_code == 201, response.content
    entry = response.json()
    day = timezone.localdate() - dt.timedelta(days=1)
    assert entry["registration_year_starts"] == registration_year_start(day, CpdRules()).isoformat()
    assert entry["registration_year_starts"].endswith("-12-01")
    assert entry["hours"] == "6.00"
    assert CpdEntry.objects.get(pk=entry["id"]).person == training.person("worker")


def test_a_peer_reflection_must_say_what_was_learnt_from_the_peer(training, api):
    response = api("worker").post(
        f"{API}/cpd-entries/", _entry(peer_reflection=True), format="json"
    )

    assert_error(response, 400, fields={"peer_learning"})


def test_entry_errors_name_each_field(training, api):
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = api("worker").post(
        f"{API}/cpd-entries/",
        _entry(activity_date=future, learning="", hours="-1"),
        format="json",
    )

    assert_error(response, 400, fields={"learning", "hours"})
    response = api("worker").post(
        f"{API}/cpd-entries/", _entry(activity_date=future), format="json"
    )
    assert_error(response, 400, fields={"activity_date"})


def test_an_entry_links_only_to_the_persons_own_booking(training, api):
    mine = api("nqsw").post(
        f"{API}/cpd-entries/", _entry(booking=training.attended.pk), format="json"
    )
    someone_elses = api("worker").post(
        f"{API}/cpd-entries/", _entry(booking=training.attended.pk), format="json"
    )

    assert mine.status_code == 201
    assert mine.json()["booking"] == training.attended.pk
    assert_error(someone_elses, 400, fields={"booking"}, code="does_not_exist")


def test_each_person_lists_changes_and_deletes_only_their_own_entries(training, api):
    nqsw, worker = api("nqsw"), api("worker")
    worker.post(f"{API}/cpd-entries/", _entry(), format="json")
    url = f"{API}/cpd-entries/{training.cpd.pk}/"

    listed = nqsw.get(f"{API}/cpd-entries/").json()["results"]
    changed = nqsw.patch(url, {"peer_reflection": True, "peer_learning": "Ask earlier."})
    half_changed = nqsw.patch(url, {"peer_learning": ""}, format="json")

    assert [e["title"] for e in listed] == ["Reading on the Care Act"]
    assert changed.json()["peer_reflection"] is True
    assert changed.json()["title"] == "Reading on the Care Act"
    assert_error(half_changed, 400, fields={"peer_learning"})
    assert worker.get(url).status_code == 404
    assert worker.delete(url).status_code == 404
    assert nqsw.delete(url).status_code == 204
    assert not CpdEntry.objects.filter(pk=training.cpd.pk).exists()


def test_entries_filter_by_registration_year(training, api):
    year = training.cpd.registration_year_starts
    client = api("nqsw")

    this_year = client.get(f"{API}/cpd-entries/?registration_year_starts={year}").json()
    last_year = client.get(
        f"{API}/cpd-entries/?registration_year_starts={year.replace(year=year.year - 1)}"
    ).json()

    assert [e["id"] for e in this_year["results"]] == [training.cpd.pk]
    assert last_year["results"] == []


# ---------------------------------------------------------------------------------------------
# Standing and the draft from a session
# ---------------------------------------------------------------------------------------------
def test_the_standing_counts_this_years_entries_and_peer_reflections(training, api):
    client = api("nqsw")

    short = client.get(f"{API}/cpd-entries/standing/").json()
    client.post(
        f"{API}/cpd-entries/",
        _entry(peer_reflection=True, peer_learning="A colleague's view on risk."),
        format="json",
    )
    met = client.get(f"{API}/cpd-entries/standing/").json()

    assert (short["status"], short["entries"], short["entries_needed"]) == ("short", 1, 1)
    assert short["peer_reflections_needed"] == 1
    assert (met["status"], met["entries"], met["peer_reflections"]) == ("met", 2, 1)
    assert met["year_start"] == training.cpd.registration_year_starts.isoformat()


def test_an_attended_session_fills_in_a_draft_entry(training, api):
    client = api("nqsw")

    draft = client.get(f"{API}/cpd-entries/prefill/{training.attended.pk}/").json()
    draft.update(learning="Making safeguarding personal.", impact="I ask what matters first.")
    created = client.post(f"{API}/cpd-entries/", draft, format="json")

    assert draft["title"] == "Safeguarding adults"
    assert draft["hours"] == "3.00"
    assert draft["activity_date"] == str(timezone.localtime(training.past.starts_at).date())
    assert draft["activity"].startswith("I attended Safeguarding adults (face to face).")
    assert created.status_code == 201, created.content
    assert created.json()["booking"] == training.attended.pk


def test_a_session_not_attended_fills_in_nothing(training, api):
    response = api("nqsw").get(f"{API}/cpd-entries/prefill/{training.booking.pk}/")

    assert_error(response, 409, fields={"booking"})


def test_an_account_without_a_person_keeps_no_cpd(training, api):
    client = api("admin")

    assert client.get(f"{API}/cpd-entries/").json()["results"] == []
    assert_error(client.post(f"{API}/cpd-entries/", _entry(), format="json"), 403)


# ---------------------------------------------------------------------------------------------
# Calendar feeds
# ---------------------------------------------------------------------------------------------
def _feed(url: str) -> Calendar:
    response = Client().get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_the_private_feed_lists_the_sessions_held_without_a_sign_in(training, api):
    waiting = make_session(training.safeguarding, days=30, capacity=1)
    book(waiting, training.person("worker"), training.actor("worker"))
    book(waiting, training.person("nqsw"), training.actor("nqsw"))  # waitlisted: not in the feed

    url = api("nqsw").get(f"{API}/me/calendar-feed/").json()["url"]
    calendar = _feed(url)

    assert url.endswith(f"/training/calendar/{training.feed.token}.ics")
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert sorted(str(e["UID"]) for e in calendar.walk("VEVENT")) == sorted(
        f"{b.ical_uid}@academy-tracker" for b in (training.booking, training.attended)
    )


def test_a_new_feed_address_stops_the_old_one_at_once(training, api):
    client = api("nqsw")
    old = client.get(f"{API}/me/calendar-feed/").json()["url"]

    new = client.post(f"{API}/me/calendar-feed/").json()["url"]

    assert new != old
    assert client.get(f"{API}/me/calendar-feed/").json()["url"] == new
    assert Client().get(old).status_code == 404  # the pages serve the feed
    _feed(new)


def test_a_cancelled_booking_leaves_the_feed(training, api):
    client = api("nqsw")
    client.post(f"{API}/bookings/{training.booking.pk}/cancel/", {}, format="json")

    calendar = _feed(client.get(f"{API}/me/calendar-feed/").json()["url"])

    assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == [
        f"{training.attended.ical_uid}@academy-tracker"
    ]
