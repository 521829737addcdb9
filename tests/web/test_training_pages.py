"""What the training pages show: the navigation, the catalogue and its filters, a course, a
session (places, the viewer's booking, a clash, who may book), a booking, My learning, the CPD
log, the compliance matrix, an event series, the coordinator's sessions and the register; and
that the long ones run a fixed number of queries whatever their rows."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone

from academy.common.dates import add_months, today
from academy.pathways.models import PcfDomain
from academy.people.models import Organisation
from academy.training import rules, services
from academy.training.models import Booking, Course, Session
from tests.web.conftest import count_queries, page_of, queries_listed, squash
from tests.web.test_training_support import (
    book,
    coordinator_of,
    course,
    moved,
    series,
    session,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def nav_items(page):
    return page.texts("a", class_="govuk-service-navigation__link")[1:]


def completed(academy, person, of, *, days_ago):
    return services.completion_record(
        person=person,
        course=of,
        completed_on=today() - dt.timedelta(days=days_ago),
        actor=coordinator_of(academy),
    )


# ---------------------------------------------------------------------------------------------
# Navigation
# ---------------------------------------------------------------------------------------------
TRAINING_ITEMS = {"Training", "Compliance", "Training admin"}


@pytest.mark.parametrize(
    ("login", "items"),
    [
        ("nqsw", ["Training"]),
        ("worker", ["Training"]),
        ("nhs_staff", ["Training"]),
        ("manager", ["Training", "Compliance"]),
        ("partner", ["Training", "Compliance"]),
        ("psw", ["Training", "Compliance"]),
        ("dass", ["Training", "Compliance"]),
        ("principal_ot", ["Training", "Compliance"]),
        ("coordinator", ["Training", "Compliance", "Training admin"]),
        ("admin", ["Training", "Compliance", "Training admin"]),
    ],
)
def test_training_is_for_everyone_compliance_for_leads_and_admin_for_coordinators(
    academy, login, items
):
    shown = nav_items(page_of(academy.client(login).get("/")))
    assert [item for item in shown if item in TRAINING_ITEMS] == items
    if "My details" in shown:
        assert shown.index(items[-1]) < shown.index("My details")


def test_the_training_item_is_current_on_the_training_pages(academy):
    page = page_of(academy.client("nqsw").get("/training/my-learning/"))
    current = page.find("a", class_="govuk-service-navigation__link", aria_current="page")
    assert squash(current["text"]) == "Training"


# ---------------------------------------------------------------------------------------------
# The catalogue
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def catalogue(academy):
    """Four courses: one with places, one full, one for partners, one e-learning without dates,
    and one retired."""
    domains = list(PcfDomain.objects.order_by("position"))
    with_places = course(
        "Mental Capacity Act in practice",
        description="Assessing capacity, best interests decisions.",
        cqc_statements=["safeguarding", "assessing_needs"],
    )
    with_places.pcf_domains.set(domains[4:5])
    session(with_places, capacity=5)
    full = course("Moving and assisting people", refresh_months=12)
    book(session(full, capacity=1), academy.people["worker"])
    partners = course(
        "Medical devices training",
        partner_kinds=[Organisation.Kind.NHS_TRUST, Organisation.Kind.CARE_PROVIDER],
        provider_unit="Joint Equipment Loans Service",
    )
    session(partners)
    course("Oliver McGowan Tier 1", mode=Course.Mode.E_LEARNING)
    course("Retired course", active=False)
    return {"with_places": with_places, "full": full, "partners": partners}


def titles(response):
    return [squash(h["text"]) for h in page_of(response).find_all("h3")]


def test_the_catalogue_lists_active_courses_with_their_next_date_and_places(academy, catalogue):
    page = page_of(academy.client("nqsw").get("/training/"))
    assert page.h1 == "Training"
    assert [squash(h["text"]) for h in page.find_all("h3")] == [
        "Medical devices training",
        "Mental Capacity Act in practice",
        "Moving and assisting people",
        "Oliver McGowan Tier 1",
    ]
    details = page.texts("li", class_="app-results__item")
    assert "Places left" in details[1]
    assert "Full" in details[2]
    assert details[3].endswith("Online, at any time")
    assert "Joint Equipment Loans Service · Open to partners" in details[0]


def test_a_coordinator_sees_retired_courses_marked_as_such(academy, catalogue):
    page = page_of(academy.client("coordinator").get("/training/"))
    assert "Retired course Not offered" in [squash(h["text"]) for h in page.find_all("h3")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"search": "capacity best"}, ["Mental Capacity Act in practice"]),
        ({"mode": "e_learning"}, ["Oliver McGowan Tier 1"]),
        ({"statement": "safeguarding"}, ["Mental Capacity Act in practice"]),
        ({"open_to_partners": "on"}, ["Medical devices training"]),
        (
            {"has_places": "on"},
            ["Medical devices training", "Mental Capacity Act in practice"],
        ),
        ({"has_places": "on", "search": "moving"}, []),
    ],
)
def test_the_catalogue_filters(academy, catalogue, query, expected):
    assert titles(academy.client("nqsw").get("/training/", query)) == expected


def test_the_catalogue_filters_by_pcf_domain(academy, catalogue):
    domain = PcfDomain.objects.order_by("position")[4]
    response = academy.client("nqsw").get("/training/", {"domain": domain.pk})
    assert titles(response) == ["Mental Capacity Act in practice"]


def test_a_filter_the_form_refuses_is_shown_and_the_others_still_apply(academy, catalogue):
    response = academy.client("nqsw").get("/training/", {"mode": "carrier pigeon", "search": "mov"})
    page = page_of(response)
    assert page.error_summary_links() == {"id_mode": "Choose a way of delivery from the list"}
    assert titles(response) == ["Moving and assisting people"]


def test_the_catalogue_lists_the_event_series_to_come(academy, catalogue):
    week = series()
    page = page_of(academy.client("nqsw").get("/training/"))
    assert page.find("a", href=f"/training/series/{week.slug}/") is not None


def test_the_catalogue_runs_the_same_queries_for_one_course_or_forty(academy):
    client = academy.client("nqsw")
    session(course("Course 000"))
    client.get("/training/")
    with count_queries() as one:
        client.get("/training/")
    for number in range(1, 40):
        session(course(f"Course {number:03d}"), capacity=2)
    with count_queries() as forty:
        response = client.get("/training/")
    assert len(titles(response)) == 25
    assert len(one) == len(forty), queries_listed(forty)


def test_the_catalogue_pages_by_title(academy):
    for number in range(30):
        course(f"Course {number:03d}")
    client = academy.client("nqsw")
    first = page_of(client.get("/training/"))
    following = first.find("a", rel="next")["attrs"]["href"]
    second = client.get(f"/training/{following}")
    assert titles(second) == [f"Course {number:03d}" for number in range(25, 30)]


# ---------------------------------------------------------------------------------------------
# A course, a session, an event series
# ---------------------------------------------------------------------------------------------
def test_a_course_lists_its_dates_to_come_with_places_and_the_viewers_booking(academy):
    mca = course(
        "Mental Capacity Act in practice", required=[{"kind": "role", "role": "team_manager"}]
    )
    first = session(mca, days=3, capacity=4)
    second = session(mca, days=10, capacity=1)
    services.session_cancel(
        session=session(mca, days=5), reason="Trainer ill", actor=coordinator_of(academy)
    )
    moved(session(mca), days=-2)
    book(first, academy.people["nqsw"])
    book(second, academy.people["worker"])
    page = page_of(academy.client("nqsw").get(f"/training/courses/{mca.pk}/"))
    rows = page.table_rows("Dates to come")
    assert len(rows) == 2
    assert rows[0][2:] == ["3 of 4 left", "Booked"]
    assert rows[1][2:] == ["Full", "—"]
    assert "Team managers" in page.text("dl")


def test_a_retired_course_is_hidden_from_learners_but_not_from_coordinators(academy):
    retired = course("Old course", active=False)
    assert academy.client("nqsw").get(f"/training/courses/{retired.pk}/").status_code == 404
    page = page_of(academy.client("coordinator").get(f"/training/courses/{retired.pk}/"))
    assert "This course is no longer offered." in page.texts("div", class_="govuk-inset-text")


def summary(page):
    keys = page.texts("dt", class_="govuk-summary-list__key")
    values = page.texts("dd", class_="govuk-summary-list__value")
    return dict(zip(keys, values, strict=True))


def test_a_session_shows_when_in_london_time_where_and_places_left(academy):
    winter = dt.datetime(2030, 1, 15, 9, 30, tzinfo=LONDON)
    summer = dt.datetime(2030, 7, 15, 9, 30, tzinfo=LONDON)
    mca = course("Mental Capacity Act in practice")
    made = [
        services.session_create(
            course=mca,
            data={
                "starts_at": starts,
                "ends_at": starts + dt.timedelta(hours=3),
                "venue": "County Hall",
                "capacity": 3,
            },
        )
        for starts in (winter, summer)
    ]
    assert made[1].starts_at.astimezone(dt.UTC).hour == 8  # stored in UTC, 09:30 in summer time
    book(made[1], academy.people["worker"])
    client = academy.client("nqsw")
    first = summary(page_of(client.get(f"/training/sessions/{made[0].pk}/")))
    second = summary(page_of(client.get(f"/training/sessions/{made[1].pk}/")))
    assert first["When"] == "Tuesday 15 January 2030, 09:30 to 12:30"
    assert second["When"] == "Monday 15 July 2030, 09:30 to 12:30"
    assert second["Where"] == "County Hall"
    assert second["Places"] == "2 of 3 left"


def book_button(page):
    button = page.find("button", id="book")
    return squash(button["text"]) if button else None


def test_the_book_button_says_what_booking_will_do(academy):
    open_session = session(course("Open"), capacity=2)
    full = session(course("Full"), capacity=1)
    book(full, academy.people["worker"])
    approval = session(course("Approval", approval=True))
    client = academy.client("nqsw")
    assert book_button(page_of(client.get(f"/training/sessions/{open_session.pk}/"))) == (
        "Book a place"
    )
    full_page = page_of(client.get(f"/training/sessions/{full.pk}/"))
    assert book_button(full_page) == "Join the waiting list"
    assert "first come, first served" in full_page.html
    assert book_button(page_of(client.get(f"/training/sessions/{approval.pk}/"))) == (
        "Ask for a place"
    )
    # nobody approves their own training: the team's manager asks too
    manager_page = page_of(academy.client("manager").get(f"/training/sessions/{approval.pk}/"))
    assert book_button(manager_page) == "Ask for a place"


def test_a_waiting_person_sees_their_place_in_the_queue_and_no_button(academy):
    full = session(course("Full"), capacity=1)
    book(full, academy.people["worker"])
    book(full, academy.people["outsider"])
    book(full, academy.people["nqsw"])
    page = page_of(academy.client("nqsw").get(f"/training/sessions/{full.pk}/"))
    assert book_button(page) is None
    assert "You are number 2 on the waiting list." in page.html
    booking = Booking.objects.get(person=academy.people["nqsw"])
    assert page.find("a", href=f"/training/bookings/{booking.pk}/") is not None


def test_a_session_warns_of_a_clash_with_another_booking(academy):
    first = session(course("Morning course"), days=7, hours=3)
    overlapping = session(course("Overlapping course"), days=7.05, hours=2)
    elsewhere = session(course("Another day"), days=9)
    book(first, academy.people["nqsw"])
    client = academy.client("nqsw")
    warning = page_of(client.get(f"/training/sessions/{overlapping.pk}/")).texts(
        "strong", class_="govuk-warning-text__text"
    )
    assert len(warning) == 1
    assert "This clashes with another of your bookings: Morning course" in warning[0]
    assert not page_of(client.get(f"/training/sessions/{elsewhere.pk}/")).texts(
        "strong", class_="govuk-warning-text__text"
    )


def test_a_course_not_open_to_a_partner_says_so_and_offers_no_button(academy):
    council_only = session(course("Council only"))
    page = page_of(academy.client("nhs_staff").get(f"/training/sessions/{council_only.pk}/"))
    assert book_button(page) is None
    assert page.texts("div", class_="govuk-inset-text") == [
        "Council only is not open to nhs trust staff."
    ]


def test_the_joining_link_is_shown_once_the_person_has_a_place(academy):
    webinar = session(
        course("Webinar", mode=Course.Mode.LIVE_WEBINAR),
        venue="",
        joining_link="https://meet.example.org/abc",
    )
    client = academy.client("nqsw")
    before = page_of(client.get(f"/training/sessions/{webinar.pk}/"))
    assert summary(before)["Joining link"] == "Sent to you when you have a place"
    book(webinar, academy.people["nqsw"])
    after = page_of(client.get(f"/training/sessions/{webinar.pk}/"))
    assert after.find("a", href="https://meet.example.org/abc") is not None


def test_a_manager_books_their_people_from_a_list_and_sees_who_is_on(academy):
    target = session(course("Safeguarding"))
    book(target, academy.people["nqsw"])
    page = page_of(academy.client("manager").get(f"/training/sessions/{target.pk}/"))
    offered = [o for o in page.texts("option") if o != "Choose a person"]
    assert offered == ["Nqsw Tester", "Psw Tester", "Supervisor Tester", "Worker Tester"]
    assert page.table_rows("Your people on this session") == [["Nqsw Tester", "Booked"]]


def test_a_partner_coordinator_books_their_organisations_people(academy):
    target = session(course("Devices", partner_kinds=[Organisation.Kind.NHS_TRUST]))
    page = page_of(academy.client("partner").get(f"/training/sessions/{target.pk}/"))
    assert [o for o in page.texts("option") if o != "Choose a person"] == ["Nhs Staff Tester"]


def test_a_coordinator_books_anyone_by_work_email_and_has_the_sessions_tools(academy):
    target = session(course("Safeguarding"))
    page = page_of(academy.client("coordinator").get(f"/training/sessions/{target.pk}/"))
    assert page.find("input", name="work_email") is not None
    links = page.texts("a")
    for text in ("Register", "Change the session", "Book people from a file", "Cancel the session"):
        assert text in links


def test_a_learner_is_offered_no_one_else_to_book(academy):
    target = session(course("Safeguarding"))
    page = page_of(academy.client("nqsw").get(f"/training/sessions/{target.pk}/"))
    assert page.find("select", name="person") is None
    assert page.find("input", name="work_email") is None


def test_a_series_lists_its_sessions_day_by_day(academy):
    week = series(days=2)
    first_day = timezone.localtime(timezone.now() + dt.timedelta(days=2))
    for hours in (0, 3):
        session(course(f"Talk at {hours}"), days=2 + hours / 24, hours=1, series=week)
    session(course("Next day webinar"), days=3, hours=1, series=week)
    page = page_of(academy.client("nqsw").get(f"/training/series/{week.slug}/"))
    assert page.h1 == "Safeguarding Week"
    days = page.texts("h2", class_="govuk-heading-m")
    assert days[0] == f"{first_day:%A} {first_day.day} {first_day:%B %Y}"
    assert len(days) == 2
    first = page.table_rows(f"Sessions on {first_day:%A} {first_day.day} {first_day:%B %Y}")
    assert [row[1] for row in first] == ["Talk at 0", "Talk at 3"]


# ---------------------------------------------------------------------------------------------
# A booking
# ---------------------------------------------------------------------------------------------
def test_a_booked_place_offers_the_invite_and_cancelling(academy):
    target = session(course("Safeguarding"))
    booking = book(target, academy.people["nqsw"])
    page = page_of(academy.client("nqsw").get(f"/training/bookings/{booking.pk}/"))
    assert page.h1 == "Safeguarding"
    assert page.text("strong", class_="govuk-tag") == "Booked"
    invite = academy.client("nqsw").get(f"/training/bookings/{booking.pk}/invite.ics")
    body = invite.content.decode()
    assert invite["Content-Type"] == "text/calendar; charset=utf-8"
    assert "METHOD:REQUEST" in body
    assert f"UID:{booking.ical_uid}@academy-tracker" in body
    assert page.find("a", href=f"/training/bookings/{booking.pk}/cancel/") is not None


def test_a_waitlisted_booking_shows_its_position_and_no_invite(academy):
    full = session(course("Full"), capacity=1)
    book(full, academy.people["worker"])
    booking = book(full, academy.people["nqsw"])
    page = page_of(academy.client("nqsw").get(f"/training/bookings/{booking.pk}/"))
    assert "Number 1 on the waiting list." in page.html
    assert page.find("a", href=f"/training/bookings/{booking.pk}/invite.ics") is None
    assert (
        academy.client("nqsw").get(f"/training/bookings/{booking.pk}/invite.ics").status_code == 404
    )


def test_the_manager_sees_the_decision_on_a_request_and_others_do_not(academy):
    request = book(session(course("Approval", approval=True)), academy.people["worker"])
    url = f"/training/bookings/{request.pk}/"
    page = page_of(academy.client("manager").get(url))
    assert page.find("input", name="decision") is not None
    assert "There are 10 places left." in page.html
    for login in ("worker", "psw"):
        assert page_of(academy.client(login).get(url)).find("input", name="decision") is None


def test_approvals_lists_the_requests_of_the_managers_teams(academy):
    approval = session(course("Approval", approval=True))
    book(approval, academy.people["worker"])
    book(approval, academy.people["outsider"])
    rows = page_of(academy.client("manager").get("/training/approvals/")).table_rows()
    assert [row[0] for row in rows] == ["Worker TesterNorth Locality"]
    everyone = page_of(academy.client("coordinator").get("/training/approvals/")).table_rows()
    assert len(everyone) == 2


# ---------------------------------------------------------------------------------------------
# My learning
# ---------------------------------------------------------------------------------------------
def test_my_learning_shows_bookings_required_training_and_completions(academy):
    nqsw = academy.people["nqsw"]
    everyone = course("Safeguarding adults", required=[{"kind": "everyone"}], refresh_months=36)
    yearly = course("Moving and assisting", required=[{"kind": "everyone"}], refresh_months=12)
    course("Data protection", required=[{"kind": "everyone"}])
    course("Team managers only", required=[{"kind": "role", "role": "team_manager"}])
    completed(academy, nqsw, everyone, days_ago=30)
    completed(academy, nqsw, yearly, days_ago=300)
    book(session(everyone), nqsw)
    full = session(course("Popular"), capacity=1)
    book(full, academy.people["worker"])
    book(full, nqsw)
    page = page_of(academy.client("nqsw").get("/training/my-learning/"))
    coming = page.table_rows("Bookings coming up")
    assert [(row[0], row[3]) for row in coming] == [
        ("Safeguarding adults", "Booked"),
        ("Popular", "On the waiting list Number 1 waiting"),
    ]
    required = page.table_rows("Training you must hold")
    assert [row[0] for row in required] == [
        "Data protection",
        "Moving and assisting",
        "Safeguarding adults",
    ]
    assert required[0][1] == "Missing"
    expires = add_months(today() - dt.timedelta(days=300), 12)
    assert required[1][1] == f"Expiring until {expires.day} {expires:%b %Y}"
    assert required[2][1].startswith("Compliant until")
    finished = page.table_rows("Completed training, newest first")
    assert [row[0] for row in finished] == ["Safeguarding adults", "Moving and assisting"]


def test_a_certificate_downloads_as_a_pdf(academy):
    completion = completed(academy, academy.people["nqsw"], course("Safeguarding"), days_ago=3)
    response = academy.client("nqsw").get(f"/training/completions/{completion.pk}/certificate/")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert completion.certificate_number in response["Content-Disposition"]


def test_my_learning_runs_the_same_queries_for_one_booking_or_forty(academy):
    nqsw = academy.people["nqsw"]
    required = course("Required", required=[{"kind": "everyone"}])
    services.calendar_feed_for(person=nqsw)
    client = academy.client("nqsw")
    full = session(course("Full"), capacity=1)
    book(full, academy.people["worker"])

    def add(number):
        made = course(f"Course {number:03d}")
        book(session(made, days=3 + number), nqsw)
        completed(academy, nqsw, made, days_ago=number + 1)

    add(0)
    book(full, nqsw)
    completed(academy, nqsw, required, days_ago=5)
    client.get("/training/my-learning/")
    with count_queries() as one:
        client.get("/training/my-learning/")
    for number in range(1, 40):
        add(number)
    with count_queries() as forty:
        response = client.get("/training/my-learning/")
    assert len(page_of(response).table_rows("Bookings coming up")) == 41
    assert len(one) == len(forty), queries_listed(forty)


def test_the_calendar_address_is_offered_then_shown(academy):
    client = academy.client("nqsw")
    page = page_of(client.get("/training/my-learning/"))
    assert page.find("button", type="submit")  # Get my calendar address
    assert page.find("input", id="feed-url") is None
    client.post("/training/calendar/new/")
    page = page_of(client.get("/training/my-learning/"))
    token = academy.people["nqsw"].calendar_feed.token
    assert page.find("input", id="feed-url")["attrs"]["value"] == (
        f"http://testserver/training/calendar/{token}.ics"
    )


# ---------------------------------------------------------------------------------------------
# The CPD log
# ---------------------------------------------------------------------------------------------
def registered(person, *, first_registered):
    person.swe_number = f"SW{person.pk:06d}"
    person.swe_first_registered_on = first_registered
    person.save(update_fields=["swe_number", "swe_first_registered_on"])
    return person


def cpd(person, *, title="Reading", peer=False, day=None):
    return services.cpd_entry_save(
        person=person,
        data={
            "title": title,
            "activity_date": day or today(),
            "activity": "What I did.",
            "learning": "What I learnt.",
            "impact": "The difference.",
            "peer_reflection": peer,
            "peer_learning": "From my peer." if peer else "",
        },
    )


def standing(page):
    return page.texts("strong", class_="govuk-tag")[0]


def test_the_cpd_log_says_what_a_social_worker_still_needs_to_renew(academy):
    nqsw = registered(academy.people["nqsw"], first_registered=dt.date(2020, 1, 6))
    client = academy.client("nqsw")
    page = page_of(client.get("/training/cpd/"))
    assert standing(page) == "More CPD needed"
    assert "2 more pieces of CPD and 1 more with a peer reflection needed." in page.html
    cpd(nqsw, title="Reading")
    cpd(nqsw, title="Peer supervision", peer=True)
    page = page_of(client.get("/training/cpd/"))
    assert standing(page) == "Enough CPD to renew"
    rows = page.table_rows("CPD entries for this registration year, newest first")
    assert sorted(row[1] for row in rows) == ["Peer supervision", "Reading"]


def test_someone_first_registered_once_the_renewal_window_opened_is_exempt(academy):
    config = services.cpd_rules()
    year = rules.registration_year_start(today(), config)
    opens = rules.renewal_window_opens(year, config)
    registered(academy.people["nqsw"], first_registered=opens)
    registered(academy.people["worker"], first_registered=opens - dt.timedelta(days=1))
    assert standing(page_of(academy.client("nqsw").get("/training/cpd/"))) == "Exempt this year"
    assert standing(page_of(academy.client("worker").get("/training/cpd/"))) == "More CPD needed"


def test_someone_not_registered_keeps_a_log_without_the_renewal_rules(academy):
    page = page_of(academy.client("worker").get("/training/cpd/"))
    assert "Renewing your registration" not in page.html
    assert "apply to registered social workers" in page.text("div", class_="govuk-inset-text")


def test_an_attended_session_is_offered_as_cpd_until_recorded(academy):
    nqsw = academy.people["nqsw"]
    target = session(course("Safeguarding"))
    booking = book(target, nqsw)
    moved(target, days=-1)
    services.attendance_record(
        session=target, marks=[(booking.pk, "attended")], actor=coordinator_of(academy)
    )
    client = academy.client("nqsw")
    page = page_of(client.get("/training/cpd/"))
    link = page.find("a", href=f"/training/cpd/new/?booking={booking.pk}")
    assert squash(link["text"]).startswith("Record Safeguarding (")
    attended = Booking.objects.get(pk=booking.pk)
    services.cpd_entry_save(
        person=nqsw,
        data={**services.cpd_entry_prefill(booking=attended), "learning": "x", "impact": "y"},
    )
    assert (
        page_of(client.get("/training/cpd/")).find(
            "a", href=f"/training/cpd/new/?booking={booking.pk}"
        )
        is None
    )


def test_an_entry_reads_in_the_order_of_the_swe_form(academy):
    entry = cpd(academy.people["nqsw"], title="Peer supervision", peer=True)
    page = page_of(academy.client("nqsw").get(f"/training/cpd/{entry.pk}/"))
    assert list(summary(page)) == [
        "Title",
        "Date",
        "Hours",
        "What was the activity, and why was it relevant to your practice?",
        "What did you learn?",
        "What impact has it had on your practice and on the people you work with?",
        "Did you reflect on it with a peer?",
        "What did you learn from the discussion with your peer?",
    ]
    assert summary(page)["What did you learn from the discussion with your peer?"] == (
        "From my peer."
    )


def test_earlier_registration_years_are_a_link_away(academy):
    nqsw = academy.people["nqsw"]
    last_year = today() - dt.timedelta(days=400)
    cpd(nqsw, title="Old reading", day=last_year)
    cpd(nqsw, title="New reading")
    client = academy.client("nqsw")
    page = page_of(client.get("/training/cpd/"))
    rows = page.table_rows("CPD entries for this registration year, newest first")
    assert [row[1] for row in rows] == ["New reading"]
    start = rules.registration_year_start(last_year, services.cpd_rules())
    older = page_of(client.get("/training/cpd/", {"year": start.year}))
    rows = older.table_rows("CPD entries for this registration year, newest first")
    assert [row[1] for row in rows] == ["Old reading"]


# ---------------------------------------------------------------------------------------------
# The compliance matrix
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def required(academy):
    """Two courses everyone must hold; nqsw compliant and expiring, worker expired and missing."""
    safeguarding = course("Safeguarding adults", required=[{"kind": "everyone"}], refresh_months=36)
    moving = course("Moving and assisting", required=[{"kind": "everyone"}], refresh_months=12)
    course("Managers only", required=[{"kind": "role", "role": "team_manager"}])
    completed(academy, academy.people["nqsw"], safeguarding, days_ago=10)
    completed(academy, academy.people["nqsw"], moving, days_ago=300)
    completed(academy, academy.people["worker"], safeguarding, days_ago=365 * 3 + 10)
    return {"safeguarding": safeguarding, "moving": moving}


def matrix(page):
    return {row[0]: row[1:] for row in page.table_rows("Compliance by person")}


def test_a_manager_sees_their_team_against_what_each_must_hold(academy, required):
    page = page_of(academy.client("manager").get("/training/compliance/"))
    headers = page.texts("th", scope="col")
    assert headers[-4:] == [
        "Person",
        "Managers only",
        "Moving and assisting",
        "Safeguarding adults",
    ]
    rows = matrix(page)
    assert set(rows) == {
        "Tester, ManagerNorth Locality",
        "Tester, NqswNorth Locality",
        "Tester, PswNorth Locality",
        "Tester, SupervisorNorth Locality",
        "Tester, WorkerNorth Locality",
    }
    nqsw = rows["Tester, NqswNorth Locality"]
    assert nqsw[0] == "— Not required"
    assert nqsw[1].startswith("Expiring until")
    assert nqsw[2].startswith("Compliant until")
    worker = rows["Tester, WorkerNorth Locality"]
    assert worker[1] == "Missing"
    assert worker[2].startswith("Expired since")
    assert rows["Tester, ManagerNorth Locality"][0] == "Missing"


def test_every_cell_is_a_tag_with_words_and_the_legend_and_totals_add_up(academy, required):
    page = page_of(academy.client("manager").get("/training/compliance/"))
    tags = page.find_all("strong", class_="app-compliance-tag")
    for tag in tags:
        assert squash(tag["text"]) in {"Compliant", "Expiring", "Expired", "Missing"}
        assert any(c.startswith("govuk-tag--") for c in tag["attrs"]["class"].split())
    legend = page.texts("div", class_="app-legend__item")
    days = settings.TRAINING["EXPIRING_DAYS"]
    assert legend == [
        f"Compliant Completed, and not running out in the next {days} days",
        f"Expiring Runs out within {days} days: book a refresher",
        "Expired Ran out: needs doing again",
        "Missing Never completed",
        "— A dash Not required of this person",
    ]
    totals = page.texts("li", class_="app-totals__item")
    # 5 people × 2 courses for everyone + the manager's own course = 11
    assert totals == ["1 Compliant", "1 Expiring", "1 Expired", "8 Missing"]
    by_course = page.table_rows("Totals by course")
    assert by_course == [
        ["Managers only", "1", "0", "0", "0", "1"],
        ["Moving and assisting", "5", "0", "1", "0", "4"],
        ["Safeguarding adults", "5", "1", "0", "1", "3"],
    ]


def test_the_academy_matrix_filters_by_team(academy, required):
    client = academy.client("psw")
    everyone = matrix(page_of(client.get("/training/compliance/")))
    assert len(everyone) == 12
    team_b = matrix(page_of(client.get("/training/compliance/", {"team": academy.teams["b"].pk})))
    assert sorted(team_b) == [
        "Tester, AssessorHospital Discharge",
        "Tester, OutsiderHospital Discharge",
        "Tester, Principal OtHospital Discharge",
    ]


def test_a_partner_coordinator_sees_their_organisations_people(academy, required):
    """Partner staff are held only to what names their team, not to the council's "everyone"."""
    client = academy.client("partner")
    assert matrix(page_of(client.get("/training/compliance/"))) == {}

    course("Trust induction", required=[{"kind": "team", "team": academy.teams["nhs"]}])
    page = page_of(client.get("/training/compliance/"))
    assert page.texts("th", scope="col")[-2:] == ["Person", "Trust induction"]
    assert sorted(matrix(page)) == [
        "Tester, Nhs StaffCommunity Mental Health",
        "Tester, PartnerCommunity Mental Health",
    ]


