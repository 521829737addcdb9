"""Every pathways list runs the same number of queries for one row as for forty.

Each case grows its list from one row to forty between two identical requests; the counts must
match each other and the budget written here (a failure prints every statement of both runs).
Signed in by session: the session and the user (2) and the viewer's roles (1), then the list's
own queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from academy.common.dates import today
from academy.pathways import services
from academy.pathways.models import Cohort, PathwayTemplate, PcfDomain
from tests.api.support import assert_same_queries, count_queries
from tests.api.test_pathways import (  # noqa: F401  (fixtures)
    API,
    Pathways,
    enrol,
    pathways_fixture,
    qualify,
    standard_pathways_fixture,
)
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

AUTH = 3


@dataclass
class ListCase:
    login: str
    url: str
    grow: Callable[[int], None]
    expected_queries: int


def _copies(key: str, n: int, start: int) -> list[PathwayTemplate]:
    template = PathwayTemplate.objects.get(key=key)
    return [
        services.pathway_template_copy(template=template, key=f"{key}-{start + i}", name=f"{i}")
        for i in range(n)
    ]


def _after_a_row_already_there(grow: Callable[[int], None]) -> Callable[[int], None]:
    """``grow`` for a list that starts with one row: the first row asked for is that one."""
    first = [True]

    def grown(n: int) -> None:
        if first[0]:
            first[0] = False
            n -= 1
        grow(n)

    return grown


def templates(p: Pathways) -> ListCase:
    return ListCase(
        login="nqsw",
        url=f"{API}/pathway-templates/?kind=amhp",
        grow=_after_a_row_already_there(  # the seeded AMHP
            lambda n: _copies("amhp", n, PathwayTemplate.objects.count()) and None
        ),
        expected_queries=AUTH + 2,  # templates, their milestones
    )


def cohorts(p: Pathways) -> ListCase:
    bia = PathwayTemplate.objects.get(key="bia")

    def grow(n: int) -> None:
        for _ in range(n):
            cohort = Cohort.objects.create(
                name=f"BIA {Cohort.objects.count()}", pathway=bia, start_date=today(), capacity=5
            )
            person = qualify(
                PersonFactory(team=p.academy.teams["a"]),
                registered_on=today() - dt.timedelta(days=1000),
            )
            enrol(person, pathway=bia, cohort=cohort)

    return ListCase(
        login="psw",
        url=f"{API}/cohorts/?pathway_template={bia.pk}",
        grow=grow,
        expected_queries=AUTH + 1,  # cohorts with their counts, pathway and lead
    )


def enrolments(p: Pathways) -> ListCase:
    cohort = services.cohort_create(
        name="ASYE big", pathway=p.asye, start_date=today(), capacity=100
    )

    def grow(n: int) -> None:
        for _ in range(n):
            person = qualify(PersonFactory(team=p.academy.teams["a"]))
            enrol(
                person,
                cohort=cohort,
                assessor=p.person("assessor"),
                supervisor=p.person("supervisor"),
            )

    return ListCase(
        login="manager",
        url=f"{API}/enrolments/?cohort={cohort.pk}&open=true",
        grow=grow,
        expected_queries=AUTH + 2,  # enrolments with people and cohort, their milestones
    )


def my_pathway(p: Pathways) -> ListCase:
    def grow(n: int) -> None:
        for template in _copies("ot-preceptorship", n, PathwayTemplate.objects.count()):
            enrolment = enrol(p.person("nqsw"), pathway=template)
            services.development_time_log(
                enrolment=enrolment, date=today(), hours=1, activity="Reading", actor=None
            )
            services.outcome_record(
                enrolment=enrolment,
                stage="deferral",
                decision="deferred",
                decided_on=today(),
                actor=None,
            )

    return ListCase(
        login="nqsw",
        url=f"{API}/me/pathway/",
        grow=_after_a_row_already_there(grow),  # nqsw's ASYE
        # enrolments, milestones, decisions; figures: supervision, development, pauses, evidence
        expected_queries=AUTH + 3 + 4,
    )


def _record_case(tail: str, add: Callable[[Pathways], None], extra: int) -> Callable:
    def make(p: Pathways) -> ListCase:
        def grow(n: int) -> None:
            for _ in range(n):
                add(p)

        return ListCase(
            login="supervisor",
            url=p.url(tail),
            grow=grow,
            # the enrolment with its people, its milestones, the list (and any prefetch)
            expected_queries=AUTH + 3 + extra,
        )

    make.__name__ = tail.strip("/").replace("-", "_")
    return make


def _supervision(p: Pathways) -> None:
    services.supervision_record(
        enrolment=p.enrolment,
        held_on=today(),
        supervisor=p.person("supervisor"),
        kind="group",
        actor=p.person("supervisor"),
    )


def _development(p: Pathways) -> None:
    services.development_time_log(
        enrolment=p.enrolment, date=today(), hours=1, activity="Shadowing", actor=p.person("nqsw")
    )


def _evidence(p: Pathways) -> None:
    services.evidence_add(
        enrolment=p.enrolment,
        kind="person_feedback",
        date=today(),
        summary="Feedback",
        domains=PcfDomain.objects.filter(key__in=["knowledge", "professionalism"]),
        actor=p.person("nqsw"),
    )


def _pause(p: Pathways) -> None:
    services.pause_record(
        enrolment=p.enrolment, kind="extension", reason="More time", days=1, actor=None
    )


supervisions = _record_case("supervisions/", _supervision, 0)
development_time = _record_case("development-time/", _development, 0)
evidence = _record_case("evidence/", _evidence, 1)  # + the evidence's PCF domains
pauses = _record_case("pauses/", _pause, 0)


def pcf_domains(p: Pathways) -> ListCase:
    def grow(n: int) -> None:
        if n == 1:
            PcfDomain.objects.exclude(key="knowledge").delete()
            return
        PcfDomain.objects.bulk_create(
            PcfDomain(key=f"domain-{i}", name=f"Domain {i}", position=20 + i) for i in range(n)
        )

    return ListCase(
        login="worker",
        url=f"{API}/pcf-domains/",
        grow=grow,
        expected_queries=AUTH - 1 + 1,  # any signed-in caller: no roles read; the domains
    )


def rows_of(body: dict) -> list:
    return body["results"]


@pytest.mark.parametrize(
    "make_case",
    [
        templates,
        cohorts,
        enrolments,
        my_pathway,
        supervisions,
        development_time,
        evidence,
        pauses,
        pcf_domains,
    ],
    ids=lambda f: f.__name__,
)
def test_pathways_list_runs_the_same_queries_for_one_row_as_for_forty(pathways, api, make_case):
    case = make_case(pathways)
    client = api(case.login)

    case.grow(1)
    one, few = count_queries(lambda: client.get(case.url))
    case.grow(39)
    forty, many = count_queries(lambda: client.get(case.url))

    assert one.status_code == forty.status_code == 200, (one.content[:300], forty.content[:300])
    assert len(rows_of(one.json())) == 1
    assert len(rows_of(forty.json())) == 40
    assert_same_queries(few, many, expected=case.expected_queries)


def test_an_enrolment_in_full_costs_the_same_whatever_its_record_holds(pathways, api):
    client = api("assessor")
    _, before = count_queries(lambda: client.get(pathways.url()))
    for _ in range(10):
        _supervision(pathways)
        _development(pathways)
        _evidence(pathways)
    services.outcome_record(
        enrolment=pathways.enrolment,
        stage="recommendation",
        decision="recommended_pass",
        decided_on=today(),
        actor=None,
    )
    _, after = count_queries(lambda: client.get(pathways.url()))
    # the enrolment, its milestones, its decisions; four for the figures
    assert_same_queries(before, after, expected=AUTH + 3 + 4)
