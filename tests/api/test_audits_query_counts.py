"""Every audits list runs the same number of queries for one row as for forty.

Each case grows its list from one row to forty between two identical requests; the counts must
match each other and the budget written here (a failure prints every statement of both runs).
Signed in by session: the session and the user (2) and, where a rule is asked, the viewer's
roles (1), then the list's own queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from academy.audits import services
from academy.audits.models import AuditQuestion, AuditSection, AuditTemplate, AuditTheme, Moderation
from academy.audits.standard import BANDS, SCALE
from academy.common.dates import today
from academy.people.permissions import viewer_for
from tests.api.support import assert_same_queries, count_queries
from tests.api.test_audits import (  # noqa: F401  (fixtures)
    API,
    Audits,
    audits_fixture,
    record,
    standard_audit_fixture,
)
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

SESSION = 2
AUTH = SESSION + 1


@dataclass
class ListCase:
    login: str
    url: str
    grow: Callable[[int], None]
    expected_queries: int


def _after_a_row_already_there(grow: Callable[[int], None]) -> Callable[[int], None]:
    """``grow`` for a list that starts with one row: the first row asked for is that one."""
    first = [True]

    def grown(n: int) -> None:
        if first[0]:
            first[0] = False
            n -= 1
        grow(n)

    return grown


def templates(a: Audits) -> ListCase:
    def grow(n: int) -> None:
        for _ in range(n):
            template = AuditTemplate.objects.create(
                key=f"extra-{AuditTemplate.objects.count()}",
                name="Extra",
                answer_scores=SCALE,
                grade_bands=BANDS,
            )
            section = AuditSection.objects.create(template=template, title="Recording")
            AuditQuestion.objects.create(section=section, text="Up to date?")
            AuditQuestion.objects.create(section=section, text="Chronology clear?")

    return ListCase(
        login="worker",
        url=f"{API}/audit-templates/",
        grow=_after_a_row_already_there(grow),  # the seeded template
        expected_queries=SESSION + 3,  # templates, sections, questions
    )


def themes(a: Audits) -> ListCase:
    def grow(n: int) -> None:
        start = AuditTheme.objects.count()
        AuditTheme.objects.bulk_create(
            AuditTheme(name=f"Retired {start + i}", active=False) for i in range(n)
        )

    return ListCase(
        login="manager",
        url=f"{API}/audit-themes/?active=false",
        grow=grow,
        expected_queries=SESSION + 1,
    )


def audit_list(a: Audits) -> ListCase:
    newcomer = PersonFactory(team=a.academy.teams["a"])
    themes = tuple(AuditTheme.objects.all()[:2])

    def grow(n: int) -> None:
        for _ in range(n):
            record(a.person("manager"), newcomer, themes=themes)

    return ListCase(
        login="manager",
        url=f"{API}/audits/?practitioner={newcomer.pk}",
        grow=grow,
        expected_queries=AUTH + 2,  # audits with team, people and template; their themes
    )


def actions(a: Audits) -> ListCase:
    def grow(n: int) -> None:
        for i in range(n):
            services.action_add(
                audit=a.submitted,
                description=f"Action {i}",
                owner=a.person("nqsw"),
                due_date=today() + dt.timedelta(days=i),
                actor=viewer_for(a.person("manager").user),
            )

    return ListCase(
        login="nqsw",
        url=f"{API}/audits/{a.submitted.pk}/actions/",
        grow=_after_a_row_already_there(grow),  # the fixture's action
        # the audit in full (itself, themes, answers, actions), then the list with owners
        expected_queries=AUTH + 4 + 1,
    )


def moderations(a: Audits) -> ListCase:
    first = [True]

    def grow(n: int) -> None:
        if first[0]:
            first[0] = False
            Moderation.objects.all().delete()
        for _ in range(n):
            audit = record(a.manager_b, a.person("outsider"))
            Moderation.objects.create(audit=audit, sample_month=today().replace(day=1))

    return ListCase(
        login="psw",
        url=f"{API}/moderations/",
        grow=grow,
        expected_queries=AUTH + 1,  # moderations with their audits' team and people
    )


def repeat_allowances(a: Audits) -> ListCase:
    def grow(n: int) -> None:
        for i in range(n):
            services.repeat_allow(
                case_reference=f"CR{700000 + i}",
                reason="A complaint",
                actor=viewer_for(a.person("psw").user),
            )

    return ListCase(
        login="psw",
        url=f"{API}/repeat-allowances/",
        grow=grow,
        expected_queries=AUTH + 1,
    )


def bulletins(a: Audits) -> ListCase:
    def grow(n: int) -> None:
        for i in range(n):
            services.bulletin_save(
                data={
                    "title": f"Bulletin {i}",
                    "period_start": today() - dt.timedelta(days=i + 40),
                    "period_end": today() - dt.timedelta(days=i + 35),
                    "went_well": "Reviews on time.",
                    "to_improve": "Advocacy.",
                },
                themes=[a.theme],
                publish=True,
                actor=viewer_for(a.person("psw").user),
            )

    return ListCase(
        login="worker",
        url=f"{API}/learning-bulletins/",
        grow=_after_a_row_already_there(grow),  # the fixture's published one
        expected_queries=AUTH + 2,  # bulletins with who published them; their themes
    )


def rows_of(body: dict) -> list:
    return body["results"]


@pytest.mark.parametrize(
    "make_case",
    [templates, themes, audit_list, actions, moderations, repeat_allowances, bulletins],
    ids=lambda f: f.__name__,
)
def test_audits_list_runs_the_same_queries_for_one_row_as_for_forty(audits, api, make_case):
    case = make_case(audits)
    client = api(case.login)

    case.grow(1)
    one, few = count_queries(lambda: client.get(case.url))
    case.grow(39)
    forty, many = count_queries(lambda: client.get(case.url))

    assert one.status_code == forty.status_code == 200, (one.content[:300], forty.content[:300])
    assert len(rows_of(one.json())) == 1
    assert len(rows_of(forty.json())) == 40
    assert_same_queries(few, many, expected=case.expected_queries)


def test_an_audit_in_full_costs_the_same_whatever_its_answers_and_actions(audits, api):
    client = api("dass")
    url = f"{API}/audits/{audits.submitted.pk}/"
    _, before = count_queries(lambda: client.get(url))
    for i in range(10):
        services.action_add(
            audit=audits.submitted,
            description=f"Action {i}",
            owner=audits.person("nqsw"),
            due_date=today(),
            actor=viewer_for(audits.person("manager").user),
        )
    response, after = count_queries(lambda: client.get(url))
    assert len(response.json()["actions"]) == 11
    assert len(response.json()["answers"]) == 18
    assert_same_queries(before, after, expected=AUTH + 4)
