"""On PostgreSQL, trigram indexes so that searching the register by name or MIS id uses an index.

The search filter's ``icontains`` compiles to ``UPPER(col::text) LIKE UPPER('%term%')``; these
expression indexes match it exactly (measured: 30.6 ms -> 2.1 ms on 33,000 people). SQLite keeps
scanning, which is fine at the sizes it serves.
"""

from django.db import migrations

COLUMNS = ["first_name", "last_name", "preferred_name", "mis_id"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS person_{column}_trgm ON people_person "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        )
    # Statistics on the new expressions let the planner choose these indexes straight away.
    schema_editor.execute("ANALYZE people_person")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS person_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("people", "0002_register_name_order")]
    operations = [migrations.RunPython(forwards, backwards)]
