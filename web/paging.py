"""Keyset pages for the pages' long lists: a fixed number of queries and a steady cost however
deep the reader goes. The cursor is the last row's sort key, opaque in the URL."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import QueryDict


@dataclass
class KeysetPage:
    rows: list[Any]
    next_url: str | None
    previous_url: str | None


def _encode(values: list[Any]) -> str:
    # Dates go as ISO strings, which the database compares with dates as dates.
    encoded = json.dumps(values, default=str).encode()
    return base64.urlsafe_b64encode(encoded).decode().rstrip("=")


def _decode(token: str, length: int) -> list[Any] | None:
    try:
        padded = token + "=" * (-len(token) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, TypeError):
        return None
    if not isinstance(values, list) or len(values) != length:
        return None
    return values


def _beyond(fields: tuple[str, ...], values: list[Any], op: str) -> Q:
    """Rows strictly after (``gt``) or before (``lt``) the key, in lexicographic order."""
    condition = Q()
    for index in range(len(fields)):
        equal = {fields[i]: values[i] for i in range(index)}
        condition |= Q(**equal, **{f"{fields[index]}__{op}": values[index]})
    return condition


def keyset_page(
    queryset: QuerySet,
    *,
    fields: tuple[str, ...],
    query: QueryDict,
    size: int = 50,
    descending: bool = False,
) -> KeysetPage:
    """One page of ``queryset`` ordered by ``fields`` (all ascending, or all descending); the
    last field must be unique."""
    after = _decode(query.get("after", ""), len(fields)) if query.get("after") else None
    before = _decode(query.get("before", ""), len(fields)) if query.get("before") else None
    forward, backward = ("lt", "gt") if descending else ("gt", "lt")
    sign, reverse_sign = ("-", "") if descending else ("", "-")
    if before is not None:
        ordered = queryset.filter(_beyond(fields, before, backward)).order_by(
            *[f"{reverse_sign}{f}" for f in fields]
        )
        rows = list(ordered[: size + 1])
        has_more_before = len(rows) > size
        rows = list(reversed(rows[:size]))
        has_more_after = True
    else:
        ordered = queryset.order_by(*[f"{sign}{f}" for f in fields])
        if after is not None:
            ordered = ordered.filter(_beyond(fields, after, forward))
        rows = list(ordered[: size + 1])
        has_more_after = len(rows) > size
        rows = rows[:size]
        has_more_before = after is not None

    def link(direction: str, row: Any) -> str:
        params = query.copy()
        params.pop("after", None)
        params.pop("before", None)
        params[direction] = _encode([_key(row, name) for name in fields])
        return "?" + params.urlencode()

    return KeysetPage(
        rows=rows,
        next_url=link("after", rows[-1]) if rows and has_more_after else None,
        previous_url=link("before", rows[0]) if rows and has_more_before else None,
    )


def _key(row: Any, name: str) -> Any:
    value = row
    for part in name.split("__"):
        value = getattr(value, part)
    return value
