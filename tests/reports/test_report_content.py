"""What the reports say: figures checked against a small academy whose answers are known."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from academy.audits.models import AuditTemplate, CaseAudit, Grade
from academy.pathways import rules as pathway_rules
from academy.pathways.models import Cohort, PathwayTemplate, Supervision
from academy.pathways.services import enrolments_create, outcome_record
from academy.reports.compilers import COMPILERS
from academy.reports.document import Document, Table
from academy.training.models import Completion, Course, CpdEntry, Requirement
from tests.conftest import Academy
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

START = dt.date(2025, 1, 6)


def compile(kind: str, parameters: dict[str, Any], as_of: dt.date) -> Document:
    compiler = COMPILERS[kind]
    return compiler.compile(compiler.clean(parameters), as_of, lambda percent: None)


def table(document: Document, name: str) -> list[dict[str, Any]]:
    found: Table = next(t for t in document.tables() if t.name == name)
    return [dict(zip([c.name for c in found.columns], row, strict=True)) for row in found.rows]


def newly_qualified(academy: Academy, last_name: str) -> Any:
    return PersonFactory(
        first_name="Sam",
        last_name=last_name,
        team=academy.teams["a"],
        qualified_on=START - dt.timedelta(days=120),
        swe_first_registered_on=START - dt.timedelta(days=60),
        swe_number=f"SW{abs(hash(last_name)) % 10**6}",
        pcf_level="asye",
    )


def supervised_on_schedule(enrolment: Any, *, until: dt.date, by: Any) -> None:
    bands = pathway_rules.parse_supervision_schedule(enrolment.pathway.supervision_schedule)
    day, held = enrolment.start_date, []
    while day <= until:
        held.append(
            Supervision(
                enrolment=enrolment, held_on=day, supervisor=by, kind=Supervision.Kind.REFLECTIVE
            )
        )
        interval = pathway_rules.supervision_interval_on(enrolment.start_date, day, bands)
        assert interval is not None
        day = interval.after(day)
    Supervision.objects.bulk_create(held)


def test_a_member_who_left_is_not_marked_down_for_supervision_after_leaving(academy):
    asye = PathwayTemplate.objects.get(key="asye-adults")
    cohort = Cohort.objects.create(name="January", pathway=asye, start_date=START, capacity=4)
    stayed, left = enrolments_create(
        people=[newly_qualified(academy, "Stayer"), newly_qualified(academy, "Leaver")],
        pathway=asye,
        start_date=START,
        cohort=cohort,
    )
    withdrawn_on = START + dt.timedelta(days=150)
    supervisor = academy.people["supervisor"]
    supervised_on_schedule(stayed, until=START + dt.timedelta(days=300), by=supervisor)
    supervised_on_schedule(left, until=withdrawn_on, by=supervisor)
    outcome_record(
        enrolment=left,
        stage="withdrawal",
        decision="withdrawn",
        decided_on=withdrawn_on,
        note="Moved away.",
        actor=None,
    )

    rows = table(
        compile("cohort_progression", {"cohort": cohort.pk}, START + dt.timedelta(days=300)),
        "Members",
    )
    by_name = {row["Name"]: row for row in rows}
    assert [row["Name"] for row in rows] == ["Sam Leaver", "Sam Stayer"], "in surname order"
    assert by_name["Sam Stayer"]["Supervision %"] == 100.0
    assert by_name["Sam Leaver"]["Supervision %"] == 100.0
    assert by_name["Sam Leaver"]["Outcome"] == "Withdrawn"


def test_an_audit_summary_without_a_start_covers_the_last_whole_month(academy):
    template = AuditTemplate.objects.filter(current=True).first()
    manager, nqsw = academy.people["manager"], academy.people["nqsw"]
    as_of = dt.date(2026, 3, 14)

    def audit(day: dt.date, grade: str) -> None:
        CaseAudit.objects.create(
            template=template,
            team=academy.teams["a"],
            practitioner=nqsw,
            auditor=manager,
            case_reference=f"CR{day:%Y%m%d}{len(grade)}",
            audit_date=day,
            status=CaseAudit.Status.SUBMITTED,
            score=Decimal("70.0"),
            computed_grade=grade,
            grade=grade,
            submitted_at=timezone.now(),
        )

    audit(dt.date(2026, 1, 30), Grade.INADEQUATE)
    audit(dt.date(2026, 2, 2), Grade.GOOD)
    audit(dt.date(2026, 2, 27), Grade.OUTSTANDING)
    audit(dt.date(2026, 3, 2), Grade.GOOD)

    document = compile("audit_summary", {"period": "month"}, as_of)
    assert document.subtitle == "February 2026"
    [north] = table(document, "Grades")
    assert (north["Team"], north["Good"], north["Outstanding"], north["Total"]) == (
        "North Locality",
        1,
        1,
        2,
    )
    [quota] = table(document, "Quota")
    assert (quota["Month"], quota["Quota"], quota["Submitted"], quota["Overdue"]) == (
        "Feb 2026",
        2,
        2,
        0,
    )
    quarter = compile("audit_summary", {"period": "quarter"}, as_of)
    assert quarter.subtitle == "October–December 2025"


def test_training_compliance_for_a_team_lists_its_people_and_who_expires_soon(academy):
    course = Course.objects.create(
        title="Safeguarding adults",
        provider=academy.council,
        delivery_mode=Course.Mode.FACE_TO_FACE,
        refresh_months=36,
    )
    Requirement.objects.create(course=course, kind=Requirement.Kind.EVERYONE)
    as_of = dt.date(2026, 6, 1)
    for n, (login, completed, expires) in enumerate(
        [
            ("nqsw", dt.date(2023, 7, 1), dt.date(2026, 7, 1)),  # 30 days left
            ("worker", dt.date(2023, 1, 1), dt.date(2026, 1, 1)),  # expired
            ("outsider", dt.date(2023, 7, 1), dt.date(2026, 7, 1)),  # another team
        ]
    ):
        Completion.objects.create(
            person=academy.people[login],
            course=course,
            completed_on=completed,
            expires_on=expires,
            source=Completion.Source.RECORDED,
            certificate_number=f"T{n}",
        )

    document = compile("training_compliance", {"team": academy.teams["a"].pk}, as_of)
    assert table(document, "Expiring soon") == [
        {
            "Name": "Nqsw Tester",
            "Team": "North Locality",
            "Course": "Safeguarding adults",
            "Expires": dt.date(2026, 7, 1),
            "Days left": 30,
        }
    ]
    gaps = {(row["Name"], row["State"]) for row in table(document, "Not compliant")}
    assert ("Worker Tester", "Expired") in gaps
    assert not any(name == "Outsider Tester" for name, _ in gaps)
    [summary] = table(document, "Team by course")
    assert summary["Required"] == 5  # psw, manager, supervisor, nqsw, worker
    assert (summary["Expiring"], summary["Expired"], summary["Missing"]) == (1, 1, 3)


def test_cpd_readiness_lists_those_short_first_in_surname_order(academy):
    as_of = dt.date(2026, 10, 1)  # registration year from 1 December 2025
    year = dt.date(2025, 12, 1)
    people = {
        name: PersonFactory(
            first_name="Alex",
            last_name=name,
            team=academy.teams["a"],
            swe_number=f"SW{100 + n}",
            swe_first_registered_on=dt.date(2015, 1, 1),
        )
        for n, name in enumerate(["Young", "Abbott", "Mills"])
    }
    for n, peer in enumerate([False, True]):
        CpdEntry.objects.create(
            person=people["Mills"],
            registration_year_starts=year,
            title=f"Entry {n}",
            activity_date=dt.date(2026, 2, 1),
            activity="A course.",
            learning="Something.",
            impact="Better practice.",
            peer_reflection=peer,
            peer_learning="A peer's view." if peer else "",
        )
    rows = table(compile("cpd_readiness", {}, as_of), "CPD readiness")
    assert [(row["Name"], row["Status"]) for row in rows] == [
        ("Alex Abbott", "Short"),
        ("Alex Young", "Short"),
        ("Alex Mills", "Met"),
    ]
    assert rows[0]["Still needed"]
    assert rows[2]["Still needed"] == ""
