"""The access matrix's rows for the training pages (read as ``tests.test_access_matrix`` says)."""

from __future__ import annotations

from collections.abc import Callable

from tests.access.place import Payload, Place

MATRIX = """
"""

PAYLOADS: dict[str, Payload] = {}

STATES: dict[str, Callable[[Place], None]] = {}


def build(place: Place) -> None:
    """What the training pages add to the scenario, with the ids their placeholders stand for."""
