"""The demo academy's training: the catalogue, Safeguarding Week, sessions held and to come with
their bookings, compliance with colour in it, CPD, and the reminders all that gives.

Every test here reads the academy seeded once for the module (``seeded``); the seed on other
days is in ``test_seed_days``."""

import datetime as dt
from collections import Counter

import pytest
from django.conf import settings
from django.db.models import Count, Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from academy.common.dates import today as _today
from academy.demo import data, training_data
from academy.demo.builder import demo_seed
from academy.demo.roster import demo_roster
from academy.demo.training_records import must_hold
from academy.notifications.models import Notification
from academy.people.models import Organisation, Person, Role
from academy.people.permissions import viewer_for
from academy.training import rules, services
from academy.training.models import (
    HOLDS_PLACE,
    Booking,
    BookingStatus,
    Completion,
    Course,
    CpdEntry,
    EventSeries,
    Requirement,
    Session,
)
from academy.training.reminders import training_reminders_sweep
from academy.training.selectors import compliance_matrix

pytestmark = pytest.mark.django_db


def person(login: str) -> Person:
    return Person.objects.get(user__username=login)


def client_for(login: str) -> Client:
    client = Client()
    client.force_login(person(login).user)
    return client


# ---------------------------------------------------------------------------------------------
# The catalogue
# ---------------------------------------------------------------------------------------------
def test_the_catalogue_has_about_25_courses_with_cpd_hours_and_every_kind_of_requirement(seeded):
    courses = Course.objects.all()
    assert 25 <= courses.count() <= 30
    assert not courses.filter(cpd_hours__lte=0).exists()
    assert set(Requirement.objects.values_list("kind", flat=True)) == set(Requirement.Kind.values)
    assert courses.filter(needs_manager_approval=True).count() >= 2
    assert courses.exclude(partner_kinds=[]).count() >= 15
    assert courses.filter(partner_kinds=[]).exists()  # some are for the council's staff only
    assert not courses.annotate(n=Count("pcf_domains")).filter(n=0).exists()
    titles = " | ".join(courses.values_list("title", flat=True))
    for subject in (
        "Safeguarding Adults Level 1",
        "Safeguarding Adults Level 2",
        "Safeguarding Adults Level 3",
        "Mental Capacity Act",
        "Oliver McGowan Mandatory Training: Tier 1",
        "Oliver McGowan Mandatory Training: Tier 2",
        "Moving and Assisting",
        "Care Act",
        "Strengths-Based Practice",
        "Liberty Protection Safeguards",
        "Domestic Abuse",
        "Professional Curiosity",
        "Medical Devices Training",
    ):
        assert subject in titles, subject


def test_medical_devices_training_is_run_by_the_councils_equipment_loans_service(seeded):
    devices = Course.objects.filter(title__startswith="Medical Devices Training")
    assert devices.count() == 2
    for course in devices:
        assert course.provider.hosts_academy
        assert course.provider_unit == "Joint Equipment Loans Service"
        assert Organisation.Kind.CARE_PROVIDER in course.partner_kinds
    assert Course.objects.get(title="Moving and Assisting People").refresh_months == 12
    tier_1 = Course.objects.get(title__contains="Tier 1")
    assert tier_1.delivery_mode == Course.Mode.E_LEARNING
    assert list(tier_1.requirements.values_list("kind", flat=True)) == ["everyone"]


# ---------------------------------------------------------------------------------------------
# Safeguarding Week
# ---------------------------------------------------------------------------------------------
def test_this_years_safeguarding_week_page_shows_sessions_held_and_sessions_to_come(seeded):
    now = timezone.now()
    this_year, last_year = EventSeries.objects.order_by("-starts_on")[:2]
    assert this_year.title.startswith("Safeguarding Week")
    assert this_year.starts_on < _today() < this_year.ends_on
    held = this_year.sessions.filter(starts_at__lt=now)
    assert held.exists()
    assert not held.exclude(status=Session.Status.COMPLETED).exists()
    assert this_year.sessions.filter(starts_at__gt=now, status=Session.Status.SCHEDULED).exists()
    assert last_year.title.startswith("Safeguarding Week")
    assert last_year.ends_on < _today() - dt.timedelta(days=300)
    assert not last_year.sessions.exclude(status=Session.Status.COMPLETED).exists()

    page = client_for("worker").get(reverse("web:series", args=[this_year.slug]))
    assert page.status_code == 200
    rows = [row for _, day in page.context["days"] for row in day]
    assert {row["past"] for row in rows} == {True, False}
    assert "Finished" in page.content.decode()


