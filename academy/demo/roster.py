"""The demo academy's people, worked out from the tables in ``data`` (pure: no database).

Seeded generators keep it deterministic: one picks names, so every day gives the same names
and e-mails (the seed's keys); the others pick career details, with dates counted back from the
day given, so the same day always gives the same roster. People the demo puts on a pathway get
the career it needs (``pathway_data``): an NQSW qualified and registered shortly before their
ASYE began; nobody starts a pathway before starting in post, and nobody on one has left.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from academy.demo import data, pathway_data
from academy.people.models import PcfLevel

_YEAR = 365.25
#: Days after qualifying before first registration with Social Work England (low, high).
_REGISTRATION_DELAY = (14, 75)
#: Days after registration before an NQSW starts in post (low, high).
_ASYE_START_DELAY = (7, 35)
#: A leaver left between these many days ago (low, high), at least a half-year after starting.
_LEFT_DAYS_AGO = (14, 150)
_LEAVER_MIN_SERVICE_DAYS = 180


@dataclass(frozen=True)
class PersonSpec:
    """One demo person, ready for ``person_create`` once the keys are resolved."""

    first_name: str
    last_name: str
    work_email: str
    organisation: str
    team: str | None
    job_title: str
    roles: tuple[str, ...]
    contracted_hours_per_week: Decimal
    employment_start_date: dt.date
    pcf_level: str = ""
    qualified_on: dt.date | None = None
    swe_number: str = ""
    swe_first_registered_on: dt.date | None = None
    hcpc_number: str = ""
    leaving_date: dt.date | None = None
    active: bool = True
    login: str = ""
    ref: data.Ref = ""  # how the demo's other tables name this person


def demo_roster(*, today: dt.date) -> list[PersonSpec]:
    """Everyone in the demo academy: the named people first, then the staff drawn by grade."""
    names = random.Random(data.NAME_SEED)  # noqa: S311 - demo data, not secrets
    details = random.Random(data.DETAIL_SEED)  # noqa: S311 - demo data, not secrets
    domains = {row.key: row.email_domain for row in data.ORGANISATIONS}
    team_organisation = {row.key: row.organisation for row in data.TEAMS}
    roster = [
        _person(
            (named.first_name, named.last_name),
            data.GRADES[named.grade],
            organisation=named.organisation,
            team=named.team,
            domain=domains[named.organisation],
            job_title=named.job_title,
            hours=named.hours,
            login=named.login,
            ref=named.login or f"{named.first_name} {named.last_name}",
            rng=details,
            today=today,
        )
        for named in data.NAMED_PEOPLE
    ]
    used = {(p.first_name, p.last_name) for p in data.NAMED_PEOPLE}
    for row in data.STAFFING:
        grade, organisation = data.GRADES[row.grade], team_organisation[row.team]
        roster += [
            _person(
                _unused_name(names, used),
                grade,
                organisation=organisation,
                team=row.team,
                domain=domains[organisation],
                job_title=row.job_title,
                hours=_hours(details) if grade.part_time_possible else data.FULL_TIME_HOURS,
                ref=data.Staff(row.team, row.grade, n),
                rng=details,
                today=today,
            )
            for n in range(1, row.count + 1)
        ]
    roster = _with_pathway_careers(roster, today)
    roster = _with_register_numbers(roster, details)
    return _with_leavers(roster, details, today)


def _person(
    name: tuple[str, str],
    grade: data.Grade,
    *,
    organisation: str,
    team: str | None,
    domain: str,
    job_title: str,
    hours: Decimal,
    rng: random.Random,
    today: dt.date,
    login: str = "",
    ref: data.Ref = "",
) -> PersonSpec:
    qualified_on = registered_on = None
    if grade.qualified_years is not None:
        qualified_on = today - _days(rng, grade.qualified_years)
        if grade.register == data.SWE:
            registered_on = min(qualified_on + _days_between(rng, _REGISTRATION_DELAY), today)
    if grade.pcf_level == PcfLevel.ASYE and registered_on is not None:
        started = min(registered_on + _days_between(rng, _ASYE_START_DELAY), today)
    else:
        career_began = registered_on or qualified_on
        since = today - career_began if career_began else None
        started = today - _days(rng, grade.years_in_post, most=since)
    first, last = name
    return PersonSpec(
        first_name=first,
        last_name=last,
        work_email=f"{_mailbox(first)}.{_mailbox(last)}@{domain}",
        organisation=organisation,
        team=team,
        job_title=job_title or grade.job_title,
        roles=grade.roles,
        contracted_hours_per_week=hours,
        employment_start_date=started,
        pcf_level=grade.pcf_level,
        qualified_on=qualified_on,
        swe_first_registered_on=registered_on,
        # Placeholders until ``_with_register_numbers`` numbers everyone in order.
        swe_number="SW" if grade.register == data.SWE else "",
        hcpc_number="OT" if grade.register == data.HCPC else "",
        login=login,
        ref=ref,
    )


def _with_pathway_careers(roster: list[PersonSpec], today: dt.date) -> list[PersonSpec]:
    """Fit the careers of people on a demo pathway to it: a pathway for the newly qualified
    began when they started in post, shortly after they qualified and registered; any other
    began after they started in post."""
    rng = random.Random(pathway_data.CAREER_SEED)  # noqa: S311 - demo data, not secrets
    starts: dict[data.Ref, tuple[str, dt.date]] = {}
    for row in pathway_data.ENROLMENTS:
        start = pathway_data.start_of(row, today)
        if row.person not in starts or start < starts[row.person][1]:
            starts[row.person] = (row.pathway, start)
    result = list(roster)
    for index, person in enumerate(roster):
        if person.ref not in starts:
            continue
        pathway, start = starts[person.ref]
        if pathway in pathway_data.STARTS_A_CAREER:
            registered = start - _days_between(rng, _ASYE_START_DELAY)
            result[index] = _replace(
                person,
                pcf_level=pathway_data.STARTS_A_CAREER[pathway],
                qualified_on=registered - _days_between(rng, _REGISTRATION_DELAY),
                swe_first_registered_on=registered if person.swe_number else None,
                employment_start_date=start,
            )
        elif person.employment_start_date > start:
            result[index] = _replace(person, employment_start_date=start)
    return result


def _with_register_numbers(roster: list[PersonSpec], rng: random.Random) -> list[PersonSpec]:
    """Give registrants unique numbers that grow with their registration date, as real
    registers issue them."""
    numbered = list(roster)
    for prefix, number_field, date_field in (
        ("SW", "swe_number", "swe_first_registered_on"),
        ("OT", "hcpc_number", "qualified_on"),
    ):
        registrants = sorted(
            (getattr(person, date_field), index)
            for index, person in enumerate(roster)
            if getattr(person, number_field) == prefix
        )
        number = rng.randint(10_000, 20_000)
        for _, index in registrants:
            number += rng.randint(150, 900)
            numbered[index] = _replace(numbered[index], **{number_field: f"{prefix}{number}"})
    return numbered


def _with_leavers(roster: list[PersonSpec], rng: random.Random, today: dt.date) -> list[PersonSpec]:
    """Mark a few generated staff who hold no role but learner, and are on no demo pathway, as
    leavers."""
    named = len(data.NAMED_PEOPLE)
    on_pathways = {row.person for row in pathway_data.ENROLMENTS}
    candidates = [
        index
        for index, person in enumerate(roster)
        if index >= named
        and not person.roles
        and person.ref not in on_pathways
        and (today - person.employment_start_date).days
        >= _LEAVER_MIN_SERVICE_DAYS + _LEFT_DAYS_AGO[1]
    ]
    result = list(roster)
    for index in sorted(rng.sample(candidates, data.LEAVER_COUNT)):
        left = today - dt.timedelta(days=rng.randint(*_LEFT_DAYS_AGO))
        result[index] = _replace(result[index], leaving_date=left, active=False)
    return result


def _unused_name(rng: random.Random, used: set[tuple[str, str]]) -> tuple[str, str]:
    weights = [group.weight for group in data.NAME_GROUPS]
    while True:
        group = rng.choices(data.NAME_GROUPS, weights=weights)[0]
        name = (rng.choice(group.first_names), rng.choice(group.last_names))
        if name not in used:
            used.add(name)
            return name


def _hours(rng: random.Random) -> Decimal:
    hours = [hours for hours, _ in data.HOURS_MIX]
    weights = [weight for _, weight in data.HOURS_MIX]
    return rng.choices(hours, weights=weights)[0]


def _days(
    rng: random.Random, years: tuple[float, float], most: dt.timedelta | None = None
) -> dt.timedelta:
    """A span of between ``years[0]`` and ``years[1]`` years, never longer than ``most``."""
    low, high = round(years[0] * _YEAR), round(years[1] * _YEAR)
    if most is not None:
        high = min(high, most.days)
        low = min(low, high)
    return dt.timedelta(days=rng.randint(low, high))


def _days_between(rng: random.Random, bounds: tuple[int, int]) -> dt.timedelta:
    return dt.timedelta(days=rng.randint(*bounds))


def _mailbox(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def _replace(person: PersonSpec, **changes: Any) -> PersonSpec:
    return PersonSpec(**{**person.__dict__, **changes})
