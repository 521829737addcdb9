# ruff: noqa: E501  (the access table is a wide table, one request per line)
"""Case file audits over the API: who gets what from every address, by role.

The other ``test_audits_*`` files (API and pages) import the fixtures and helpers defined here:
``audits`` (``audits_fixture``: ``manager`` has audited ``nqsw`` (submitted, with an action for
``nqsw``) and has a draft on ``worker``; ``manager_b`` manages team B and has audited
``outsider``; the month's moderation sample is drawn; one bulletin is published and one is a
draft), ``record`` and ``answers_for``.

Each row of ``ACCESS`` is one request; each column the status a login gets (the same columns as
tests/test_access_matrix.py). An audit the login may not see is 404; one it sees but may not
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
from django.urls import get_resolver, resolve

from academy.audits import services
from academy.audits.models import (
    AuditAction,
    AuditTemplate,
    AuditTheme,
    CaseAudit,
    LearningBulletin,
    Moderation,
)
from academy.common.dates import today
from academy.people.models import Person, Role, Team
from academy.people.permissions import Viewer, viewer_for
from tests.api.support import access_cases
from tests.conftest import Academy
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"
STANDARD_KEY = "asc-case-file-audit"

_seed = importlib.import_module("academy.audits.migrations.0002_standard_template")


# ---------------------------------------------------------------------------------------------
# Fixtures and helpers shared by the audits tests
# ---------------------------------------------------------------------------------------------
def standard_template() -> AuditTemplate:
    return AuditTemplate.objects.get(key=STANDARD_KEY, current=True)


def answers_for(
    template: AuditTemplate, answer: str = "yes", **by_position: str
) -> list[dict[str, Any]]:
    """An answer to every question of ``template``, in its order: ``answer`` to each, except
    those named by position (``q3="no"``: the third question, counting from 1)."""
    questions = [
        q
        for section in template.sections.prefetch_related("questions")
        for q in section.questions.all()
    ]
    return [
        {
            "question": q.pk,
            "answer": by_position.get(f"q{i}", answer),
            "comment": f"Comment on question {i}",
        }
        for i, q in enumerate(questions, 1)
    ]


_references = iter(range(100000, 999999))


def next_reference() -> str:
    return f"CR{next(_references)}"


def record(
    auditor: Person,
    practitioner: Person,
    *,
    submit: bool = True,
    answer: str = "yes",
    audit_date: dt.date | None = None,
    case_reference: str | None = None,
    themes: tuple[AuditTheme, ...] = (),
    **kwargs: Any,
) -> CaseAudit:
    """An audit by ``auditor`` of ``practitioner``'s case, every question answered ``answer``
    (none on a draft unless given), through the service."""
    assert auditor.user is not None
    template = standard_template()
    return services.audit_save(
        actor=viewer_for(auditor.user),
        template=template,
        practitioner=practitioner,
        case_reference=case_reference or next_reference(),
        audit_date=audit_date or today(),
        answers=kwargs.pop("answers", answers_for(template, answer) if submit else ()),
        strengths=kwargs.pop("strengths", "Clear chronology and a strong voice of the person."),
        areas_to_develop=kwargs.pop("areas_to_develop", "Record the capacity assessment."),
        themes=themes,
        submit=submit,
        **kwargs,
    )


def team_manager(team: Team, **fields: Any) -> Person:
    """Another team manager, with an account, managing ``team``."""
    person: Person = PersonFactory(team=team, roles=[Role.TEAM_MANAGER], **fields)
    person.user = UserFactory()
    person.save(update_fields=["user"])
    return person


def bulletins(
    psw: Viewer, theme: AuditTheme, day: dt.date
) -> tuple[LearningBulletin, LearningBulletin]:
    """A bulletin the PSW published for ``day``'s month, on ``theme``, and one in draft."""
    period = {"period_start": day.replace(day=1), "period_end": day}
    published = services.bulletin_save(
        data={
            "title": "What we learnt this month",
            "went_well": "Strong recording of people's own words.",
            "to_improve": "Decision-specific capacity assessments.",
            **period,
        },
        themes=[theme],
        publish=True,
        actor=psw,
    )
    draft = services.bulletin_save(
        data={
            "title": "Next month's bulletin",
            "went_well": "Reviews on time.",
            "to_improve": "Carers' assessments.",
            **period,
        },
        actor=psw,
    )
    return published, draft


