"""Pure rules of the outbox: when to try again, and when to give up."""

from __future__ import annotations

import datetime as dt


def retry_delay(attempts: int, *, base_seconds: int, max_seconds: int) -> dt.timedelta:
    """Exponential backoff: base after the first failed attempt, doubling, capped.

    >>> retry_delay(1, base_seconds=60, max_seconds=3600)
    datetime.timedelta(seconds=60)
    >>> retry_delay(3, base_seconds=60, max_seconds=3600)
    datetime.timedelta(seconds=240)
    """
    if attempts < 1:
        raise ValueError("attempts counts the failed attempt, so it starts at 1")
    seconds = base_seconds * 2 ** min(attempts - 1, 30)
    return dt.timedelta(seconds=min(seconds, max_seconds))


def gives_up(attempts: int, *, max_attempts: int) -> bool:
    """True once a message has failed ``max_attempts`` times."""
    return attempts >= max_attempts
