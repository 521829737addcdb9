"""Helpers for the API tests: the one error shape, counting queries, and the tables of who
gets what."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import ROLE_LOGINS

ERROR_KEYS = {"status", "code", "detail", "errors"}
ITEM_KEYS = {"field", "code", "message"}


def assert_error(
    response: Any,
    status: int,
    *,
    fields: set[str | None] | None = None,
    code: str | None = None,
) -> list[dict[str, Any]]:
    """The response is a JSON error in the API's one format; returns its errors.

    ``fields``: exactly the fields the errors name. ``code``: every error carries this code."""
    assert response.status_code == status, (response.status_code, response.content[:800])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    payload = response.json()
    assert set(payload) == ERROR_KEYS, payload
    assert payload["status"] == status
    assert isinstance(payload["code"], str)
    assert payload["code"]
    assert isinstance(payload["detail"], str)
    assert payload["detail"]
    errors = payload["errors"]
    assert errors, payload
    for error in errors:
        assert set(error) == ITEM_KEYS, error
        assert error["field"] is None or isinstance(error["field"], str)
        assert isinstance(error["message"], str)
        assert error["message"]
    if fields is not None:
        assert {error["field"] for error in errors} == fields, errors
    if code is not None:
        assert {error["code"] for error in errors} == {code}, errors
    return errors


def count_queries(call: Callable[[], Any]) -> tuple[Any, list[str]]:
    """Run ``call`` and return its result with the SQL it ran."""
    with CaptureQueriesContext(connection) as captured:
        result = call()
    return result, [query["sql"] for query in captured.captured_queries]


def assert_same_queries(few: list[str], many: list[str], *, expected: int) -> None:
    """Both runs ran ``expected`` queries; on failure print every statement of both runs."""
    if len(few) == len(many) == expected:
        return
    listing = "\n".join(
        [
            f"--- with 1 row: {len(few)} queries",
            *few,
            f"--- with 50 rows: {len(many)} queries",
            *many,
        ]
    )
    pytest.fail(f"expected {expected} queries each time\n{listing}", pytrace=False)


#: The columns of an area's table of who gets what: anonymous, then each login.
COLUMNS: tuple[str | None, ...] = (None, *ROLE_LOGINS)


def access_cases(table: str) -> list[Any]:
    """A test case per cell of a table of who gets what: each line a method, an address and
    the status each column's login gets (lines beginning ``#`` are headings)."""
    cases = []
    for line in table.strip().splitlines():
        if line.startswith("#"):
            continue
        method, address, *cells = line.split()
        assert len(cells) == len(COLUMNS), line
        for login, cell in zip(COLUMNS, cells, strict=True):
            cases.append(
                pytest.param(method, address, login, int(cell), id=f"{method} {address}-{login}")
            )
    return cases
