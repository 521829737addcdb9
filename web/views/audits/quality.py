"""The academy's quality dashboard, for the PSW and DASS: submitted audits' grades and learning
themes over time (by month, or by quarter), grades by team, and how often the PSW's moderation
agreed with the auditor, by team. Charts drawn on the server, each with its table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from academy.audits import rules, selectors
from academy.audits.permissions import leads_audits, sees_all_audits
from academy.common.dates import add_months, today
from academy.people.permissions import viewer_for
from web.charts import bar_chart
from web.views.audits import charts
from web.views.audits.dashboards import TREND_MONTHS
from web.views.base import section


@dataclass(frozen=True)
class Periods:
    """The months read, oldest first, and how they are shown: each month, or by quarter."""

    quarterly: bool
    months: list[dt.date]

    @property
    def keys(self) -> list[dt.date]:
        if not self.quarterly:
            return self.months
        return sorted({rules.quarter_start(month) for month in self.months})

    @property
    def labels(self) -> list[str]:
        label = charts.quarter_label if self.quarterly else charts.month_label
        return [label(key) for key in self.keys]

    def key_of(self, month: dt.date) -> dt.date:
        return rules.quarter_start(month) if self.quarterly else month

    @property
    def word(self) -> str:
        return "quarter" if self.quarterly else "month"


def months_to_read(as_of: dt.date, quarterly: bool) -> int:
    """Twelve months, or back to the start of the quarter three quarters before this one."""
    return 9 + (as_of.month - 1) % 3 + 1 if quarterly else TREND_MONTHS


@login_required
@section("audits")
@require_safe
def quality(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if not sees_all_audits(viewer):
        raise PermissionDenied
    quarterly = request.GET.get("period") == "quarter"
    as_of = today()
    count = months_to_read(as_of, quarterly)
    first = add_months(rules.month_start(as_of), -(count - 1))
    audits = selectors.audits_visible_to(viewer)
    trend = selectors.monthly_trend(audits, months=count, as_of=as_of)
    periods = Periods(quarterly, [month for month, _ in trend])
    summary = selectors.period_summary(audits, start=first, end=as_of)
    agreement = selectors.agreement_by_team(months=count, as_of=as_of)
    names = {
        pk: team.name
        for pk, team in selectors.teams_named(
            {*summary.by_team, *(a.team_id for a in agreement)}
        ).items()
    }
    table = agreement_table(agreement, names, periods)
    return render(
        request,
        "web/audits/quality.html",
        {
            "quarterly": quarterly,
            "leads": leads_audits(viewer),
            "first": first,
            "as_of": as_of,
            "labels": periods.labels,
            "trend_chart": grades_over_time(trend, periods),
            "team_chart": charts.grade_chart(
                "Grades by team",
                sorted(
                    (
                        charts.GradeRow(names.get(pk, "No team"), counts)
                        for pk, counts in summary.by_team.items()
                    ),
                    key=lambda row: row.label,
                ),
                label_heading="Team",
            ),
            "theme_chart": bar_chart(
                "Learning themes",
                list(summary.themes.items()),
                label_heading="Theme",
                value_heading="Audits",
            ),
            "theme_rows": themes_over_time(
                selectors.theme_trend(audits, months=count, as_of=as_of), periods
            ),
            "agreement": table,
            "agreement_chart": charts.percent_chart(
                "Agreement with the auditor's grade, by team (%)",
                [(row["team"], row["rate"]) for row in table],
                label_heading="Team",
                value_heading="Agreement (%)",
            ),
        },
    )


def grades_over_time(
    trend: Sequence[tuple[dt.date, dict[str, int]]], periods: Periods
) -> charts.GradeChart:
    counts = charts.by_quarter(trend) if periods.quarterly else list(trend)
    return charts.grade_chart(
        f"Audits submitted each {periods.word}, by grade",
        [
            charts.GradeRow(label, grades)
            for label, (_, grades) in zip(periods.labels, counts, strict=True)
        ],
        label_heading=periods.word.capitalize(),
    )


def themes_over_time(trend: dict[str, list[int]], periods: Periods) -> list[tuple[str, list[int]]]:
    """Each theme's audits in each period, the most frequent theme first."""
    rows = []
    for name, values in trend.items():
        totals = dict.fromkeys(periods.keys, 0)
        for month, value in zip(periods.months, values, strict=True):
            totals[periods.key_of(month)] += value
        rows.append((name, list(totals.values())))
    return sorted(rows, key=lambda row: (-sum(row[1]), row[0]))


def agreement_table(
    agreement: list[selectors.Agreement], names: dict[int, str], periods: Periods
) -> list[dict[str, Any]]:
    """Per team: audits moderated and agreed in each period, and over the whole range."""
    rows: dict[int, dict[dt.date, list[int]]] = {}
    for item in agreement:
        cell = rows.setdefault(item.team_id, {}).setdefault(periods.key_of(item.month), [0, 0])
        cell[0] += item.moderated
        cell[1] += item.agreed
    table = []
    for team_id, cells in rows.items():
        moderated = sum(c[0] for c in cells.values())
        agreed = sum(c[1] for c in cells.values())
        table.append(
            {
                "team": names.get(team_id, "No team"),
                "cells": [_rate(*cells.get(key, [0, 0])) for key in periods.keys],
                "moderated": moderated,
                "agreed": agreed,
                "rate": _rate(moderated, agreed)["rate"],
            }
        )
    return sorted(table, key=lambda row: row["team"])


def _rate(moderated: int, agreed: int) -> dict[str, Any]:
    return {
        "moderated": moderated,
        "agreed": agreed,
        "rate": round(100 * agreed / moderated) if moderated else None,
    }
