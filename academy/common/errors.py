"""Errors the domain raises. The API and the pages turn them into 4xx answers."""

from __future__ import annotations


class DomainError(Exception):
    """A request the academy's rules refuse (not a malformed one).

    ``code`` is stable for clients; ``field`` names the input at fault when there is one.
    """

    code = "refused"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.field = field


class ConflictError(DomainError):
    """The request clashes with the current state (a full session, a duplicate)."""

    code = "conflict"
