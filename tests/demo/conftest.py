"""The demo academy seeded once per test module, for the tests that only read it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from academy.demo.builder import SeedReport, demo_seed


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[SeedReport]:
    """The demo academy as the seed builds it today, once for the whole module, inside a
    transaction rolled back when the module ends. A test using it is marked ``django_db`` as
    usual and runs in a savepoint within it, so whatever it changes is undone after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield demo_seed()
        transaction.set_rollback(True)
