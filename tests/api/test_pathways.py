# ruff: noqa: E501  (the access table is a wide table, one request per line)
"""Pathways over the API: who gets what from every address, by role.

The other ``test_pathways_*`` files import the fixtures and helpers defined here: ``pathways``
(``pathways_fixture``: the ASYE, a cohort and ``nqsw``'s enrolment, assessed by ``assessor`` and supervised by
``supervisor``), ``media`` (``media_fixture``: uploads to a directory of the test's own), ``enrol`` and
``qualify``.

Each row of ``ACCESS`` is one request; each column the status a login gets (the same columns as
tests/test_access_matrix.py). An enrolment the login may not see is 404; one it sees but may not
change is 403.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, resolve

from academy.common.dates import today
from academy.pathways import services
from academy.pathways.models import (
    Cohort,
    Enrolment,
    Evidence,
    OutcomeDecision,
    PathwayTemplate,
)
from academy.people.models import Person
from tests.api.support import access_cases
from tests.conftest import Academy

pytestmark = pytest.mark.django_db

API = "/api/v1"


# ---------------------------------------------------------------------------------------------
# Fixtures and helpers shared by the pathways API tests
# ---------------------------------------------------------------------------------------------
def qualify(
    person: Person, *, registered_on: dt.date | None = None, qualified_on: dt.date | None = None
) -> Person:
    """Make a person a registered social worker, as the ASYE's eligibility checks read it:
    qualified and registered with Social Work England a few months ago (or on the dates given),
    with a registration number."""
    recent = today() - dt.timedelta(days=200)
    person.swe_first_registered_on = registered_on or recent
    person.qualified_on = qualified_on or recent
    person.swe_number = f"SW{person.pk:06d}"
    person.save(update_fields=["swe_first_registered_on", "qualified_on", "swe_number"])
    return person


def asye() -> PathwayTemplate:
    return PathwayTemplate.objects.get(key="asye-adults")


def enrol(
    person: Person,
    *,
    pathway: PathwayTemplate | None = None,
    start: dt.date | None = None,
    **kwargs: Any,
) -> Enrolment:
    return services.enrolment_create(
        person=person,
        pathway=pathway or asye(),
        start_date=start or today() - dt.timedelta(days=60),
        **kwargs,
    )


@dataclass
class Pathways:
    academy: Academy
    asye: PathwayTemplate
    cohort: Cohort
    enrolment: Enrolment
    start: dt.date

    def person(self, login: str) -> Person:
        return self.academy.people[login]

    def url(self, tail: str = "") -> str:
        return f"{API}/enrolments/{self.enrolment.pk}/{tail}"


_seed = importlib.import_module("academy.pathways.migrations.0002_standard_templates")


@pytest.fixture(name="standard_pathways")
def standard_pathways_fixture(db: None) -> None:
    """The standard templates and PCF domains, loaded as the data migration loads them (again,
    idempotently: a transactional test earlier in the run flushes the tables)."""
    _seed.load(django_apps, None)


@pytest.fixture(name="pathways")
def pathways_fixture(academy: Academy, standard_pathways: None) -> Pathways:
    """``nqsw`` on the ASYE since 60 days ago, in the cohort "ASYE spring", assessed by
    ``assessor`` and supervised by ``supervisor`` (a registered social worker); ``worker``
    qualified recently too, not yet enrolled."""
    people = academy.people
    qualify(people["nqsw"])
    qualify(people["worker"])
    qualify(people["supervisor"])
    qualify(people["assessor"])
    start = today() - dt.timedelta(days=60)
    cohort = services.cohort_create(
        name="ASYE spring", pathway=asye(), start_date=start, capacity=10
    )
    enrolment = enrol(
        people["nqsw"],
        start=start,
        cohort=cohort,
        assessor=people["assessor"],
        supervisor=people["supervisor"],
    )
    return Pathways(academy=academy, asye=asye(), cohort=cohort, enrolment=enrolment, start=start)


def pdf(name: str = "observation.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 a direct observation", "application/pdf")


@pytest.fixture(name="media")
def media_fixture(settings: Any, tmp_path: Any) -> Any:
    """Uploaded files go to a directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# ---------------------------------------------------------------------------------------------
