"""CPD readiness: registered social workers and their Social Work England CPD this year, those
short of the rule first."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from academy.people.models import Person
from academy.reports.document import Chart, Column, Document, Section, Table, Type
from academy.training import rules as training_rules
from academy.training.services import cpd_rules


def clean(parameters: Mapping[str, Any]) -> dict[str, Any]:
    return {}


def compile(
    parameters: Mapping[str, Any], as_of: dt.date, progress: Callable[[int], None]
) -> Document:
    config = cpd_rules()
    year = training_rules.registration_year_start(as_of, config)
    people = (
        Person.objects.filter(active=True)
        .exclude(swe_number="")
        .select_related("team")
        .annotate(
            entries=Count("cpd_entries", filter=Q(cpd_entries__registration_year_starts=year)),
            peers=Count(
                "cpd_entries",
                filter=Q(
                    cpd_entries__registration_year_starts=year, cpd_entries__peer_reflection=True
                ),
            ),
        )
        .order_by("last_name", "first_name", "id")
    )
    progress(40)
    table = Table(
        "CPD readiness",
        [
            Column("Name", width=24),
            Column("Team", width=22),
            Column("SWE number"),
            Column("Entries", Type.INTEGER),
            Column("With peer reflection", Type.INTEGER),
            Column("Status"),
            Column("Still needed", width=40),
        ],
        title="Registered social workers",
    )
    states: Counter[str] = Counter()
    rows = []
    for person in people:
        standing = training_rules.cpd_standing(
            as_of=as_of,
            first_registered_on=person.swe_first_registered_on,
            entries=person.entries,
            peer_reflections=person.peers,
            rules=config,
        )
        states[standing.status.value] += 1
        needed = standing.reason if standing.status is training_rules.CpdStatus.SHORT else ""
        rows.append(
            [
                person.full_name,
                person.team.name if person.team else "",
                person.swe_number,
                person.entries,
                person.peers,
                standing.status.value.capitalize(),
                needed,
            ]
        )
    order = {"Short": 0, "Met": 1, "Exempt": 2}
    # A stable sort: within each status, people stay in surname order.
    table.rows = sorted(rows, key=lambda r: order.get(r[5], 3))
    end = training_rules.registration_year_end(year)
    return Document(
        title="CPD readiness",
        subtitle=(
            f"Social Work England registration year {year:%d %B %Y} to {end:%d %B %Y}, "
            f"as at {as_of:%d %B %Y}"
        ),
        generated_at=timezone.now(),
        sections=[
            Section(
                "Summary",
                paragraphs=[
                    f"To renew, each social worker needs at least {config.minimum_entries} "
                    "pieces of CPD in the year, at least "
                    f"{config.minimum_peer_reflections} with a peer reflection.",
                    f"Short of the rule: {states['short']}; met: {states['met']}; "
                    f"exempt this year: {states['exempt']}. The registration year ends on "
                    f"{end:%d %B %Y}, {max((end - as_of).days, 0)} days after {as_of:%d %B %Y}.",
                ],
                charts=[
                    Chart(
                        "Social workers by CPD status",
                        ["Short", "Met", "Exempt"],
                        [("People", [float(states[s]) for s in ("short", "met", "exempt")])],
                    )
                ],
                tables=[table],
            )
        ],
    )
