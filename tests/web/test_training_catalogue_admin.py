"""A training coordinator runs the catalogue from the pages: adds and changes a course (with who
must hold it and what it covers) and an event series, and gives a session its facilitators and
the day booking opens. Each form saves through the catalogue services and lands on what was done
with a banner, or shows each problem on its field (the service's refusals included) and writes
nothing. The session page names the facilitators in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import override_settings

from academy.common.dates import today
from academy.pathways.models import PcfDomain
from academy.people.models import Organisation, Person, Role
from academy.training.models import Course, EventSeries, Requirement, Session
from tests.factories import PersonFactory
from tests.web.conftest import count_queries, page_of, queries_listed
from tests.web.test_training_forms import banners, session_data
from tests.web.test_training_support import course, date, host, series, session

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NEW_COURSE = "/training/admin/courses/new/"
NEW_SERIES = "/training/admin/series/new/"


def course_data(**changes):
    """What the course form posts for a face-to-face course of the council's, optional."""
    data = {
        "title": "Positive risk taking",
        "description": "Working with people to take the risks that matter to them.",
        "provider": host().pk,
        "provider_unit": "",
        "delivery_mode": Course.Mode.FACE_TO_FACE,
        "duration_minutes": "180",
        "cpd_hours": "3",
        "refresh_months": "36",
        "late_cancellation_days": "3",
        "active": "on",
        "job_titles": "",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def requirements_of(target):
    """Who must hold the course, as (kind, what it names) pairs in a stable order."""
    return sorted(
        (r.kind, r.role or r.job_title or (r.team.name if r.team else ""))
        for r in Requirement.objects.filter(course=target).select_related("team")
    )


def checked(page, name):
    return [
        box["attrs"]["value"]
        for box in page.find_all("input", name=name)
        if "checked" in box["attrs"]
    ]


def summary(page):
    keys = page.texts("dt", class_="govuk-summary-list__key")
    values = page.texts("dd", class_="govuk-summary-list__value")
    return dict(zip(keys, values, strict=True))


# ---------------------------------------------------------------------------------------------
# Adding a course
# ---------------------------------------------------------------------------------------------
def test_a_coordinator_adds_a_course_with_who_must_hold_it_and_what_it_covers(academy):
    domains = list(PcfDomain.objects.order_by("position"))[:2]
    data = course_data(
        provider=academy.trust.pk,
        provider_unit="Joint Equipment Loans Service",
        delivery_mode=Course.Mode.BLENDED,
        duration_minutes="90",
        cpd_hours="1.5",
        refresh_months="12",
        late_cancellation_days="5",
        needs_manager_approval="on",
        partner_kinds=[Organisation.Kind.NHS_TRUST, Organisation.Kind.CARE_PROVIDER],
        pcf_domains=[d.pk for d in domains],
        cqc_statements=["safeguarding", "learning"],
        everyone="on",
        roles=[Role.TEAM_MANAGER],
        teams=[academy.teams["b"].pk],
        job_titles="Social Worker\n\n  Occupational Therapist  \nSocial Worker\n",
    )
    response = academy.client("coordinator").post(NEW_COURSE, data, follow=True)
    made = Course.objects.get()
    assert response.redirect_chain == [(f"/training/courses/{made.pk}/", 302)]
    assert banners(response) == ["Positive risk taking was added to the catalogue."]
    stored = (
        made.title,
        made.description,
        made.provider,
        made.provider_unit,
        made.delivery_mode,
        made.duration_minutes,
        made.cpd_hours,
        made.refresh_months,
        made.late_cancellation_days,
        made.needs_manager_approval,
        made.active,
    )
    assert stored == (
        "Positive risk taking",
        "Working with people to take the risks that matter to them.",
        academy.trust,
        "Joint Equipment Loans Service",
        "blended",
        90,
        Decimal("1.50"),
        12,
        5,
        True,
        True,
    )
    assert made.partner_kinds == ["nhs_trust", "care_provider"]
    assert made.cqc_statements == ["safeguarding", "learning"]
    assert list(made.pcf_domains.order_by("position")) == domains
    assert requirements_of(made) == [
        ("everyone", ""),
        ("job_title", "Occupational Therapist"),
        ("job_title", "Social Worker"),
        ("role", "team_manager"),
        ("team", "Hospital Discharge"),
    ]
    shown = summary(page_of(response))
    assert set(shown["Who must hold it"].split("; ")) == {
        "Everyone",
        "Team managers",
        "Hospital Discharge",
        "Social Workers",
        "Occupational Therapists",
    }
    assert shown["Refresh"] == "Every 12 months"
    assert shown["Open to"] == "Council staff, NHS trust staff and Care provider staff"


def test_left_blank_a_course_is_optional_has_no_length_and_never_expires(academy):
    data = course_data(
        duration_minutes="", cpd_hours="", refresh_months="", active=None, job_titles=""
    )
    academy.client("coordinator").post(NEW_COURSE, data)
    made = Course.objects.get()
    assert (made.duration_minutes, made.cpd_hours, made.refresh_months) == (0, Decimal("0"), None)
    assert made.active is False
    assert (made.partner_kinds, made.cqc_statements) == ([], [])
    assert requirements_of(made) == []
    assert not made.pcf_domains.exists()


@override_settings(TRAINING={**settings.TRAINING, "DEFAULT_REFRESH_MONTHS": 24})
def test_a_new_course_form_starts_with_the_configured_refresh_and_offered(academy):
    page = page_of(academy.client("coordinator").get(NEW_COURSE))
    assert page.h1 == "Add a course"
    assert page.find("input", name="refresh_months")["attrs"]["value"] == "24"
    assert page.find("input", name="late_cancellation_days")["attrs"]["value"] == "3"
    assert "checked" in page.find("input", name="active")["attrs"]
    assert "checked" not in page.find("input", name="needs_manager_approval")["attrs"]
    assert page.find("input", name="title")["attrs"].get("value", "") == ""


def test_the_default_refresh_is_three_years_unless_configured():
    assert settings.TRAINING["DEFAULT_REFRESH_MONTHS"] == 36


def test_the_course_form_shows_each_problem_on_its_field_and_writes_nothing(academy):
    data = course_data(
        title="   ",
        provider="",
        delivery_mode=None,
        cpd_hours="-1",
        refresh_months="0",
        late_cancellation_days="",
        duration_minutes="three hours",
    )
    response = academy.client("coordinator").post(NEW_COURSE, data)
    page = page_of(response)
    assert response.status_code == 200
    assert page.title.startswith("Error: ")
    assert page.error_summary_links() == {
        "id_title": "Enter the title of the course",
        "id_provider": "Choose the organisation that provides it",
        "id_delivery_mode": "Choose how it is delivered",
        "id_duration_minutes": "The length must be a whole number of minutes, like 180",
        "id_cpd_hours": "CPD hours cannot be negative",
        "id_refresh_months": "Enter 1 month or more, or leave the refresh blank if it never "
        "expires",
        "id_late_cancellation_days": "Enter the days before the start when cancelling counts "
        "as late",
    }
    assert page.field_error("id_cpd_hours") == "Error: CPD hours cannot be negative"
    assert not Course.objects.exists()
    assert not Requirement.objects.exists()


def test_choices_not_offered_are_refused(academy):
    data = course_data(
        partner_kinds=["pigeon_fanciers"],
        cqc_statements=["vibes"],
        roles=["emperor"],
        teams=["987654321"],
    )
    page = page_of(academy.client("coordinator").post(NEW_COURSE, data))
    assert page.error_summary_links() == {
        "id_partner_kinds": "Choose partner organisations from the list",
        "id_cqc_statements": "Choose quality statements from the list",
        "id_roles": "Choose roles from the list",
        "id_teams": "Choose teams from the list",
    }
    assert not Course.objects.exists()


def test_a_job_title_longer_than_a_record_holds_is_refused(academy):
    data = course_data(job_titles=f"Social Worker\n{'x' * 151}", everyone="on")
    page = page_of(academy.client("coordinator").post(NEW_COURSE, data))
    assert page.error_summary_links() == {
        "id_job_titles": "Each job title must be 150 characters or fewer"
    }
    assert not Course.objects.exists()


def test_the_service_refusing_a_title_the_provider_already_has_writes_nothing(academy):
    course("Positive risk taking")
    page = page_of(
        academy.client("coordinator").post(
            NEW_COURSE, course_data(title="positive RISK taking", everyone="on")
        )
    )
    assert page.error_summary_links() == {
        "id_title": "This provider already has a course with this title."
    }
    assert Course.objects.count() == 1
    assert not Requirement.objects.exists()


# ---------------------------------------------------------------------------------------------
# Changing a course
# ---------------------------------------------------------------------------------------------
def test_the_change_form_shows_the_course_as_saved(academy):
    domain = PcfDomain.objects.order_by("position")[0]
    target = course(
        "Mental Capacity Act in practice",
        required=[
            {"kind": "everyone"},
            {"kind": "role", "role": Role.ASSESSOR},
            {"kind": "team", "team": academy.teams["a"]},
            {"kind": "job_title", "job_title": "Social Worker"},
            {"kind": "job_title", "job_title": "Senior Practitioner"},
        ],
        partner_kinds=[Organisation.Kind.NHS_TRUST],
        cqc_statements=["assessing_needs"],
        refresh_months=None,
    )
    target.pcf_domains.set([domain])
    page = page_of(academy.client("coordinator").get(f"/training/courses/{target.pk}/edit/"))
    assert page.h1 == "Change the course"
    assert page.text("span", class_="govuk-caption-l") == "Mental Capacity Act in practice"
    assert page.find("input", name="title")["attrs"]["value"] == "Mental Capacity Act in practice"
    assert page.find("input", name="refresh_months")["attrs"].get("value", "") == ""
    assert checked(page, "delivery_mode") == ["face_to_face"]
    assert checked(page, "partner_kinds") == ["nhs_trust"]
    assert checked(page, "cqc_statements") == ["assessing_needs"]
    assert checked(page, "pcf_domains") == [str(domain.pk)]
    assert "checked" in page.find("input", name="everyone")["attrs"]
    assert checked(page, "roles") == ["assessor"]
    assert checked(page, "teams") == [str(academy.teams["a"].pk)]
    assert page.text("textarea", name="job_titles") == "Social Worker Senior Practitioner"


def test_a_coordinator_changes_a_course_and_who_must_hold_it(academy):
    target = course(
        "Mental Capacity Act in practice",
        required=[{"kind": "everyone"}],
        cqc_statements=["assessing_needs"],
    )
    data = course_data(
        title="Mental Capacity Act: assessing capacity",
        refresh_months="24",
        roles=[Role.TEAM_MANAGER, Role.ASSESSOR],
        cqc_statements=["safeguarding"],
        active=None,
    )
    response = academy.client("coordinator").post(
        f"/training/courses/{target.pk}/edit/", data, follow=True
    )
    assert response.redirect_chain == [(f"/training/courses/{target.pk}/", 302)]
    assert banners(response) == ["The course was updated."]
    target.refresh_from_db()
    assert (target.title, target.refresh_months, target.active) == (
        "Mental Capacity Act: assessing capacity",
        24,
        False,
    )
    assert target.cqc_statements == ["safeguarding"]
    assert requirements_of(target) == [("role", "assessor"), ("role", "team_manager")]
    assert Course.objects.count() == 1


def test_a_refused_change_leaves_the_course_and_who_must_hold_it_as_they_were(academy):
    course("Safeguarding adults")
    target = course("Mental Capacity Act in practice", required=[{"kind": "everyone"}])
    data = course_data(title="Safeguarding adults", roles=[Role.ASSESSOR])
    page = page_of(academy.client("coordinator").post(f"/training/courses/{target.pk}/edit/", data))
    assert page.error_summary_links() == {
        "id_title": "This provider already has a course with this title."
    }
    # The page names the course as saved, and shows what was tried in the form.
    assert page.text("span", class_="govuk-caption-l") == "Mental Capacity Act in practice"
    assert page.find("input", name="title")["attrs"]["value"] == "Safeguarding adults"
    target.refresh_from_db()
    assert target.title == "Mental Capacity Act in practice"
    assert requirements_of(target) == [("everyone", "")]


def test_a_retired_course_can_be_changed_and_a_missing_one_is_not_found(academy):
    retired = course("Old course", active=False)
    client = academy.client("coordinator")
    assert client.get(f"/training/courses/{retired.pk}/edit/").status_code == 200
    assert client.get("/training/courses/987654321/edit/").status_code == 404


def test_only_coordinators_are_offered_the_catalogue_changes(academy):
    target = course("Safeguarding adults")
    week = series()
    for login, offered in (("coordinator", True), ("admin", True), ("psw", False), ("nqsw", False)):
        client = academy.client(login)
        course_page = page_of(client.get(f"/training/courses/{target.pk}/"))
        series_page = page_of(client.get(f"/training/series/{week.slug}/"))
        change_course = course_page.find("a", href=f"/training/courses/{target.pk}/edit/")
        change_series = series_page.find("a", href=f"/training/series/{week.slug}/edit/")
        assert (change_course is not None, change_series is not None) == (offered, offered), login
    admin = page_of(academy.client("coordinator").get("/training/admin/"))
    assert admin.text("a", href=NEW_COURSE) == "Add a course"
    assert admin.text("a", href=NEW_SERIES) == "Add an event series"


# ---------------------------------------------------------------------------------------------
# Event series
# ---------------------------------------------------------------------------------------------
def test_a_coordinator_adds_an_event_series_named_for_its_address(academy):
    first = today() + dt.timedelta(days=40)
    data = {
        "title": "Safeguarding Week 2031",
        "slug": "",
        "description": "Talks, webinars and workshops.",
        **date("starts_on", first),
        **date("ends_on", first + dt.timedelta(days=4)),
    }
    response = academy.client("coordinator").post(NEW_SERIES, data, follow=True)
    made = EventSeries.objects.get()
    assert response.redirect_chain == [("/training/series/safeguarding-week-2031/", 302)]
    assert banners(response) == ["Safeguarding Week 2031 was added. Choose it on its sessions."]
    assert (made.title, made.slug, made.description, made.starts_on, made.ends_on) == (
        "Safeguarding Week 2031",
        "safeguarding-week-2031",
        "Talks, webinars and workshops.",
        first,
        first + dt.timedelta(days=4),
    )
    # The new series is offered on the session form.
    form = page_of(academy.client("coordinator").get("/training/admin/sessions/new/"))
    assert form.text("option", value=str(made.pk)) == "Safeguarding Week 2031"


def test_the_series_form_shows_each_problem_on_its_field_and_writes_nothing(academy):
    page = page_of(
        academy.client("coordinator").post(
            NEW_SERIES, {"title": "", "slug": "not a slug!", **date("starts_on", today())}
        )
    )
    assert page.error_summary_links() == {
        "id_title": "Enter the name of the series",
        "id_slug": "The short name can only have letters, numbers, hyphens and underscores, "
        "like safeguarding-week-2026",
        "id_ends_on_day": "Enter the last day",
    }
    assert not EventSeries.objects.exists()


def test_a_series_ends_on_or_after_its_first_day_and_has_an_address_of_its_own(academy):
    series("Practice Week")
    first = today() + dt.timedelta(days=10)
    data = {
        "title": "Practice Week",
        "slug": "",
        **date("starts_on", first),
        **date("ends_on", first - dt.timedelta(days=1)),
    }
    page = page_of(academy.client("coordinator").post(NEW_SERIES, data))
    assert page.error_summary_links() == {
        "id_slug": "Another event series has the short name practice-week: choose another",
        "id_ends_on_day": "The last day must be the same as or after the first day",
    }
    assert EventSeries.objects.count() == 1


def test_a_coordinator_changes_an_event_series(academy):
    week = series("Safeguarding Week")
    page = page_of(academy.client("coordinator").get(f"/training/series/{week.slug}/edit/"))
    assert page.h1 == "Change the event series"
    assert page.find("input", name="slug")["attrs"]["value"] == "safeguarding-week"
    assert page.find("input", name="starts_on_day")["attrs"]["value"] == str(week.starts_on.day)
    first = week.starts_on + dt.timedelta(days=7)
    data = {
        "title": "Safeguarding Fortnight",
        "slug": "safeguarding-fortnight",
        "description": "Two weeks now.",
        **date("starts_on", first),
        **date("ends_on", first + dt.timedelta(days=13)),
    }
    response = academy.client("coordinator").post(
        f"/training/series/{week.slug}/edit/", data, follow=True
    )
    assert response.redirect_chain == [("/training/series/safeguarding-fortnight/", 302)]
    assert banners(response) == ["The event series was updated."]
    week.refresh_from_db()
    assert (week.title, week.slug, week.starts_on, week.ends_on) == (
        "Safeguarding Fortnight",
        "safeguarding-fortnight",
        first,
        first + dt.timedelta(days=13),
    )
    assert EventSeries.objects.count() == 1


def test_a_series_keeps_its_own_address_when_changed_and_a_missing_one_is_not_found(academy):
    week = series("Safeguarding Week")
    series("Practice Week")
    client = academy.client("coordinator")
    data = {
        "title": "Safeguarding Week",
        "slug": "practice-week",
        **date("starts_on", week.starts_on),
        **date("ends_on", week.ends_on),
    }
    page = page_of(client.post(f"/training/series/{week.slug}/edit/", data))
    assert page.error_summary_links() == {
        "id_slug": "Another event series has the short name practice-week: choose another"
    }
    week.refresh_from_db()
    assert week.slug == "safeguarding-week"
    data["slug"] = "safeguarding-week"
    assert client.post(f"/training/series/{week.slug}/edit/", data).status_code == 302
    assert client.get("/training/series/no-such-series/edit/").status_code == 404


# ---------------------------------------------------------------------------------------------
# Sessions: facilitators and booking opens
# ---------------------------------------------------------------------------------------------
def test_a_session_is_created_with_its_facilitators_and_the_day_booking_opens(academy):
    mca = course("Mental Capacity Act")
    day = dt.date(today().year + 1, 7, 15)
    data = session_data(
        mca,
        day,
        facilitators="worker@example.org\nPSW@example.org, worker@example.org",
        **date("opens_on", day - dt.timedelta(days=30)),
        opens_at="08:00",
        **date("closes_on", day - dt.timedelta(days=2)),
    )
    response = academy.client("coordinator").post(
        "/training/admin/sessions/new/", data, follow=True
    )
    made = Session.objects.get()
    assert response.redirect_chain == [(f"/training/sessions/{made.pk}/", 302)]
    assert set(made.facilitators.all()) == {academy.people["worker"], academy.people["psw"]}
    assert made.booking_opens_at == dt.datetime(day.year, 6, 15, 8, 0, tzinfo=LONDON)
    shown = summary(page_of(response))
    assert shown["Facilitators"] == "Psw Tester and Worker Tester"
    assert shown["Booking opens"] == f"15 June {day.year}, 08:00"


def test_booking_opens_at_the_start_of_its_day_unless_a_time_is_given(academy):
    mca = course("Mental Capacity Act")
    day = today() + dt.timedelta(days=30)
    data = session_data(mca, day, **date("opens_on", day - dt.timedelta(days=10)))
    academy.client("coordinator").post("/training/admin/sessions/new/", data)
    made = Session.objects.get()
    opens = dt.datetime.combine(day - dt.timedelta(days=10), dt.time(0, 0), tzinfo=LONDON)
    assert made.booking_opens_at == opens
    assert not made.facilitators.exists()


def test_the_session_form_refuses_unknown_facilitators_and_a_window_the_wrong_way_round(academy):
    mca = course("Mental Capacity Act")
    day = today() + dt.timedelta(days=30)
    data = session_data(
        mca,
        day,
        facilitators="worker@example.org\nnobody@example.org",
        opens_at="09:00",
    )
    page = page_of(academy.client("coordinator").post("/training/admin/sessions/new/", data))
    assert page.error_summary_links() == {
        "id_facilitators": "Nobody has the work email address nobody@example.org",
        "id_opens_on_day": "Enter the date booking opens",
    }
    data = session_data(
        mca,
        day,
        **date("opens_on", day - dt.timedelta(days=5)),
        **date("closes_on", day - dt.timedelta(days=6)),
    )
    page = page_of(academy.client("coordinator").post("/training/admin/sessions/new/", data))
    assert page.error_summary_links() == {"id_closes_on_day": "Booking must close after it opens."}
    assert not Session.objects.exists()


def test_someone_who_has_left_is_not_made_a_facilitator(academy):
    leaver = Person.objects.get(
        pk=PersonFactory(
            first_name="Former",
            last_name="Trainer",
            work_email="former@example.org",
            organisation=academy.council,
            active=False,
        ).pk
    )
    mca = course("Mental Capacity Act")
    target = session(mca, days=20)
    data = session_data(mca, today() + dt.timedelta(days=30), facilitators="former@example.org")
    page = page_of(academy.client("coordinator").post("/training/admin/sessions/new/", data))
    assert page.error_summary_links() == {
        "id_facilitators": "Former Trainer has left and cannot facilitate"
    }
    # One who already facilitates a session stays on it when the session is changed.
    target.facilitators.set([leaver])
    local = target.starts_at.astimezone(LONDON)
    data = session_data(
        mca,
        local.date(),
        starts=f"{local:%H:%M}",
        ends=f"{target.ends_at.astimezone(LONDON):%H:%M}",
        facilitators="former@example.org\nnqsw@example.org",
    )
    data.pop("course")
    response = academy.client("coordinator").post(f"/training/sessions/{target.pk}/edit/", data)
    assert response.status_code == 302
    assert set(target.facilitators.all()) == {leaver, academy.people["nqsw"]}


def test_changing_a_session_shows_and_replaces_its_facilitators_and_booking_window(academy):
    target = session(course("Mental Capacity Act"), days=20)
    opens = target.starts_at - dt.timedelta(days=10)
    Session.objects.filter(pk=target.pk).update(booking_opens_at=opens)
    target.facilitators.set([academy.people["worker"], academy.people["psw"]])
    client = academy.client("coordinator")
    form = page_of(client.get(f"/training/sessions/{target.pk}/edit/"))
    assert form.text("textarea", name="facilitators") == "psw@example.org worker@example.org"
    local_opens = opens.astimezone(LONDON)
    assert form.find("input", name="opens_on_day")["attrs"]["value"] == str(local_opens.day)
    assert form.find("input", name="opens_at")["attrs"]["value"] == f"{local_opens:%H:%M}"

    local = target.starts_at.astimezone(LONDON)
    data = session_data(
        target.course,
        local.date(),
        starts=f"{local:%H:%M}",
        ends=f"{target.ends_at.astimezone(LONDON):%H:%M}",
        facilitators="nqsw@example.org",
    )
    data.pop("course")
    response = client.post(f"/training/sessions/{target.pk}/edit/", data, follow=True)
    assert response.redirect_chain == [(f"/training/sessions/{target.pk}/", 302)]
    target.refresh_from_db()
    assert list(target.facilitators.all()) == [academy.people["nqsw"]]
    assert target.booking_opens_at is None  # the date was left blank: booking is open now
    assert summary(page_of(response))["Facilitator"] == "Nqsw Tester"


def test_a_session_without_facilitators_names_none(academy):
    target = session(course("Mental Capacity Act"))
    shown = summary(page_of(academy.client("nqsw").get(f"/training/sessions/{target.pk}/")))
    assert "Facilitator" not in shown
    assert "Facilitators" not in shown


def test_the_session_page_runs_the_same_queries_for_one_facilitator_or_many(academy, crowd):
    target = session(course("Mental Capacity Act"))
    client = academy.client("nqsw")
    target.facilitators.set([academy.people["worker"]])
    client.get(f"/training/sessions/{target.pk}/")
    with count_queries() as one:
        client.get(f"/training/sessions/{target.pk}/")
    many = crowd(12, prefix="Trainer")
    target.facilitators.set([academy.people["worker"], *many])
    with count_queries() as twelve:
        response = client.get(f"/training/sessions/{target.pk}/")
    listed = summary(page_of(response))["Facilitators"]
    assert listed.startswith("Worker Tester, Person000 Trainer000, Person001 Trainer001")
    assert listed.endswith(" and Person011 Trainer011")
    assert len(one) == len(twelve), queries_listed(twelve)
    assert Person.objects.filter(sessions_facilitated=target).count() == 13
