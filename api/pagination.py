"""Cursor pagination for every list: ``{"results": [...], "next": url, "previous": url}``.

No total count: counting a growing table on every page is the slow part of offset pagination.
A view sets ``ordering`` (ending in a unique field) for its own order.
"""

from __future__ import annotations

from typing import Any

from rest_framework import pagination


class CursorPagination(pagination.CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-id",)

    def get_ordering(self, request: Any, queryset: Any, view: Any) -> tuple[str, ...]:
        return tuple(getattr(view, "ordering", None) or self.ordering)
