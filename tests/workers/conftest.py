from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app
from tests.notifications.mailserver import MailServer, running_mail_server

QUEUES = ("notifications", "reports")


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    """A real SMTP server on a free local port."""
    with running_mail_server() as server:
        yield server


def wait_for(
    predicate: Callable[[], bool], *, seconds: float, why: Callable[[], str] = lambda: ""
) -> float:
    """Poll ``predicate`` until true; fail after ``seconds``. Returns the time it took."""
    start = time.monotonic()
    while not predicate():
        if time.monotonic() - start > seconds:
            pytest.fail(f"not done within {seconds}s. {why()}")
        time.sleep(0.1)
    return time.monotonic() - start


def database_url_of_this_test() -> str:
    """The URL of the database the test runs on (pytest's test database)."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{quote(db['NAME'], safe='')}"


def purge_queues() -> None:
    with celery_app.connection_for_write() as conn:
        channel = conn.default_channel
        for queue in QUEUES:
            channel.queue_purge(queue)


@dataclass
class WorkerProcess:
    process: subprocess.Popen[bytes]
    log_path: Path
    output: str = ""  # the whole log, kept once the worker has stopped

    def log(self, last: int = 60) -> str:
        text = self.output or self.log_path.read_text(errors="replace")
        return "worker log (tail):\n" + "\n".join(text.splitlines()[-last:])

    def ready(self) -> bool:
        if self.process.poll() is not None:
            pytest.fail(f"the worker exited with {self.process.returncode}. {self.log()}")
        return " ready." in self.log_path.read_text(errors="replace")


@contextmanager
def celery_worker(
    *, mail_server: MailServer, env: Mapping[str, str] | None = None
) -> Iterator[WorkerProcess]:
    """A real Celery worker subprocess on both queues, using this test's database, broker and
    ``mail_server``; stopped with a warm shutdown (killed only if that hangs)."""
    purge_queues()
    worker_env = {
        **os.environ,
        "DATABASE_URL": database_url_of_this_test(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "EMAIL_URL": mail_server.url,
        "SECRET_KEY": "worker-end-to-end-" + uuid.uuid4().hex,
        "CONN_MAX_AGE": "0",
        "DEBUG": "0",
        **(env or {}),
    }
    handle, name = tempfile.mkstemp(prefix="celery-worker-", suffix=".log")
    log_path = Path(name)
    venv_bin = Path(sys.executable).parent
    with os.fdopen(handle, "wb") as log:
        process = subprocess.Popen(
            [
                str(venv_bin / "celery"),
                "-A",
                "config",
                "worker",
                "-Q",
                ",".join(QUEUES),
                "-c",
                "2",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "INFO",
                "-n",
                f"end-to-end-{uuid.uuid4().hex[:8]}@%h",
            ],
            cwd=settings.BASE_DIR,
            env=worker_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    worker = WorkerProcess(process=process, log_path=log_path)
    try:
        wait_for(worker.ready, seconds=60, why=worker.log)
        yield worker
    finally:
        _stop(process)
        worker.output = log_path.read_text(errors="replace")
        log_path.unlink(missing_ok=True)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)  # warm shutdown: finish the tasks in hand
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # its own session: only its pool children
        process.wait(timeout=10)
