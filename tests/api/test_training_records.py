"""The register, imports, completions, certificates and compliance over the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from academy.common.dates import add_months
from academy.training.models import Booking, BookingStatus, Completion
from tests.api.support import assert_error
from tests.api.test_pathways import enrol, qualify, standard_pathways_fixture  # noqa: F401
from tests.api.test_training import (  # noqa: F401  (fixtures)
    API,
    Training,
    book,
    csv_file,
    make_session,
    move_to_the_past,
    training_fixture,
)
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------------------------
# The register
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def register(training: Training) -> tuple:
    """A session two days ago with ``worker`` and ``supervisor`` booked, not yet marked."""
    session = make_session(training.safeguarding, days=2, capacity=5)
    worker = book(session, training.person("worker"), training.actor("worker"))
    supervisor = book(session, training.person("supervisor"), training.actor("supervisor"))
    return move_to_the_past(session, days_ago=2), worker, supervisor


def test_marking_attendance_completes_the_course_for_those_who_attended(training, register, api):
    session, worker, supervisor = register

    response = api("coordinator").post(
        f"{API}/sessions/{session.pk}/attendance/",
        [
            {"booking": worker.pk, "attendance": "attended"},
            {"booking": supervisor.pk, "attendance": "no_show"},
        ],
        format="json",
    )

    assert response.status_code == 200, response.content
    assert {b["person"]["full_name"]: b["status"] for b in response.json()} == {
        "Worker Tester": "attended",
        "Supervisor Tester": "no_show",
    }
    completion = Completion.objects.get(booking_id=worker.pk)
    assert completion.completed_on == timezone.localtime(session.starts_at).date()
    assert completion.expires_on == add_months(completion.completed_on, 36)
    assert not Completion.objects.filter(booking_id=supervisor.pk).exists()


def test_register_errors_name_the_row_and_field_and_nothing_is_saved(training, register, api):
    session, worker, _ = register

    response = api("coordinator").post(
        f"{API}/sessions/{session.pk}/attendance/",
        [
            {"booking": worker.pk, "attendance": "attended"},
            {"booking": training.booking.pk, "attendance": "attended"},
        ],
        format="json",
    )

    assert_error(response, 400, fields={"1.booking"})
    assert Booking.objects.get(pk=worker.pk).status == BookingStatus.BOOKED


def test_register_input_is_a_list_of_marks(training, register, api):
    session, worker, _ = register
    client = api("coordinator")
    url = f"{API}/sessions/{session.pk}/attendance/"

    assert_error(
        client.post(url, [{"booking": worker.pk, "attendance": "asleep"}], format="json"),
        400,
        fields={"0.attendance"},
    )
    assert_error(client.post(url, [], format="json"), 400, fields={None})
    assert_error(client.post(url, {"booking": worker.pk}, format="json"), 400, fields={None})


def test_the_register_opens_when_the_session_starts(training, api):
    response = api("coordinator").post(
        f"{API}/sessions/{training.session.pk}/attendance/",
        [{"booking": training.booking.pk, "attendance": "attended"}],
        format="json",
    )

    assert_error(response, 400, fields={"session"})


def test_booking_by_file_reports_each_row(training, api):
    PersonFactory(team=training.academy.teams["a"], work_email="new.starter@example.org")
    text = (
        "Work_Email,Note\n"
        "WORKER@example.org,first\n"
        "nqsw@example.org,already booked\n"
        "nobody@example.org,\n"
        "new.starter@example.org,\n"
        "outsider@example.org,\n"
    )

    response = api("coordinator").post(
        f"{API}/sessions/{training.session.pk}/bookings/import/",
        {"file": csv_file(text)},
        format="multipart",
    )

    assert response.status_code == 200, response.content
    report = response.json()
    assert [(r["line"], r["key"], r["outcome"]) for r in report["rows"]] == [
        (2, "WORKER@example.org", "booked"),
        (3, "nqsw@example.org", "refused"),
        (4, "nobody@example.org", "refused"),
        (5, "new.starter@example.org", "waitlisted"),
        (6, "outsider@example.org", "waitlisted"),
    ]
    assert "already has a booking" in report["rows"][1]["detail"]
    assert report["summary"] == {"booked": 1, "refused": 2, "waitlisted": 2}


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"email\nworker@example.org\n", id="no work_email column"),
        pytest.param(b"work_email\n", id="no rows"),
        pytest.param("work_email\nw\u00f6rker@example.org\n".encode("latin-1"), id="not UTF-8"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_naming_file(training, api, content):
    response = api("coordinator").post(
        f"{API}/sessions/{training.session.pk}/bookings/import/",
        {"file": SimpleUploadedFile("people.csv", content, "text/csv")},
        format="multipart",
    )

    assert_error(response, 400, fields={"file"})
    assert Booking.objects.filter(session=training.session).count() == 2


def test_an_import_without_a_file_is_refused_naming_file(training, api):
    response = api("coordinator").post(
        f"{API}/sessions/{training.session.pk}/bookings/import/", {}, format="multipart"
    )

    assert_error(response, 400, fields={"file"}, code="required")


# ---------------------------------------------------------------------------------------------
# Completions
# ---------------------------------------------------------------------------------------------
def _record(client, t: Training, login: str, *, days_ago: int = 0, course=None):
    return client.post(
        f"{API}/completions/",
        {
            "person": t.person(login).pk,
            "course": (course or t.safeguarding).pk,
            "completed_on": (timezone.localdate() - dt.timedelta(days=days_ago)).isoformat(),
            "source": "e_learning",
        },
        format="json",
    )


def test_coordinator_records_a_completion_that_expires_with_the_course(training, api):
    response = _record(api("coordinator"), training, "nhs_staff", days_ago=10)

    assert response.status_code == 201, response.content
    completion = response.json()
    completed_on = timezone.localdate() - dt.timedelta(days=10)
    assert completion["completed_on"] == completed_on.isoformat()
    assert completion["expires_on"] == add_months(completed_on, 36).isoformat()
    assert completion["source"] == "e_learning"
    assert completion["certificate_number"].startswith("AT-")
    assert completion["recorded_by"] == training.person("coordinator").pk


def test_a_completion_in_the_future_or_twice_on_a_day_is_refused_naming_the_date(training, api):
    client = api("coordinator")
    _record(client, training, "worker")

    assert_error(_record(client, training, "worker"), 400, fields={"completed_on"})
    assert_error(_record(client, training, "worker", days_ago=-1), 400, fields={"completed_on"})


@pytest.mark.parametrize(
    ("login", "expected"),
    [
        ("nqsw", ["Nqsw Tester"]),
        ("worker", ["Worker Tester"]),
        ("manager", ["Nqsw Tester", "Worker Tester"]),
        ("partner", ["Nhs Staff Tester"]),
        ("outsider", []),
        ("coordinator", ["Nhs Staff Tester", "Nqsw Tester", "Worker Tester"]),
        ("dass", ["Nhs Staff Tester", "Nqsw Tester", "Worker Tester"]),
    ],
)
def test_completions_are_seen_as_bookings_are(training, api, login, expected):
    coordinator = api("coordinator")
    _record(coordinator, training, "worker")
    _record(coordinator, training, "nhs_staff")

    response = api(login).get(f"{API}/completions/")

    assert response.status_code == 200
    assert sorted(c["person"]["full_name"] for c in response.json()["results"]) == expected


def test_completions_filter_by_person_and_course(training, api):
    coordinator = api("coordinator")
    _record(coordinator, training, "worker", course=training.approval_course)

    def people(query: str) -> list[str]:
        response = coordinator.get(f"{API}/completions/{query}")
        return [c["person"]["full_name"] for c in response.json()["results"]]

    assert people(f"?course={training.approval_course.pk}") == ["Worker Tester"]
    assert people(f"?person={training.person('nqsw').pk}") == ["Nqsw Tester"]


def test_completions_by_file_report_each_row(training, api):
    today = timezone.localdate()
    text = (
        "work_email,course,completed_on\n"
        f"worker@example.org,Safeguarding adults,{today.isoformat()}\n"
        f"nhs_staff@example.org,{training.approval_course.pk},{today:%d/%m/%Y}\n"
        "worker@example.org,Knitting,2026-01-01\n"
        "worker@example.org,Safeguarding adults,yesterday\n"
    )

    response = api("coordinator").post(
        f"{API}/completions/import/", {"file": csv_file(text)}, format="multipart"
    )

    assert response.status_code == 200, response.content
    report = response.json()
    assert [r["outcome"] for r in report["rows"]] == ["recorded", "recorded", "refused", "refused"]
    assert report["summary"] == {"recorded": 2, "refused": 2}
    assert Completion.objects.filter(source="import").count() == 2


def test_a_certificate_is_a_pdf_for_those_who_may_see_the_completion(training, api):
    response = api("manager").get(f"{API}/completions/{training.completion.pk}/certificate.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert (
        f'filename="certificate-{training.completion.certificate_number}.pdf"'
        in response["Content-Disposition"]
    )
    assert (
        api("outsider")
        .get(f"{API}/completions/{training.completion.pk}/certificate.pdf")
        .status_code
        == 404
    )


# ---------------------------------------------------------------------------------------------
# Compliance
# ---------------------------------------------------------------------------------------------
def _states(client, person_id: int) -> dict[str, tuple]:
    response = client.get(f"{API}/people/{person_id}/compliance/")
    assert response.status_code == 200, response.content
    return {
        item["course"]["title"]: (item["state"], item["completed_on"], item["expires_on"])
        for item in response.json()["courses"]
    }


def test_compliance_shows_each_required_course_from_the_latest_completion(training, api):
    coordinator = api("coordinator")
    moving = coordinator.post(
        f"{API}/courses/",
        {
            "title": "Moving and assisting people",
            "provider": training.academy.council.pk,
            "delivery_mode": "face_to_face",
            "refresh_months": 12,
            "requirements": [{"kind": "job_title", "job_title": "social worker"}],
        },
        format="json",
    ).json()
    mca = coordinator.post(
        f"{API}/courses/",
        {
            "title": "Mental Capacity Act",
            "provider": training.academy.council.pk,
            "delivery_mode": "e_learning",
            "refresh_months": 12,
            "requirements": [{"kind": "team", "team": training.academy.teams["a"].pk}],
        },
        format="json",
    ).json()
    moved = timezone.localdate() - dt.timedelta(days=300)  # expires within 90 days
    coordinator.post(
        f"{API}/completions/",
        {"person": training.person("nqsw").pk, "course": moving["id"], "completed_on": str(moved)},
        format="json",
    )
    lapsed = timezone.localdate() - dt.timedelta(days=400)
    coordinator.post(
        f"{API}/completions/",
        {"person": training.person("nqsw").pk, "course": mca["id"], "completed_on": str(lapsed)},
        format="json",
    )

    states = _states(api("manager"), training.person("nqsw").pk)

    completed = training.completion.completed_on
    assert states == {
        "Mental Capacity Act": ("expired", str(lapsed), str(add_months(lapsed, 12))),
        "Moving and assisting people": ("expiring", str(moved), str(add_months(moved, 12))),
        "Safeguarding adults": ("compliant", str(completed), str(add_months(completed, 36))),
    }
    # a partner's staff are held only to what names their team
    assert _states(api("partner"), training.person("nhs_staff").pk) == {}
    coordinator.patch(
        f"{API}/courses/{mca['id']}/",
        {
            "requirements": [
                {"kind": "team", "team": training.academy.teams["a"].pk},
                {"kind": "team", "team": training.academy.teams["nhs"].pk},
            ]
        },
        format="json",
    )
    assert _states(api("partner"), training.person("nhs_staff").pk) == {
        "Mental Capacity Act": ("missing", None, None),
    }


def test_someone_who_sees_the_person_but_does_not_follow_their_training_is_refused(
    training, standard_pathways, api
):
    """An assessor sees their NQSW (through the enrolment) but not their training record."""
    nqsw = qualify(training.person("nqsw"))
    enrol(nqsw, assessor=qualify(training.person("assessor")))
    client = api("assessor")

    assert client.get(f"{API}/people/{nqsw.pk}/").status_code == 200
    assert_error(client.get(f"{API}/people/{nqsw.pk}/compliance/"), 403)
