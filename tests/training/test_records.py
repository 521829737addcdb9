"""The register, completions and certificates, CPD entries, calendar feeds and CSV imports."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from academy.common.dates import today
from academy.notifications.models import Notification
from academy.people.models import Organisation
from academy.training.certificates import certificate_pdf
from academy.training.models import (
    Booking,
    BookingStatus,
    CalendarFeed,
    Completion,
    CpdEntry,
    Session,
)
from academy.training.rules import CpdStatus
from academy.training.services import (
    attendance_record,
    booking_create,
    bookings_import_csv,
    calendar_feed_for,
    calendar_feed_revoke,
    completion_record,
    completions_import_csv,
    cpd_entry_prefill,
    cpd_entry_save,
    cpd_standing_for,
)
from tests.factories import OrganisationFactory
from tests.training.conftest import (
    DAY,
    HOUR,
    learner,
    make_course,
    make_session,
    social_worker,
    viewer,
)

pytestmark = pytest.mark.django_db

Status = BookingStatus
CERTIFICATE = re.compile(r"^AT-\d{6}-[0-9A-F]{8}$")


def fresh(row):
    row.refresh_from_db()
    return row


def past_session(course=None, *, capacity=10, **fields) -> Session:
    """A session that began two hours ago and ended an hour ago."""
    return make_session(course, starts_in=-2 * HOUR, length=HOUR, capacity=capacity, **fields)


def booked_on(session: Session, person) -> Booking:
    """Booked the day before the session (the booking window was open then)."""
    return booking_create(
        session=session, person=person, actor=viewer(person), now=session.starts_at - DAY
    ).booking


# ---------------------------------------------------------------------------------------------
# The register
# ---------------------------------------------------------------------------------------------
def test_attending_completes_the_course_with_a_certificate_and_an_expiry(academy, coordinator):
    course = make_course(refresh_months=12)
    session = past_session(course)
    came, partly, missed = (
        booked_on(session, academy.people[login]) for login in ("worker", "nqsw", "psw")
    )

    attendance_record(
        session=session,
        marks=[
            (came.pk, Status.ATTENDED),
            (partly.pk, Status.PARTIALLY_ATTENDED),
            (missed.pk, Status.NO_SHOW),
        ],
        actor=coordinator,
    )

    assert [fresh(b).status for b in (came, partly, missed)] == [
        Status.ATTENDED,
        Status.PARTIALLY_ATTENDED,
        Status.NO_SHOW,
    ]
    assert fresh(came).attendance_marked_by_id == coordinator.person_id
    completion = Completion.objects.get()
    assert completion.person_id == came.person_id
    assert completion.booking_id == came.pk
    assert completion.source == Completion.Source.SESSION
    day = timezone.localtime(session.starts_at).date()
    assert completion.completed_on == day
    assert completion.expires_on is not None
    assert (
        completion.expires_on.year - day.year
    ) * 12 + completion.expires_on.month - day.month == 12
    assert CERTIFICATE.match(completion.certificate_number)
    assert fresh(session).status == Session.Status.COMPLETED


def test_a_course_that_never_expires_gives_a_completion_without_expiry(academy, coordinator):
    session = past_session(make_course(refresh_months=None))
    booking = booked_on(session, academy.people["worker"])
    attendance_record(session=session, marks=[(booking.pk, Status.ATTENDED)], actor=coordinator)
    assert Completion.objects.get().expires_on is None


def test_the_completion_date_is_the_day_in_london(academy, coordinator):
    after_midnight_bst = dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC)  # 00:30 on 1 July
    session = Session.objects.create(
        course=make_course(),
        starts_at=after_midnight_bst,
        ends_at=after_midnight_bst + HOUR,
        capacity=3,
        venue="Hall",
    )
    booking = booked_on(session, academy.people["worker"])
    attendance_record(session=session, marks=[(booking.pk, Status.ATTENDED)], actor=coordinator)
    assert Completion.objects.get().completed_on == dt.date(2026, 7, 1)


def test_the_register_is_saved_whole_or_not_at_all(academy, coordinator):
    session = past_session()
    good = booked_on(session, academy.people["worker"])
    elsewhere = booked_on(past_session(), academy.people["nqsw"])

    for marks in (
        [(good.pk, Status.ATTENDED), (elsewhere.pk, Status.ATTENDED)],
        [(good.pk, Status.ATTENDED), (good.pk, "asleep")],
    ):
        with pytest.raises(ValidationError):
            attendance_record(session=session, marks=marks, actor=coordinator)

    assert fresh(good).status == Status.BOOKED
    assert not Completion.objects.exists()
    assert fresh(session).status == Session.Status.SCHEDULED


def test_a_waitlisted_or_cancelled_booking_cannot_be_marked(academy, coordinator):
    session = past_session(capacity=1)
    booked_on(session, academy.people["worker"])
    waiting = booked_on(session, academy.people["nqsw"])
    with pytest.raises(ValidationError) as refused:
        attendance_record(session=session, marks=[(waiting.pk, Status.ATTENDED)], actor=coordinator)
    assert "on the waiting list" in refused.value.messages[0]


def test_correcting_attended_to_no_show_removes_the_completion_and_repeat_marks_add_none(
    academy, coordinator
):
    session = past_session()
    booking = booked_on(session, academy.people["worker"])
    mark = [(booking.pk, Status.ATTENDED)]
    attendance_record(session=session, marks=mark, actor=coordinator)
    attendance_record(session=session, marks=mark, actor=coordinator)
    assert Completion.objects.count() == 1

    attendance_record(session=session, marks=[(booking.pk, Status.NO_SHOW)], actor=coordinator)
    assert not Completion.objects.exists()


def test_only_a_coordinator_marks_the_register_and_only_once_it_has_started(academy, coordinator):
    started = past_session()
    booking = booked_on(started, academy.people["worker"])
    with pytest.raises(PermissionDenied):
        attendance_record(
            session=started,
            marks=[(booking.pk, Status.ATTENDED)],
            actor=viewer(academy.people["manager"]),
        )
    later = make_session(starts_in=DAY)
    upcoming = booked_on(later, academy.people["worker"])
    with pytest.raises(ValidationError):
        attendance_record(session=later, marks=[(upcoming.pk, Status.ATTENDED)], actor=coordinator)
    assert not Completion.objects.exists()


# ---------------------------------------------------------------------------------------------
# Completions outside a register
# ---------------------------------------------------------------------------------------------
def test_recording_an_e_learning_completion(academy, coordinator):
    course = make_course(refresh_months=36, delivery_mode="e_learning")
    completion = completion_record(
        person=academy.people["worker"],
        course=course,
        completed_on=dt.date(2025, 1, 31),
        source=Completion.Source.E_LEARNING,
        actor=coordinator,
    )
    assert completion.expires_on == dt.date(2028, 1, 31)
    assert completion.source == Completion.Source.E_LEARNING
    assert completion.recorded_by_id == coordinator.person_id
    assert CERTIFICATE.match(completion.certificate_number)


def test_a_completion_is_refused_in_the_future_twice_on_a_day_or_by_a_non_coordinator(
    academy, coordinator
):
    worker, course = academy.people["worker"], make_course()
    with pytest.raises(ValidationError) as future:
        completion_record(
            person=worker, course=course, completed_on=today() + DAY, actor=coordinator
        )
    assert "completed_on" in future.value.message_dict
    completion_record(person=worker, course=course, completed_on=today(), actor=coordinator)
    with pytest.raises(ValidationError):
        completion_record(person=worker, course=course, completed_on=today(), actor=coordinator)
    with pytest.raises(PermissionDenied):
        completion_record(
            person=worker,
            course=course,
            completed_on=today() - DAY,
            actor=viewer(academy.people["manager"]),
        )
    assert Completion.objects.count() == 1


# ---------------------------------------------------------------------------------------------
# Certificates
# ---------------------------------------------------------------------------------------------
def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils (pdftoppm)")
def test_a_certificate_is_one_page_naming_the_person_course_dates_and_number(
    academy, coordinator, tmp_path
):
    course = make_course(title="Moving and assisting people", refresh_months=12)
    course.cpd_hours = Decimal("3.5")
    course.save()
    completion = completion_record(
        person=academy.people["worker"],
        course=course,
        completed_on=dt.date(2026, 3, 4),
        actor=coordinator,
    )

    pdf = certificate_pdf(completion)

    assert pdf.startswith(b"%PDF")
    (tmp_path / "certificate.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", str(tmp_path / "certificate.pdf"), str(tmp_path / "page")],
        check=True,
    )
    assert [p.name for p in tmp_path.glob("page*.png")] == ["page-1.png"]
    if shutil.which("pdftotext"):
        text = " ".join(pdf_text(pdf, tmp_path).split())
        assert "Certificate of completion" in text
        assert "Worker Tester" in text
        assert "Moving and assisting people" in text
        assert "on 4 March 2026" in text
        assert "CPD hours: 3.5" in text
        assert "Expires on 4 March 2027" in text
        assert completion.certificate_number in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")
def test_a_certificate_for_a_course_that_never_expires_says_so(academy, coordinator, tmp_path):
    completion = completion_record(
        person=academy.people["worker"],
        course=make_course(refresh_months=None),
        completed_on=dt.date(2026, 3, 4),
        actor=coordinator,
    )
    text = " ".join(pdf_text(certificate_pdf(completion), tmp_path).split())
    assert "This course does not expire." in text
    assert "Expires on" not in text


# ---------------------------------------------------------------------------------------------
# CPD
# ---------------------------------------------------------------------------------------------
def cpd(day: dt.date, **fields) -> dict:
    return {
        "title": "Reading: strengths-based practice",
        "activity_date": day,
        "hours": Decimal("2"),
        "activity": "Read the practice guide; it bears on my assessments.",
        "learning": "How to start from what matters to the person.",
        "impact": "My assessments open with the person's own goals.",
        **fields,
    }


def test_a_cpd_entry_belongs_to_the_registration_year_of_its_date(academy):
    worker = academy.people["worker"]
    last_day = cpd_entry_save(person=worker, data=cpd(dt.date(2025, 11, 30)))
    first_day = cpd_entry_save(person=worker, data=cpd(dt.date(2025, 12, 1)))
    assert last_day.registration_year_starts == dt.date(2024, 12, 1)
    assert first_day.registration_year_starts == dt.date(2025, 12, 1)

    first_day = cpd_entry_save(
        person=worker, entry=first_day, data={"activity_date": dt.date(2025, 6, 1)}
    )
    assert fresh(first_day).registration_year_starts == dt.date(2024, 12, 1)


def test_a_peer_reflection_must_say_what_was_learnt_from_the_peer(academy):
    worker = academy.people["worker"]
    with pytest.raises(ValidationError) as refused:
        cpd_entry_save(
            person=worker, data=cpd(dt.date(2025, 5, 1), peer_reflection=True, peer_learning=" ")
        )
    assert "peer_learning" in refused.value.message_dict
    entry = cpd_entry_save(
        person=worker,
        data=cpd(dt.date(2025, 5, 1), peer_reflection=True, peer_learning="A colleague's view."),
    )
    assert entry.peer_reflection
    assert entry.peer_learning == "A colleague's view."


def test_a_cpd_entry_is_refused_in_the_future_without_its_fields_or_on_anothers_booking(academy):
    worker = academy.people["worker"]
    with pytest.raises(ValidationError) as future:
        cpd_entry_save(person=worker, data=cpd(today() + DAY))
    assert "activity_date" in future.value.message_dict
    with pytest.raises(ValidationError) as blank:
        cpd_entry_save(person=worker, data=cpd(dt.date(2025, 5, 1), learning="", impact=""))
    assert {"learning", "impact"} <= set(blank.value.message_dict)
    someone_elses = booked_on(past_session(), academy.people["nqsw"])
    with pytest.raises(ValidationError) as theirs:
        cpd_entry_save(person=worker, data=cpd(dt.date(2025, 5, 1), booking=someone_elses))
    assert "booking" in theirs.value.message_dict
    with pytest.raises(ValidationError):
        cpd_entry_save(person=worker, data={**cpd(dt.date(2025, 5, 1)), "person": worker})
    assert not CpdEntry.objects.exists()


def test_an_attended_session_prefills_a_cpd_entry(academy, coordinator):
    course = make_course(
        title="Mental Capacity Act in practice",
        description="Assessing capacity.",
        cpd_hours=Decimal("3.00"),
    )
    session = past_session(course)
    worker = academy.people["worker"]
    booking = booked_on(session, worker)
    attendance_record(session=session, marks=[(booking.pk, Status.ATTENDED)], actor=coordinator)

    draft = cpd_entry_prefill(booking=fresh(booking))

    assert draft["title"] == "Mental Capacity Act in practice"
    assert draft["activity_date"] == timezone.localtime(session.starts_at).date()
    assert draft["hours"] == Decimal("3.00")
    assert draft["activity"] == (
        "I attended Mental Capacity Act in practice (face to face). Assessing capacity."
    )
    assert draft["learning"] == draft["impact"] == ""
    entry = cpd_entry_save(
        person=worker, data={**draft, "learning": "The two-stage test.", "impact": "Clearer."}
    )
    assert entry.booking_id == booking.pk


def test_cpd_standing_counts_this_years_entries_and_peer_reflections(academy):
    worker = social_worker(registered_on=dt.date(2019, 7, 1))
    as_of = dt.date(2025, 10, 1)
    cpd_entry_save(person=worker, data=cpd(dt.date(2024, 11, 30)))  # last year's
    cpd_entry_save(person=worker, data=cpd(dt.date(2024, 12, 1)))
    assert cpd_standing_for(person=worker, as_of=as_of).status is CpdStatus.SHORT

    cpd_entry_save(
        person=worker, data=cpd(dt.date(2025, 3, 1), peer_reflection=True, peer_learning="Much.")
    )
    standing = cpd_standing_for(person=worker, as_of=as_of)
    assert standing.status is CpdStatus.MET
    assert (standing.entries, standing.peer_reflections) == (2, 1)


def test_cpd_standing_of_someone_first_registered_in_the_renewal_window_is_exempt(academy):
    newcomer = social_worker(registered_on=dt.date(2025, 9, 15))
    assert cpd_standing_for(person=newcomer, as_of=dt.date(2025, 10, 1)).status is (
        CpdStatus.EXEMPT
    )
    assert cpd_standing_for(person=newcomer, as_of=dt.date(2026, 10, 1)).status is (CpdStatus.SHORT)


# ---------------------------------------------------------------------------------------------
# Calendar feeds
# ---------------------------------------------------------------------------------------------
def test_a_calendar_feed_has_one_private_address_until_it_is_revoked(academy):
    worker = academy.people["worker"]
    feed = calendar_feed_for(person=worker)
    assert calendar_feed_for(person=worker).token == feed.token
    assert len(feed.token) >= 40
    assert calendar_feed_for(person=academy.people["nqsw"]).token != feed.token

    old = feed.token
    revoked = calendar_feed_revoke(person=worker)

    assert revoked.token != old
    assert not CalendarFeed.objects.filter(token=old).exists()
    assert CalendarFeed.objects.get(token=revoked.token).person_id == worker.pk
    assert CalendarFeed.objects.filter(person=worker).count() == 1


# ---------------------------------------------------------------------------------------------
# Bulk booking by file
# ---------------------------------------------------------------------------------------------
def test_a_booking_file_books_each_valid_row_and_reports_each_refused_one(academy, coordinator):
    session = make_session(capacity=2, course=make_course(partner_kinds=[]))
    leaver = learner(academy.teams["a"], active=False, work_email="leaver@example.org")
    text = (
        "\ufeffWork_Email , Name\n"
        "WORKER@example.org,Worker\n"
        "nobody@example.org,Nobody\n"
        "nhs_staff@example.org,Not open to the trust\n"
        "\n"
        "worker@example.org,Twice\n"
        f"{leaver.work_email},Left\n"
        "nqsw@example.org,NQSW\n"
        "psw@example.org,Waits\n"
    )

    report = bookings_import_csv(session=session, text=text, actor=coordinator)

    assert [(r.line, r.outcome) for r in report] == [
        (2, "booked"),
        (3, "refused"),
        (4, "refused"),
        (6, "refused"),
        (7, "refused"),
        (8, "booked"),
        (9, "waitlisted"),
    ]
    details = {r.line: r.detail for r in report}
    assert details[3] == "Nobody has this work email."
    assert "not open to nhs trust staff" in details[4]
    assert "already has a booking" in details[6]
    assert "has left" in details[7]
    # Each row is whole: a booking and its message, or nothing at all.
    booked = Booking.objects.filter(session=session)
    assert sorted(booked.values_list("person__work_email", flat=True)) == [
        "nqsw@example.org",
        "psw@example.org",
        "worker@example.org",
    ]
    assert Notification.objects.filter(kind__startswith="training.").count() == 3
    assert list(booked.order_by("arrival").values_list("arrival", flat=True)) == [1, 2, 3]


def test_a_booking_file_must_name_its_columns(academy, coordinator):
    session = make_session()
    for text in ("email\nworker@example.org\n", "work_email\n\n", ""):
        with pytest.raises(ValidationError) as refused:
            bookings_import_csv(session=session, text=text, actor=coordinator)
        assert "file" in refused.value.message_dict
    assert not Booking.objects.exists()


def test_only_a_coordinator_books_by_file(academy):
    with pytest.raises(PermissionDenied):
        bookings_import_csv(
            session=make_session(),
            text="work_email\nworker@example.org\n",
            actor=viewer(academy.people["manager"]),
        )


# ---------------------------------------------------------------------------------------------
# Completions by file
# ---------------------------------------------------------------------------------------------
def test_a_completions_file_records_each_valid_row_and_reports_each_refused_one(
    academy, coordinator
):
    elearning = make_course(title="Information governance", refresh_months=12)
    never = make_course(title="Induction", refresh_months=None)
    Completion.objects.create(
        person=academy.people["psw"],
        course=elearning,
        completed_on=dt.date(2026, 1, 5),
        source=Completion.Source.RECORDED,
        certificate_number="AT-202601-EXISTING",
    )
    tomorrow = (today() + DAY).isoformat()
    text = (
        "\ufeffwork_email,Course,completed_on\n"
        "worker@example.org,information GOVERNANCE,2026-02-01\n"
        f"nqsw@example.org,{never.pk},01/02/2026\n"
        "stranger@example.org,Induction,2026-02-01\n"
        "worker@example.org,Basket weaving,2026-02-01\n"
        "worker@example.org,Induction,1 Feb 2026\n"
        f"worker@example.org,Induction,{tomorrow}\n"
        "psw@example.org,Information governance,05/01/2026\n"
        "worker@example.org,Information governance,2026-02-01\n"
        "manager@example.org,Induction,2026-02-28\n"
    )

    report = completions_import_csv(text=text, actor=coordinator)

    assert [(r.line, r.outcome) for r in report] == [
        (2, "recorded"),
        (3, "recorded"),
        (4, "refused"),
        (5, "refused"),
        (6, "refused"),
        (7, "refused"),
        (8, "refused"),
        (9, "refused"),
        (10, "recorded"),
    ]
    details = {r.line: r.detail for r in report}
    assert details[4] == "Nobody has this work email."
    assert details[5] == "No course is called 'Basket weaving'."
    assert details[6] == "Give the date as 2026-03-31 or 31/03/2026."
    assert details[7] == "The date cannot be in the future."
    assert "already has this completion" in details[8]
    assert "already has this completion" in details[9]  # the file's own repeat
    imported = Completion.objects.filter(source=Completion.Source.IMPORT).order_by("id")
    assert [
        (c.person.work_email, c.course.title, c.completed_on, c.expires_on) for c in imported
    ] == [
        ("worker@example.org", "Information governance", dt.date(2026, 2, 1), dt.date(2027, 2, 1)),
        ("nqsw@example.org", "Induction", dt.date(2026, 2, 1), None),
        ("manager@example.org", "Induction", dt.date(2026, 2, 28), None),
    ]


def test_a_course_title_two_providers_share_must_be_given_by_number(academy, coordinator):
    ours = make_course(title="Medical devices")
    loans = OrganisationFactory(name="Joint Equipment Loans", kind=Organisation.Kind.COUNCIL)
    theirs = make_course(provider=loans, title="Medical devices")
    text = (
        "work_email,course,completed_on\n"
        "worker@example.org,Medical devices,2026-02-01\n"
        f"worker@example.org,{theirs.pk},2026-02-01\n"
    )

    report = completions_import_csv(text=text, actor=coordinator)

    assert [r.outcome for r in report] == ["refused", "recorded"]
    assert "give its number" in report[0].detail
    assert Completion.objects.get().course_id == theirs.pk
    assert not Completion.objects.filter(course=ours).exists()


def test_a_completions_file_must_name_its_columns_and_come_from_a_coordinator(academy, coordinator):
    with pytest.raises(ValidationError) as refused:
        completions_import_csv(text="work_email,course\nworker@example.org,X\n", actor=coordinator)
    assert "missing completed_on" in refused.value.message_dict["file"][0]
    with pytest.raises(PermissionDenied):
        completions_import_csv(
            text="work_email,course,completed_on\n", actor=viewer(academy.people["psw"])
        )
    assert not Completion.objects.exists()