@pytest.fixture(name="standard_audit")
def standard_audit_fixture(db: None) -> AuditTemplate:
    """The seeded template and themes (loaded again, idempotently, in case a transactional test
    earlier in the run emptied the tables)."""
    _seed.load(django_apps, None)
    return standard_template()


@dataclass
class Audits:
    academy: Academy
    template: AuditTemplate
    theme: AuditTheme
    submitted: CaseAudit
    draft: CaseAudit
    other_team: CaseAudit
    action: AuditAction
    moderation: Moderation
    bulletin: LearningBulletin
    draft_bulletin: LearningBulletin
    manager_b: Person

    def person(self, login: str) -> Person:
        return self.academy.people[login]


@pytest.fixture(name="audits")
def audits_fixture(academy: Academy, standard_audit: AuditTemplate) -> Audits:
    people = academy.people
    manager_b = team_manager(academy.teams["b"], first_name="Bea", last_name="Manager")
    theme = AuditTheme.objects.get(name="Mental capacity")
    day = today() - dt.timedelta(days=1) if today().day > 1 else today()
    submitted = record(people["manager"], people["nqsw"], audit_date=day, themes=(theme,))
    draft = record(people["manager"], people["worker"], submit=False, audit_date=day)
    other_team = record(manager_b, people["outsider"], audit_date=day)
    action = services.action_add(
        audit=submitted,
        description="Complete a capacity assessment for the care decision",
        owner=people["nqsw"],
        due_date=today() + dt.timedelta(days=30),
        actor=viewer_for(people["manager"].user),
    )
    moderation = Moderation.objects.get(
        pk__in=[m.pk for m in services.moderation_draw(month=day)], audit=submitted
    )
    bulletin, draft_bulletin = bulletins(viewer_for(people["psw"].user), theme, day)
    return Audits(
        academy=academy,
        template=standard_template(),
        theme=theme,
        submitted=submitted,
        draft=draft,
        other_team=other_team,
        action=action,
        moderation=moderation,
        bulletin=bulletin,
        draft_bulletin=draft_bulletin,
        manager_b=manager_b,
    )


