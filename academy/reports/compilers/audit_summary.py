"""Case file audits for a month or a quarter: quota against done per team, grades, themes and
moderation agreement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone

from academy.audits import rules as audit_rules
from academy.audits.models import CaseAudit, Grade, Moderation
from academy.audits.selectors import period_summary, programme
from academy.common.dates import add_months
from academy.people.models import Team
from academy.reports.document import Chart, Column, Document, Section, Table, Type


def clean(parameters: Mapping[str, Any]) -> dict[str, Any]:
    """``period`` month or quarter; ``start`` its first month (YYYY-MM), or left out for the
    last whole month or quarter before the day the report compiles (what a schedule wants)."""
    period = parameters.get("period", "month")
    if period not in ("month", "quarter"):
        raise ValidationError({"parameters.period": "Choose month or quarter."})
    if parameters.get("start") in (None, ""):
        return {"period": period}
    try:
        start = dt.date.fromisoformat(f"{parameters.get('start', '')}-01")
    except ValueError as exc:
        raise ValidationError(
            {"parameters.start": "Give the first month as YYYY-MM, e.g. 2026-10."}
        ) from exc
    if period == "quarter" and start != audit_rules.quarter_start(start):
        raise ValidationError(
            {"parameters.start": "A quarter starts in January, April, July or October."}
        )
    return {"period": period, "start": f"{start:%Y-%m}"}


def _first_month(parameters: Mapping[str, Any], as_of: dt.date) -> dt.date:
    if parameters.get("start"):
        return dt.date.fromisoformat(f"{parameters['start']}-01")
    if parameters["period"] == "quarter":
        return add_months(audit_rules.quarter_start(as_of), -3)
    return add_months(audit_rules.month_start(as_of), -1)


def compile(
    parameters: Mapping[str, Any], as_of: dt.date, progress: Callable[[int], None]
) -> Document:
    start = _first_month(parameters, as_of)
    months = (
        [start] if parameters["period"] == "month" else [add_months(start, i) for i in range(3)]
    )
    end = audit_rules.month_end(months[-1])
    teams = {t.pk: t for t in Team.objects.filter(active=True).order_by("name")}
    quota = Table(
        "Quota",
        [
            Column("Team", width=26),
            Column("Month"),
            Column("Quota", Type.INTEGER),
            Column("Submitted", Type.INTEGER),
            Column("In progress", Type.INTEGER),
            Column("Overdue", Type.INTEGER),
        ],
        title="Audits against quota",
    )
    for month in months:
        progress_by_team = programme(team_ids=list(teams), month=month, as_of=as_of)
        for team_id, team in teams.items():
            p = progress_by_team[team_id]
            if p.quota or p.submitted:
                quota.rows.append(
                    [team.name, f"{month:%b %Y}", p.quota, p.submitted, p.in_progress, p.overdue]
                )
    progress(40)
    summary = period_summary(CaseAudit.objects.all(), start=start, end=end)
    labels = dict(Grade.choices)
    grades = Table(
        "Grades",
        [
            Column("Team", width=26),
            *[Column(str(labels[g]), Type.INTEGER) for g in Grade.values],
            Column("Total", Type.INTEGER),
        ],
        title="Grades by team",
    )
    for team_id, counts in sorted(
        summary.by_team.items(), key=lambda item: teams[item[0]].name if item[0] in teams else ""
    ):
        name = teams[team_id].name if team_id in teams else "(closed team)"
        grades.rows.append([name, *[counts[g] for g in Grade.values], sum(counts.values())])
    themes = Table(
        "Themes",
        [Column("Theme", width=34), Column("Audits", Type.INTEGER)],
        title="Learning themes",
    )
    themes.rows = [[name, n] for name, n in summary.themes.items()]
    moderation = Table(
        "Moderation",
        [
            Column("Team", width=26),
            Column("Moderated", Type.INTEGER),
            Column("Agreed", Type.INTEGER),
            Column("Agreement %", Type.PERCENT),
        ],
        title="Moderation: PSW's re-grade against the original",
    )
    for row in (
        Moderation.objects.filter(
            moderated_at__isnull=False, sample_month__gte=start, sample_month__lte=end
        )
        .values("audit__team__name")
        .annotate(n=Count("id"), agreed=Count("id", filter=Q(agreed=True)))
        .order_by("audit__team__name")
    ):
        moderation.rows.append(
            [
                row["audit__team__name"],
                row["n"],
                row["agreed"],
                round(100 * row["agreed"] / row["n"], 1),
            ]
        )
    progress(80)
    label = f"{start:%B %Y}" if parameters["period"] == "month" else f"{start:%B}–{end:%B %Y}"
    return Document(
        title="Case file audit summary",
        subtitle=label,
        generated_at=timezone.now(),
        sections=[
            Section(
                "Grades",
                paragraphs=[f"{summary.total} audits submitted."],
                charts=[
                    Chart(
                        "Grade distribution",
                        [str(labels[g]) for g in Grade.values],
                        [("Audits", [float(summary.grades.get(g, 0)) for g in Grade.values])],
                    )
                ],
                tables=[grades],
            ),
            Section("Programme", tables=[quota]),
            Section(
                "Themes",
                charts=[
                    Chart(
                        "Audits by learning theme",
                        [r[0] for r in themes.rows],
                        [("Audits", [float(r[1]) for r in themes.rows])],
                    )
                ]
                if themes.rows
                else [],
                tables=[themes],
            ),
            Section("Moderation", tables=[moderation]),
        ],
    )
