"""Time helpers: the academy stores UTC and shows Europe/London."""

from __future__ import annotations

import calendar
import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    """Today's date where the academy is (TIME_ZONE), not in UTC."""
    return timezone.localdate()


def now() -> dt.datetime:
    """An aware UTC datetime."""
    return timezone.now()


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months later (or earlier), clamped to the month's end: 31 Jan + 1 month is
    28 or 29 Feb."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
