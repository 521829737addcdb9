"""A real Celery worker killed while it compiles a report, against real PostgreSQL and Redis.

The worker is caught mid-compile without any hook in the code under test: this test holds an
ACCESS EXCLUSIVE lock on the supervision table from a connection of its own, so the worker,
having claimed the run and reported 20% (after reading the cohort's enrolments), blocks on its
next read. Then the worker's whole process group gets SIGKILL, the lock is released, and the
run is left as a dead worker leaves it: "running", its heartbeat silent. The stale-run sweep
queues it again for the next worker, or fails it once the attempts are used up.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from academy.common.dates import today
from academy.notifications.models import Notification
from academy.people.models import Role
from academy.people.permissions import viewer_for
from academy.reports.models import ReportRun
from academy.reports.services import report_request, reports_recover_stale
from bench import dataset
from tests.factories import PersonFactory, UserFactory
from tests.notifications.mailserver import MailServer
from tests.workers.conftest import WorkerProcess, celery_worker, wait_for
from workers.reports import compile_report

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
Status = ReportRun.Status

MEMBERS = 30
STALE_SECONDS = 2
BLOCKED_ON = "pathways_supervision"


@pytest.fixture
def stale_after_two_seconds(settings: Any) -> None:
    settings.REPORTS = {**settings.REPORTS, "STALE_SECONDS": STALE_SECONDS}


@pytest.fixture
def cohort_run(db: None) -> Callable[[], ReportRun]:
    """A cohort of MEMBERS with their history; calling it makes the PSW request its progression
    report (the compile goes to the reports queue when the request commits)."""
    built = dataset.build(MEMBERS, as_of=today())
    psw = PersonFactory(
        user=UserFactory(username="psw"),
        team=built.teams[0],
        organisation=built.host,
        work_email="psw@example.org",
        roles=[Role.PSW],
    )

    def request() -> ReportRun:
        return report_request(
            kind="cohort_progression",
            parameters={"cohort": built.cohort.pk},
            format="xlsx",
            actor=viewer_for(psw.user),
        )

    return request


def worker_env(media_root: Path) -> dict[str, str]:
    return {"MEDIA_ROOT": str(media_root)}


@contextmanager
def reads_of_supervision_held() -> Iterator[None]:
    """An ACCESS EXCLUSIVE lock on the supervision table, from a connection of this test's own,
    until the block ends."""
    db = connection.settings_dict
    with psycopg.connect(
        dbname=db["NAME"],
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
    ) as holder:
        holder.execute(f"LOCK TABLE {BLOCKED_ON} IN ACCESS EXCLUSIVE MODE")
        try:
            yield
        finally:
            holder.rollback()


def backends_waiting_for_the_lock() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT l.pid FROM pg_locks l
            JOIN pg_class c ON c.oid = l.relation
            WHERE NOT l.granted AND c.relname = %s AND l.database = (
                SELECT oid FROM pg_database WHERE datname = current_database()
            )
            """,
            [BLOCKED_ON],
        )
        return [pid for (pid,) in cursor.fetchall()]


