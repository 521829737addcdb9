"""Cursor pagination for every list: ``{"results": [...], "next": url, "previous": url}``.

No total count: counting a growing table on every page is the slow part of offset pagination.
A view sets ``ordering`` (non-null fields, the last one unique) for its own order.

The cursor is the sort key of the row at the page's edge, over *every* ordering field (a true
keyset): DRF's own cursor keeps only the first field plus an offset, which repeats or skips rows
once more than its offset cap share that field (a thousand people called Smith). Each page costs
one query however deep the reader goes.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from rest_framework import exceptions, pagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param


class CursorPagination(pagination.CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering: Any = ("-id",)
    invalid_cursor_message = "This cursor is not valid: follow a next or previous link as given."

    def get_ordering(self, request: Any, queryset: Any, view: Any) -> tuple[str, ...]:
        return tuple(getattr(view, "ordering", None) or self.ordering)

    def paginate_queryset(
        self, queryset: Any, request: Request, view: Any = None
    ) -> list[Any] | None:
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        self.ordering = self.get_ordering(request, queryset, view)
        self.reverse, key = self._decode(request)
        ordering = _flipped(self.ordering) if self.reverse else self.ordering
        rows = queryset.order_by(*ordering)
        if key is not None:
            try:
                rows = rows.filter(_beyond(ordering, key))
            except (ValueError, TypeError, DjangoValidationError) as exc:
                raise self._invalid() from exc
        fetched = list(rows[: self.page_size + 1])
        more = len(fetched) > self.page_size
        page = fetched[: self.page_size]
        if self.reverse:
            page.reverse()
            self.has_next, self.has_previous = key is not None, more
        else:
            self.has_next, self.has_previous = more, key is not None
        self.key = key
        self.page = page
        return page

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if size < 1:
            raise exceptions.ValidationError(
                {self.page_size_query_param: ["Enter a whole number of 1 or more."]}
            )
        return min(size, self.max_page_size)

    def get_next_link(self) -> str | None:
        if not self.has_next:
            return None
        key = self._key_of(self.page[-1]) if self.page else self.key
        return self._link(reverse=False, key=key)

    def get_previous_link(self) -> str | None:
        if not self.has_previous:
            return None
        key = self._key_of(self.page[0]) if self.page else self.key
        return self._link(reverse=True, key=key)

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    # -----------------------------------------------------------------------------------------
    def _key_of(self, row: Any) -> list[Any]:
        return [getattr(row, field.lstrip("-")) for field in self.ordering]

    def _link(self, *, reverse: bool, key: list[Any] | None) -> str:
        token = json.dumps({"r": reverse, "k": key}, default=_plain)
        encoded = base64.urlsafe_b64encode(token.encode()).decode().rstrip("=")
        return replace_query_param(str(self.base_url), self.cursor_query_param, encoded)

    def _decode(self, request: Request) -> tuple[bool, list[Any] | None]:
        encoded = request.query_params.get(self.cursor_query_param)
        if not encoded:
            return False, None
        try:
            padded = encoded + "=" * (-len(encoded) % 4)
            token = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        except (ValueError, UnicodeError, binascii.Error) as exc:
            raise self._invalid() from exc
        if not isinstance(token, dict):
            raise self._invalid()
        reverse, key = token.get("r"), token.get("k")
        if not isinstance(reverse, bool) or not isinstance(key, list | None):
            raise self._invalid()
        if key is not None and len(key) != len(self.ordering):
            raise self._invalid()
        return reverse, key

    def _invalid(self) -> exceptions.ValidationError:
        return exceptions.ValidationError(
            {self.cursor_query_param: [self.invalid_cursor_message]}, code="invalid_cursor"
        )


def _plain(value: Any) -> str:
    """A key value as JSON text, at full precision (microseconds kept: two rows saved in the same
    millisecond must still fall on the right sides of a page edge)."""
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    raise TypeError(f"{type(value).__name__} cannot be part of a cursor")


def _flipped(ordering: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(field[1:] if field.startswith("-") else f"-{field}" for field in ordering)


def _beyond(ordering: tuple[str, ...], key: list[Any]) -> Q:
    """Rows strictly after ``key`` in ``ordering`` (each field ascending, or ``-`` descending)."""
    condition = Q()
    for index, field in enumerate(ordering):
        equal = {ordering[i].lstrip("-"): key[i] for i in range(index)}
        op = "lt" if field.startswith("-") else "gt"
        condition |= Q(**equal, **{f"{field.lstrip('-')}__{op}": key[index]})
    return condition