# Who gets what
# ---------------------------------------------------------------------------------------------
# {e}: nqsw's enrolment; {asye}: the ASYE template; {cohort}: its cohort; {ev}: evidence with a
# file on {e}. Bodies are in BODIES, by method and address.
ACCESS = """
#                                                      anon psw  dass pot  coord mgr  assr sup  partn nqsw wrkr outs nhs  admin
GET    /pathway-templates/                              401 200  200  200  200  200  200  200  200  200  200  200  200  200
GET    /pathway-templates/{asye}/                       401 200  200  200  200  200  200  200  200  200  200  200  200  200
GET    /pathway-templates/{missing}/                    401 404  404  404  404  404  404  404  404  404  404  404  404  404
PATCH  /pathway-templates/{asye}/                       401 200  403  403  403  403  403  403  403  403  403  403  403  200
POST   /pathway-templates/{asye}/copy/                  401 201  403  403  403  403  403  403  403  403  403  403  403  201
POST   /pathway-templates/{missing}/copy/               401 404  404  404  404  404  404  404  404  404  404  404  404  404
GET    /pcf-domains/                                    401 200  200  200  200  200  200  200  200  200  200  200  200  200
GET    /cohorts/                                        401 200  200  200  403  403  403  403  403  403  403  403  403  200
POST   /cohorts/                                        401 201  403  403  403  403  403  403  403  403  403  403  403  201
GET    /cohorts/{cohort}/                               401 200  200  200  404  404  404  404  404  404  404  404  404  200
GET    /cohorts/{missing}/                              401 404  404  404  404  404  404  404  404  404  404  404  404  404
PATCH  /cohorts/{cohort}/                               401 200  403  403  404  404  404  404  404  404  404  404  404  200
GET    /enrolments/                                     401 200  200  200  200  200  200  200  200  200  200  200  200  200
POST   /enrolments/                                     401 201  403  403  403  403  403  403  403  403  403  403  403  201
GET    /enrolments/{e}/                                 401 200  200  200  404  200  200  200  404  200  404  404  404  200
GET    /enrolments/{missing}/                           401 404  404  404  404  404  404  404  404  404  404  404  404  404
POST   /enrolments/{e}/milestones/support_agreement/complete/  401 200  403  403  404  403  200  403  404  403  404  404  404  200
GET    /enrolments/{e}/supervisions/                    401 200  200  200  404  200  200  200  404  200  404  404  404  200
POST   /enrolments/{e}/supervisions/                    401 201  403  403  404  403  403  201  404  403  404  404  404  201
GET    /enrolments/{e}/development-time/                401 200  200  200  404  200  200  200  404  200  404  404  404  200
POST   /enrolments/{e}/development-time/                401 201  403  403  404  403  201  201  404  201  404  404  404  201
GET    /enrolments/{e}/evidence/                        401 200  200  200  404  200  200  200  404  200  404  404  404  200
POST   /enrolments/{e}/evidence/                        401 201  403  403  404  403  201  403  404  201  404  404  404  201
GET    /enrolments/{e}/evidence/{ev}/file/              401 200  200  200  404  200  200  200  404  200  404  404  404  200
GET    /enrolments/{e}/pauses/                          401 200  200  200  404  200  200  200  404  200  404  404  404  200
POST   /enrolments/{e}/pauses/                          401 201  403  403  404  201  403  403  404  403  404  404  404  201
POST   /enrolments/{e}/outcome/                         401 201  403  403  404  403  201  403  404  403  404  404  404  201
POST   /enrolments/{e}/outcome/#panel                   401 201  403  403  404  403  403  403  404  403  404  404  404  201
POST   /enrolments/{e}/reassign/                        401 200  403  403  404  403  403  403  404  403  404  404  404  200
GET    /me/pathway/                                     401 200  200  200  200  200  200  200  200  200  200  200  200  200
DELETE /pathway-templates/{asye}/                       401 405  405  405  405  405  405  405  405  405  405  405  405  405
GET    /pathway-templates/{asye}/copy/                  401 405  405  405  405  405  405  405  405  405  405  405  405  405
DELETE /cohorts/{cohort}/                               401 405  405  405  405  405  405  405  405  405  405  405  405  405
PATCH  /enrolments/{e}/                                 401 405  405  405  405  405  405  405  405  405  405  405  405  405
DELETE /enrolments/{e}/                                 401 405  405  405  405  405  405  405  405  405  405  405  405  405
GET    /enrolments/{e}/milestones/support_agreement/complete/  401 405  405  405  405  405  405  405  405  405  405  405  405  405
GET    /enrolments/{e}/outcome/                         401 405  405  405  405  405  405  405  405  405  405  405  405  405
GET    /enrolments/{e}/reassign/                        401 405  405  405  405  405  405  405  405  405  405  405  405  405
POST   /enrolments/{e}/evidence/{ev}/file/              401 405  405  405  405  405  405  405  405  405  405  405  405  405
POST   /me/pathway/                                     401 405  405  405  405  405  405  405  405  405  405  405  405  405
"""


