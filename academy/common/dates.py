"""Time helpers: the academy stores UTC and shows Europe/London."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    """Today's date where the academy is (TIME_ZONE), not in UTC."""
    return timezone.localdate()


def now() -> dt.datetime:
    """An aware UTC datetime."""
    return timezone.now()