# ---------------------------------------------------------------------------------------------
# Who gets what
# ---------------------------------------------------------------------------------------------
# {a}: nqsw's submitted audit (team A); {d}: worker's draft (team A); {b}: outsider's submitted
# audit (team B); {act}: the action on {a}, owned by nqsw; {tpl}: the current template; {th}: a
# theme; {mod}: {a}'s moderation; {bul}: a published bulletin; {dbul}: a draft one.
ACCESS = """
#                                                anon psw  dass pot  coord mgr  assr sup  partn nqsw wrkr outs nhs  admin
GET    /audit-templates/                          401 200  200  200  200  200  200  200  200  200  200  200  200  200
GET    /audit-templates/{tpl}/                    401 200  200  200  200  200  200  200  200  200  200  200  200  200
GET    /audit-templates/{missing}/                401 404  404  404  404  404  404  404  404  404  404  404  404  404
PATCH  /audit-templates/{tpl}/                    401 200  403  403  403  403  403  403  403  403  403  403  403  200
GET    /audit-themes/                             401 200  200  200  200  200  200  200  200  200  200  200  200  200
POST   /audit-themes/                             401 201  403  403  403  403  403  403  403  403  403  403  403  201
GET    /audit-themes/{th}/                        401 200  200  200  200  200  200  200  200  200  200  200  200  200
PATCH  /audit-themes/{th}/                        401 200  403  403  403  403  403  403  403  403  403  403  403  200
GET    /audits/                                   401 200  200  200  200  200  200  200  200  200  200  200  200  200
POST   /audits/                                   401 403  403  403  403  201  403  403  403  403  403  403  403  403
POST   /audits/#other-team                        401 403  403  403  403  403  403  403  403  403  403  403  403  403
GET    /audits/{a}/                               401 200  200  404  404  200  404  404  404  200  404  404  404  200
GET    /audits/{d}/                               401 200  200  404  404  200  404  404  404  404  404  404  404  200
GET    /audits/{b}/                               401 200  200  404  404  404  404  404  404  404  404  200  404  200
GET    /audits/{missing}/                         401 404  404  404  404  404  404  404  404  404  404  404  404  404
PATCH  /audits/{d}/                               401 403  403  404  404  200  404  404  404  404  404  404  404  403
PATCH  /audits/{a}/                               401 403  403  404  404  400  404  404  404  403  404  404  404  403
PATCH  /audits/{b}/                               401 403  403  404  404  404  404  404  404  404  404  403  404  403
DELETE /audits/{d}/                               401 204  403  404  404  204  404  404  404  404  404  404  404  204
DELETE /audits/{a}/                               401 400  403  404  404  400  404  404  404  403  404  404  404  400
DELETE /audits/{b}/                               401 400  403  404  404  404  404  404  404  404  404  403  404  400
DELETE /audits/{missing}/                         401 404  404  404  404  404  404  404  404  404  404  404  404  404
POST   /audits/{a}/acknowledge/                   401 403  403  404  404  403  404  404  404  200  404  404  404  403
POST   /audits/{d}/acknowledge/                   401 403  403  404  404  403  404  404  404  404  404  404  404  403
GET    /audits/{a}/cpd-prefill/                   401 403  403  404  404  403  404  404  404  200  404  404  404  200
GET    /audits/{a}/actions/                       401 200  200  404  404  200  404  404  404  200  404  404  404  200
POST   /audits/{a}/actions/                       401 201  403  404  404  201  404  404  404  403  404  404  404  201
GET    /audits/{b}/actions/                       401 200  200  404  404  404  404  404  404  404  404  200  404  200
POST   /audits/{b}/actions/                       401 201  403  404  404  404  404  404  404  404  404  403  404  201
PATCH  /audits/{a}/actions/{act}/                 401 200  403  404  404  200  404  404  404  200  404  404  404  200
PATCH  /audits/{a}/actions/{missing}/             401 404  404  404  404  404  404  404  404  404  404  404  404  404
GET    /teams/{team_a}/audit-programme/           401 200  200  403  403  200  403  403  403  403  403  403  403  200
GET    /teams/{team_b}/audit-programme/           401 200  200  403  403  403  403  403  403  403  403  403  403  200
GET    /teams/{missing}/audit-programme/          401 404  404  404  404  404  404  404  404  404  404  404  404  404
GET    /moderations/                              401 200  403  403  403  403  403  403  403  403  403  403  403  200
GET    /moderations/{mod}/                        401 200  403  403  403  403  403  403  403  403  403  403  403  200
POST   /moderations/{mod}/                        401 200  403  403  403  403  403  403  403  403  403  403  403  200
POST   /moderations/{missing}/                    401 404  403  403  403  403  403  403  403  403  403  403  403  404
GET    /repeat-allowances/                        401 200  403  403  403  403  403  403  403  403  403  403  403  200
POST   /repeat-allowances/                        401 201  403  403  403  403  403  403  403  403  403  403  403  403
GET    /learning-bulletins/                       401 200  200  200  200  200  200  200  200  200  200  200  200  200
POST   /learning-bulletins/                       401 201  403  403  403  403  403  403  403  403  403  403  403  201
GET    /learning-bulletins/{bul}/                 401 200  200  200  200  200  200  200  200  200  200  200  200  200
GET    /learning-bulletins/{dbul}/                401 200  404  404  404  404  404  404  404  404  404  404  404  200
PATCH  /learning-bulletins/{dbul}/                401 200  403  403  403  403  403  403  403  403  403  403  403  200
DELETE /audit-templates/{tpl}/                    401 405  405  405  405  405  405  405  405  405  405  405  405  405
DELETE /audit-themes/{th}/                        401 405  405  405  405  405  405  405  405  405  405  405  405  405
GET    /audits/{a}/acknowledge/                   401 405  405  405  405  405  405  405  405  405  405  405  405  405
POST   /audits/{a}/cpd-prefill/                   401 405  405  405  405  405  405  405  405  405  405  405  405  405
GET    /audits/{a}/actions/{act}/                 401 405  405  405  405  405  405  405  405  405  405  405  405  405
POST   /teams/{team_a}/audit-programme/           401 405  405  405  405  405  405  405  405  405  405  405  405  405
DELETE /moderations/{mod}/                        401 405  405  405  405  405  405  405  405  405  405  405  405  405
DELETE /learning-bulletins/{bul}/                 401 405  405  405  405  405  405  405  405  405  405  405  405  405
"""


