"""The access matrix's rows for reports (see ``tests.test_access_matrix`` for how to read them)."""

from __future__ import annotations

from collections.abc import Callable

from tests.access.place import Payload, Place

MATRIX = """
"""

PAYLOADS: dict[str, Payload] = {}

STATES: dict[str, Callable[[Place], None]] = {}


def build(place: Place) -> None:
    """What reports add to the scenario, with the ids their placeholders stand for."""
