"""``manage.py seed_demo``: the demo academy, created once (running it again changes nothing)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from academy.demo.builder import SeedReport, demo_seed


class Command(BaseCommand):
    help = (
        "Create the demo academy (organisations, teams, about 150 people, eight demo logins, "
        "cohorts and people on pathways with their history; the training catalogue with "
        "sessions, bookings, completions and CPD; twelve months of case file audits with "
        "moderation and a learning bulletin) through the services. Idempotent: what is already "
        "there is left as it is."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = demo_seed()
        except ValidationError as exc:
            problems = " ".join(exc.messages)
            raise CommandError(f"The demo academy could not be seeded: {problems}") from exc
        self.stdout.write(_summary(report))
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo logins"))
        self.stdout.write(_logins(report))


def _summary(report: SeedReport) -> str:
    rows = [
        ("Organisations", report.organisations.created, report.organisations.existing),
        ("Teams", report.teams.created, report.teams.existing),
        ("People", report.people.created, report.people.existing),
        ("Accounts", report.accounts.created, report.accounts.existing),
        ("Cohorts", report.cohorts.created, report.cohorts.existing),
        ("Enrolments", report.enrolments.created, report.enrolments.existing),
        ("Funding years", report.funding_years.created, report.funding_years.existing),
        ("Courses", report.courses.created, report.courses.existing),
        ("Event series", report.series.created, report.series.existing),
        ("Sessions", report.sessions.created, report.sessions.existing),
        ("Bookings", report.bookings.created, report.bookings.existing),
        ("Completions", report.completions.created, report.completions.existing),
        ("CPD entries", report.cpd_entries.created, report.cpd_entries.existing),
        ("Case file audits", report.audits.created, report.audits.existing),
        ("Moderations", report.moderations.created, report.moderations.existing),
        ("Learning bulletins", report.bulletins.created, report.bulletins.existing),
    ]
    lines = _table(
        ("", "Created", "Already there"), [(a, str(b), str(c)) for a, b, c in rows], right=(1, 2)
    )
    if report.roles_added:
        lines.append(f"Roles added to people already there: {report.roles_added}")
    return "\n".join(["Demo academy", *lines])


def _logins(report: SeedReport) -> str:
    rows = [(x.username, x.password, x.name, x.role, x.team) for x in report.logins]
    return "\n".join(_table(("Username", "Password", "Name", "Role", "Team"), rows))


def _table(
    heading: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()
) -> list[str]:
    widths = [max(len(row[i]) for row in [heading, *rows]) for i in range(len(heading))]

    def line(cells: Sequence[str]) -> str:
        padded = [
            cell.rjust(width) if index in right else cell.ljust(width)
            for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(padded).rstrip()

    return [line(heading), line(["-" * width for width in widths]), *map(line, rows)]