def _bodies(p: Pathways) -> dict[str, Callable[[], dict[str, Any]]]:
    day = today().isoformat()
    return {
        "PATCH /pathway-templates/{asye}/": lambda: {"due_soon_days": 21},
        "POST /pathway-templates/{asye}/copy/": lambda: {
            "key": "asye-local",
            "name": "ASYE (local)",
        },
        "POST /pathway-templates/{missing}/copy/": lambda: {"key": "x", "name": "X"},
        "POST /cohorts/": lambda: {
            "name": "ASYE autumn",
            "pathway_template": p.asye.pk,
            "start_date": day,
            "capacity": 12,
        },
        "PATCH /cohorts/{cohort}/": lambda: {"capacity": 15},
        "POST /enrolments/": lambda: {
            "person": p.person("worker").pk,
            "pathway_template": p.asye.pk,
            "start_date": day,
        },
        "POST /enrolments/{e}/milestones/support_agreement/complete/": lambda: {
            "completed_on": day
        },
        "POST /enrolments/{e}/supervisions/": lambda: {"held_on": day, "kind": "reflective"},
        "POST /enrolments/{e}/development-time/": lambda: {
            "date": day,
            "hours": "3.50",
            "activity": "Reading on the Care Act",
        },
        "POST /enrolments/{e}/evidence/": lambda: {
            "kind": "critical_reflection",
            "date": day,
            "summary": "Reflection on a safeguarding enquiry",
            "pcf_domains": ["critical_reflection"],
        },
        "POST /enrolments/{e}/pauses/": lambda: {
            "kind": "sick_leave",
            "reason": "Sick leave",
            "first_day": day,
            "last_day": day,
        },
        "POST /enrolments/{e}/outcome/": lambda: {
            "stage": "recommendation",
            "decision": "recommended_pass",
            "decided_on": day,
        },
        "POST /enrolments/{e}/outcome/#panel": lambda: {
            "stage": "panel",
            "decision": "passed",
            "decided_on": day,
        },
        "POST /enrolments/{e}/reassign/": lambda: {
            "supervisor": p.person("manager").pk,
            "reason": "The supervisor moved team.",
        },
    }


def _resolve(address: str, p: Pathways, ev: Evidence) -> str:
    path = address.split("#", 1)[0]
    return API + path.format(
        e=p.enrolment.pk, asye=p.asye.pk, cohort=p.cohort.pk, ev=ev.pk, missing=999999
    )


@pytest.mark.parametrize(("method", "address", "login", "expected"), access_cases(ACCESS))
def test_access(pathways, api, media, method, address, login, expected):
    evidence = services.evidence_add(
        enrolment=pathways.enrolment,
        kind="direct_observation",
        date=pathways.start,
        summary="Observed a carers assessment",
        file=pdf(),
        actor=None,
    )
    if address.endswith("#panel"):
        services.outcome_record(
            enrolment=pathways.enrolment,
            stage=OutcomeDecision.Stage.RECOMMENDATION,
            decision="recommended_pass",
            decided_on=today(),
            actor=pathways.person("assessor"),
        )
    body = _bodies(pathways).get(f"{method} {address}", dict)()
    client = api(login)

    response = getattr(client, method.lower())(
        _resolve(address, pathways, evidence), body or None, format="json"
    )

    assert response.status_code == expected, response.content[:600]


def test_every_pathways_address_is_in_the_access_table():
    """A new pathways route must get its row here (and in the access matrix)."""
    pathways_routes = {
        pattern.name
        for pattern in get_resolver("api.urls").url_patterns
        if pattern.callback.__module__.startswith("api.pathways")
    }
    in_table = {
        resolve(
            API + line.split()[1].split("#")[0].format(e=1, asye=1, cohort=1, ev=1, missing=1)
        ).url_name
        for line in ACCESS.strip().splitlines()
        if not line.startswith("#")
    }
    assert len(pathways_routes) == 17
    assert pathways_routes == in_table, pathways_routes ^ in_table
