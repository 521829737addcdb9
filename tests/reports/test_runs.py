"""A report run's life: requested, compiled by the report task after commit, done with its
file, or failed with the error; compiled once however often it is handed over; found stale
when its worker stopped, then queued again or failed."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections
from django.utils import timezone

from academy.notifications.models import Notification
from academy.pathways.models import Cohort, PathwayTemplate
from academy.people.permissions import viewer_for
from academy.reports.models import ReportRun
from academy.reports.services import report_compile, report_request, reports_recover_stale
from tests.conftest import Academy

pytestmark = pytest.mark.django_db
Status = ReportRun.Status


def viewer(academy: Academy, login: str) -> Any:
    return viewer_for(academy.user(login))


def request(academy: Academy, login: str = "psw", **fields: Any) -> ReportRun:
    options: dict[str, Any] = {"kind": "academy_overview", "parameters": {}, "format": "xlsx"}
    options.update(fields)
    return report_request(actor=viewer(academy, login), **options)


def stale_seconds() -> int:
    return int(settings.REPORTS["STALE_SECONDS"])


def as_if_a_worker_stopped(run: ReportRun, *, attempts: int) -> None:
    """The state a worker leaves when it dies after claiming: running, heartbeat gone quiet."""
    quiet_since = timezone.now() - dt.timedelta(seconds=stale_seconds() + 5)
    ReportRun.objects.filter(pk=run.pk).update(
        status=Status.RUNNING, attempts=attempts, heartbeat_at=quiet_since, progress=20
    )


def messages(kind: str) -> list[Notification]:
    return list(Notification.objects.filter(kind=kind).order_by("id"))


def test_a_requested_run_is_queued_then_compiled_by_the_task_after_commit(
    academy, django_capture_on_commit_callbacks, report_link
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = request(academy, "dass")
    run.refresh_from_db()
    assert (run.status, run.progress, run.attempts) == (Status.QUEUED, 0, 0)
    assert not run.file
    assert callbacks, "the compile is queued once the request commits"

    for callback in callbacks:
        callback()  # the report_queued signal puts the compile task on the queue (in-process)
    run.refresh_from_db()
    assert (run.status, run.progress, run.attempts, run.error) == (Status.DONE, 100, 1, "")
    assert run.started_at is not None
    assert run.finished_at is not None
    assert run.started_at <= run.finished_at
    assert run.file.name.endswith(f"-{run.pk}.xlsx")
    assert run.file.storage.exists(run.file.name)
    assert run.row_counts == {"By pathway": 0, "By cohort": 0, "Trend": 12}
    [ready] = messages("reports.ready")
    assert ready.recipient == academy.people["dass"]
    assert ready.link == f"/reports/{run.pk}/"
    assert "Academy overview" in ready.subject


@pytest.mark.parametrize("login", ["coordinator", "manager", "assessor", "nqsw", "partner"])
def test_a_role_without_the_report_is_refused_and_nothing_is_queued(academy, login):
    with pytest.raises(PermissionDenied):
        request(academy, login)
    assert not ReportRun.objects.exists()


@pytest.mark.parametrize(
    ("kind", "parameters", "format", "field"),
    [
        ("staff_list", {}, "csv", "kind"),
        ("cqc_evidence", {}, "csv", "format"),
        ("cohort_progression", {"cohort": "1"}, "csv", "parameters.cohort"),
        ("cohort_progression", {"cohort": True}, "csv", "parameters.cohort"),
        ("cohort_progression", {"cohort": 987654}, "csv", "parameters.cohort"),
        ("training_compliance", {"team": 987654}, "csv", "parameters.team"),
        ("audit_summary", {"period": "year"}, "csv", "parameters.period"),
        ("audit_summary", {"start": "2026-13"}, "csv", "parameters.start"),
        ("audit_summary", {"period": "quarter", "start": "2026-02"}, "csv", "parameters.start"),
        ("cqc_evidence", {"months": 0}, "pdf", "parameters.months"),
        ("cqc_evidence", {"months": 37}, "pdf", "parameters.months"),
        ("academy_overview", ["not", "an", "object"], "csv", "parameters"),
    ],
)
def test_a_request_with_bad_input_names_the_field_at_fault(
    academy, kind, parameters, format, field
):
    with pytest.raises(ValidationError) as refused:
        request(academy, kind=kind, parameters=parameters, format=format)
    assert set(refused.value.message_dict) == {field}
    assert not ReportRun.objects.exists()


def test_parameters_are_stored_as_cleaned(academy):
    run = request(academy, kind="audit_summary", parameters={"period": "quarter", "x": 1})
    assert run.parameters == {"period": "quarter"}
    run = request(academy, kind="cqc_evidence", parameters={}, format="pdf")
    assert run.parameters == {"months": 12}


def test_a_failed_compile_records_the_error_and_tells_the_requester(
    academy, django_capture_on_commit_callbacks, report_link
):
    cohort = Cohort.objects.create(
        name="Spring cohort",
        pathway=PathwayTemplate.objects.get(key="asye-adults"),
        start_date=dt.date(2026, 4, 1),
        capacity=8,
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = request(academy, kind="cohort_progression", parameters={"cohort": cohort.pk})
    cohort.delete()  # gone before a worker got to it
    for callback in callbacks:
        callback()

    run.refresh_from_db()
    assert run.status == Status.FAILED
    assert run.error == "DoesNotExist: Cohort matching query does not exist."
    assert run.finished_at is not None
    assert not run.file
    [failed] = messages("reports.failed")
    assert failed.recipient == academy.people["psw"]
    assert "could not be compiled" in failed.subject
    assert "Cohort matching query does not exist" in failed.body
    assert failed.link == f"/reports/{run.pk}/"
    assert not messages("reports.ready")


def test_compiling_a_run_a_second_time_does_nothing(academy, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = request(academy)
    run.refresh_from_db()
    finished_at, file_name = run.finished_at, run.file.name

    assert report_compile(run_id=run.pk) is None
    run.refresh_from_db()
    assert (run.status, run.attempts, run.finished_at, run.file.name) == (
        Status.DONE,
        1,
        finished_at,
        file_name,
    )
    assert len(messages("reports.ready")) == 1


def test_a_run_whose_worker_stopped_is_queued_again_and_compiled(
    academy, django_capture_on_commit_callbacks
):
    run = request(academy)
    as_if_a_worker_stopped(run, attempts=1)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert reports_recover_stale() == (1, 0)
    run.refresh_from_db()
    assert (run.status, run.progress) == (Status.QUEUED, 0)
    assert "stopped" in run.error
    assert len(callbacks) == 1, "the compile is sent to the workers again"

    callbacks[0]()
    run.refresh_from_db()
    assert (run.status, run.attempts, run.error) == (Status.DONE, 2, "")
    assert not messages("reports.failed")


def test_a_run_whose_worker_stopped_on_its_last_attempt_fails_and_the_requester_is_told(
    academy, django_capture_on_commit_callbacks, report_link
):
    run = request(academy, "principal_ot")
    as_if_a_worker_stopped(run, attempts=int(settings.REPORTS["MAX_ATTEMPTS"]))

    with django_capture_on_commit_callbacks(execute=True):
        assert reports_recover_stale() == (0, 1)
    run.refresh_from_db()
    assert run.status == Status.FAILED
    assert run.error == "The worker compiling this report stopped, and the attempts are used up."
    [failed] = messages("reports.failed")
    assert failed.recipient == academy.people["principal_ot"]
    assert failed.link == f"/reports/{run.pk}/"
    assert reports_recover_stale() == (0, 0), "a failed run stays failed"


def test_a_run_still_beating_is_left_to_its_worker(academy):
    run = request(academy)
    ReportRun.objects.filter(pk=run.pk).update(
        status=Status.RUNNING,
        attempts=1,
        heartbeat_at=timezone.now() - dt.timedelta(seconds=stale_seconds() - 30),
    )
    assert reports_recover_stale() == (0, 0)
    run.refresh_from_db()
    assert run.status == Status.RUNNING


def test_a_queued_run_no_worker_took_is_sent_again_once_a_stale_period(
    academy, django_capture_on_commit_callbacks
):
    run = request(academy)  # the message never reached a worker (broker down at commit, say)
    ReportRun.objects.filter(pk=run.pk).update(
        created_at=timezone.now() - dt.timedelta(seconds=stale_seconds() + 5)
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert reports_recover_stale() == (1, 0)
        assert reports_recover_stale() == (0, 0), "not again until another stale period"
    assert len(callbacks) == 1

    later = timezone.now() + dt.timedelta(seconds=stale_seconds() + 5)
    with django_capture_on_commit_callbacks(execute=True):
        assert reports_recover_stale(now=later) == (1, 0)
    run.refresh_from_db()
    assert (run.status, run.attempts) == (Status.DONE, 1)
    assert reports_recover_stale(now=later) == (0, 0), "a done run is left alone"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_handed_one_run_at_once_compile_it_once(academy):
    # Written as the request writes it, without the compile the request's commit would start.
    run = ReportRun.objects.create(
        kind="academy_overview", format="csv", requested_by=academy.people["psw"]
    )
    start = threading.Barrier(2)
    results: list[ReportRun | None] = []

    def work() -> None:
        try:
            start.wait(timeout=10)
            results.append(report_compile(run_id=run.pk))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(results) == 2
    assert sum(result is not None for result in results) == 1
    run.refresh_from_db()
    assert (run.status, run.attempts) == (Status.DONE, 1)
    assert len(messages("reports.ready")) == 1
