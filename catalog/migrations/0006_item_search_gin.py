"""GIN index on Item.search_vector, PostgreSQL only (SQLite has no GIN: it searches with LIKE)."""

from django.db import migrations

INDEX = "item_search_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON catalog_item USING gin (search_vector)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_public_catalog")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
