"""Helpers the page views share."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse


def section(name: str) -> Callable:
    """Mark which navigation item a view belongs to."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            request.section = name  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
