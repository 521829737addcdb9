"""A pathway template's rules (held as JSON) in words a PSW reads at a glance."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from academy.pathways.models import Evidence, PathwayTemplate
from academy.pathways.rules import Interval


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _span(interval: Interval, *, years: bool = False) -> str:
    """A length of time: "6 months", "6 weeks", "10 days" (or "2 years" when asked)."""
    parts = []
    if years and interval.months and interval.months % 12 == 0:
        parts.append(_plural(interval.months // 12, "year"))
    elif interval.months:
        parts.append(_plural(interval.months, "month"))
    if interval.days:
        weeks, days = divmod(interval.days, 7)
        parts.append(_plural(weeks, "week") if not days else _plural(interval.days, "day"))
    return " and ".join(parts) or "the start"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _number(value: Any) -> str:
    number = Decimal(str(value))
    return f"{number:,.2f}".rstrip("0").rstrip(".") if number % 1 else f"{int(number):,}"


def supervision_schedule(data: Sequence[Mapping[str, Any]]) -> list[str]:
    """One line per band: "Weekly until 6 weeks", …, "Monthly to the end"."""
    lines = []
    for band in data or []:
        every = Interval.parse(band.get("every"))
        if every is None:
            continue
        until = Interval.parse(band.get("until"))
        how_often = every.describe()
        how_often = how_often[0].upper() + how_often[1:]
        if until is None:
            lines.append(f"{how_often} to the end")
        else:
            lines.append(f"{how_often} until {_span(until)} after the start")
    return lines or ["No supervision schedule"]


def development_rule(rule: Mapping[str, Any]) -> list[str]:
    kind = (rule or {}).get("kind")
    if kind == "percent_of_hours":
        return [f"{_number(rule['percent'])}% of contracted hours each week"]
    if kind == "hours_per_week":
        return [f"{_number(rule['hours'])} hours a week"]
    if kind == "total_hours":
        return [f"{_number(rule['hours'])} hours over the whole pathway, spread evenly"]
    if kind == "by_start_date":
        lines = []
        for band in rule.get("bands", []):
            before = band.get("before")
            words = development_rule(band)[0]
            if before:
                day = dt.date.fromisoformat(before)
                lines.append(
                    f"Starting before {day.day} {day:%B %Y}: {words[0].lower()}{words[1:]}"
                )
            else:
                lines.append(f"Starting later: {words[0].lower()}{words[1:]}")
        return lines
    return ["No protected development time"]


def evidence_minimums(template: PathwayTemplate) -> list[str]:
    labels = dict(Evidence.Kind.choices)
    return [
        f"{labels.get(kind, kind)}: {number}"
        for kind, number in (template.evidence_minimums or {}).items()
    ]


def evidence_named(kinds: Sequence[str]) -> str:
    labels = dict(Evidence.Kind.choices)
    return ", ".join(str(labels.get(kind, kind)) for kind in kinds or [])


def eligibility_checks(checks: Sequence[Mapping[str, Any]]) -> list[str]:
    return [_check(check) for check in checks or []] or ["Anyone may be enrolled"]


def _check(check: Mapping[str, Any]) -> str:
    name = check.get("check")
    if name == "registered_before_start":
        return "Registered with Social Work England on or before the start date"
    if name == "qualified_within":
        eligible = int(check["eligible_months"]) // 12
        confirm = int(check["confirm_months"]) // 12
        return (
            f"Qualified up to {_plural(eligible, 'year')} before the start; up to "
            f"{_plural(confirm, 'year')} with the PSW's confirmation that knowledge is current; "
            "longer only with the PSW's override"
        )
    if name in ("months_since_qualifying", "months_since_registration"):
        since = "qualifying" if name == "months_since_qualifying" else "registration"
        least = _span(Interval(months=int(check["minimum"])), years=True)
        return f"At least {least} since {since}, or the PSW's override"
    if name == "completed_pathway":
        return f"{check.get('label', check.get('kind'))} completed first, or the PSW's override"
    return json.dumps(check)


def as_json(value: Any) -> str:
    """The rule as the data it is stored as, for those who edit it in the admin."""
    return json.dumps(value, indent=2, ensure_ascii=False)


def milestone_offset(months: int, days: int) -> str:
    return _span(Interval(months=months, days=days))
