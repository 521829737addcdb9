"""academy/audits/selectors.py: who sees which audits (the same answer as the permission), the
monthly programme, summaries, trends and agreement; each read runs a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from academy.audits import selectors
from academy.audits.models import (
    AuditAction,
    AuditQuota,
    AuditResponse,
    CaseAudit,
    Grade,
    LearningBulletin,
    Moderation,
)
from academy.audits.rules import ProgrammeStatus
from academy.people.models import Person, Role
from academy.people.permissions import viewer_for
from tests.audits.conftest import lay_down, questions, theme, viewer
from tests.conftest import ROLE_LOGINS
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

D = dt.date
MARCH = D(2025, 3, 1)
AS_OF = D(2025, 3, 14)
ALL_GRADES = dict.fromkeys(Grade.values, 0)


def audit(template, academy, of: str | Person, *, by: str | Person = "manager", **fields):
    practitioner = academy.people[of] if isinstance(of, str) else of
    auditor = academy.people[by] if isinstance(by, str) else by
    fields.setdefault("audit_date", D(2025, 3, 3))
    return lay_down(template, practitioner=practitioner, auditor=auditor, **fields)


def grades(**counts: int) -> dict[str, int]:
    return {**ALL_GRADES, **counts}


# ---------------------------------------------------------------------------------------------
# Who sees which audits
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def spread(academy, template, manager_b) -> dict[str, CaseAudit]:
    """Audits of practitioners in team A, team B and the NHS team, drafts among them."""
    draft = CaseAudit.Status.DRAFT
    return {
        "nqsw": audit(template, academy, "nqsw"),
        "nqsw draft": audit(template, academy, "nqsw", status=draft),
        "worker": audit(template, academy, "worker", grade=Grade.INADEQUATE),
        "psw": audit(template, academy, "psw"),
        "supervisor": audit(template, academy, "supervisor", grade=Grade.OUTSTANDING),
        "outsider": audit(template, academy, "outsider", by=manager_b),
        "outsider draft": audit(template, academy, "outsider", by=manager_b, status=draft),
        "principal_ot": audit(template, academy, "principal_ot", by=manager_b),
        "nhs_staff": audit(template, academy, "nhs_staff", by="partner"),
    }


EXPECTED_VISIBLE = {
    "psw": "all",
    "dass": "all",
    "admin": "all",
    "manager": {"nqsw", "nqsw draft", "worker", "psw", "supervisor"},
    "manager_b": {"outsider", "outsider draft", "principal_ot"},
    "nqsw": {"nqsw"},
    "worker": {"worker"},
    "supervisor": {"supervisor"},
    "outsider": {"outsider"},
    "principal_ot": {"principal_ot"},
    "nhs_staff": {"nhs_staff"},
    "coordinator": set(),
    "assessor": set(),
    "partner": set(),
}


def user_of(academy, login: str) -> Any:
    if login == "manager_b":
        return Person.objects.get(user__username="manager_b").user
    return academy.user(login)


@pytest.mark.parametrize("login", [*ROLE_LOGINS, "manager_b"])
def test_the_audits_a_login_sees_are_those_the_permission_allows(academy, spread, login):
    user = user_of(academy, login)
    listed = set(selectors.audits_visible_to(viewer_for(user)))
    permitted = {a for a in CaseAudit.objects.all() if user.has_perm("audits.view_audit", a)}
    assert listed == permitted

    expected = EXPECTED_VISIBLE[login]
    names = set(spread) if expected == "all" else expected
    assert listed == {spread[name] for name in names}


def test_nobody_signed_out_sees_an_audit(academy, spread):
    anonymous = AnonymousUser()
    assert not selectors.audits_visible_to(viewer_for(anonymous)).exists()
    assert not any(anonymous.has_perm("audits.view_audit", a) for a in spread.values())


def test_a_practitioner_sees_their_audit_once_it_is_submitted(academy, spread):
    draft = spread["nqsw draft"]
    nqsw = viewer(academy, "nqsw")
    assert draft not in selectors.audits_visible_to(nqsw)
    CaseAudit.objects.filter(pk=draft.pk).update(
        status=CaseAudit.Status.SUBMITTED,
        score=Decimal("70"),
        grade=Grade.GOOD,
        computed_grade=Grade.GOOD,
    )
    assert draft in selectors.audits_visible_to(nqsw)


def test_the_audit_list_filters_within_what_the_viewer_sees(academy, spread, template):
    audit(template, academy, "nqsw", audit_date=D(2025, 2, 27))
    manager = viewer(academy, "manager")

    def listed(**filters: Any) -> set[CaseAudit]:
        return set(selectors.audit_list(viewer=manager, **filters))

    assert listed(team_id=academy.teams["b"].pk) == set()
    assert listed(practitioner_id=academy.people["nqsw"].pk, month=MARCH) == {
        spread["nqsw"],
        spread["nqsw draft"],
    }
    assert listed(status="draft") == {spread["nqsw draft"]}
    assert listed(grade=Grade.INADEQUATE) == {spread["worker"]}
    psw_view = set(selectors.audit_list(viewer=viewer(academy, "psw"), status="draft"))
    assert psw_view == {spread["nqsw draft"], spread["outsider draft"]}


# ---------------------------------------------------------------------------------------------
# The monthly programme
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def deputy(academy) -> Person:
    person: Person = PersonFactory(team=academy.teams["a"], roles=[Role.TEAM_MANAGER])
    return person


def test_the_programme_sets_each_teams_quota_per_manager_against_its_audits(
    academy, template, manager_b, deputy
):
    team_a, team_b, team_nhs = (academy.teams[k] for k in ("a", "b", "nhs"))
    PersonFactory(team=team_b, roles=[Role.TEAM_MANAGER], active=False)
    AuditQuota.objects.create(team=team_b, per_manager=1)
    audit(template, academy, "nqsw")
    audit(template, academy, "worker", status=CaseAudit.Status.DRAFT)
    audit(template, academy, "nqsw", status=CaseAudit.Status.DRAFT)
    audit(template, academy, "nqsw", audit_date=D(2025, 2, 28))
    audit(template, academy, "nqsw", audit_date=D(2025, 4, 1))
    audit(template, academy, "outsider", by=manager_b, audit_date=D(2025, 3, 31))

    found = selectors.programme(
        team_ids=[team_a.pk, team_b.pk, team_nhs.pk], month=MARCH, as_of=AS_OF
    )

    a, b, nhs = found[team_a.pk], found[team_b.pk], found[team_nhs.pk]
    assert (a.quota, a.submitted, a.in_progress, a.due, a.status) == (
        4,
        1,
        2,
        1,
        ProgrammeStatus.IN_PROGRESS,
    )
    assert (b.quota, b.submitted, b.status) == (1, 1, ProgrammeStatus.SUBMITTED)
    assert (nhs.quota, nhs.status) == (0, ProgrammeStatus.SUBMITTED)

    after = selectors.programme(team_ids=[team_a.pk], month=MARCH, as_of=D(2025, 4, 1))
    assert (after[team_a.pk].status, after[team_a.pk].overdue) == (ProgrammeStatus.OVERDUE, 3)
    nothing = selectors.programme(team_ids=[team_a.pk], month=D(2025, 5, 1), as_of=D(2025, 5, 2))
    assert (nothing[team_a.pk].status, nothing[team_a.pk].due) == (ProgrammeStatus.DUE, 4)


# ---------------------------------------------------------------------------------------------
# Summaries and trends
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def quarter(academy, template, manager_b) -> None:
    """Submitted audits in the first quarter of 2025 (and some that do not count)."""
    carers, voice, capacity = (
        theme("Carers"),
        theme("Voice of the person"),
        theme("Mental capacity"),
    )
    audit(template, academy, "nqsw", audit_date=D(2025, 1, 6), themes=[carers, voice])
    audit(template, academy, "worker", audit_date=D(2025, 1, 31), grade=Grade.INADEQUATE)
    audit(
        template,
        academy,
        "nqsw",
        audit_date=D(2025, 2, 3),
        grade=Grade.OUTSTANDING,
        themes=[carers],
    )
    audit(template, academy, "worker", audit_date=D(2025, 3, 3), themes=[carers, capacity])
    audit(template, academy, "outsider", by=manager_b, audit_date=D(2025, 3, 10), themes=[voice])
    audit(
        template,
        academy,
        "outsider",
        by=manager_b,
        audit_date=D(2025, 3, 31),
        grade=Grade.REQUIRES_IMPROVEMENT,
    )
    # Not counted: a draft, and audits before and after the quarter.
    audit(template, academy, "nqsw", audit_date=D(2025, 3, 4), status="draft", themes=[carers])
    audit(template, academy, "nqsw", audit_date=D(2024, 12, 31), themes=[carers])
    audit(template, academy, "nqsw", audit_date=D(2025, 4, 1), themes=[carers])


def test_the_quarter_summary_counts_submitted_audits_by_grade_team_and_theme(academy, quarter):
    team_a, team_b = academy.teams["a"].pk, academy.teams["b"].pk
    summary = selectors.period_summary(
        CaseAudit.objects.all(), start=D(2025, 1, 1), end=D(2025, 3, 31)
    )
    assert summary.total == 6
    assert summary.grades == grades(good=3, inadequate=1, outstanding=1, requires_improvement=1)
    assert summary.by_team == {
        team_a: grades(good=2, inadequate=1, outstanding=1),
        team_b: grades(good=1, requires_improvement=1),
    }
    assert summary.themes == {"Carers": 3, "Voice of the person": 2, "Mental capacity": 1}
    assert list(summary.themes) == ["Carers", "Voice of the person", "Mental capacity"]


def test_a_months_summary_within_what_a_manager_sees(academy, quarter):
    mine = selectors.audits_visible_to(viewer(academy, "manager"))
    summary = selectors.period_summary(mine, start=MARCH, end=D(2025, 3, 31))
    assert summary.total == 1
    assert summary.grades == grades(good=1)
    assert summary.by_team == {academy.teams["a"].pk: grades(good=1)}
    assert summary.themes == {"Carers": 1, "Mental capacity": 1}


def test_a_period_with_no_audits_sums_to_nothing(academy, quarter):
    summary = selectors.period_summary(
        CaseAudit.objects.all(), start=D(2024, 6, 1), end=D(2024, 6, 30)
    )
    assert (summary.total, summary.grades, summary.themes, summary.by_team) == (
        0,
        ALL_GRADES,
        {},
        {},
    )


def test_the_monthly_trend_counts_grades_per_month_oldest_first(academy, quarter):
    trend = selectors.monthly_trend(CaseAudit.objects.all(), months=4, as_of=AS_OF)
    assert trend == [
        (D(2024, 12, 1), grades(good=1)),
        (D(2025, 1, 1), grades(good=1, inadequate=1)),
        (D(2025, 2, 1), grades(outstanding=1)),
        (D(2025, 3, 1), grades(good=2, requires_improvement=1)),
    ]


def test_the_theme_trend_counts_tagged_audits_per_month(academy, quarter):
    trend = selectors.theme_trend(CaseAudit.objects.all(), months=3, as_of=AS_OF)
    assert trend == {
        "Carers": [1, 1, 1],
        "Voice of the person": [1, 0, 1],
        "Mental capacity": [0, 0, 1],
    }
    mine = selectors.audits_visible_to(viewer(academy, "manager"))
    assert selectors.theme_trend(mine, months=1, as_of=AS_OF) == {
        "Carers": [1],
        "Mental capacity": [1],
    }


# ---------------------------------------------------------------------------------------------
# Moderation
# ---------------------------------------------------------------------------------------------
def moderate(case: CaseAudit, month: dt.date, regrade: str | None) -> Moderation:
    done = regrade is not None
    return Moderation.objects.create(
        audit=case,
        sample_month=month,
        moderated_grade=regrade or "",
        agreed=(regrade == case.grade) if done else None,
        moderated_at=timezone.now() if done else None,
    )


def test_agreement_is_counted_by_month_and_team(academy, template, manager_b):
    team_a, team_b = academy.teams["a"].pk, academy.teams["b"].pk
    a = [audit(template, academy, "nqsw", audit_date=D(2025, m, 5)) for m in (1, 1, 1, 2, 2)]
    b = [audit(template, academy, "outsider", by=manager_b, audit_date=D(2025, 1, 5))]
    old = audit(template, academy, "nqsw", audit_date=D(2024, 11, 5))
    moderate(a[0], D(2025, 1, 1), Grade.GOOD)
    moderate(a[1], D(2025, 1, 1), Grade.GOOD)
    moderate(a[2], D(2025, 1, 1), Grade.INADEQUATE)
    moderate(a[3], D(2025, 2, 1), Grade.OUTSTANDING)
    moderate(a[4], D(2025, 2, 1), None)  # drawn, not yet re-graded
    moderate(b[0], D(2025, 1, 1), Grade.GOOD)
    moderate(old, D(2024, 11, 1), Grade.GOOD)

    found = [
        (row.month, row.team_id, row.moderated, row.agreed, row.rate)
        for row in selectors.agreement_by_team(months=3, as_of=D(2025, 2, 10))
    ]
    assert found == [
        (D(2025, 1, 1), team_a, 3, 2, 66.7),
        (D(2025, 1, 1), team_b, 1, 1, 100.0),
        (D(2025, 2, 1), team_a, 1, 0, 0.0),
    ]
    assert [m.audit for m in selectors.moderation_queue()] == [a[4]]


# ---------------------------------------------------------------------------------------------
# Query counts do not grow with the audits
# ---------------------------------------------------------------------------------------------
def many(template, academy, manager_b, count: int) -> None:
    people = [academy.people[login] for login in ("nqsw", "worker", "supervisor")]
    themes = [theme("Carers"), theme("Recording quality")]
    first_questions = questions(template)[:3]
    for i in range(count):
        case = lay_down(
            template,
            practitioner=people[i % 3] if i % 4 else academy.people["outsider"],
            auditor=academy.people["manager"] if i % 4 else manager_b,
            audit_date=D(2025, 1 + i % 3, 1 + i % 28),
            grade=Grade.values[i % 4],
            status=CaseAudit.Status.DRAFT if i % 5 == 0 else CaseAudit.Status.SUBMITTED,
            themes=themes[: i % 3],
        )
        AuditResponse.objects.bulk_create(
            AuditResponse(audit=case, question=q, answer="yes") for q in first_questions
        )
        AuditAction.objects.create(
            audit=case, description="Act", owner=case.practitioner, due_date=D(2025, 6, 1)
        )
        if case.status == CaseAudit.Status.SUBMITTED and i % 3 == 0:
            moderate(case, D(2025, 1 + i % 3, 1), Grade.GOOD if i % 2 else None)


def use_list(audits: Any) -> None:
    for case in audits:
        _ = (case.team.name, case.practitioner.full_name, case.auditor.full_name)
        _ = (case.template.name, [t.name for t in case.themes.all()])


def use_detail(audits: Any) -> None:
    use_list(audits)
    for case in audits:
        _ = [(r.question.section.title, r.answer) for r in case.responses.all()]
        _ = [(a.owner.full_name, a.due_date) for a in case.actions.all()]


def reads(academy) -> dict[str, Callable[[], Any]]:
    team_ids = [academy.teams[k].pk for k in ("a", "b", "nhs")]

    def everyone() -> Any:
        return selectors.audits_visible_to(viewer(academy, "psw"))

    def their_team() -> Any:
        return selectors.audit_list(viewer=viewer(academy, "manager"))

    return {
        "audit list (PSW)": lambda: use_list(selectors.audit_list(viewer=viewer(academy, "psw"))),
        "audit list (manager)": lambda: use_list(their_team()),
        "audit detail": lambda: use_detail(selectors.with_detail(everyone())),
        "programme": lambda: selectors.programme(team_ids=team_ids, month=MARCH, as_of=AS_OF),
        "period summary": lambda: selectors.period_summary(
            everyone(), start=D(2025, 1, 1), end=D(2025, 3, 31)
        ),
        "monthly trend": lambda: selectors.monthly_trend(everyone(), months=12, as_of=AS_OF),
        "theme trend": lambda: selectors.theme_trend(everyone(), months=12, as_of=AS_OF),
        "agreement": lambda: selectors.agreement_by_team(months=12, as_of=AS_OF),
        "moderation queue": lambda: [
            (m.audit.team.name, m.audit.practitioner.full_name, m.audit.auditor.full_name)
            for m in selectors.moderation_queue()
        ],
    }


EXPECTED_QUERIES = {
    "audit list (PSW)": 2,
    "audit list (manager)": 2,
    "audit detail": 4,
    "programme": 3,
    "period summary": 2,
    "monthly trend": 1,
    "theme trend": 1,
    "agreement": 1,
    "moderation queue": 1,
}


def count_queries(read: Callable[[], Any]) -> int:
    with CaptureQueriesContext(connection) as captured:
        read()
    return len(captured)


def test_each_read_runs_the_same_few_queries_for_10_audits_as_for_80(academy, template, manager_b):
    for login in ("psw", "manager"):
        viewer(academy, login)  # the viewer is read once per request, before these
    checks = reads(academy)
    many(template, academy, manager_b, 10)
    at_10 = {name: count_queries(read) for name, read in checks.items()}
    many(template, academy, manager_b, 70)
    assert CaseAudit.objects.count() == 80
    at_80 = {name: count_queries(read) for name, read in checks.items()}
    assert at_10 == at_80 == EXPECTED_QUERIES


def test_current_templates_and_published_bulletins_read_in_fixed_queries(
    academy, template, django_assert_num_queries
):
    LearningBulletin.objects.create(
        title="Spring",
        period_start=D(2025, 1, 1),
        period_end=D(2025, 3, 31),
        went_well="Voice.",
        to_improve="Carers.",
        published_at=timezone.now(),
    )
    LearningBulletin.objects.create(
        title="Draft", period_start=MARCH, period_end=MARCH, went_well="-", to_improve="-"
    )
    with django_assert_num_queries(3):
        found = list(selectors.current_templates())
        count = sum(len(s.questions.all()) for t in found for s in t.sections.all())
    assert (found, count) == ([template], 18)
    with django_assert_num_queries(2):
        titles = [(b.title, list(b.themes.all())) for b in selectors.bulletins()]
    assert titles == [("Spring", [])]
    assert selectors.bulletins(published_only=False).count() == 2
