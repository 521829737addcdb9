"""The OpenAPI schema: drf-spectacular's, with the API's one error format on every operation."""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi

from api.errors import SUMMARIES, ApiError

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class AutoSchema(openapi.AutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        for code in self._error_statuses():
            if str(code) not in responses:
                response = self._get_response_for_code(ApiError, str(code), direction=direction)
                response["description"] = SUMMARIES[code][1]
                responses[str(code)] = response
        return responses

    def _error_statuses(self) -> list[int]:
        """The 4xx answers this operation can give."""
        statuses = set()
        if self.get_auth():
            statuses |= {401, 403}
        if "{" in self.path:
            statuses.add(404)
        if self.method in BODY_METHODS and self.get_request_serializer() is not None:
            statuses |= {400, 415}
        if self.method == "GET" and self._is_list_view() and self._get_paginator():
            statuses.add(400)  # a filter or cursor it cannot read
        if getattr(self.view, "throttle_classes", None):
            statuses.add(429)
        return sorted(statuses)
