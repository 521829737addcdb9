# ruff: noqa: E501  (the matrix below is a wide table, one request per line)
"""Who sees what: every address of the service, for every role and anonymous, by method.

Each line of ``MATRIX`` is one request; each column the status a role gets for it. Every cell
is its own test (``test_access[GET /people/{nqsw}/-partner-404]``). The rules it writes down:

- staff see themselves; a team manager their team; a partner coordinator their organisation's
  people; the PSW, DASS, principal OT and training coordinators the whole academy; admins
  (superusers) everything;
- only the PSW and admins create and change people, roles, organisations and teams;
- an object the role may not see is 404 (its existence never leaks), one it sees but may not
  change is 403;
- anonymous: 401 from the API (its schema and docs included), a redirect to sign-in from a
  page, except the public pages (sign-in, password reset and set, health check).

Cells read:
  ``200``/``201``/``204``/``400``/``401``/``403``/``404``/``405``  that status;
  ``302``    a redirect somewhere other than the sign-in page with ``?next=`` (a form's success);
  ``login``  302 to ``/sign-in/?next=<the address asked for>``.

Placeholders in addresses: ``{nqsw}`` is that login's person; ``{supervisor.supervisor}`` the id
of that person's supervisor role; ``{council}``, ``{trust}``, ``{team_a}``, ``{team_nhs}`` the
fixture's organisations and teams; ``{missing}`` an id nothing has; ``{nqsw_note}`` a
notification to nqsw; ``{uid}``/``{token}`` a valid password-set link for nqsw.

A new address must be added here: ``test_every_address_is_in_the_matrix`` walks the URL resolver.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from academy.people.models import Role, RoleAssignment
from tests.conftest import ROLE_LOGINS, Academy
from tests.factories import NotificationFactory
from tests.factories.people import PASSWORD

MATRIX = """
#                                                                     anon  psw   dass  pot   coord mgr   assr  sup   partn nqsw  wrkr  outs  nhs   admin
# -- API: documentation ---------------------------------------------------------------------------------------------------------------------------------
GET    /api/schema/                                                   401   200   200   200   200   200   200   200   200   200   200   200   200   200
GET    /api/docs/                                                     401   200   200   200   200   200   200   200   200   200   200   200   200   200
# -- API: tokens and me ---------------------------------------------------------------------------------------------------------------------------------
POST   /api/v1/auth/token/                                            200   200   200   200   200   200   200   200   200   200   200   200   200   200
GET    /api/v1/auth/token/                                            405   405   405   405   405   405   405   405   405   405   405   405   405   405
DELETE /api/v1/auth/token/revoke/                                     401   204   204   204   204   204   204   204   204   204   204   204   204   204
GET    /api/v1/auth/token/revoke/                                     401   405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /api/v1/me/                                                    401   200   200   200   200   200   200   200   200   200   200   200   200   200
# -- API: organisations and teams (everyone signed in reads; the PSW and admins write) ------------------------------------------------------------------
GET    /api/v1/organisations/                                         401   200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /api/v1/organisations/                                         401   201   403   403   403   403   403   403   403   403   403   403   403   201
GET    /api/v1/organisations/{trust}/                                 401   200   200   200   200   200   200   200   200   200   200   200   200   200
GET    /api/v1/organisations/{missing}/                               401   404   404   404   404   404   404   404   404   404   404   404   404   404
PATCH  /api/v1/organisations/{trust}/                                 401   200   403   403   403   403   403   403   403   403   403   403   403   200
DELETE /api/v1/organisations/{trust}/                                 401   405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /api/v1/teams/                                                 401   200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /api/v1/teams/                                                 401   201   403   403   403   403   403   403   403   403   403   403   403   201
GET    /api/v1/teams/{team_nhs}/                                      401   200   200   200   200   200   200   200   200   200   200   200   200   200
GET    /api/v1/teams/{missing}/                                       401   404   404   404   404   404   404   404   404   404   404   404   404   404
PATCH  /api/v1/teams/{team_a}/                                        401   200   403   403   403   403   403   403   403   403   403   403   403   200
DELETE /api/v1/teams/{team_a}/                                        401   405   405   405   405   405   405   405   405   405   405   405   405   405
# -- API: people (manager: team A = psw, manager, supervisor, nqsw, worker; partner: the trust = partner, nhs_staff) ------------------------------------
GET    /api/v1/people/                                                401   200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /api/v1/people/                                                401   201   403   403   403   403   403   403   403   403   403   403   403   201
GET    /api/v1/people/{nqsw}/                                         401   200   200   200   200   200   404   404   404   200   404   404   404   200
GET    /api/v1/people/{outsider}/                                     401   200   200   200   200   404   404   404   404   404   404   200   404   200
GET    /api/v1/people/{nhs_staff}/                                    401   200   200   200   200   404   404   404   200   404   404   404   200   200
GET    /api/v1/people/{missing}/                                      401   404   404   404   404   404   404   404   404   404   404   404   404   404
PATCH  /api/v1/people/{nqsw}/                                         401   200   403   403   403   403   404   404   404   403   404   404   404   200
PATCH  /api/v1/people/{outsider}/                                     401   200   403   403   403   404   404   404   404   404   404   403   404   200
PATCH  /api/v1/people/{nhs_staff}/                                    401   200   403   403   403   404   404   404   403   404   404   404   403   200
PATCH  /api/v1/people/{missing}/                                      401   404   404   404   404   404   404   404   404   404   404   404   404   404
DELETE /api/v1/people/{nqsw}/                                         401   405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /api/v1/people/{nqsw}/roles/                                   401   200   200   200   200   200   404   404   404   200   404   404   404   200
GET    /api/v1/people/{outsider}/roles/                               401   200   200   200   200   404   404   404   404   404   404   200   404   200
GET    /api/v1/people/{nhs_staff}/roles/                              401   200   200   200   200   404   404   404   200   404   404   404   200   200
POST   /api/v1/people/{nqsw}/roles/                                   401   201   403   403   403   403   404   404   404   403   404   404   404   201
POST   /api/v1/people/{outsider}/roles/                               401   201   403   403   403   404   404   404   404   404   404   403   404   201
POST   /api/v1/people/{nhs_staff}/roles/                              401   201   403   403   403   404   404   404   403   404   404   404   403   201
POST   /api/v1/people/{missing}/roles/                                401   404   404   404   404   404   404   404   404   404   404   404   404   404
DELETE /api/v1/people/{supervisor}/roles/{supervisor.supervisor}/     401   204   403   403   403   403   404   403   404   404   404   404   404   204
DELETE /api/v1/people/{partner}/roles/{partner.partner_coordinator}/  401   204   403   403   403   404   404   404   403   404   404   404   404   204
DELETE /api/v1/people/{nqsw}/roles/{nqsw.learner}/                    401   400   403   403   403   403   404   404   404   403   404   404   404   400
DELETE /api/v1/people/{nqsw}/roles/{supervisor.supervisor}/           401   404   403   403   403   403   404   404   404   403   404   404   404   404
GET    /api/v1/people/{supervisor}/roles/{supervisor.supervisor}/     401   405   405   405   405   405   405   405   405   405   405   405   405   405
# -- API: notifications (each person their own) ---------------------------------------------------------------------------------------------------------
GET    /api/v1/notifications/                                         401   200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /api/v1/notifications/{nqsw_note}/read/                        401   404   404   404   404   404   404   404   404   200   404   404   404   404
GET    /api/v1/notifications/{nqsw_note}/read/                        401   405   405   405   405   405   405   405   405   405   405   405   405   405
# -- Pages: public --------------------------------------------------------------------------------------------------------------------------------------
GET    /healthz                                                       200   200   200   200   200   200   200   200   200   200   200   200   200   200
GET    /sign-in/                                                      200   302   302   302   302   302   302   302   302   302   302   302   302   302
POST   /sign-in/                                                      302   302   302   302   302   302   302   302   302   302   302   302   302   302
POST   /sign-out/                                                     302   302   302   302   302   302   302   302   302   302   302   302   302   302
GET    /sign-out/                                                     405   405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /password/reset/                                               200   200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /password/reset/                                               302   302   302   302   302   302   302   302   302   302   302   302   302   302
GET    /password/reset/sent/                                          200   200   200   200   200   200   200   200   200   200   200   200   200   200
GET    /password/set/{uid}/{token}/                                   302   302   302   302   302   302   302   302   302   302   302   302   302   302
GET    /password/set/{uid}/not-a-real-token/                          200   200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /password/set/{uid}/set-password/                              302   302   302   302   302   302   302   302   302   302   302   302   302   302
GET    /password/set/done/                                            200   200   200   200   200   200   200   200   200   200   200   200   200   200
# -- Pages: signed in -----------------------------------------------------------------------------------------------------------------------------------
GET    /                                                              login 200   200   200   200   200   200   200   200   200   200   200   200   200
GET    /people/                                                       login 200   200   200   200   200   200   200   200   200   200   200   200   200
GET    /people/new/                                                   login 200   403   403   403   403   403   403   403   403   403   403   403   200
POST   /people/new/                                                   login 302   403   403   403   403   403   403   403   403   403   403   403   302
GET    /people/{nqsw}/                                                login 200   200   200   200   200   404   404   404   200   404   404   404   200
GET    /people/{outsider}/                                            login 200   200   200   200   404   404   404   404   404   404   200   404   200
GET    /people/{nhs_staff}/                                           login 200   200   200   200   404   404   404   200   404   404   404   200   200
GET    /people/{missing}/                                             login 404   404   404   404   404   404   404   404   404   404   404   404   404
GET    /people/{nqsw}/edit/                                           login 200   403   403   403   403   404   404   404   403   404   404   404   200
GET    /people/{outsider}/edit/                                       login 200   403   403   403   404   404   404   404   404   404   403   404   200
GET    /people/{nhs_staff}/edit/                                      login 200   403   403   403   404   404   404   403   404   404   404   403   200
POST   /people/{nqsw}/edit/                                           login 302   403   403   403   403   404   404   404   403   404   404   404   302
POST   /people/{outsider}/edit/                                       login 302   403   403   403   404   404   404   404   404   404   403   404   302
POST   /people/{nhs_staff}/edit/                                      login 302   403   403   403   404   404   404   403   404   404   404   403   302
POST   /people/{nqsw}/roles/                                          login 302   403   403   403   403   404   404   404   403   404   404   404   302
POST   /people/{outsider}/roles/                                      login 302   403   403   403   404   404   404   404   404   404   403   404   302
POST   /people/{nhs_staff}/roles/                                     login 302   403   403   403   404   404   404   403   404   404   404   403   302
GET    /people/{nqsw}/roles/                                          login 405   405   405   405   405   405   405   405   405   405   405   405   405
POST   /people/{supervisor}/roles/{supervisor.supervisor}/remove/     login 302   403   403   403   403   404   403   404   404   404   404   404   302
POST   /people/{partner}/roles/{partner.partner_coordinator}/remove/  login 302   403   403   403   404   404   404   403   404   404   404   404   302
POST   /people/{nqsw}/roles/{supervisor.supervisor}/remove/           login 404   403   403   403   403   404   404   404   403   404   404   404   404
GET    /people/{supervisor}/roles/{supervisor.supervisor}/remove/     login 405   405   405   405   405   405   405   405   405   405   405   405   405
GET    /notifications/                                                login 200   200   200   200   200   200   200   200   200   200   200   200   200
POST   /notifications/read/                                           login 302   302   302   302   302   302   302   302   302   302   302   302   302
GET    /notifications/read/                                           login 405   405   405   405   405   405   405   405   405   405   405   405   405
"""

#: The matrix's column headings, in order, and the login each stands for (None: anonymous).
COLUMNS: dict[str, str | None] = {
    "anon": None,
    "psw": "psw",
    "dass": "dass",
    "pot": "principal_ot",
    "coord": "coordinator",
    "mgr": "manager",
    "assr": "assessor",
    "sup": "supervisor",
    "partn": "partner",
    "nqsw": "nqsw",
    "wrkr": "worker",
    "outs": "outsider",
    "nhs": "nhs_staff",
    "admin": "admin",
}
STATUSES = {"200", "201", "204", "302", "400", "401", "403", "404", "405", "login"}
MISSING_ID = 987654321


@dataclass(frozen=True)
class Cell:
    method: str
    path: str
    login: str | None
    expected: str

    @property
    def row(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def id(self) -> str:
        return f"{self.row}-{self.login or 'anonymous'}-{self.expected}"


def parse_matrix(text: str) -> list[Cell]:
    cells = []
    seen = set()
    for line in text.strip().splitlines():
        if line.startswith("# --") or not line.strip():
            continue
        if line.startswith("#"):
            if line.split()[1:] != list(COLUMNS):
                raise AssertionError(f"the headings {line.split()[1:]} are not {list(COLUMNS)}")
            continue
        method, path, *statuses = line.split()
        if len(statuses) != len(COLUMNS):
            raise AssertionError(f"{method} {path}: {len(statuses)} cells for {len(COLUMNS)}")
        if (method, path) in seen:
            raise AssertionError(f"{method} {path} is in the matrix twice")
        seen.add((method, path))
        for login, expected in zip(COLUMNS.values(), statuses, strict=True):
            if expected not in STATUSES:
                raise AssertionError(f"{method} {path}: unknown cell {expected!r}")
            cells.append(Cell(method, path, login, expected))
    return cells


CELLS = parse_matrix(MATRIX)


# ---------------------------------------------------------------------------------------------
# What each write sends: valid input, so that a role allowed to write gets a 2xx
# ---------------------------------------------------------------------------------------------
@dataclass
class Place:
    """The academy and the ids its placeholders stand for."""

    academy: Academy
    ids: dict[str, str]

    def person(self, login: str) -> Any:
        return self.academy.people[login]

    def renew_password_link(self) -> None:
        user = self.person("nqsw").user
        self.ids["uid"] = urlsafe_base64_encode(force_bytes(user.pk))
        self.ids["token"] = default_token_generator.make_token(user)

    def address(self, path: str) -> str:
        return re.sub(r"\{([\w.]+)\}", lambda m: self.ids[m.group(1)], path)


def _token_payload(place: Place, login: str | None) -> dict[str, Any]:
    return {"username": login or "nqsw", "password": PASSWORD}


def _person_form(person: Any) -> dict[str, Any]:
    """The edit form as the page fills it for the person, with one change."""
    start = person.employment_start_date
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "work_email": person.work_email,
        "job_title": "Senior Practitioner",
        "organisation": person.organisation_id,
        "team": person.team_id or "",
        "employment_start_date_day": start.day,
        "employment_start_date_month": start.month,
        "employment_start_date_year": start.year,
        "contracted_hours_per_week": "37",
        "active": "on",
    }


Payload = Callable[[Place, "str | None"], dict[str, Any]]

PAYLOADS: dict[str, Payload] = {
    "POST /api/v1/auth/token/": _token_payload,
    "POST /api/v1/organisations/": lambda p, _: {"name": "Shire Care Ltd", "kind": "care_provider"},
    "PATCH /api/v1/organisations/{trust}/": lambda p, _: {"name": "Shire Health NHS Trust"},
    "POST /api/v1/teams/": lambda p, _: {
        "organisation": p.academy.council.pk,
        "name": "South Locality",
        "service_area": "Locality",
    },
    "PATCH /api/v1/teams/{team_a}/": lambda p, _: {"service_area": "Localities"},
    "POST /api/v1/people/": lambda p, _: {
        "first_name": "Grace",
        "last_name": "Hopper",
        "work_email": "grace.hopper@example.org",
        "organisation": p.academy.council.pk,
        "team": p.academy.teams["a"].pk,
        "roles": [{"role": "supervisor"}],
        "username": "grace",
    },
    "PATCH /api/v1/people/{nqsw}/": lambda p, _: {"job_title": "Senior Practitioner"},
    "PATCH /api/v1/people/{outsider}/": lambda p, _: {"job_title": "Senior Practitioner"},
    "PATCH /api/v1/people/{nhs_staff}/": lambda p, _: {"job_title": "Senior Practitioner"},
    "PATCH /api/v1/people/{missing}/": lambda p, _: {"job_title": "Senior Practitioner"},
    "POST /api/v1/people/{nqsw}/roles/": lambda p, _: {"role": "supervisor"},
    "POST /api/v1/people/{outsider}/roles/": lambda p, _: {"role": "supervisor"},
    "POST /api/v1/people/{nhs_staff}/roles/": lambda p, _: {"role": "supervisor"},
    "POST /api/v1/people/{missing}/roles/": lambda p, _: {"role": "supervisor"},
    "POST /sign-in/": _token_payload,
    "POST /password/reset/": lambda p, _: {"email": "nqsw@example.org"},
    "POST /password/set/{uid}/set-password/": lambda p, _: {
        "new_password1": "a-fresh-long-password",
        "new_password2": "a-fresh-long-password",
    },
    "POST /people/new/": lambda p, _: {
        "first_name": "Grace",
        "last_name": "Hopper",
        "work_email": "grace.hopper@example.org",
        "organisation": p.academy.council.pk,
        "team": p.academy.teams["a"].pk,
        "contracted_hours_per_week": "37",
        "active": "on",
    },
    "POST /people/{nqsw}/edit/": lambda p, _: _person_form(p.person("nqsw")),
    "POST /people/{outsider}/edit/": lambda p, _: _person_form(p.person("outsider")),
    "POST /people/{nhs_staff}/edit/": lambda p, _: _person_form(p.person("nhs_staff")),
    "POST /people/{nqsw}/roles/": lambda p, _: {"role": "supervisor"},
    "POST /people/{outsider}/roles/": lambda p, _: {"role": "supervisor"},
    "POST /people/{nhs_staff}/roles/": lambda p, _: {"role": "supervisor"},
}

#: Requests that need an earlier one on the same client: the password-set form is reached
#: through the e-mailed link, which puts the token in the session.
BEFORE: dict[str, str] = {
    "POST /password/set/{uid}/set-password/": "/password/set/{uid}/{token}/",
}


@pytest.fixture
def place(academy: Academy) -> Place:
    people = academy.people
    note = NotificationFactory(recipient=people["nqsw"], kind="welcome")
    ids = {login: str(person.pk) for login, person in people.items()}
    for assignment in RoleAssignment.objects.filter(person__in=people.values()):
        login = next(k for k, v in people.items() if v.pk == assignment.person_id)
        ids[f"{login}.{assignment.role}"] = str(assignment.pk)
    ids.update(
        council=str(academy.council.pk),
        trust=str(academy.trust.pk),
        team_a=str(academy.teams["a"].pk),
        team_nhs=str(academy.teams["nhs"].pk),
        missing=str(MISSING_ID),
        nqsw_note=str(note.pk),
    )
    place = Place(academy=academy, ids=ids)
    place.renew_password_link()
    return place


def _send(client: Client, method: str, address: str, data: dict[str, Any] | None) -> Any:
    if address.startswith("/api/"):
        return client.generic(
            method,
            address,
            data=b"" if data is None else _json(data),
            content_type="application/json",
        )
    if method == "GET":
        return client.get(address)
    return client.generic(
        method, address, data=_form(data or {}), content_type="application/x-www-form-urlencoded"
    )


def _json(data: dict[str, Any]) -> bytes:
    return json.dumps(data).encode()


def _form(data: dict[str, Any]) -> bytes:
    return urlencode(data).encode()


@pytest.mark.parametrize("cell", CELLS, ids=[cell.id for cell in CELLS])
def test_access(place: Place, cell: Cell) -> None:
    client = place.academy.client(cell.login)
    place.renew_password_link()  # signing in (as nqsw) spends a link made before it
    address = place.address(cell.path)
    if cell.row in BEFORE:
        client.get(place.address(BEFORE[cell.row]))
    payload = PAYLOADS.get(cell.row)
    data = payload(place, cell.login) if payload else None
    response = _send(client, cell.method, address, data)

    expected = 302 if cell.expected == "login" else int(cell.expected)
    shown = response.content[:300] if response.status_code != expected else b""
    assert response.status_code == expected, (cell.id, response.get("Location"), shown)
    location = response.get("Location", "")
    if cell.expected == "login":
        assert location == f"/sign-in/?next={quote(address)}"
    elif expected == 302:
        assert "next=" not in location, location
    if address.startswith("/api/v1/") and expected >= 400:
        assert response.json()["status"] == expected  # one error format across the API


# ---------------------------------------------------------------------------------------------
# The matrix covers every address the service has
# ---------------------------------------------------------------------------------------------
EXCLUDED_PREFIXES = ("admin/", "static/", "media/")
WRITE_METHODS = ("get", "post", "put", "patch", "delete")


def _patterns(patterns: list[Any], prefix: str = "") -> list[tuple[str, Any]]:
    found = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(EXCLUDED_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            found.extend(_patterns(pattern.url_patterns, route))
        elif isinstance(pattern, URLPattern):
            found.append((route, pattern.callback))
    return found


def _route_of(path: str) -> str:
    concrete = re.sub(r"\{(uid|token)\}", "x", path)
    concrete = re.sub(r"\{[\w.]+\}", "1", concrete)
    return resolve(concrete).route


def _methods_in_matrix() -> dict[str, set[str]]:
    methods: dict[str, set[str]] = {}
    for cell in CELLS:
        methods.setdefault(_route_of(cell.path), set()).add(cell.method)
    return methods


def test_every_address_is_in_the_matrix() -> None:
    in_matrix = _methods_in_matrix()
    missing = [
        route for route, _ in _patterns(get_resolver().url_patterns) if route not in in_matrix
    ]
    assert not missing, f"add these addresses to MATRIX in {__name__}: {missing}"


def test_every_method_an_api_view_takes_is_in_the_matrix() -> None:
    in_matrix = _methods_in_matrix()
    gaps: list[str] = []
    for route, callback in _patterns(get_resolver().url_patterns):
        view = getattr(callback, "cls", None)  # a DRF view
        if view is None:
            continue
        takes = {
            m.upper() for m in WRITE_METHODS if m in view.http_method_names and hasattr(view, m)
        }
        gaps.extend(f"{m} /{route}" for m in sorted(takes - in_matrix.get(route, set())))
    assert not gaps, f"add these requests to MATRIX in {__name__}: {gaps}"


def test_the_matrix_has_a_column_for_every_role_and_anonymous() -> None:
    assert [login for login in COLUMNS.values() if login] == list(ROLE_LOGINS)
    assert None in COLUMNS.values()


def test_the_roles_the_role_placeholders_name_exist() -> None:
    roles = {match.split(".")[1] for match in re.findall(r"\{(\w+\.\w+)\}", MATRIX)}
    assert roles <= set(Role.values)


# ---------------------------------------------------------------------------------------------
# Lists show exactly whom the role may see
# ---------------------------------------------------------------------------------------------
EVERYONE = (
    "psw dass principal_ot coordinator manager assessor supervisor partner nqsw worker "
    "outsider nhs_staff"
)
#: Whom each login finds in the people list (API and directory page).
LISTED = {
    "psw": EVERYONE,
    "dass": EVERYONE,
    "principal_ot": EVERYONE,
    "coordinator": EVERYONE,
    "manager": "psw manager supervisor nqsw worker",
    "assessor": "assessor",
    "supervisor": "supervisor",
    "partner": "partner nhs_staff",
    "nqsw": "nqsw",
    "worker": "worker",
    "outsider": "outsider",
    "nhs_staff": "nhs_staff",
    "admin": EVERYONE,
}


@pytest.mark.parametrize("login", ROLE_LOGINS)
def test_people_list_holds_exactly_whom_the_role_may_see(academy: Academy, login: str) -> None:
    expected = {academy.people[name].pk for name in LISTED[login].split()}
    response = academy.client(login).get("/api/v1/people/", {"page_size": 200})
    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == expected


@pytest.mark.parametrize("login", ROLE_LOGINS)
def test_directory_page_lists_exactly_whom_the_role_may_see(academy: Academy, login: str) -> None:
    response = academy.client(login).get("/people/")
    assert response.status_code == 200
    listed = {person.pk for person in response.context["page"].rows}
    assert listed == {academy.people[name].pk for name in LISTED[login].split()}