def test_the_matrix_runs_the_same_queries_for_one_person_or_forty(academy, crowd, required):
    client = academy.client("manager")
    client.get("/training/compliance/")
    with count_queries() as few:
        client.get("/training/compliance/")
    people = crowd(40)
    for person in people[::3]:
        completed(academy, person, required["moving"], days_ago=5)
    with count_queries() as many:
        response = client.get("/training/compliance/")
    assert len(matrix(page_of(response))) == 45
    assert len(few) == len(many), queries_listed(many)


def test_the_matrix_pages_by_name_and_totals_the_whole_scope(academy, crowd, required):
    crowd(60)
    client = academy.client("coordinator")
    first = page_of(client.get("/training/compliance/", {"team": academy.teams["a"].pk}))
    assert len(matrix(first)) == 50
    assert "65 people" in first.html
    following = first.find("a", rel="next")["attrs"]["href"]
    second = page_of(client.get(f"/training/compliance/{following}"))
    assert len(matrix(second)) == 15


# ---------------------------------------------------------------------------------------------
# The coordinator's sessions and the register
# ---------------------------------------------------------------------------------------------
def test_the_coordinators_list_shows_sessions_to_come_and_past(academy):
    mca = course("Mental Capacity Act")
    to_come = session(mca, capacity=6)
    book(to_come, academy.people["nqsw"])
    moved(session(mca), days=-3)
    client = academy.client("coordinator")
    rows = page_of(client.get("/training/admin/")).table_rows()
    assert len(rows) == 1
    assert rows[0][1:6] == ["Mental Capacity Act", "1 of 6", "0", "0", "Scheduled"]
    rows = page_of(client.get("/training/admin/", {"period": "past"})).table_rows()
    assert len(rows) == 1
    assert rows[0][6].startswith("Register")


