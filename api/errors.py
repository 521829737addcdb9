"""One error format across the API.

Every 4xx answer is ``{"status": 400, "code": "invalid", "detail": "...", "errors": [...]}``
where each error is ``{"field": "work_email", "code": "invalid", "message": "..."}``. ``field`` is
a dotted path into the request body (``roles.0.team``), or null when no one field is at fault.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from academy.common.errors import ConflictError, DomainError

SUMMARIES = {
    400: ("invalid", "Some of the input is not valid. Each error names its field."),
    401: ("not_authenticated", "Sign in, or send a token: Authorization: Token <token>."),
    403: ("permission_denied", "Your role does not allow this."),
    404: ("not_found", "There is nothing here, or nothing you may see."),
    405: ("method_not_allowed", "This address does not take that method."),
    409: ("conflict", "This clashes with the current state."),
    415: ("unsupported_media_type", "Send JSON (Content-Type: application/json)."),
    429: ("throttled", "Too many attempts. Wait and try again."),
}


class ApiErrorItem(serializers.Serializer):
    field = serializers.CharField(
        allow_null=True,
        help_text="The input at fault: a field, a dotted path (roles.0.team), a query parameter; "
        "null when no one field is.",
    )
    code = serializers.CharField(help_text="Stable for clients: required, invalid, unique, ...")
    message = serializers.CharField(help_text="For people to read.")


class ApiError(serializers.Serializer):
    """The body of every 4xx answer."""

    status = serializers.IntegerField()
    code = serializers.CharField()
    detail = serializers.CharField()
    # A declared field, not the ``errors`` property it shadows on the class (DRF's metaclass
    # moves declared fields off the class).
    errors = ApiErrorItem(many=True)  # type: ignore[assignment]


def body(status_code: int, errors: list[dict[str, Any]], detail: str | None = None) -> dict:
    code, summary = SUMMARIES.get(status_code, ("error", "The request failed."))
    return {"status": status_code, "code": code, "detail": detail or summary, "errors": errors}


def flatten(detail: Any, path: str | None = None) -> list[dict[str, Any]]:
    """DRF's nested error detail as a flat list of ``{field, code, message}``."""
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            name = None if key in ("non_field_errors", "__all__") else str(key)
            out.extend(
                flatten(value, name if path is None else (f"{path}.{name}" if name else path))
            )
        return out
    if isinstance(detail, list):
        out = []
        nested = any(isinstance(item, dict | list) for item in detail)
        for index, item in enumerate(detail):
            if nested:
                out.extend(flatten(item, f"{path}.{index}" if path else str(index)))
            else:
                out.extend(flatten(item, path))
        return out
    code = getattr(detail, "code", None) or "invalid"
    return [{"field": path, "code": code, "message": str(detail)}]


def exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_details(exc))
    elif isinstance(exc, ConflictError):
        return Response(
            body(
                409, [{"field": exc.field, "code": exc.code, "message": exc.message}], exc.message
            ),
            status=status.HTTP_409_CONFLICT,
        )
    elif isinstance(exc, DomainError):
        return Response(
            body(
                400, [{"field": exc.field, "code": exc.code, "message": exc.message}], exc.message
            ),
            status=status.HTTP_400_BAD_REQUEST,
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = flatten(exc.detail)
        response.data = body(response.status_code, errors)
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else None
        message = str(detail) if detail is not None else None
        code = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
        error = {
            "field": None,
            "code": code if isinstance(code, str) else "error",
            "message": message,
        }
        response.data = body(response.status_code, [error], message)
    return response


def _details(exc: DjangoValidationError) -> dict[str, list[exceptions.ErrorDetail]]:
    """A Django ValidationError as DRF error details, keeping each message's code (``unique``,
    ``invalid``...) where the domain gave one."""
    groups = exc.error_dict if hasattr(exc, "error_dict") else {"__all__": exc.error_list}
    return {
        field: [
            exceptions.ErrorDetail(message, code=error.code or "invalid")
            for error in errors
            for message in error.messages
        ]
        for field, errors in groups.items()
    }


def json_error(status_code: int) -> JsonResponse:
    """The answer for an error raised outside a DRF view under /api/ (an unknown address)."""
    if status_code >= 500:
        payload = {
            "status": status_code,
            "code": "server_error",
            "detail": "Something went wrong.",
            "errors": [],
        }
    else:
        code, summary = SUMMARIES.get(status_code, ("error", "The request failed."))
        payload = body(status_code, [{"field": None, "code": code, "message": summary}])
    return JsonResponse(payload, status=status_code)
