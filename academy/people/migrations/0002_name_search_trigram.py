"""Trigram indexes so searching people by any part of a name uses an index on PostgreSQL.

The expressions match what Django emits for ``icontains`` (``UPPER(col::text) LIKE UPPER(..)``).
SQLite, the embedded default, has no such index and skips this migration's SQL.
"""

from django.db import migrations

from academy.common.migration_operations import PostgresOnlySQL


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [
        PostgresOnlySQL(
            sql=[
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                "CREATE INDEX person_first_name_trgm ON people_person "
                "USING gin (UPPER(first_name::text) gin_trgm_ops)",
                "CREATE INDEX person_last_name_trgm ON people_person "
                "USING gin (UPPER(last_name::text) gin_trgm_ops)",
            ],
            reverse_sql=[
                "DROP INDEX IF EXISTS person_last_name_trgm",
                "DROP INDEX IF EXISTS person_first_name_trgm",
            ],
        ),
    ]
