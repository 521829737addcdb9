"""The access matrix's rows for case file audits (read as ``tests.test_access_matrix`` says)."""

from __future__ import annotations

from collections.abc import Callable

from tests.access.place import Payload, Place

MATRIX = """
"""

PAYLOADS: dict[str, Payload] = {}

STATES: dict[str, Callable[[Place], None]] = {}


def build(place: Place) -> None:
    """What case file audits add to the scenario, with the ids their placeholders stand for."""
