"""Pure rules for report schedules: when a schedule falls due. No ORM and no clock."""

from __future__ import annotations

import datetime as dt

from academy.common.dates import add_months

MONTHLY, WEEKLY = "monthly", "weekly"


def latest_occurrence(*, frequency: str, day: int, on: dt.date) -> dt.date:
    """The latest scheduled day on or before ``on``: day ``day`` of the month (1–28), or of the
    week (1 Monday – 7 Sunday)."""
    if frequency == WEEKLY:
        return on - dt.timedelta(days=(on.isoweekday() - day) % 7)
    if on.day >= day:
        return on.replace(day=day)
    return add_months(on.replace(day=1), -1).replace(day=day)


def schedule_due(
    *, frequency: str, day: int, on: dt.date, last_run_on: dt.date | None, created_on: dt.date
) -> bool:
    """Whether a schedule should run on ``on``: its latest scheduled day has come, since it was
    created, and it has not run since. A day missed (no scheduler that morning) is made up at
    the next chance, once; a schedule never runs twice for one scheduled day."""
    occurrence = latest_occurrence(frequency=frequency, day=day, on=on)
    if occurrence < created_on:
        return False
    return last_run_on is None or last_run_on < occurrence
