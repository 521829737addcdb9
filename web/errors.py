"""Error pages in the service's design; JSON under /api/ so clients get one error format."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from api import errors as api_errors


def _page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    if request.path.startswith("/api/"):
        return api_errors.json_error(status)
    try:
        content = render_to_string(template, request=request)
    except Exception:  # the page must render even when the context processors cannot
        content = render_to_string(template)
    return HttpResponse(content, status=status)


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _page(request, "web/errors/400.html", 400)


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _page(request, "web/errors/403.html", 403)


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _page(request, "web/errors/404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _page(request, "web/errors/500.html", 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _page(request, "web/errors/csrf.html", 403)
