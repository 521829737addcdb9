"""The training pages in Chromium: a learner finds a course, books a session and sees it in My
learning; a coordinator marks a register by keyboard alone, and adds a course, an event series
and a session with its facilitators from training admin; a manager reads their team's
compliance matrix; and axe-core finds no WCAG 2.2 A or AA failure on any training page, with and
without errors. Screenshots of the catalogue, a session and the matrix go to the temporary
directory for a person to look at."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest

from academy.common.dates import today
from academy.pathways.models import PcfDomain
from academy.people.models import Organisation
from academy.training import services
from academy.training.models import Booking, Completion, Course
from tests.browser.conftest import assert_accessible, follow, sign_in
from tests.browser.test_keyboard import focused, tab_to
from tests.web.test_training_support import book, coordinator_of, course, moved, series, session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Where the screenshots go (TRAINING_SCREENSHOTS to choose another place).
SCREENSHOTS = Path(os.environ.get("TRAINING_SCREENSHOTS", tempfile.gettempdir()))


def heading(page):
    return page.locator("h1").inner_text()


def banner(page):
    return page.locator(".govuk-notification-banner").first.inner_text()


def menu(page, name):
    return page.locator("nav[aria-label='Menu']").get_by_role("link", name=name, exact=True)


def shoot(page, name):
    page.screenshot(path=str(SCREENSHOTS / f"training-{name}.png"), full_page=True)


@pytest.fixture
def catalogue(academy):
    """A small catalogue: a course with dates (one full), a partner course, e-learning, and a
    Safeguarding Week with sessions on two days."""
    domains = list(PcfDomain.objects.order_by("position"))
    mca = course(
        "Mental Capacity Act in practice",
        description="Assessing capacity and making best interests decisions, with case studies.",
        required=[{"kind": "everyone"}],
        cqc_statements=["safeguarding", "assessing_needs"],
    )
    mca.pcf_domains.set(domains[4:6])
    first = session(mca, days=10, capacity=12)
    full = session(mca, days=24, capacity=1)
    book(full, academy.people["worker"])
    moving = course(
        "Moving and assisting people", required=[{"kind": "everyone"}], refresh_months=12
    )
    session(moving, days=5)
    course(
        "Medical devices training",
        description="Hoists, slings and beds: safe use and checks.",
        partner_kinds=[Organisation.Kind.NHS_TRUST, Organisation.Kind.CARE_PROVIDER],
        provider_unit="Joint Equipment Loans Service",
    )
    course("Oliver McGowan Tier 1", mode=Course.Mode.E_LEARNING, required=[{"kind": "everyone"}])
    week = series(days=12)
    for offset, title in (
        (12.4, "Making safeguarding personal"),
        (12.6, "Self-neglect"),
        (13.4, "Cuckooing"),
    ):
        session(
            course(title, mode=Course.Mode.LIVE_WEBINAR),
            days=offset,
            hours=1.5,
            series=week,
            venue="",
            joining_link="https://meet.example.org/sgw",
        )
    return {"mca": mca, "first": first, "full": full, "week": week, "moving": moving}


def test_a_learner_books_a_session_and_sees_it_in_my_learning(page, academy, catalogue):
    sign_in(page, "nqsw")
    follow(page, menu(page, "Training"))
    assert heading(page) == "Training"
    shoot(page, "catalogue")
    assert_accessible(page)

    page.get_by_label("Course name or subject").fill("capacity")
    page.get_by_label("Has a date with places left").check()
    follow(page, page.get_by_role("button", name="Search"))
    assert page.locator(".app-results__item").count() == 1
    assert_accessible(page)

    follow(page, page.get_by_role("link", name="Mental Capacity Act in practice"))
    assert heading(page) == "Mental Capacity Act in practice"
    assert_accessible(page)
    first = catalogue["first"]
    follow(page, page.locator(f"a[href='/training/sessions/{first.pk}/']"))
    assert heading(page) == "Mental Capacity Act in practice"
    assert "12 of 12 left" in page.locator(".govuk-summary-list").inner_text()
    shoot(page, "session")
    assert_accessible(page)

    follow(page, page.get_by_role("button", name="Book a place"))
    assert "You have a place on Mental Capacity Act in practice." in banner(page)
    assert page.get_by_role("button", name="Add to your calendar (.ics)").is_visible()
    assert_accessible(page)

    follow(page, page.get_by_role("link", name="Back to My learning"))
    assert heading(page) == "My learning"
    coming = page.locator("table", has=page.locator("caption", has_text="Bookings coming up"))
    assert "Mental Capacity Act in practice" in coming.inner_text()
    assert "Booked" in coming.inner_text()
    assert_accessible(page)
    assert Booking.objects.get(person=academy.people["nqsw"]).session_id == first.pk


def test_a_learner_joins_the_waiting_list_and_keeps_a_cpd_log(page, academy, catalogue):
    sign_in(page, "nqsw")
    page.goto(f"/training/sessions/{catalogue['full'].pk}/")
    follow(page, page.get_by_role("button", name="Join the waiting list"))
    assert "You are number 1 on the waiting list." in banner(page)
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Cancel the place on the waiting list"))
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Cancel the booking"))
    assert "was cancelled" in banner(page)

    page.goto("/training/my-learning/")
    follow(page, page.get_by_role("button", name="Get my calendar address"))
    assert page.locator("#feed-url").input_value().endswith(".ics")
    assert_accessible(page)

    follow(page, page.get_by_role("link", name="Go to your CPD log"))
    assert heading(page) == "My CPD log"
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Add a piece of CPD"))
    follow(page, page.get_by_role("button", name="Add to my CPD log"))
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.get_by_label("Title of the activity").fill("Reading on self-neglect")
    day = today() - dt.timedelta(days=2)
    page.locator("#id_activity_date_day").fill(str(day.day))
    page.locator("#id_activity_date_month").fill(str(day.month))
    page.locator("#id_activity_date_year").fill(str(day.year))
    page.get_by_label("What was the activity, and why was it relevant to your practice?").fill(
        "Read the self-neglect practice guidance."
    )
    page.get_by_label("What did you learn?").fill("Engagement takes time.")
    page.get_by_label(
        "What impact has it had on your practice and on the people you work with?"
    ).fill("I plan more visits.")
    page.get_by_label("Yes").check()
    page.get_by_label("What did you learn from the discussion with your peer?").fill(
        "To record the person's own words."
    )
    follow(page, page.get_by_role("button", name="Add to my CPD log"))
    assert heading(page) == "Reading on self-neglect"
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Delete this entry"))
    assert_accessible(page)


def test_the_manager_reads_the_compliance_matrix_and_decides_a_request(page, academy, catalogue):
    coordinator = coordinator_of(academy)
    services.completion_record(
        person=academy.people["nqsw"],
        course=catalogue["mca"],
        completed_on=today() - dt.timedelta(days=40),
        actor=coordinator,
    )
    services.completion_record(
        person=academy.people["nqsw"],
        course=catalogue["moving"],
        completed_on=today() - dt.timedelta(days=320),
        actor=coordinator,
    )
    services.completion_record(
        person=academy.people["worker"],
        course=catalogue["mca"],
        completed_on=today() - dt.timedelta(days=365 * 3 + 20),
        actor=coordinator,
    )
    request = book(
        session(course("Best interests assessment", approval=True)), academy.people["worker"]
    )

    sign_in(page, "manager")
    follow(page, menu(page, "Compliance"))
    assert heading(page) == "Training compliance"
    matrix = page.locator("table", has=page.locator("caption", has_text="Compliance by person"))
    nqsw_row = matrix.locator("tr", has_text="Tester, Nqsw").inner_text()
    for state in ("Compliant", "Expiring", "Missing"):
        assert state in nqsw_row
    assert "Expired" in matrix.locator("tr", has_text="Tester, Worker").inner_text()
    assert page.locator(".app-legend").is_visible()
    shoot(page, "compliance")
    assert_accessible(page)

    page.goto(f"/training/bookings/{request.pk}/")
    assert page.get_by_role("group", name="Your decision").is_visible()
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Save the decision"))
    assert (
        "Choose to approve or decline the request"
        in page.locator(".govuk-error-summary").inner_text()
    )
    assert_accessible(page)

    follow(page, menu(page, "Compliance"))
    follow(page, page.get_by_role("link", name="See booking requests awaiting your approval"))
    assert heading(page) == "Requests awaiting approval"
    assert_accessible(page)
    follow(
        page, page.get_by_role("button", name="Approve Worker Tester for Best interests assessment")
    )
    assert "they have a place" in banner(page)
    assert_accessible(page)


def test_a_coordinator_marks_a_register_by_keyboard_alone(page, academy):
    target = session(course("Safeguarding adults"), hours=3)
    for login in ("nqsw", "worker", "outsider"):
        book(target, academy.people[login])
    moved(target, days=-1 / 24)
    sign_in(page, "coordinator")
    page.goto(f"/training/sessions/{target.pk}/register/")
    assert heading(page) == "Register"
    rows = {
        b.person.first_name: b
        for b in Booking.objects.filter(session=target).select_related("person")
    }
    # Names sort Tester, Tester, Tester: by first name, Nqsw, Outsider, Worker.
    tab_to(page, lambda el: el["id"] == f"id_mark_{rows['Nqsw'].pk}")
    page.keyboard.press("Space")  # attended
    page.keyboard.press("Tab")
    assert focused(page)["id"] == f"id_mark_{rows['Outsider'].pk}"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # did not attend
    page.keyboard.press("Tab")
    assert focused(page)["id"] == f"id_mark_{rows['Worker'].pk}"
    page.keyboard.press("ArrowRight")  # partly attended
    tab_to(page, lambda el: el["tag"] == "button" and el["text"] == "Save the register")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "The register was saved: 1 attended, 1 partly attended, 1 did not attend." in banner(
        page
    )
    statuses = dict(
        Booking.objects.filter(session=target).values_list("person__first_name", "status")
    )
    assert statuses == {"Nqsw": "attended", "Outsider": "no_show", "Worker": "partially_attended"}
    assert Completion.objects.get().person == academy.people["nqsw"]
    assert "govuk-notification-banner" in focused(page)["classes"]
    assert_accessible(page)


def test_a_coordinator_adds_a_course_a_series_and_a_session_from_training_admin(page, academy):
    sign_in(page, "coordinator")
    follow(page, menu(page, "Training admin"))
    follow(page, page.get_by_role("link", name="Add a course"))
    assert heading(page) == "Add a course"
    assert page.get_by_label("Refresh every (months) (optional)").input_value() == "36"
    page.get_by_label("Title", exact=True).fill("Positive risk taking")
    page.get_by_label("Organisation that provides it").select_option(label="Shire County Council")
    page.get_by_label("Face to face").check()
    page.get_by_label("NHS trust", exact=True).check()
    page.get_by_label("Safeguarding", exact=True).check()
    page.get_by_label("Everyone must hold it").check()
    page.get_by_label("People with these job titles (optional)").fill("Social Worker")
    follow(page, page.get_by_role("button", name="Add the course"))
    assert "Positive risk taking was added to the catalogue." in banner(page)
    assert heading(page) == "Positive risk taking"
    assert_accessible(page)
    made = Course.objects.get(title="Positive risk taking")
    assert (made.partner_kinds, made.cqc_statements) == (["nhs_trust"], ["safeguarding"])
    assert made.requirements.count() == 2

    follow(page, menu(page, "Training admin"))
    follow(page, page.get_by_role("link", name="Add an event series"))
    page.get_by_label("Name", exact=True).fill("Safeguarding Week 2031")
    first = today() + dt.timedelta(days=60)
    last = first + dt.timedelta(days=4)
    for name, day in (("starts_on", first), ("ends_on", last)):
        page.locator(f"#id_{name}_day").fill(str(day.day))
        page.locator(f"#id_{name}_month").fill(str(day.month))
        page.locator(f"#id_{name}_year").fill(str(day.year))
    follow(page, page.get_by_role("button", name="Add the event series"))
    assert heading(page) == "Safeguarding Week 2031"
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Change the event series"))
    assert page.get_by_label("Short name for its web address (optional)").input_value() == (
        "safeguarding-week-2031"
    )

    page.goto(f"/training/admin/sessions/new/?course={made.pk}")
    page.get_by_label("Part of an event series (optional)").select_option(
        label="Safeguarding Week 2031"
    )
    page.locator("#id_date_day").fill(str(first.day))
    page.locator("#id_date_month").fill(str(first.month))
    page.locator("#id_date_year").fill(str(first.year))
    page.get_by_label("Start time").fill("09:30")
    page.get_by_label("End time").fill("12:30")
    page.get_by_label("Venue (optional)").fill("County Hall, Room 2")
    page.get_by_label("Facilitators (optional)").fill("worker@example.org\npsw@example.org")
    page.get_by_label("Places", exact=True).fill("20")
    follow(page, page.get_by_role("button", name="Create the session"))
    assert "The session of Positive risk taking was created." in banner(page)
    facilitators = page.locator(".govuk-summary-list__row", has_text="Facilitators")
    assert "Psw Tester and Worker Tester" in facilitators.inner_text()
    assert_accessible(page)


def test_the_coordinators_pages_pass_axe_with_and_without_errors(
    page, academy, catalogue, tmp_path
):
    target = catalogue["first"]
    book(target, academy.people["nqsw"])
    started = session(course("Started course"), hours=3)
    book(started, academy.people["worker"])
    moved(started, days=-1 / 24)
    sign_in(page, "coordinator")

    for address in (
        "/training/",
        "/training/?mode=carrier-pigeon",
        f"/training/courses/{catalogue['mca'].pk}/",
        f"/training/series/{catalogue['week'].slug}/",
        f"/training/sessions/{target.pk}/",
        "/training/admin/",
        "/training/admin/?period=past",
        "/training/approvals/",
        "/training/compliance/",
    ):
        page.goto(address)
        assert_accessible(page)

    page.goto(f"/training/sessions/{target.pk}/")
    page.get_by_label("Work email address of the person to book").fill("nobody@example.org")
    follow(page, page.get_by_role("button", name="Book this person"))
    assert "Nobody has this work email address" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)

    forms = {
        "/training/admin/courses/new/": "Add the course",
        f"/training/courses/{catalogue['mca'].pk}/edit/": "Save changes",
        "/training/admin/series/new/": "Add the event series",
        f"/training/series/{catalogue['week'].slug}/edit/": "Save changes",
        "/training/admin/sessions/new/": "Create the session",
        f"/training/sessions/{target.pk}/edit/": "Save changes",
        f"/training/sessions/{target.pk}/cancel/": "Cancel the session",
        f"/training/sessions/{started.pk}/register/": "Save the register",
        f"/training/sessions/{target.pk}/bookings/import/": "Book the people listed",
        "/training/admin/completions/new/": "Record the completion",
        "/training/admin/completions/import/": "Import completions",
    }
    for address, button in forms.items():
        page.goto(address)
        assert_accessible(page)
        for box in page.locator("input[id$='_day'], input#id_title").all():
            box.fill("")
        follow(page, page.get_by_role("button", name=button))
        assert page.locator(".govuk-error-summary").is_visible(), address
        assert_accessible(page)

    upload = tmp_path / "people.csv"
    upload.write_text("work_email\nworker@example.org\nnobody@example.org\n")
    page.goto(f"/training/sessions/{target.pk}/bookings/import/")
    page.set_input_files("#id_file", str(upload))
    follow(page, page.get_by_role("button", name="Book the people listed"))
    assert "1 of 2 rows done" in page.locator(".app-report").inner_text()
    assert_accessible(page)

    page.goto(f"/training/sessions/{target.pk}/register/")
    assert (
        "The register opens when the session starts"
        in page.locator(".govuk-inset-text").inner_text()
    )
    assert_accessible(page)


def test_a_partner_coordinator_and_the_psw_pages_pass_axe(page, academy, catalogue):
    sign_in(page, "partner")
    page.goto(f"/training/sessions/{catalogue['first'].pk}/")
    assert "not open to nhs trust staff" in page.locator(".govuk-inset-text").inner_text()
    assert_accessible(page)
    follow(page, menu(page, "Compliance"))
    assert_accessible(page)