# ---------------------------------------------------------------------------------------------
# Sessions, bookings, registers
# ---------------------------------------------------------------------------------------------
def test_a_full_session_to_come_has_a_waitlist_and_gave_a_freed_place_to_the_first_waiting(
    seeded,
):
    full = [
        s
        for s in Session.objects.filter(starts_at__gt=timezone.now()).annotate(
            holding=Count("bookings", filter=Q(bookings__status__in=HOLDS_PLACE)),
            waiting=Count("bookings", filter=Q(bookings__status=BookingStatus.WAITLISTED)),
        )
        if s.holding == s.capacity and s.waiting
    ]
    assert full
    session = full[0]
    bookings = list(session.bookings.order_by("arrival"))
    waiting = [b.arrival for b in bookings if b.status == BookingStatus.WAITLISTED]
    booked = [b.arrival for b in bookings if b.status == BookingStatus.BOOKED]
    given_up = [b for b in bookings if b.status == BookingStatus.CANCELLED]
    assert given_up
    # The place freed went to the first person waiting: everyone still waiting came later.
    assert max(booked) < min(waiting)
    assert len(booked) == session.capacity


def test_sessions_held_have_their_registers_marked_and_completions_dated_that_day(seeded):
    now = timezone.now()
    held = Session.objects.filter(starts_at__lt=now).exclude(status=Session.Status.CANCELLED)
    assert held.count() >= 20
    assert not held.exclude(status=Session.Status.COMPLETED).exists()
    undecided = [BookingStatus.BOOKED, BookingStatus.REQUESTED, BookingStatus.WAITLISTED]
    assert not Booking.objects.filter(session__in=held, status__in=undecided).exists()
    marks = Counter(Booking.objects.filter(session__in=held).values_list("status", flat=True))
    assert marks[BookingStatus.ATTENDED] > 100
    assert marks[BookingStatus.NO_SHOW]
    assert marks[BookingStatus.PARTIALLY_ATTENDED]
    assert Booking.objects.filter(session__in=held, late_cancellation=True).exists()
    for booking in Booking.objects.filter(status=BookingStatus.ATTENDED).select_related(
        "session", "completion"
    ):
        assert (
            booking.completion.completed_on == timezone.localtime(booking.session.starts_at).date()
        )
    to_come = Session.objects.filter(starts_at__gt=now)
    assert not Booking.objects.filter(
        session__in=to_come, status__in=[BookingStatus.ATTENDED, BookingStatus.NO_SHOW]
    ).exists()
    assert Session.objects.filter(status=Session.Status.CANCELLED, starts_at__gt=now).exists()


def test_every_booking_was_made_before_its_session_by_someone_allowed_and_never_in_future(
    seeded,
):
    now = timezone.now()
    for booking in Booking.objects.select_related("session", "person__organisation"):
        assert booking.created_at < booking.session.starts_at, booking
        assert booking.created_at <= now, booking
    assert not Completion.objects.filter(completed_on__gt=_today()).exists()
    assert not CpdEntry.objects.filter(activity_date__gt=_today()).exists()


def test_partner_staff_are_booked_from_the_nhs_trust_care_providers_and_the_charity(seeded):
    partner_bookings = Booking.objects.exclude(
        person__organisation__hosts_academy=True
    ).select_related("person__organisation", "session__course")
    kinds = Counter(b.person.organisation.kind for b in partner_bookings)
    assert kinds[Organisation.Kind.NHS_TRUST] >= 10
    assert kinds[Organisation.Kind.CARE_PROVIDER] >= 10
    assert kinds[Organisation.Kind.VCS] >= 3
    for booking in partner_bookings:
        assert booking.person.organisation.kind in booking.session.course.partner_kinds, booking
    # The trust's own partner coordinator booked its people.
    trust_bookers = {
        b.booked_by_id for b in partner_bookings if b.person.organisation.kind == "nhs_trust"
    }
    assert trust_bookers == {person("partner").pk}


def test_the_manager_has_a_request_from_their_team_to_decide(seeded):
    manager = person("manager")
    [request] = Booking.objects.filter(
        status=BookingStatus.REQUESTED, person__team=manager.team
    ).select_related("session__course")
    assert request.session.course.needs_manager_approval
    assert request.session.starts_at > timezone.now()
    assert request.booked_by == request.person == person("worker")
    decided = services.booking_decide(booking=request, approve=True, actor=viewer_for(manager.user))
    assert decided.status in (BookingStatus.BOOKED, BookingStatus.WAITLISTED)
    assert decided.decided_by == manager


def test_the_nqsw_is_booked_on_a_session_to_come_and_attended_one_after_approval(seeded):
    nqsw = person("nqsw")
    mine = Booking.objects.filter(person=nqsw).select_related("session__course")
    assert mine.filter(status=BookingStatus.BOOKED, session__starts_at__gt=timezone.now()).exists()
    approved = mine.get(decided_by__isnull=False)
    assert approved.decided_by == person("manager")
    assert approved.status == BookingStatus.ATTENDED
    assert approved.session.course.needs_manager_approval


