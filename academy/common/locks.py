"""Locks on things that have no row to lock yet, such as a case reference no audit holds."""

from __future__ import annotations

from django.db import connection


def lock_name(namespace: str, name: str) -> None:
    """Hold a lock on ``namespace:name`` until the current transaction ends, so that a check
    and the write it allows cannot interleave with another transaction's for the same name.

    On PostgreSQL this is a transaction-scoped advisory lock. SQLite takes one writer at a time
    and has no such lock: there it does nothing."""
    if not connection.in_atomic_block:
        raise RuntimeError("lock_name holds its lock until the transaction ends: open one first.")
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"{namespace}:{name}"]
        )
