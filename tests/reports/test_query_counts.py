"""Set-based compilation: a report makes the same number of queries for 10 people as for 200.

An academy with a 10-member cohort (and its teams, training and audits) is compiled; then a
second academy with a 200-member cohort is added and everything is compiled again. A query
per person anywhere (an N+1) makes the second count larger; the failure prints the queries.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from academy.common.dates import today
from academy.people.models import Person
from academy.reports.compilers import COMPILERS
from academy.reports.models import ReportRun
from academy.reports.services import report_compile
from bench import dataset

pytestmark = pytest.mark.django_db

SMALL, LARGE = 10, 200


@dataclass
class Counts:
    queries: dict[str, list[str]] = field(default_factory=dict)

    def of(self, case: str) -> int:
        return len(self.queries[case])


def _compile(kind: str, parameters: dict[str, Any]) -> list[str]:
    compiler = COMPILERS[kind]
    cleaned = compiler.clean(parameters)
    with CaptureQueriesContext(connection) as captured:
        document = compiler.compile(cleaned, today(), lambda percent: None)
    assert document.tables(), f"{kind} compiled no table"
    return [query["sql"] for query in captured.captured_queries]


def _academy_wide(counts: Counts) -> None:
    for case, kind, parameters in (
        ("academy_overview", "academy_overview", {}),
        ("training_compliance", "training_compliance", {}),
        ("cpd_readiness", "cpd_readiness", {}),
        ("audit_summary (month)", "audit_summary", {"period": "month"}),
        ("audit_summary (quarter)", "audit_summary", {"period": "quarter"}),
        ("cqc_evidence", "cqc_evidence", {"months": 12}),
    ):
        counts.queries[case] = _compile(kind, parameters)


def _whole_run(cohort_id: int) -> list[str]:
    """``report_compile`` from the claim to the stored file and the message to the requester."""
    run = ReportRun.objects.create(
        kind="cohort_progression", parameters={"cohort": cohort_id}, format="xlsx"
    )
    with CaptureQueriesContext(connection) as captured:
        report_compile(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE, run.error
    return [query["sql"] for query in captured.captured_queries]


@pytest.fixture(scope="module")
def counts(django_db_setup: None, django_db_blocker: Any) -> Iterator[tuple[Counts, Counts]]:
    """(with the small academy, with the large one added)."""
    small, large = Counts(), Counts()
    with django_db_blocker.unblock(), transaction.atomic():
        first = dataset.build(SMALL, as_of=today(), seed=1)
        _academy_wide(small)
        small.queries["training_compliance (team)"] = _compile(
            "training_compliance", {"team": first.teams[0].pk}
        )
        people_before = Person.objects.count()
        second = dataset.build(LARGE, as_of=today(), seed=2)
        assert Person.objects.count() - people_before >= LARGE
        _academy_wide(large)
        large.queries["training_compliance (team)"] = _compile(
            "training_compliance", {"team": second.teams[0].pk}
        )
        for counted, built in ((small, first), (large, second)):
            counted.queries["cohort_progression"] = _compile(
                "cohort_progression", {"cohort": built.cohort.pk}
            )
            counted.queries["cohort_progression (whole run)"] = _whole_run(built.cohort.pk)
        assert (len(first.members), len(second.members)) == (SMALL, LARGE)
        yield small, large
        transaction.set_rollback(True)


CASES = [
    "cohort_progression",
    "cohort_progression (whole run)",
    "academy_overview",
    "training_compliance",
    "training_compliance (team)",
    "cpd_readiness",
    "audit_summary (month)",
    "audit_summary (quarter)",
    "cqc_evidence",
]


@pytest.mark.parametrize("case", CASES)
def test_compiling_for_200_people_makes_the_queries_it_makes_for_10(case, counts):
    small, large = counts
    listing = "\n".join(f"  {n}. {sql[:300]}" for n, sql in enumerate(large.queries[case], 1))
    assert large.of(case) == small.of(case), (
        f"{case}: {small.of(case)} queries for {SMALL} people, {large.of(case)} for {LARGE}:\n"
        f"{listing}"
    )
    print(f"{case}: {small.of(case)} queries")


def test_the_counts_are_small_and_fixed(counts):
    """Guards against a query per team or per course creeping in unseen by the comparison."""
    small, _ = counts
    assert {case: small.of(case) for case in CASES} == {
        "cohort_progression": 10,
        "cohort_progression (whole run)": 20,
        "academy_overview": 3,
        "training_compliance": 4,
        "training_compliance (team)": 5,
        "cpd_readiness": 1,
        "audit_summary (month)": 7,
        "audit_summary (quarter)": 13,
        "cqc_evidence": 9,
    }