def backend_alive(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
        return bool(cursor.fetchone()[0])


def ready_emails(mail_server: MailServer) -> list[Any]:
    return [m for m in mail_server.handler.messages() if m.subject.startswith("Report ready")]


def state(run: ReportRun) -> tuple[str, int, int]:
    run.refresh_from_db()
    return run.status, run.progress, run.attempts


def kill_mid_compile(run: ReportRun, worker: WorkerProcess, *, attempt: int) -> int:
    """Wait for ``worker`` to block mid-compile on ``attempt``, then SIGKILL its process group.
    Call while the supervision table is held. Returns the killed worker's database backend."""

    def blocked_mid_compile() -> bool:
        return state(run) == (Status.RUNNING, 20, attempt) and bool(backends_waiting_for_the_lock())

    wait_for(
        blocked_mid_compile,
        seconds=60,
        why=lambda: f"run: {state(run)}; {worker.log()}",
    )
    [backend] = backends_waiting_for_the_lock()
    os.killpg(worker.process.pid, signal.SIGKILL)  # its own session: the worker and its pool
    assert worker.process.wait(timeout=10) == -signal.SIGKILL
    return backend


def gone(backend: int) -> None:
    """The killed worker's backend ends once the lock is released and it finds its client gone."""
    wait_for(lambda: not backend_alive(backend), seconds=30)


def test_a_run_whose_worker_was_killed_is_queued_again_and_completed_by_the_next_worker(
    mail_server, cohort_run, media_root, stale_after_two_seconds
):
    env = worker_env(media_root)
    with reads_of_supervision_held(), celery_worker(mail_server=mail_server, env=env) as first:
        run = cohort_run()
        backend = kill_mid_compile(run, first, attempt=1)
    gone(backend)
    assert state(run) == (Status.RUNNING, 20, 1), "a dead worker's run says it is running"
    assert not run.file

    with celery_worker(mail_server=mail_server, env=env) as second:
        # The sweep (every two minutes under beat) finds the silent run and queues it again.
        wait_for(lambda: reports_recover_stale() == (1, 0), seconds=STALE_SECONDS + 10)
        wait_for(lambda: state(run)[0] == Status.DONE, seconds=60, why=second.log)
        wait_for(
            lambda: any(
                m.subject.startswith("Report ready") for m in mail_server.handler.messages()
            ),
            seconds=30,
            why=second.log,
        )
    assert second.process.returncode == 0, second.log()
    assert "Traceback" not in second.output, second.log(200)

    run.refresh_from_db()
    assert (run.status, run.progress, run.attempts, run.error) == (Status.DONE, 100, 2, "")
    assert Path(run.file.path).exists()
    assert run.row_counts["Members"] == MEMBERS
    [ready] = Notification.objects.filter(kind="reports.ready")
    assert ready.recipient.user.username == "psw"
    assert not Notification.objects.filter(kind="reports.failed").exists()
    [email] = ready_emails(mail_server)
    assert email.recipients == ("psw@example.org",)


def test_a_run_killed_on_every_attempt_is_failed_and_the_requester_told(
    mail_server, cohort_run, media_root, stale_after_two_seconds
):
    attempts = int(settings.REPORTS["MAX_ATTEMPTS"])
    env = worker_env(media_root)
    run: ReportRun | None = None
    for attempt in range(1, attempts + 1):
        with reads_of_supervision_held(), celery_worker(mail_server=mail_server, env=env) as w:
            if run is None:
                run = cohort_run()
            else:
                wait_for(lambda: reports_recover_stale() == (1, 0), seconds=STALE_SECONDS + 10)
            backend = kill_mid_compile(run, w, attempt=attempt)
        gone(backend)
    assert run is not None

    wait_for(lambda: reports_recover_stale() == (0, 1), seconds=STALE_SECONDS + 10)
    run.refresh_from_db()
    assert (run.status, run.attempts) == (Status.FAILED, attempts)
    assert run.error == "The worker compiling this report stopped, and the attempts are used up."
    assert run.finished_at is not None
    assert not run.file
    [failed] = Notification.objects.filter(kind="reports.failed")
    assert failed.recipient.user.username == "psw"
    assert "could not be compiled" in failed.subject
    assert reports_recover_stale() == (0, 0), "a failed run is not picked up again"


def test_a_run_handed_to_the_worker_twice_is_compiled_once(mail_server, cohort_run, media_root):
    with celery_worker(mail_server=mail_server, env=worker_env(media_root)) as worker:
        run = cohort_run()  # its commit sends the compile once
        compile_report.delay(run.pk)  # and here it is again, as a redelivered message would be
        wait_for(lambda: "'skipped'" in worker.log_path.read_text(), seconds=60, why=worker.log)
        wait_for(lambda: state(run)[0] == Status.DONE, seconds=60, why=worker.log)
    assert worker.process.returncode == 0, worker.log()

    assert state(run) == (Status.DONE, 100, 1)
    outcomes = [
        line.rsplit(": ", 1)[1]
        for line in worker.output.splitlines()
        if "Task reports.compile[" in line and " succeeded in " in line
    ]
    assert sorted(outcomes) == ["'done'", "'skipped'"]
    assert Notification.objects.filter(kind="reports.ready").count() == 1