# ---------------------------------------------------------------------------------------------
# Compliance and CPD
# ---------------------------------------------------------------------------------------------
def test_the_managers_team_compliance_shows_compliant_expiring_expired_and_missing(seeded):
    manager = person("manager")
    team = Person.objects.filter(team=manager.team, active=True)
    matrix = compliance_matrix(
        team, as_of=_today(), expiring_days=settings.TRAINING["EXPIRING_DAYS"]
    )
    counts = matrix.counts()
    assert counts["expiring"] >= 2
    assert counts["expired"] >= 2
    assert counts["missing"] >= 1
    assert counts["compliant"] > counts["expiring"] + counts["expired"] + counts["missing"]
    worker = next(row for row in matrix.rows if row.person == person("worker"))
    capacity = Course.objects.get(title="Mental Capacity Act in Practice")
    assert worker.cells[capacity.pk].state == rules.Compliance.EXPIRING

    page = client_for("manager").get(reverse("web:team-compliance"))
    assert page.status_code == 200
    totals = dict(page.context["totals"]["overall"])
    assert totals["expiring"] == counts["expiring"]
    assert totals["expired"] == counts["expired"]


def test_across_the_academy_most_required_training_is_in_date(seeded):
    everyone = Person.objects.filter(active=True)
    counts = compliance_matrix(
        everyone, as_of=_today(), expiring_days=settings.TRAINING["EXPIRING_DAYS"]
    ).counts()
    required = sum(counts.values())
    assert required > 500
    assert 0.7 < counts["compliant"] / required < 0.95
    assert Completion.objects.filter(source=Completion.Source.E_LEARNING).count() > 100


def test_social_workers_cpd_the_worker_has_one_entry_with_no_peer_reflection(seeded):
    worker = person("worker")
    [entry] = CpdEntry.objects.filter(person=worker)
    assert not entry.peer_reflection
    standing = services.cpd_standing_for(person=worker)
    assert standing.status == rules.CpdStatus.SHORT
    assert (standing.entries, standing.peer_reflections) == (1, 0)
    assert standing.peer_reflections_needed == 1
    standings = Counter(
        services.cpd_standing_for(person=p).status
        for p in Person.objects.filter(cpd_entries__isnull=False).distinct()
    )
    assert standings[rules.CpdStatus.MET] >= 3
    assert standings[rules.CpdStatus.SHORT] >= 3
    assert not CpdEntry.objects.exclude(person__swe_number__startswith="SW").exists()


# ---------------------------------------------------------------------------------------------
# Reminders
# ---------------------------------------------------------------------------------------------
def test_the_training_sweep_reminds_of_sessions_soon_expiring_training_and_the_request(seeded):
    assert not Notification.objects.exists()
    queued = training_reminders_sweep()
    kinds = Counter(Notification.objects.values_list("kind", flat=True))
    assert queued == sum(kinds.values()) > 0
    assert kinds["training.session_soon"] > 0
    assert kinds["training.expiring"] > 0
    assert kinds["training.expired"] > 0
    [chase] = Notification.objects.filter(kind="training.approval_chase")
    assert chase.recipient == person("manager")
    assert Notification.objects.filter(
        kind="training.session_soon", recipient=person("nqsw")
    ).exists()


# ---------------------------------------------------------------------------------------------
# Idempotency and the tables
# ---------------------------------------------------------------------------------------------
def test_a_second_run_books_no_one_and_records_nothing_more(seeded):
    tables = (Course, Requirement, EventSeries, Session, Booking, Completion, CpdEntry)
    before = {model: list(model.objects.order_by("pk").values()) for model in tables}
    report = demo_seed()
    assert {model: list(model.objects.order_by("pk").values()) for model in tables} == before
    assert report.courses.created == report.sessions.created == report.bookings.created == 0
    assert report.completions.created == report.cpd_entries.created == 0
    assert report.courses.existing == len(training_data.COURSES)
    assert report.bookings.existing == Booking.objects.count()
    assert not Notification.objects.exists()


def test_a_course_already_there_keeps_its_sessions_and_gets_none_added(seeded):
    course = Course.objects.get(title="Court Skills for Social Workers")
    course.sessions.all().delete()
    demo_seed()
    assert not course.sessions.exists()


@pytest.mark.parametrize("day", [dt.date(2026, 3, 31), dt.date(2028, 2, 29)])
def test_the_tables_name_people_who_work_there_and_courses_open_to_their_partners(day):
    roster = {spec.ref: spec for spec in demo_roster(today=day)}
    kinds = {row.key: row.kind for row in data.ORGANISATIONS}
    courses = {row.key: row for row in training_data.COURSES}
    assert len(courses) == len(training_data.COURSES)
    for row in training_data.SESSIONS:
        course = courses[row.course]
        assert course.mode != training_data.E_LEARNING, row
        for organisation, _ in row.learners.partners:
            assert kinds[organisation] in course.partners, row
        for ref in (*row.learners.named, *row.facilitators):
            assert roster[ref].active, row
        assert row.learners.waitlisted == 0 or row.when.on(day) > day, row
    for ref, course, _ in training_data.FIXED_STATES:
        assert must_hold(roster[ref], courses[course]), (ref, course)
    for ref, _ in training_data.CPD_ENTRIES:
        assert roster[ref].swe_number, ref
    assert {row.series for row in training_data.SESSIONS} - {""} == {
        key for key, _ in training_data.SERIES
    }
    assert Role.TEAM_MANAGER in roster["manager"].roles
