"""Audits written from several real PostgreSQL connections at once: two managers auditing the same
case make one audit, one PSW allowance serves one repeat audit, and two revisions of a template
make one new version."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from academy.audits import services
from academy.audits.models import AuditTemplate, CaseAudit, RepeatAllowance
from tests.audits.conftest import record, viewer

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("clock"),
]


def run_at_once(count: int, target: Callable[[int], Any]) -> list[Any]:
    """Run ``target(i)`` in ``count`` threads released together, each on its own connection;
    return each one's result or the exception it raised."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = target(index)
        except Exception as exc:
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    return results


def someone_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        (waiting,) = cursor.fetchone()
    return bool(waiting)


def first_holds_second_tries(first: Callable[[], Any], second: Callable[[], Any]) -> dict[str, Any]:
    """Run ``first`` in a transaction on one connection and hold it open; meanwhile run
    ``second`` on another; let ``first`` commit once ``second`` waits on a lock (or is done).
    Return each one's outcome: "saved" or the exception it raised."""
    saved_first, go_on = threading.Event(), threading.Event()
    results: dict[str, Any] = {}

    def run_first() -> None:
        try:
            with transaction.atomic():
                first()
                saved_first.set()
                go_on.wait(timeout=20)
            results["first"] = "saved"
        except Exception as exc:
            results["first"] = exc
        finally:
            saved_first.set()
            connections.close_all()

    def run_second() -> None:
        saved_first.wait(timeout=20)
        try:
            second()
            results["second"] = "saved"
        except Exception as exc:
            results["second"] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 20
    while (
        "second" not in results and not someone_waits_for_a_lock() and time.monotonic() < deadline
    ):
        time.sleep(0.05)
    go_on.set()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    return results


def test_two_managers_auditing_one_case_at_once_make_one_audit(academy, template):
    """The second save waits for the first to commit, then sees its audit and is refused as a
    repeat: the check and the write cannot interleave."""
    manager = viewer(academy, "manager")

    results = first_holds_second_tries(
        lambda: record(academy, template, actor=manager, of="worker", case_reference="AB123456"),
        lambda: record(
            academy, template, actor=manager, of="supervisor", case_reference="ab123456"
        ),
    )

    assert results["first"] == "saved"
    assert isinstance(results["second"], ValidationError), results["second"]
    assert set(results["second"].message_dict) == {"case_reference"}
    assert [a.practitioner for a in CaseAudit.objects.filter(case_reference="AB123456")] == [
        academy.people["worker"]
    ]


def test_one_allowance_serves_one_of_two_repeat_audits_saved_at_once(academy, template):
    """The first takes the allowance and holds its transaction open; the second sees the
    allowance still unused and tries to take it."""
    first = record(academy, template, audit_date=dt.date(2025, 1, 10))
    services.repeat_allow(
        case_reference=first.case_reference, reason="Complaint", actor=viewer(academy, "psw")
    )
    manager = viewer(academy, "manager")

    def save(of: str) -> Callable[[], CaseAudit]:
        return lambda: record(
            academy, template, actor=manager, of=of, case_reference=first.case_reference
        )

    results = first_holds_second_tries(save("worker"), save("supervisor"))

    assert results["first"] == "saved"
    assert isinstance(results["second"], ValidationError)
    assert set(results["second"].message_dict) == {"case_reference"}
    repeats = CaseAudit.objects.exclude(repeat_reason="")
    assert [a.practitioner for a in repeats] == [academy.people["worker"]]
    assert RepeatAllowance.objects.get().used_by == repeats.get()


def test_two_revisions_at_once_make_one_new_version(academy, template):
    record(academy, template)

    def revise(index: int) -> AuditTemplate:
        return services.audit_template_revise(
            template=template, changes={"name": f"Revision {index}"}
        )

    results = run_at_once(2, revise)
    made = [r for r in results if isinstance(r, AuditTemplate)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert (len(made), len(refused)) == (1, 1), results
    assert set(refused[0].message_dict) == {"template"}
    versions = AuditTemplate.objects.filter(key=template.key).order_by("version")
    assert [(t.version, t.current) for t in versions] == [(1, False), (2, True)]
