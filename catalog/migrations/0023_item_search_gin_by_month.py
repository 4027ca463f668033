"""The search index gains the month of publication (PostgreSQL only; SQLite has no GIN).

A multicolumn GIN index (btree_gin gives the integer column a GIN operator class) answers
"the hits of this month" from the index alone, so a search whose hits are all old walks
back month by month and reads only the newest month holding any hit, instead of every hit
(catalog/search.py `_near_candidates`; docs/performance.md). Queries on the vector alone
use it as they used the old index. The month expression is `catalog.search.MonthOf`'s.
"""

from django.db import migrations

INDEX = "item_search_gin"
MONTH = (
    "((EXTRACT(YEAR FROM (published_at AT TIME ZONE 'UTC')) * 12"
    " + EXTRACT(MONTH FROM (published_at AT TIME ZONE 'UTC')))::integer)"
)


def by_month(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # Not Django's BtreeGinExtension: unapplied on SQLite it asks for pg_extension.
        # Trusted since PostgreSQL 13: the database's owner may create it.
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        schema_editor.execute(
            f"CREATE INDEX {INDEX} ON catalog_item USING gin ({MONTH}, search_vector)"
        )


def vector_only(apps, schema_editor):
    # The extension stays: other databases' objects may use it by now.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        schema_editor.execute(f"CREATE INDEX {INDEX} ON catalog_item USING gin (search_vector)")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0022_drop_item_pub_stats")]

    operations = [migrations.RunPython(by_month, vector_only, elidable=False)]
