"""Build the demo academy through the people, pathways, training and audits services, so the
same rules apply as anywhere else.

``demo_seed`` writes whatever of the roster (``roster.demo_roster``), the pathways
(``pathway_seed``), the training (``training_seed``) and the case file audits (``audit_seed``)
is missing, in one transaction. Organisations and teams are found by name, people by work
e-mail (any case); roles are added only if missing; nothing already there is changed, so a
second run writes nothing. The messages the services would have sent about the history the
seed writes are withheld (``notifications_withheld``): the reminder sweeps say what is due.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower

from academy.common.dates import today as local_today
from academy.demo import data
from academy.demo.audit_seed import audits_seed
from academy.demo.pathway_seed import pathways_seed
from academy.demo.roster import PersonSpec, demo_roster
from academy.demo.training_seed import training_seed
from academy.notifications.services import notifications_withheld
from academy.people import services
from academy.people.models import Organisation, PcfLevel, Person, Role, Team
from academy.people.rules import scope_required


@dataclass(frozen=True)
class Tally:
    created: int = 0
    existing: int = 0


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    name: str
    role: str
    team: str


@dataclass
class SeedReport:
    organisations: Tally = field(default_factory=Tally)
    teams: Tally = field(default_factory=Tally)
    people: Tally = field(default_factory=Tally)
    accounts: Tally = field(default_factory=Tally)
    cohorts: Tally = field(default_factory=Tally)
    enrolments: Tally = field(default_factory=Tally)
    funding_years: Tally = field(default_factory=Tally)
    courses: Tally = field(default_factory=Tally)
    series: Tally = field(default_factory=Tally)
    sessions: Tally = field(default_factory=Tally)
    bookings: Tally = field(default_factory=Tally)
    completions: Tally = field(default_factory=Tally)
    cpd_entries: Tally = field(default_factory=Tally)
    audits: Tally = field(default_factory=Tally)
    moderations: Tally = field(default_factory=Tally)
    bulletins: Tally = field(default_factory=Tally)
    roles_added: int = 0
    logins: list[DemoLogin] = field(default_factory=list)


def demo_seed(*, today: dt.date | None = None) -> SeedReport:
    """Create whatever of the demo academy is missing, in one transaction, and say what was
    created and what was already there. Demo logins get ``DEMO_PASSWORD`` and no welcome.

    Dates count back from ``today`` (by default the academy's today); history is recorded up
    to it, and statuses are worked out as of the clock, as the services do."""
    today = today or local_today()
    roster = demo_roster(today=today)
    report = SeedReport()
    with transaction.atomic():
        organisations, report.organisations = _organisations()
        teams, report.teams = _teams(organisations)
        people, report.people, report.roles_added = _people(roster, organisations, teams)
        report.accounts = _accounts(roster, people)
        by_ref = {spec.ref: people[spec.work_email.lower()] for spec in roster}
        made = pathways_seed(people=by_ref, today=today)
        report.cohorts = Tally(*made.cohorts)
        report.enrolments = Tally(*made.enrolments)
        report.funding_years = Tally(*made.funding_years)
        with notifications_withheld():
            trained = training_seed(
                people=by_ref,
                roster=roster,
                organisations=organisations,
                teams=teams,
                today=today,
            )
            audited = audits_seed(people=by_ref, roster=roster, teams=teams, today=today)
        report.courses = Tally(*trained.courses)
        report.series = Tally(*trained.series)
        report.sessions = Tally(*trained.sessions)
        report.bookings = Tally(*trained.bookings)
        report.completions = Tally(*trained.completions)
        report.cpd_entries = Tally(*trained.cpd_entries)
        report.audits = Tally(*audited.audits)
        report.moderations = Tally(*audited.moderations)
        report.bulletins = Tally(*audited.bulletins)
    report.logins = [_login_row(spec, people, teams, organisations) for spec in _logins(roster)]
    return report


def _organisations() -> tuple[dict[str, Organisation], Tally]:
    found = {o.name: o for o in Organisation.objects.filter(name__in=_names(data.ORGANISATIONS))}
    host = Organisation.objects.filter(hosts_academy=True).first()
    demo_host = next(row.name for row in data.ORGANISATIONS if row.hosts_academy)
    if host is not None and host.name != demo_host:
        raise ValidationError(
            f"{host.name} already hosts the academy in this database; the demo academy is "
            f"hosted by {demo_host}. Seed the demo into a database of its own."
        )
    result, created = {}, 0
    for row in data.ORGANISATIONS:
        organisation = found.get(row.name)
        if organisation is None:
            organisation = services.organisation_create(
                name=row.name, kind=row.kind, hosts_academy=row.hosts_academy
            )
            created += 1
        result[row.key] = organisation
    return result, Tally(created, len(result) - created)


def _teams(organisations: Mapping[str, Organisation]) -> tuple[dict[str, Team], Tally]:
    found = {
        (t.organisation_id, t.name): t
        for t in Team.objects.filter(
            organisation__in=organisations.values(), name__in=_names(data.TEAMS)
        )
    }
    result, created = {}, 0
    for row in data.TEAMS:
        organisation = organisations[row.organisation]
        team = found.get((organisation.pk, row.name))
        if team is None:
            team = services.team_create(
                organisation=organisation, name=row.name, service_area=row.service_area
            )
            created += 1
        result[row.key] = team
    return result, Tally(created, len(result) - created)


def _people(
    roster: list[PersonSpec],
    organisations: Mapping[str, Organisation],
    teams: Mapping[str, Team],
) -> tuple[dict[str, Person], Tally, int]:
    """People by lower-case work e-mail; existing people only gain the roles they lack."""
    found: dict[str, Person] = {
        person.work_email.lower(): person
        for person in Person.objects.alias(email_key=Lower("work_email"))
        .filter(email_key__in=[spec.work_email.lower() for spec in roster])
        .select_related("user")
        .prefetch_related("roles")
    }
    result: dict[str, Person] = {}
    created = roles_added = 0
    for spec in roster:
        key = spec.work_email.lower()
        organisation = organisations[spec.organisation]
        team = teams[spec.team] if spec.team else None
        roles = [_role(role, organisation, team) for role in spec.roles]
        person = found.get(key)
        if person is None:
            person = services.person_create(**_person_fields(spec, organisation, team), roles=roles)
            created += 1
        else:
            roles_added += _missing_roles_add(person, roles)
        result[key] = person
    return result, Tally(created, len(result) - created), roles_added


def _person_fields(
    spec: PersonSpec, organisation: Organisation, team: Team | None
) -> dict[str, Any]:
    fields = {
        name: value
        for name, value in spec.__dict__.items()
        if name not in ("organisation", "team", "roles", "login", "ref")
    }
    return {**fields, "organisation": organisation, "team": team}


def _role(role: str, organisation: Organisation, team: Team | None) -> dict[str, Any]:
    scope = scope_required(role)
    return {
        "role": role,
        "team": team if scope == "team" else None,
        "organisation": organisation if scope == "organisation" else None,
    }


def _missing_roles_add(person: Person, roles: Iterable[Mapping[str, Any]]) -> int:
    held = {(a.role, a.team_id, a.organisation_id) for a in person.roles.all()}
    added = 0
    for spec in roles:
        team, organisation = spec["team"], spec["organisation"]
        key = (spec["role"], getattr(team, "pk", None), getattr(organisation, "pk", None))
        if key not in held:
            services.role_assign(
                person=person, role=spec["role"], team=team, organisation=organisation
            )
            added += 1
    return added


def _accounts(roster: list[PersonSpec], people: Mapping[str, Person]) -> Tally:
    created = existing = 0
    for spec in _logins(roster):
        person = people[spec.work_email.lower()]
        if person.user_id is not None:
            existing += 1
            continue
        services.account_create(person=person, username=spec.login, password=data.DEMO_PASSWORD)
        created += 1
    return Tally(created, existing)


def _logins(roster: list[PersonSpec]) -> list[PersonSpec]:
    return [spec for spec in roster if spec.login]


def _login_row(
    spec: PersonSpec,
    people: Mapping[str, Person],
    teams: Mapping[str, Team],
    organisations: Mapping[str, Organisation],
) -> DemoLogin:
    person = people[spec.work_email.lower()]
    spec_organisation = organisations[spec.organisation]
    labels = [
        f"{Role(role).label} ({spec_organisation.get_kind_display()})"
        if role == Role.PARTNER_COORDINATOR
        else Role(role).label
        for role in spec.roles
    ]
    if not labels:
        level = PcfLevel(spec.pcf_level).label if spec.pcf_level else spec.job_title
        labels = [f"{Role.LEARNER.label} ({level})"]
    where = teams[spec.team] if spec.team else spec_organisation
    return DemoLogin(
        # The account already there may have another username than the one the seed would give.
        username=person.user.username if person.user else spec.login,
        password=data.DEMO_PASSWORD,
        name=person.full_name,
        role=", ".join(labels),
        team=where.name,
    )


def _names(rows: Iterable[Any]) -> list[str]:
    return [row.name for row in rows]
