"""academy/pathways/permissions.py and its set-based twin: who sees which enrolments, whom an
assessor or supervisor sees in the people directory, and who may record what."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from academy.pathways import services
from academy.pathways.models import Enrolment, Outcome
from academy.pathways.selectors import enrolments_visible_to
from academy.people.models import Person, User
from academy.people.permissions import viewer_for
from academy.people.selectors import people_visible_to
from tests.conftest import ROLE_LOGINS, Academy
from tests.factories import PersonFactory, UserFactory
from tests.pathways.conftest import template

pytestmark = pytest.mark.django_db

D = dt.date
START = D(2025, 1, 6)


@pytest.fixture
def enrolments(academy: Academy, standard: None, clock: Any) -> dict[str, Enrolment]:
    """Enrolments whose people, assessors and supervisors are the academy's logins:

    - ``nqsw_asye``: the NQSW (team A) on the ASYE, assessed by ``assessor``, supervised by
      ``supervisor``;
    - ``outsider_ot``: ``outsider`` (team B) on the OT preceptorship, supervised by ``manager``;
    - ``nhs_finished``: ``nhs_staff`` (the trust) on career progression, assessed by ``assessor``,
      withdrawn;
    - ``worker_progression``: ``worker`` (team A), nobody assessing;
    - ``supervisor_pe1``: ``supervisor`` (team A) as a learner on Practice Educator stage 1,
      assessed by ``assessor``;
    - ``no_team``: a person in no team, assessed by ``principal_ot``.
    """
    clock.day = START
    p = academy.people
    p["nqsw"].qualified_on = D(2024, 7, 1)
    p["nqsw"].swe_number = "SW700001"
    p["nqsw"].swe_first_registered_on = D(2024, 8, 1)
    p["nqsw"].save()
    progression = template("career-progression")
    override = {"override_reason": "Experienced practitioner, confirmed by the PSW."}

    def on(person: Person, key: str, **options: Any) -> Enrolment:
        return services.enrolment_create(
            person=person, pathway=template(key), start_date=START, **options
        )

    made = {
        "nqsw_asye": on(
            p["nqsw"], "asye-adults", assessor=p["assessor"], supervisor=p["supervisor"]
        ),
        "outsider_ot": on(p["outsider"], "ot-preceptorship", supervisor=p["manager"]),
        "nhs_finished": on(p["nhs_staff"], "career-progression", assessor=p["assessor"]),
        "worker_progression": services.enrolment_create(
            person=p["worker"], pathway=progression, start_date=START
        ),
        "supervisor_pe1": on(
            p["supervisor"], "practice-educator-1", assessor=p["assessor"], **override
        ),
        "no_team": on(
            PersonFactory(team=None, organisation=academy.council),
            "bia",
            assessor=p["principal_ot"],
            **override,
        ),
    }
    services.outcome_record(
        enrolment=made["nhs_finished"],
        stage="withdrawal",
        decision=Outcome.WITHDRAWN,
        decided_on=START,
        actor=None,
    )
    return made


def users(academy: Academy) -> dict[str, Any]:
    found: dict[str, Any] = {login: academy.user(login) for login in ROLE_LOGINS}
    found["no_person"] = UserFactory(username="no_person")
    closed = UserFactory(username="closed_psw", is_active=False)
    PersonFactory(user=closed, roles=["psw"])
    found["closed_psw"] = closed
    found["anonymous"] = AnonymousUser()
    return found


def names(enrolments: dict[str, Enrolment], ids: set[int]) -> set[str]:
    return {name for name, e in enrolments.items() if e.pk in ids}


EVERYTHING = {
    "nqsw_asye",
    "outsider_ot",
    "nhs_finished",
    "worker_progression",
    "supervisor_pe1",
    "no_team",
}
EXPECTED_VISIBLE = {
    "psw": EVERYTHING,
    "dass": EVERYTHING,
    "principal_ot": EVERYTHING,
    "admin": EVERYTHING,
    "manager": {"nqsw_asye", "worker_progression", "supervisor_pe1", "outsider_ot"},
    "assessor": {"nqsw_asye", "nhs_finished", "supervisor_pe1"},
    "supervisor": {"nqsw_asye", "supervisor_pe1"},
    "nqsw": {"nqsw_asye"},
    "worker": {"worker_progression"},
    "outsider": {"outsider_ot"},
    "nhs_staff": {"nhs_finished"},
    "coordinator": set(),
    "partner": set(),
    "no_person": set(),
    "closed_psw": set(),
    "anonymous": set(),
}


def test_the_enrolments_selector_and_the_predicate_agree_for_every_login(academy, enrolments):
    everyone = list(Enrolment.objects.select_related("person"))
    for login, user in users(academy).items():
        by_selector = set(enrolments_visible_to(viewer_for(user)).values_list("pk", flat=True))
        by_predicate = {e.pk for e in everyone if user.has_perm("pathways.view_enrolment", e)}
        assert by_selector == by_predicate, login
        assert names(enrolments, by_selector) == EXPECTED_VISIBLE[login], login


def test_the_people_directory_shows_the_people_an_assessor_or_supervisor_holds(academy, enrolments):
    p = academy.people

    def directory(login: str) -> set[str]:
        user = User.objects.get(username=login)  # a fresh viewer: nothing cached
        by_selector = set(people_visible_to(viewer_for(user)).values_list("pk", flat=True))
        everyone = Person.objects.all()
        by_predicate = {q.pk for q in everyone if user.has_perm("people.view_person", q)}
        assert by_selector == by_predicate, login
        return {login for login, person in p.items() if person.pk in by_selector}

    # The assessor holds the NQSW and the supervisor on open enrolments; nhs_staff's is finished.
    assert directory("assessor") == {"assessor", "nqsw", "supervisor"}
    assert directory("supervisor") == {"supervisor", "nqsw"}
    # The manager sees team A already, and outsider (team B) whom they supervise.
    assert directory("manager") == {"manager", "psw", "supervisor", "nqsw", "worker", "outsider"}
    assert directory("worker") == {"worker"}

    services.outcome_record(
        enrolment=enrolments["nqsw_asye"],
        stage="withdrawal",
        decision=Outcome.WITHDRAWN,
        decided_on=START,
        actor=None,
    )
    assert directory("assessor") == {"assessor", "supervisor"}
    assert directory("supervisor") == {"supervisor"}
    services.outcome_record(
        enrolment=enrolments["outsider_ot"],
        stage="completion",
        decision=Outcome.COMPLETED,
        decided_on=START,
        actor=None,
    )
    assert "outsider" not in directory("manager")


ALWAYS = {"psw", "admin"}
EXPECTED_ON_THE_NQSW_ASYE = {
    "pathways.view_enrolment": ALWAYS
    | {"dass", "principal_ot", "manager", "assessor", "supervisor", "nqsw"},
    "pathways.complete_milestone": ALWAYS | {"assessor"},
    "pathways.record_supervision": ALWAYS | {"supervisor"},
    "pathways.log_development": ALWAYS | {"nqsw", "assessor", "supervisor"},
    "pathways.add_evidence": ALWAYS | {"nqsw", "assessor"},
    "pathways.record_pause": ALWAYS | {"manager"},
    "pathways.recommend_outcome": ALWAYS | {"assessor"},
    "pathways.decide_outcome": ALWAYS,
}


@pytest.mark.parametrize("perm", sorted(EXPECTED_ON_THE_NQSW_ASYE))
def test_who_may_record_what_on_an_enrolment(academy, enrolments, perm):
    enrolment = Enrolment.objects.select_related("person").get(pk=enrolments["nqsw_asye"].pk)
    allowed = {login for login, user in users(academy).items() if user.has_perm(perm, enrolment)}
    assert allowed == EXPECTED_ON_THE_NQSW_ASYE[perm]


def test_another_teams_manager_may_not_pause_and_an_assessor_only_records_for_their_own(
    academy, enrolments
):
    outsider_ot = Enrolment.objects.select_related("person").get(pk=enrolments["outsider_ot"].pk)
    manager, assessor = academy.user("manager"), academy.user("assessor")
    assert not manager.has_perm("pathways.record_pause", outsider_ot), "outsider is in team B"
    assert manager.has_perm("pathways.record_supervision", outsider_ot), "manager supervises"
    assert not assessor.has_perm("pathways.complete_milestone", outsider_ot)
    assert not assessor.has_perm("pathways.view_enrolment", outsider_ot)


@pytest.mark.parametrize(
    ("perm", "expected"),
    [
        ("pathways.plan", {"psw", "admin"}),
        ("pathways.view_all", {"psw", "dass", "principal_ot", "admin"}),
    ],
)
def test_only_the_psw_plans_and_the_psw_dass_and_principal_ot_see_all(academy, perm, expected):
    allowed = {login for login, user in users(academy).items() if user.has_perm(perm)}
    assert allowed == expected


def test_a_manager_on_a_pathway_of_their_own_may_not_pause_or_extend_it(academy, enrolments):
    """The manager works in the team they manage: their own enrolment is paused by the PSW."""
    own = services.enrolment_create(
        person=academy.people["manager"],
        pathway=template("career-progression"),
        start_date=START,
    )
    own = Enrolment.objects.select_related("person").get(pk=own.pk)
    assert not academy.user("manager").has_perm("pathways.record_pause", own)
    assert academy.user("psw").has_perm("pathways.record_pause", own)
    worker = Enrolment.objects.select_related("person").get(pk=enrolments["worker_progression"].pk)
    assert academy.user("manager").has_perm("pathways.record_pause", worker)