def test_the_session_list_runs_the_same_queries_for_one_session_or_forty(academy):
    client = academy.client("coordinator")
    mca = course("Mental Capacity Act")
    book(session(mca, days=1), academy.people["nqsw"])
    client.get("/training/admin/")
    with count_queries() as one:
        client.get("/training/admin/")
    week = series()
    for number in range(39):
        book(session(mca, days=2 + number, series=week), academy.people["nqsw"])
    with count_queries() as forty:
        response = client.get("/training/admin/")
    assert len(page_of(response).table_rows()) == 40
    assert len(one) == len(forty), queries_listed(forty)


def test_the_series_page_runs_the_same_queries_for_one_session_or_forty(academy):
    week = series(length=7)
    client = academy.client("nqsw")
    session(course("Talk 0"), days=3, series=week)
    client.get(f"/training/series/{week.slug}/")
    with count_queries() as one:
        client.get(f"/training/series/{week.slug}/")
    for number in range(1, 40):
        session(course(f"Talk {number}"), days=3 + number / 10, hours=1, series=week)
    with count_queries() as forty:
        client.get(f"/training/series/{week.slug}/")
    assert len(one) == len(forty), queries_listed(forty)


def test_the_register_opens_when_the_session_starts(academy):
    target = session(course("Safeguarding"))
    book(target, academy.people["nqsw"])
    client = academy.client("coordinator")
    page = page_of(client.get(f"/training/sessions/{target.pk}/register/"))
    assert "The register opens when the session starts" in page.text(
        "div", class_="govuk-inset-text"
    )
    assert page.find("input", type="radio") is None
    moved(target, days=-0.1)
    page = page_of(client.get(f"/training/sessions/{target.pk}/register/"))
    assert len(page.find_all("input", type="radio")) == 3


def test_the_register_runs_the_same_queries_for_one_person_or_forty(academy, crowd):
    target = session(course("Safeguarding"), capacity=50)
    coordinator = coordinator_of(academy)
    book(target, academy.people["nqsw"])
    people = crowd(39)
    client = academy.client("coordinator")
    moved(target, days=-0.1)
    client.get(f"/training/sessions/{target.pk}/register/")
    with count_queries() as one:
        client.get(f"/training/sessions/{target.pk}/register/")
    moved(target, days=1)
    for person in people:
        book(target, person, by=coordinator)
    moved(target, days=-0.1)
    with count_queries() as forty:
        response = client.get(f"/training/sessions/{target.pk}/register/")
    assert len(page_of(response).find_all("input", type="radio")) == 40 * 3
    assert len(one) == len(forty), queries_listed(forty)
    assert Session.objects.get(pk=target.pk).bookings.count() == 40
