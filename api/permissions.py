"""DRF glue for the domain's ``rules`` predicates, so the API asks the same questions as the pages.

A view names its permissions: ``permission_required`` for the view as a whole (checked without an
object), ``object_permission_required`` for one object. Both may be a dict keyed by HTTP method.
"""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request


def _for_method(value: Any, method: str) -> str | None:
    """The permission for ``method``; HEAD asks what GET asks (it answers the same headers)."""
    if isinstance(value, dict):
        if method == "HEAD":
            method = "GET"
        return value.get(method) or value.get("*")
    return value


class HasRule(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        perm = _for_method(getattr(view, "permission_required", None), request.method or "GET")
        return perm is None or request.user.has_perm(perm)

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        perm = _for_method(
            getattr(view, "object_permission_required", None), request.method or "GET"
        )
        return perm is None or request.user.has_perm(perm, obj)