def _bodies(a: Audits) -> dict[str, Callable[[], dict[str, Any]]]:
    day = today().isoformat()
    new_audit = {
        "template": a.template.pk,
        "practitioner": a.person("worker").pk,
        "case_reference": "CR900001",
        "audit_date": day,
        "answers": answers_for(a.template),
        "submit": True,
    }
    return {
        "PATCH /audit-templates/{tpl}/": lambda: {"description": "Revised for the new year."},
        "POST /audit-themes/": lambda: {"name": "Transitions", "description": "Moving on."},
        "PATCH /audit-themes/{th}/": lambda: {"description": "Capacity and best interests."},
        "POST /audits/": lambda: new_audit,
        "POST /audits/#other-team": lambda: {
            **new_audit,
            "practitioner": a.person("outsider").pk,
        },
        "PATCH /audits/{d}/": lambda: {"strengths": "A clear plan."},
        "PATCH /audits/{a}/": lambda: {"strengths": "A clear plan."},
        "PATCH /audits/{b}/": lambda: {"strengths": "A clear plan."},
        "POST /audits/{a}/acknowledge/": lambda: {"reflection": "I will record capacity."},
        "POST /audits/{d}/acknowledge/": lambda: {"reflection": "I will record capacity."},
        "POST /audits/{a}/actions/": lambda: {
            "description": "Shadow a capacity assessment",
            "owner": a.person("nqsw").pk,
            "due_date": day,
        },
        "POST /audits/{b}/actions/": lambda: {
            "description": "Shadow a capacity assessment",
            "owner": a.person("outsider").pk,
            "due_date": day,
        },
        "PATCH /audits/{a}/actions/{act}/": lambda: {"status": "done"},
        "PATCH /audits/{a}/actions/{missing}/": lambda: {"status": "done"},
        "POST /moderations/{mod}/": lambda: {"grade": "good", "note": "Generous."},
        "POST /moderations/{missing}/": lambda: {"grade": "good"},
        "POST /repeat-allowances/": lambda: {
            "case_reference": a.submitted.case_reference,
            "reason": "A complaint about the case.",
        },
        "POST /learning-bulletins/": lambda: {
            "title": "Quarter one",
            "period_start": day,
            "period_end": day,
            "went_well": "Timely reviews.",
            "to_improve": "Advocacy.",
            "publish": True,
        },
        "PATCH /learning-bulletins/{dbul}/": lambda: {"publish": True},
    }


def _placeholders(a: Audits) -> dict[str, int]:
    return {
        "a": a.submitted.pk,
        "d": a.draft.pk,
        "b": a.other_team.pk,
        "act": a.action.pk,
        "tpl": a.template.pk,
        "th": a.theme.pk,
        "mod": a.moderation.pk,
        "bul": a.bulletin.pk,
        "dbul": a.draft_bulletin.pk,
        "team_a": a.academy.teams["a"].pk,
        "team_b": a.academy.teams["b"].pk,
        "missing": 999999,
    }


@pytest.mark.parametrize(("method", "address", "login", "expected"), access_cases(ACCESS))
def test_access(audits, api, method, address, login, expected):
    body = _bodies(audits).get(f"{method} {address}", dict)()
    path = API + address.split("#", 1)[0].format(**_placeholders(audits))

    response = getattr(api(login), method.lower())(path, body or None, format="json")

    assert response.status_code == expected, response.content[:600]


def test_every_audits_address_is_in_the_access_table():
    """A new audits route must get its row here (and in the access matrix)."""
    routes = {
        pattern.name
        for pattern in get_resolver("api.urls").url_patterns
        if pattern.callback.__module__.startswith("api.audits")
    }
    in_table = {
        resolve(
            API + line.split()[1].split("#")[0].format(**dict.fromkeys(_PLACEHOLDER_NAMES, 1))
        ).url_name
        for line in ACCESS.strip().splitlines()
        if not line.startswith("#")
    }
    assert len(routes) == 16
    assert routes == in_table, routes ^ in_table


_PLACEHOLDER_NAMES = (
    "a",
    "d",
    "b",
    "act",
    "tpl",
    "th",
    "mod",
    "bul",
    "dbul",
    "team_a",
    "team_b",
    "missing",
)
