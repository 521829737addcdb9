"""Training compliance: team × required course, and who expires in the next 90 days."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from academy.people.models import Person, Team
from academy.reports.document import Chart, Column, Document, Section, Table, Type
from academy.training.rules import Compliance
from academy.training.selectors import compliance_matrix


def clean(parameters: Mapping[str, Any]) -> dict[str, Any]:
    team = parameters.get("team")
    if team is None:
        return {}
    if (
        not isinstance(team, int)
        or isinstance(team, bool)
        or not Team.objects.filter(pk=team).exists()
    ):
        raise ValidationError(
            {"parameters.team": "Choose a team (its number), or leave it out for the academy."}
        )
    return {"team": team}


def compile(
    parameters: Mapping[str, Any], as_of: dt.date, progress: Callable[[int], None]
) -> Document:
    expiring_days = int(settings.TRAINING["EXPIRING_DAYS"])
    people = Person.objects.filter(active=True)
    scope = "the academy"
    if parameters.get("team"):
        team = Team.objects.get(pk=parameters["team"])
        people = people.filter(team=team)
        scope = team.name
    matrix = compliance_matrix(people, as_of=as_of, expiring_days=expiring_days)
    progress(50)
    tally: dict[tuple[str, str], dict[str, int]] = defaultdict(
        lambda: {s.value: 0 for s in Compliance}
    )
    expiring = Table(
        "Expiring soon",
        [
            Column("Name", width=24),
            Column("Team", width=22),
            Column("Course", width=34),
            Column("Expires", Type.DATE),
            Column("Days left", Type.INTEGER),
        ],
        title=f"Expiring in the next {expiring_days} days",
    )
    gaps = Table(
        "Not compliant",
        [
            Column("Name", width=24),
            Column("Team", width=22),
            Column("Course", width=34),
            Column("State"),
        ],
        title="Required courses expired or never completed",
    )
    for row in matrix.rows:
        team_name = row.person.team.name if row.person.team else "No team"
        for cell in row.cells.values():
            tally[(team_name, cell.course.title)][cell.state.value] += 1
            if cell.state is Compliance.EXPIRING and cell.completion and cell.completion.expires_on:
                expiring.rows.append(
                    [
                        row.person.full_name,
                        team_name,
                        cell.course.title,
                        cell.completion.expires_on,
                        (cell.completion.expires_on - as_of).days,
                    ]
                )
            elif cell.state in (Compliance.EXPIRED, Compliance.MISSING):
                gaps.rows.append(
                    [
                        row.person.full_name,
                        team_name,
                        cell.course.title,
                        cell.state.value.capitalize(),
                    ]
                )
    expiring.rows.sort(key=lambda r: (r[3], r[0]))
    by_team = Table(
        "Team by course",
        [
            Column("Team", width=24),
            Column("Course", width=34),
            Column("Required", Type.INTEGER),
            Column("Compliant", Type.INTEGER),
            Column("Expiring", Type.INTEGER),
            Column("Expired", Type.INTEGER),
            Column("Missing", Type.INTEGER),
            Column("Compliant %", Type.PERCENT),
        ],
        title="Team × required course",
    )
    for (team_name, course), counts in sorted(tally.items()):
        required = sum(counts.values())
        held = counts["compliant"] + counts["expiring"]
        by_team.rows.append(
            [
                team_name,
                course,
                required,
                counts["compliant"],
                counts["expiring"],
                counts["expired"],
                counts["missing"],
                round(100 * held / required, 1) if required else None,
            ]
        )
    progress(80)
    totals = matrix.counts()
    return Document(
        title="Training compliance",
        subtitle=f"Required training across {scope}, as at {as_of:%d %B %Y}",
        generated_at=timezone.now(),
        sections=[
            Section(
                "Summary",
                paragraphs=[
                    f"{totals['compliant'] + totals['expiring']} of {sum(totals.values())} "
                    f"required courses are held; {totals['expiring']} expire within "
                    f"{expiring_days} days."
                ],
                charts=[
                    Chart(
                        "Required courses by state",
                        ["Compliant", "Expiring", "Expired", "Missing"],
                        [
                            (
                                "Courses",
                                [
                                    float(totals[k])
                                    for k in ("compliant", "expiring", "expired", "missing")
                                ],
                            )
                        ],
                    )
                ],
                tables=[by_team],
            ),
            Section("Expiring soon", tables=[expiring]),
            Section("Not compliant", tables=[gaps]),
        ],
    )
